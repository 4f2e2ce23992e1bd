"""Public path of :mod:`evalkit.stats.survival` (the researcher's contract in the design): ``from evalkit import survival``."""
from evalkit.stats.survival import *  # noqa: F401,F403
from evalkit.stats.survival import __all__  # noqa: F401
