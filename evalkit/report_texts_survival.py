"""Report texts of the survival study (``survival.*`` keys), in Dutch and English."""

TEXTS: dict[str, dict[str, str]] = {}
