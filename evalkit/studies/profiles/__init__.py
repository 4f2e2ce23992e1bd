"""profiles study."""
from evalkit.studies.profiles.analysis import *  # noqa: F401,F403
