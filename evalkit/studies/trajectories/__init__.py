"""trajectories study."""
from evalkit.studies.trajectories.analysis import *  # noqa: F401,F403
