"""The overview study: who is in the cohort, and who is at work on a snapshot date.

Chapter 3 of the COB Coevelt evaluation redone from a registry (:mod:`~evalkit.studies.overview.analysis`):
status codes and their recoding, work by trajectory and profile with chi-square tests, art. 60 use per
trajectory, with the published figures beside ours on the synthetic registry. The calibration of the
synthetic model to those same tables is :mod:`~evalkit.studies.overview.calibration`.
"""
from evalkit.studies.overview.analysis import (
    MISSING, PROFILE_VARIABLES, PUBLISHED_TABLES, TEXTS, WorkTable, age_group, art60_by_trajectory, art60_reading,
    category_order, cohort_snapshot, describe, intake_period, is_synthetic, merge_small_categories,
    overview_published_codes, plot_work_shares, present_art60, present_status_codes, present_work_table,
    published, require_status, status_code_table, status_reading, with_published, with_status, work_by,
    work_codes,
)

__all__ = [
    "MISSING", "PROFILE_VARIABLES", "PUBLISHED_TABLES", "TEXTS", "WorkTable", "age_group", "art60_by_trajectory",
    "art60_reading", "category_order", "cohort_snapshot", "describe", "intake_period", "is_synthetic",
    "merge_small_categories", "overview_published_codes", "plot_work_shares", "present_art60",
    "present_status_codes", "present_work_table", "published", "require_status", "status_code_table",
    "status_reading", "with_published", "with_status", "work_by", "work_codes",
]
