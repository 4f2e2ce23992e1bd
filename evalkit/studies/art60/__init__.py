"""The art. 60 study - does a temporary art. 60 job lead to lasting regular work? - for
``notebooks/05_art60_sustainability.ipynb``.

The notebook stays thin: it calls the steps below and shows what they return.

- :mod:`~evalkit.studies.art60.analysis`, the estimations: use of art. 60 (:func:`art60_start`),
  what follows it (:func:`follow`, :func:`occupation`, :func:`regular_job_incidence`), durable
  employment under several definitions (:func:`durable_indicators`), differences by trajectory,
  employer type, profile and Dutch level improvement (:func:`differences`) and the published TWE
  table (:func:`twe_result`).
- :mod:`~evalkit.studies.art60.comparison`, compared with what? The landmark comparison of those who
  started an art. 60 by a landmark with those who had not (:func:`landmark_comparison`), and the
  naive comparison that suffers from immortal-time bias (:func:`naive_comparison`).
- :mod:`~evalkit.studies.art60.tables` and :mod:`~evalkit.studies.art60.figures`, what the report
  shows, under the disclosure rules; :mod:`~evalkit.studies.art60.readings`, the sentences that
  depend on the results and the definitions section.
- :mod:`~evalkit.studies.art60.findings`, the key findings at the top of the report
  (:func:`key_findings`), each number a cell of a table shown.
- :mod:`~evalkit.studies.art60.categories` (labels and order of categories, the text catalogue) and
  :mod:`~evalkit.studies.art60.cells` (how one number is shown, as the report's language writes it).

Report texts are in ``texts/nl.yaml`` and ``texts/en.yaml`` beside this file.
"""
from evalkit.studies.art60.analysis import (DAYS_PER_MONTH, DIFFERENCE_GROUPS, DIFFERENCE_VARIABLES,
                                            OCCUPATION_MONTHS, PROFILE_COVARIATES, REGULAR_CONTRACTS, TWE_RESULTS,
                                            AfterArt60, art60_start, differences, durable_indicators, follow, months,
                                            nt2_improvement, occupation, regular_definition, regular_job_incidence,
                                            twe_result)
from evalkit.studies.art60.categories import (GLOSSARY, LABELS, TEXTS, glossary_terms, label, merge_small, total_label,
                                              variable_label)
from evalkit.studies.art60.comparison import landmark_comparison, landmark_data, naive_comparison
from evalkit.studies.art60.findings import key_findings
from evalkit.studies.art60.figures import plot_art60_start, plot_occupation_by, plot_regular_job, plot_state_occupation
from evalkit.studies.art60.readings import (definitions_text, differences_reading, duration_reading, durable_intro,
                                            employer_reading, facts, landmark_intro, landmark_method, landmark_reading,
                                            listed, method_text, next_reading, occupation_reading, regular_reading,
                                            use_reading)
from evalkit.studies.art60.tables import (Released, differences_table, durable_table, duration_table, employer_table,
                                          landmark_table, next_state_table, occupation_table, regular_job_table,
                                          shown_share, twe_table, use_table)

__all__ = [
    # estimations
    "art60_start", "follow", "AfterArt60", "nt2_improvement", "occupation", "regular_job_incidence",
    "regular_definition", "durable_indicators", "differences", "twe_result",
    "landmark_data", "landmark_comparison", "naive_comparison",
    # tables and figures
    "use_table", "employer_table", "duration_table", "next_state_table", "occupation_table", "regular_job_table",
    "durable_table", "differences_table", "landmark_table", "twe_table",
    "shown_share", "Released", "plot_art60_start", "plot_state_occupation", "plot_occupation_by", "plot_regular_job",
    # numbers and sentences for the text
    "facts", "use_reading", "employer_reading", "duration_reading", "next_reading", "occupation_reading",
    "regular_reading", "durable_intro", "differences_reading", "landmark_intro", "landmark_reading", "definitions_text",
    "landmark_method", "method_text", "key_findings", "listed",
    # labels, units and study constants
    "TEXTS", "LABELS", "GLOSSARY", "glossary_terms", "label", "variable_label", "total_label", "merge_small", "months",
    "DAYS_PER_MONTH",
    "PROFILE_COVARIATES", "DIFFERENCE_VARIABLES", "DIFFERENCE_GROUPS", "REGULAR_CONTRACTS", "OCCUPATION_MONTHS",
    "TWE_RESULTS",
]
