"""Time-to-event estimators for impact studies: survival curves, tests, Cox and competing risks.

Every function takes a plain DataFrame with named columns and returns a tidy DataFrame (one row
per time point, group or term, with fixed column names) or a small result object whose
``summary`` is one. The numbers agree with R's ``survival`` and ``cmprsk`` packages (see
``tests/golden/``); where a choice had to be made, the docstring names the R function matched.

Overview
--------
- :func:`kaplan_meier`, :func:`median_survival`, :func:`survival_at` - survival curves
  (R ``survfit``, ``print.survfit``, ``summary.survfit(times=)``).
- :func:`logrank` - k-sample log-rank test, optionally stratified (R ``survdiff``).
- :func:`cox` - proportional hazards model with Efron or Breslow ties, strata, case weights,
  robust (sandwich) variance, and :meth:`CoxResult.ph_test` (R ``coxph``, ``cox.zph``).
- :func:`cumulative_incidence`, :func:`gray_test` - Aalen-Johansen cumulative incidence per
  cause with Gray's k-sample test (R ``cmprsk::cuminc``).
- :func:`fine_gray` - subdistribution hazards regression (R ``cmprsk::crr``).
- :func:`rmst`, :func:`rmst_difference` - restricted mean survival time (R ``survfit`` with
  ``rmean=``).

The code is in :mod:`~evalkit.stats.survival.km` (curves, log-rank, RMST),
:mod:`~evalkit.stats.survival.cox_model` (Cox) and :mod:`~evalkit.stats.survival.competing`
(cumulative incidence, Gray, Fine-Gray); the input checks they share are in ``_common``.

Durations must be non-negative numbers and events 0/1 (or, for competing risks, 0 for censored
and a cause code otherwise). Rows with missing values are never dropped silently: the function
raises :class:`evalkit.errors.InputError` naming the column and the number of rows.

Where evalkit and R differ on purpose
-------------------------------------
- Kaplan-Meier intervals are log-log by default (R's default is ``log``; both are offered).
- R merges follow-up times that differ only by floating-point rounding (``timefix``); here
  every distinct value is its own time. Durations in days or months are unaffected.
- R drops rows with missing values; here they are an error, so that a dropped row is a choice.
- Right-censored data only: no (start, stop] counting-process rows, exact ties, frailties or
  time-varying covariates.
"""

from evalkit.stats.survival._common import ALL
from evalkit.stats.survival.competing import FineGrayResult, cumulative_incidence, fine_gray, gray_test
from evalkit.stats.survival.cox_model import AliasedWarning, CoxResult, cox
from evalkit.stats.survival.km import kaplan_meier, logrank, median_survival, rmst, rmst_difference, survival_at

__all__ = [
    "ALL",
    "kaplan_meier",
    "median_survival",
    "survival_at",
    "logrank",
    "cox",
    "CoxResult",
    "AliasedWarning",
    "cumulative_incidence",
    "gray_test",
    "fine_gray",
    "FineGrayResult",
    "rmst",
    "rmst_difference",
]
