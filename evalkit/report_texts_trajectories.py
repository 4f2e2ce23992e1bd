"""Report texts of the trajectories study (``trajectories.*`` keys), in Dutch and English."""

TEXTS: dict[str, dict[str, str]] = {}
