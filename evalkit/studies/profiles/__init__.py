"""Profile effects: which client characteristics go with finding work, and which approach works for whom.

The COB Coevelt evaluation could only cross-tabulate one snapshot (women 28.8% at work against 55.8%
of men, lower for clients with dependants and over 30, little difference by education). This study
fits the models behind those cross-tables, so that a reader sees what changes when the other
characteristics are held equal:

- :func:`status_model` - logistic regression of the status on a date (at work or not): odds ratios
  and average marginal effects in percentage points, with confidence intervals;
- :func:`first_job_model` - Cox regression of the time from intake to the first job: hazard ratios;

each **raw** (one characteristic at a time) and **adjusted** (all characteristics together, compared
within the same trajectory), on the same persons, side by side. Then:

- :func:`effect_modification` - trajectory x profile: the trajectory contrasts within each profile
  group, likelihood-ratio tests of the interaction and Holm's correction over the profiles;
- :func:`missing_values`, :func:`prepare`, :func:`missing_sensitivity` - explicit handling of
  missing and unknown values (complete case, or a category of their own) and small groups;
- model checks: :meth:`ProfileModel.checks` (AUC and Hosmer-Lemeshow for the status model,
  concordance and the proportional-hazards test for the Cox model) and
  :meth:`ProfileModel.calibration` (predicted against observed by decile);
- presentation for reports: ``present_*`` (labelled tables and their notes) and ``plot_*`` (forest
  plots, calibration plot). Every number they publish goes through the disclosure engine
  (:func:`evalkit.publish.sdc.release_table`), its persons described in the run's vocabulary by
  :func:`registry_units`; figures and sentences read the released tables;
- :func:`key_findings` - the key findings at the top of the report, each number a cell of a released
  table the report shows.

Every function takes a plain DataFrame with named columns and returns tidy DataFrames; the
starting point for a registry is :func:`profile_data` (one row per intake). On a small registry a
characteristic whose categories all had to be merged is left out of the models (and the tables say
so); a part that cannot be estimated at all - every characteristic constant, no status on the
snapshot date - returns an :class:`~evalkit.publish.degrade.Unavailable` that the report shows as a
notice, and the functions of the report steps after it pass it on. The logistic fits agree
with R ``glm(family = binomial)`` and the Cox fits with R ``coxph`` (``tests/golden/profiles/``).

Estimates are associations, not causal effects: the registry does not see health, motivation or
work experience, which shape both the profile and the chance of work.

Modules: :mod:`~evalkit.studies.profiles.frames` (analysis frames, missing values, small groups),
:mod:`~evalkit.studies.profiles.labels` (text catalogue; the shared labels of characteristics and categories),
:mod:`~evalkit.studies.profiles.models` (logistic and Cox fits, model checks),
:mod:`~evalkit.studies.profiles.modification` (trajectory x profile, Holm),
:mod:`~evalkit.studies.profiles.robustness` (missing-value sensitivity, synthetic truth),
:mod:`~evalkit.studies.profiles.release` (the persons behind every published count),
:mod:`~evalkit.studies.profiles.tables`, :mod:`~evalkit.studies.profiles.figures` and
:mod:`~evalkit.studies.profiles.readings` (what the report shows and says),
:mod:`~evalkit.studies.profiles.findings` (its key findings).
"""
from evalkit.studies.profiles.figures import plot_calibration, plot_effect_modification, plot_forest
from evalkit.studies.profiles.frames import PROFILE_VARIABLES, REFERENCE, UNKNOWN, missing_values, prepare, profile_data
from evalkit.studies.profiles.labels import category_label, in_sentence, variable_label
from evalkit.studies.profiles.models import ProfileModel, first_job_model, status_model
from evalkit.studies.profiles.modification import EffectModification, effect_modification
from evalkit.studies.profiles.readings import (checks_reading, checks_values, data_reading, describe, forest_caption,
                                               glossary_extra, intro, modification_caption, modification_method,
                                               modification_reading, modification_values, reading_values,
                                               sensitivity_reading, sensitivity_values, source_text)
from evalkit.studies.profiles.release import Units, registry_units
from evalkit.studies.profiles.robustness import missing_sensitivity, truth_comparison
from evalkit.studies.profiles.tables import (STATISTICS, present_calibration, present_checks, present_description, present_effect_modification, present_estimates,
                                             present_missing, present_ph_test, present_sensitivity, present_tests,
                                             present_truth, released_calibration, released_description,
                                             released_estimates, released_sensitivity_sizes)
from evalkit.studies.profiles.figures import calibration_points
from evalkit.studies.profiles.findings import key_findings

__all__ = [
    "PROFILE_VARIABLES",
    "REFERENCE",
    "UNKNOWN",
    "profile_data",
    "missing_values",
    "prepare",
    "status_model",
    "first_job_model",
    "ProfileModel",
    "effect_modification",
    "EffectModification",
    "missing_sensitivity",
    "truth_comparison",
    "variable_label",
    "category_label",
    "in_sentence",
    "describe",
    "source_text",
    "intro",
    "glossary_extra",
    "data_reading",
    "reading_values",
    "forest_caption",
    "sensitivity_values",
    "sensitivity_reading",
    "modification_values",
    "modification_reading",
    "modification_caption",
    "modification_method",
    "checks_values",
    "checks_reading",
    "present_truth",
    "present_description",
    "present_missing",
    "present_estimates",
    "present_tests",
    "present_effect_modification",
    "present_checks",
    "present_calibration",
    "present_ph_test",
    "present_sensitivity",
    "plot_forest",
    "plot_effect_modification",
    "plot_calibration",
    "calibration_points",
    "Units",
    "registry_units",
    "released_estimates",
    "released_description",
    "STATISTICS",
    "key_findings",
    "released_calibration",
    "released_sensitivity_sizes",
]
