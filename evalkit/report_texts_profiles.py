"""Report texts of the profiles study (``profiles.*`` keys), in Dutch and English."""

TEXTS: dict[str, dict[str, str]] = {}
