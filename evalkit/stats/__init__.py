"""The estimators: any DataFrame with named columns in, a tidy DataFrame (or a small result object) out.

- :mod:`~evalkit.stats.survival`: Kaplan-Meier, log-rank, Cox, cumulative incidence, Gray, Fine-Gray, RMST;
- :mod:`~evalkit.stats.interval`: Turnbull's estimator for interval-censored times;
- :mod:`~evalkit.stats.compare`: propensity scores, inverse-probability weights, balance, adjusted effects;
- :mod:`~evalkit.stats.transitions`: states after a spell and Aalen-Johansen state occupation;
- :mod:`~evalkit.stats.sequences`: monthly state sequences and their distributions.

``evalkit.survival`` and ``evalkit.compare`` are the researcher's public paths to the first and third.

Layer rule: imports only :mod:`evalkit.errors`, :mod:`evalkit.texts` and :mod:`evalkit.registry`
(code lists); never outcomes, publish or studies.
"""
