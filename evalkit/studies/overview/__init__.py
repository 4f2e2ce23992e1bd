"""The overview study: who is in the cohort, and who is at work on a snapshot date.

Chapter 3 of the COB Coevelt evaluation redone from a registry (:mod:`~evalkit.studies.overview.analysis`):
status codes and their recoding, work by trajectory and profile with chi-square tests, art. 60 use per
trajectory, with the published figures beside ours on the synthetic registry. What the report shows is
released together through disclosure control (:mod:`~evalkit.studies.overview.release`); the key
findings at the top of the report are made from those tables (:mod:`~evalkit.studies.overview.findings`). The
calibration of the synthetic model to the published tables is :mod:`~evalkit.studies.overview.calibration`.
"""
from evalkit.studies.overview.analysis import (
    MISSING, PROFILE_VARIABLES, PUBLISHED_TABLES, TEXTS, WorkTable, age_group, art60_by_trajectory,
    category_order, cohort_snapshot, describe, intake_period, is_synthetic, overview_published_codes, published,
    require_status, source_name, status_code_table, with_published, with_status, work_by, work_codes,
)
from evalkit.studies.overview.release import (
    ART60, IN_SNAPSHOT, MAX_WIDTH, NT2_LEVEL, Overview, Part, Scope, categories, data_paragraph, extremes, overall_share,
    plot_work_shares, release, release_art60, release_status_codes, release_work_table, row_conditions, scope,
    work_share_data, work_shares_alt,
)
from evalkit.studies.overview.findings import GLOSSARY, glossary_extra, glossary_terms, key_findings, largest

__all__ = [
    "ART60", "GLOSSARY", "IN_SNAPSHOT", "MAX_WIDTH", "MISSING", "NT2_LEVEL", "PROFILE_VARIABLES", "PUBLISHED_TABLES", "TEXTS", "Overview",
    "Part", "Scope", "WorkTable", "age_group", "art60_by_trajectory", "categories", "category_order",
    "cohort_snapshot", "data_paragraph", "describe", "extremes", "glossary_extra", "glossary_terms", "intake_period", "is_synthetic",
    "key_findings", "largest", "overall_share", "overview_published_codes", "plot_work_shares", "published", "release",
    "release_art60", "release_status_codes", "release_work_table", "require_status", "row_conditions", "scope",
    "source_name", "status_code_table", "with_published", "with_status", "work_by", "work_codes", "work_share_data",
    "work_shares_alt",
]
