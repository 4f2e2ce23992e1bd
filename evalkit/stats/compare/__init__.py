"""Fair comparisons of groups that were not formed at random: propensity scores, inverse
probability weights, balance, weighted effects with bootstrap intervals, and sensitivity.

Every function takes a plain DataFrame with named columns (one row per person) and returns a tidy
DataFrame. The treatment may be binary or take several values (e.g. four trajectories).

Overview
--------
- :func:`propensity` - generalised propensity scores from a logistic (two groups) or multinomial
  logistic (more groups) model; the fit equals R ``glm(family = binomial)`` and ``nnet::multinom``.
- :func:`ipw` - inverse probability weights for the ATE or the ATT (stabilised or not), with
  optional trimming (dropping persons with extreme propensities) or truncation (capping extreme
  weights); :func:`weight_report` says what was trimmed or capped and the effective sample size.
- :func:`overlap` - the distribution of the propensity scores per group (common support).
- :func:`balance` - (standardised) mean differences before and after weighting, as R's ``cobalt``
  computes them: continuous covariates standardised by a factor that is the same before and after
  weighting, binary covariates as raw differences in proportion, categorical covariates split into
  one indicator per level; the 0.1 threshold.
- :func:`effect` - weighted difference (and, for a 0/1 outcome, ratio) in mean outcome between
  groups, with bootstrap confidence intervals that refit the propensity model in every replicate.
- :func:`adjusted_survival`, :func:`adjusted_cumulative_incidence`, :func:`adjusted_rmst` -
  IPW-weighted Kaplan-Meier and Aalen-Johansen curves per group, differences at chosen times and
  restricted mean survival times, all with bootstrap bands (weighted Kaplan-Meier intervals that
  treat the weights as known are not valid for estimated weights).
- :func:`evalue` - how strong an unmeasured confounder would have to be to explain an estimate
  away (VanderWeele and Ding's E-value).

Weighted means are normalised within each group (Hajek estimator), so stabilising the weights
changes no estimate; it only makes the weights easier to read (mean about 1 per group).

The code is in :mod:`~evalkit.stats.compare.weighting` (propensity scores, weights, overlap,
balance) and :mod:`~evalkit.stats.compare.effects` (bootstrap, effects, adjusted curves and RMST,
E-value); the input checks and covariate expansion they share are in ``_common``.
"""

from evalkit.stats.compare.effects import (
    adjusted_cumulative_incidence, adjusted_rmst, adjusted_survival, bootstrap_indices, effect, evalue,
)
from evalkit.stats.compare.weighting import (
    BALANCE_THRESHOLD, balance, effective_sample_size, ipw, overlap, propensity, weight_report,
)
# not public: evalkit.studies.trajectories reuses the bootstrap set-up and the curves on a grid
from evalkit.stats.compare.effects import _cif_grid, _setup, _survival_grid, _weights_for  # noqa: F401

__all__ = [
    "propensity",
    "ipw",
    "weight_report",
    "effective_sample_size",
    "overlap",
    "balance",
    "effect",
    "bootstrap_indices",
    "adjusted_survival",
    "adjusted_cumulative_incidence",
    "adjusted_rmst",
    "evalue",
    "BALANCE_THRESHOLD",
]
