"""Public path of :mod:`evalkit.stats.compare` (the researcher's contract in the design): ``from evalkit import compare``."""
from evalkit.stats.compare import *  # noqa: F401,F403
from evalkit.stats.compare import __all__  # noqa: F401
