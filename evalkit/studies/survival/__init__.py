"""survival study."""
from evalkit.studies.survival.analysis import *  # noqa: F401,F403
