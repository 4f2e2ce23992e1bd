"""art60 study."""
from evalkit.studies.art60.analysis import *  # noqa: F401,F403
