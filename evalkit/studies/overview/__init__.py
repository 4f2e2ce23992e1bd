"""overview study."""
from evalkit.studies.overview.analysis import *  # noqa: F401,F403
