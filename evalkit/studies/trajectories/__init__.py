"""The trajectory study - linear vs integrated vs youth trajectories, with confounding handled - for
``notebooks/03_trajectory_comparison.ipynb``.

- :mod:`~evalkit.studies.trajectories.analysis`: the analysis frame and the weighted comparisons
  (:func:`analysis_frame`, :func:`compare_trajectories`; the design is described there).
- :mod:`~evalkit.studies.trajectories.truth`: the true effects of the synthetic model beside the estimates.
- :mod:`~evalkit.studies.trajectories.publication`: who each published number counts (the study's
  variables in the disclosure ledger).
- :mod:`~evalkit.studies.trajectories.tables`: tables ready for a report, through disclosure control.
- :mod:`~evalkit.studies.trajectories.figures`: balance, overlap, curves, trajectory changes and the
  chronogram of monthly states.
- :mod:`~evalkit.studies.trajectories.readings`: the sentences that carry numbers, and the comparisons
  that these data could not support.
- :mod:`~evalkit.studies.trajectories.findings`: the key findings and caveats at the top of the report,
  from the tables it shows.
- :mod:`~evalkit.studies.trajectories.formatting`: labels, numbers and the study's texts
  (``texts/nl.yaml``, ``texts/en.yaml``).
"""
from evalkit.studies.trajectories.analysis import (
    CAUSES, COVARIATES, DAYS_PER_MONTH, TARGETS, TRAJECTORIES, YOUTH, YOUTH_MAX_AGE, Comparison, analysis_frame,
    compare_trajectories, comparison_subset, merge_rare_levels)
from evalkit.studies.trajectories.figures import (
    chronogram_months, chronogram_shares, overlap_histograms, plot_adjusted_curves, plot_chronogram, plot_flow, plot_incidence, plot_itt_vs_as_treated,
    plot_love, plot_overlap, released_curves, released_incidence)
from evalkit.studies.trajectories.publication import Universe, default_universe, universe
from evalkit.studies.trajectories.formatting import (
    GLOSSARY, TEXTS, covariate_names, data_source, glossary_extra, state_labels, total_label, trajectory_label,
    variable_label)
from evalkit.studies.trajectories.findings import key_findings
from evalkit.studies.trajectories.readings import (
    balance_reading, effects_reading, itt_reading, reading_of, rmst_caption, sensitivity_reading)
from evalkit.studies.trajectories.tables import (
    balance_summary, change_table, chronogram_table, effect_summaries, effect_summary_table, effects_table, intakes_table, itt_at_caption,
    itt_at_table, job_shares_table, mean_months_table, raw_work_table, rmst_table, sensitivity_table, summary_caption,
    transition_table, truth_table, weights_table)
from evalkit.studies.trajectories.truth import synthetic_truth, true_effects, with_latent

__all__ = [
    # analysis
    "CAUSES", "COVARIATES", "DAYS_PER_MONTH", "TARGETS", "TRAJECTORIES", "YOUTH", "YOUTH_MAX_AGE", "Comparison",
    "analysis_frame", "compare_trajectories", "comparison_subset", "merge_rare_levels",
    # ground truth
    "synthetic_truth", "true_effects", "with_latent",
    # tables
    "balance_summary", "change_table", "chronogram_table", "effect_summaries", "effect_summary_table", "effects_table", "intakes_table",
    "itt_at_caption", "itt_at_table", "job_shares_table", "raw_work_table", "mean_months_table", "rmst_table",
    "sensitivity_table", "summary_caption", "transition_table", "truth_table", "weights_table",
    # figures
    "chronogram_months", "chronogram_shares", "overlap_histograms", "released_curves", "released_incidence", "plot_adjusted_curves", "plot_chronogram", "plot_flow", "plot_incidence",
    "plot_itt_vs_as_treated", "plot_love", "plot_overlap",
    # disclosure control
    "Universe", "default_universe", "universe",
    # readings and key findings
    "balance_reading", "effects_reading", "itt_reading", "reading_of", "rmst_caption", "sensitivity_reading",
    "key_findings",
    # labels and texts
    "GLOSSARY", "TEXTS", "covariate_names", "glossary_extra", "data_source", "state_labels", "total_label", "trajectory_label", "variable_label",
]
