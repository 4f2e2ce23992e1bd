"""The survival study - time from intake to a first job - for ``notebooks/02_survival_first_job.ipynb``.

The notebook stays thin: it calls the steps below and shows what they return.

- :mod:`~evalkit.studies.survival.analysis`: the analysis steps (:func:`analysis_frame`,
  :func:`number_at_risk`, :func:`cox_study`, :func:`cox_by_period`, :func:`fine_gray_models`,
  :func:`snapshot_comparison`, :func:`synthetic_truth_fit`).
- :mod:`~evalkit.studies.survival.tables`: tables ready for a report, labelled in Dutch or English
  and through disclosure control.
- :mod:`~evalkit.studies.survival.readings`: the sentences that read the results.
- :mod:`~evalkit.studies.survival.findings`: :func:`key_findings`, the key findings and caveats at the
  top of the report, made from the cells of the tables it shows.
- :mod:`~evalkit.studies.survival.figures`: :func:`plot_km`, :func:`plot_forest` (:func:`plot_cox_forest`
  for the study's Cox model), :func:`plot_cif`, :func:`plot_snapshot_comparison`, drawn from released data.
- :mod:`~evalkit.studies.survival.vocabulary`: who each published number counts (the conditions given
  to :func:`evalkit.publish.sdc.release_table`).
- :mod:`~evalkit.studies.survival.formatting`: labels, numbers and the study's texts
  (``texts/nl.yaml``, ``texts/en.yaml``).

Time is shown in months (days / 30.4375). Every number goes through :mod:`evalkit.publish.sdc`: no
count below ``min_cell_size`` (nor a zero) is shown or derivable, hidden cells show ``x``, curves pool
their steps and stop where fewer than ``min_cell_size`` persons remain at risk; categories with fewer
persons are left out of the regression models, so that no estimate rests on a handful of people.
"""
from evalkit.studies.survival.analysis import (
    CAUSES, DAYS_PER_MONTH, ORDER, PROFILE_COVARIATES, REFERENCE, SNAPSHOT_DESIGNS, TRAJECTORIES, UNKNOWN,
    CoxStudy, analysis_frame, cox_by_period, cox_study, fine_gray_models, months, number_at_risk, references,
    snapshot_comparison, synthetic_truth_fit)
from evalkit.studies.survival.figures import (
    plot_cif, plot_cox_forest, plot_forest, plot_km, plot_snapshot_comparison)
from evalkit.studies.survival.findings import key_findings
from evalkit.studies.survival.formatting import GLOSSARY, TEXTS, glossary_extra, list_text, trajectory_label, variable_label
from evalkit.studies.survival.readings import (
    adjusted_text, changes_reading, cohort_facts, data_text, differ_reading, endpoint_label, km_reading,
    left_out_text, ph_reading, rmst_reading, snapshot_reading, source_text)
from evalkit.studies.survival.tables import (
    cif_table, cox_table, fine_gray_table, gray_table, hr_table, logrank_table, median_table, period_table, ph_table,
    rmst_table, share_table, snapshot_table, stratified_table)

__all__ = [
    # analysis steps
    "CAUSES", "DAYS_PER_MONTH", "ORDER", "PROFILE_COVARIATES", "REFERENCE", "SNAPSHOT_DESIGNS", "TRAJECTORIES",
    "UNKNOWN", "CoxStudy", "analysis_frame", "cox_by_period", "cox_study", "fine_gray_models", "months",
    "number_at_risk", "references", "snapshot_comparison", "synthetic_truth_fit",
    # tables
    "cif_table", "cox_table", "fine_gray_table", "gray_table", "hr_table", "logrank_table", "median_table",
    "period_table", "ph_table", "rmst_table", "share_table", "snapshot_table", "stratified_table",
    # sentences
    "adjusted_text", "changes_reading", "cohort_facts", "data_text", "differ_reading", "endpoint_label",
    "left_out_text", "km_reading", "ph_reading", "rmst_reading", "snapshot_reading", "source_text",
    # key findings
    "key_findings",
    # figures
    "plot_cif", "plot_cox_forest", "plot_forest", "plot_km", "plot_snapshot_comparison",
    # labels and texts
    "GLOSSARY", "TEXTS", "glossary_extra", "list_text", "trajectory_label", "variable_label",
]
