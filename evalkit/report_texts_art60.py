"""Report texts of the art60 study (``art60.*`` keys), in Dutch and English."""

TEXTS: dict[str, dict[str, str]] = {}
