"""The estimators: any DataFrame with named columns in, a tidy DataFrame (or a small result object) out.

- :mod:`~evalkit.stats.survival`: Kaplan-Meier, log-rank, Cox, cumulative incidence, Gray, Fine-Gray, RMST
  (a package: ``km``, ``cox_model``, ``competing``);
- :mod:`~evalkit.stats.interval`: Turnbull's estimator for interval-censored times;
- :mod:`~evalkit.stats.compare`: propensity scores, inverse-probability weights, balance, adjusted effects
  (a package: ``weighting``, ``effects``);
- :mod:`~evalkit.stats.transitions`: states after a spell and Aalen-Johansen state occupation;
- :mod:`~evalkit.stats.sequences`: monthly state sequences and their distributions.

``evalkit.survival`` and ``evalkit.compare`` are the researcher's public paths to the first and third; the
modules inside the two packages are not (their ``__init__`` lists the public names).

Layer rule: imports only :mod:`evalkit.errors`, :mod:`evalkit.texts` and :mod:`evalkit.registry`
(code lists); never outcomes, publish or studies. Inside the survival and compare packages, ``_common``
(input checks shared by the estimators) imports no estimator; ``cox_model`` reads the Kaplan-Meier curve
from ``km`` and ``effects`` refits the propensity model of ``weighting``.
"""
