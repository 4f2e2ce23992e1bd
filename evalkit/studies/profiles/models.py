"""Profile models: logistic regression of the status on a date and Cox regression of the time to
the first job, each raw (one characteristic at a time) and adjusted (all together, within the trajectory).

:func:`status_model` and :func:`first_job_model` return a :class:`ProfileModel` with tidy
estimates, Wald tests and the model checks (AUC and Hosmer-Lemeshow, concordance and the
proportional-hazards test, calibration by decile). The design matrix (:class:`_Spec`) and the
fits below them are shared with :mod:`evalkit.studies.profiles.modification`.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError, NotEstimable
from evalkit.publish.degrade import degrades
from evalkit.studies.profiles.frames import (PROFILE_VARIABLES, REFERENCE, _as_tuple, _check_columns, _find_level,
                                             _is_numeric, _levels)


# --------------------------------------------------------------------------- design
@dataclass(frozen=True)
class _Spec:
    """How a frame becomes a model matrix: treatment dummies with fixed levels, numeric columns as
    they are, and optionally products of one modifier's dummies with one characteristic's dummies."""

    covariates: tuple[str, ...]
    levels: dict[str, list]           # categorical covariate -> levels, reference first
    numeric: tuple[str, ...]
    interactions: tuple[tuple[str, Any, str, Any], ...] = ()   # (modifier, level, variable, category)
    intercept: bool = False

    @property
    def names(self) -> list[str]:
        names = ["(Intercept)"] if self.intercept else []
        for col in self.covariates:
            if col in self.numeric:
                names.append(col)
            else:
                names += [f"{col}[T.{lv}]" for lv in self.levels[col][1:]]
        names += [f"{m}[T.{a}]:{v}[T.{b}]" for m, a, v, b in self.interactions]
        return names

    def columns_of(self, variable: str) -> list[int]:
        prefix = f"{variable}[T."
        return [j for j, name in enumerate(self.names)
                if (name == variable or name.startswith(prefix)) and ":" not in name]

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        blocks = [np.ones((len(frame), 1))] if self.intercept else []
        for col in self.covariates:
            if col in self.numeric:
                blocks.append(frame[col].to_numpy(dtype=float)[:, None])
            else:
                values = frame[col].to_numpy(dtype=object)
                blocks.append(np.column_stack([values == lv for lv in self.levels[col][1:]]).astype(float)
                              if len(self.levels[col]) > 1 else np.empty((len(frame), 0)))
        for m, a, v, b in self.interactions:
            blocks.append(((frame[m].to_numpy(dtype=object) == a) & (frame[v].to_numpy(dtype=object) == b))
                          .astype(float)[:, None])
        return np.hstack(blocks) if blocks else np.empty((len(frame), 0))


def _spec(data: pd.DataFrame, covariates: Sequence[str], reference: Mapping[str, Any], intercept: bool) -> _Spec:
    levels, numeric = {}, []
    for col in covariates:
        values = data[col]
        if _is_numeric(values):
            x = values.to_numpy(dtype=float)
            if np.all(x == x[0]):
                raise NotEstimable(f"covariate '{col}' has a single value ({x[0]:g}); it cannot be estimated",
                                   "single_category", variable=col)
            numeric.append(col)
            continue
        present = _levels(col, values.astype(object))
        if len(present) < 2:
            raise NotEstimable(f"covariate '{col}' has a single category ({present[0]!r}) in these data; "
                               "leave it out of the model", "single_category", variable=col)
        ref = _find_level(present, reference.get(col))
        if ref is None:
            if col in reference:
                raise InputError(f"reference category {reference[col]!r} of covariate '{col}' does not occur; "
                                 f"categories: {present}")
            counts = values.value_counts()
            ref = max(present, key=lambda lv: counts[lv])
        levels[col] = [ref] + [lv for lv in present if lv != ref]
    return _Spec(tuple(covariates), levels, tuple(numeric), intercept=intercept)


def _estimable(frame: pd.DataFrame, covariates: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The covariates with at least two values in ``frame``, and those left out because they have one.

    On a small registry :func:`~evalkit.studies.profiles.prepare` can merge every category of a
    characteristic into one; its effect cannot be estimated, the others still can. Raises
    NotEstimable when no covariate is left.
    """
    left_out = tuple(c for c in covariates if frame[c].nunique(dropna=True) < 2)
    if len(left_out) == len(covariates):
        raise NotEstimable(f"every covariate is constant in these data ({', '.join(covariates)})",
                           "constant_covariates")
    return tuple(c for c in covariates if c not in left_out), left_out


def _status_outcome(data: pd.DataFrame, outcome: str) -> np.ndarray:
    """The 0/1 status of :func:`_binary`; NotEstimable when nobody has one (no status snapshot on the date)."""
    if data[outcome].isna().all():
        raise NotEstimable(f"outcome column '{outcome}' has no values: no status on the snapshot date",
                           "no_snapshots")
    return _binary(data, outcome, "outcome")


def _validate(data: pd.DataFrame, covariates: tuple[str, ...], needed: Sequence[str], within: str | None) -> None:
    if not covariates:
        raise InputError("give at least one covariate")
    if len(set(covariates)) != len(covariates):
        raise InputError(f"covariates are listed twice: {list(covariates)}")
    _check_columns(data, list(covariates) + list(needed) + ([within] if within else []))
    if within in covariates:
        raise InputError(f"'{within}' is both a covariate and the within column; drop one of the two")
    for col in list(covariates) + ([within] if within else []):
        bad = data[col].isna()
        if bad.any():
            raise InputError(
                f"column '{col}' has missing values in {int(bad.sum())} row(s); use "
                "evalkit.studies.profiles.prepare() to drop them (complete case) or keep them as a category")


def _binary(data: pd.DataFrame, column: str, role: str) -> np.ndarray:
    values = data[column]
    if values.isna().any():
        raise InputError(f"{role} column '{column}' has missing values in {int(values.isna().sum())} row(s)")
    if not (_is_numeric(values) or pd.api.types.is_bool_dtype(values)):
        raise InputError(f"{role} column '{column}' must hold 0/1, got dtype {values.dtype}")
    y = values.to_numpy(dtype=float)
    if not np.isin(y, (0.0, 1.0)).all():
        raise InputError(f"{role} column '{column}' must hold only 0 and 1; found {sorted(set(y) - {0.0, 1.0})[:5]}")
    if y.min() == y.max() and not (role == "event" and y[0] == 1):  # a Cox model needs events, not censoring
        raise NotEstimable(f"{role} column '{column}' holds only {int(y[0])}; a model needs both outcomes",
                           "single_outcome")
    return y


# --------------------------------------------------------------------------- fits
@dataclass(frozen=True)
class _Fit:
    spec: _Spec
    params: np.ndarray
    cov: np.ndarray
    loglik: float
    cox: Any = None   # the CoxResult of a Cox fit


def _check_rank(X: np.ndarray) -> None:
    """NotEstimable when the columns of the model matrix are collinear (the model has no unique fit)."""
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise NotEstimable("the covariates are collinear (a category coincides with another); merge or drop one",
                           "collinear_covariates")


def _fit_logit(y: np.ndarray, spec: _Spec, frame: pd.DataFrame) -> _Fit:
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationError, PerfectSeparationWarning

    X = spec.matrix(frame)
    _check_rank(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        warnings.filterwarnings("ignore", category=ConvergenceWarning)  # checked below, with a clear message
        try:
            res = sm.Logit(y, X).fit(method="newton", maxiter=100, tol=1e-12, disp=0)
        except (PerfectSeparationError, PerfectSeparationWarning, np.linalg.LinAlgError) as exc:
            raise NotEstimable(f"the logistic model cannot be estimated ({exc}); a category has only one outcome: "
                               "merge it with prepare(min_cell_size=...) or leave the covariate out",
                               "single_outcome") from None
    if not res.mle_retvals.get("converged", True) or not np.all(np.isfinite(res.bse)):
        raise NotEstimable("the logistic model did not converge; a category may have only one outcome",
                           "single_outcome")
    return _Fit(spec, np.asarray(res.params, dtype=float), np.asarray(res.cov_params(), dtype=float), float(res.llf))


def _fit_cox(frame: pd.DataFrame, duration: str, event: str, spec: _Spec, strata: str | None) -> _Fit:
    from evalkit.stats import survival

    matrix = spec.matrix(frame)
    _check_rank(matrix)
    design = pd.DataFrame(matrix, columns=spec.names, index=frame.index)
    fit = survival.cox(frame, duration, event, design=design, strata=strata)
    return _Fit(spec, fit.summary["coef"].to_numpy(), fit.var.to_numpy(), float(fit.loglik), cox=fit)


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _marginal_effects(fit: _Fit, frame: pd.DataFrame, variable: str) -> list[tuple[Any, float, float]]:
    """Average marginal effects of ``variable`` (probability scale) with delta-method SEs.

    For a category: the mean over all rows of P(outcome | category) - P(outcome | reference), every
    other covariate as observed. For a numeric covariate: the mean derivative.
    """
    spec, b, V = fit.spec, fit.params, fit.cov
    out = []
    if variable in spec.numeric:
        X = spec.matrix(frame)
        p = _expit(X @ b)
        j = spec.names.index(variable)
        w = p * (1 - p)
        grad = b[j] * ((w * (1 - 2 * p))[:, None] * X).mean(axis=0)
        grad[j] += w.mean()
        out.append((None, float(w.mean() * b[j]), float(np.sqrt(grad @ V @ grad))))
        return out
    levels = spec.levels[variable]
    X0 = spec.matrix(frame.assign(**{variable: levels[0]}))
    p0 = _expit(X0 @ b)
    d0 = (p0 * (1 - p0))[:, None] * X0
    for lv in levels[1:]:
        X1 = spec.matrix(frame.assign(**{variable: lv}))
        p1 = _expit(X1 @ b)
        grad = ((p1 * (1 - p1))[:, None] * X1 - d0).mean(axis=0)
        out.append((lv, float((p1 - p0).mean()), float(np.sqrt(grad @ V @ grad))))
    return out


def _wald(fit: _Fit, columns: list[int]) -> tuple[float, int, float]:
    b = fit.params[columns]
    V = fit.cov[np.ix_(columns, columns)]
    stat = float(b @ np.linalg.solve(V, b))
    return stat, len(columns), float(stats.chi2.sf(stat, len(columns)))


# --------------------------------------------------------------------------- profile models
@dataclass(frozen=True, eq=False)
class ProfileModel:
    """Raw and adjusted profile effects on one outcome.

    Attributes
    ----------
    kind : {"status", "first_job"}
    estimates : DataFrame
        One row per model (``raw``, ``adjusted``), characteristic and category, in display order:
        ``model``, ``variable``, ``category``, ``reference`` (True for the reference row, estimate
        1), ``n`` (persons), ``n_outcome`` (at work, or with a first job), ``coef`` (log odds or log
        hazard ratio), ``se``, ``estimate`` (odds or hazard ratio), ``ci_lower``, ``ci_upper``,
        ``p_value``; for the status model also ``ame``, ``ame_se``, ``ame_ci_lower``,
        ``ame_ci_upper`` (average marginal effect in percentage points).
    tests : DataFrame
        Does a characteristic matter at all: per ``model`` and ``variable`` the Wald ``statistic``,
        ``df`` and ``p_value`` of all its categories together.
    n, n_outcome : int
        Persons in the models (the same for raw and adjusted) and those with the outcome.
    covariates, within, conf_level
        As given; ``covariates`` without those left out.
    left_out : tuple of str
        Covariates given but left out of the models because they have a single value in these data
        (e.g. every category merged into one by :func:`~evalkit.studies.profiles.prepare`).
    """

    kind: str
    estimates: pd.DataFrame
    tests: pd.DataFrame
    n: int
    n_outcome: int
    covariates: tuple[str, ...]
    within: str | None
    conf_level: float
    _adjusted: _Fit = field(repr=False)
    _frame: pd.DataFrame = field(repr=False)
    _outcome: tuple[str, ...] = field(repr=False)
    left_out: tuple[str, ...] = ()

    @property
    def measure(self) -> str:
        """``"odds_ratio"`` for the status model, ``"hazard_ratio"`` for the Cox model."""
        return "odds_ratio" if self.kind == "status" else "hazard_ratio"

    def predicted(self) -> np.ndarray:
        """Status model: predicted probability per row; Cox model: linear predictor per row."""
        eta = self._adjusted.spec.matrix(self._frame) @ self._adjusted.params
        return _expit(eta) if self.kind == "status" else eta

    def calibration(self, groups: int = 10) -> pd.DataFrame:
        """Predicted against observed share with the outcome, by group of predicted probability.

        Status model only. Rows are ranked by predicted probability and cut into ``groups``
        groups of (nearly) equal size (deciles by default).

        Returns
        -------
        DataFrame
            ``group`` (1 = lowest predictions), ``n``, ``n_observed``, ``predicted`` and
            ``observed`` (shares in percent). ``attrs`` holds the Hosmer-Lemeshow test
            (``statistic``, ``df`` = groups - 2, ``p_value``).
        """
        if self.kind != "status":
            raise InputError("calibration by decile applies to the status (logistic) model")
        if not isinstance(groups, (int, np.integer)) or groups < 3:
            raise InputError(f"groups must be a whole number of at least 3, not {groups!r}")
        p = self.predicted()
        y = self._frame[self._outcome[0]].to_numpy(dtype=float)
        order = np.argsort(p, kind="stable")
        group = np.empty(len(p), dtype=np.int64)
        group[order] = np.arange(len(p)) * groups // len(p)
        n = np.bincount(group, minlength=groups)
        observed = np.bincount(group, weights=y, minlength=groups)
        expected = np.bincount(group, weights=p, minlength=groups)
        out = pd.DataFrame({"group": np.arange(1, groups + 1), "n": n, "n_observed": observed.astype(np.int64),
                            "predicted": 100 * expected / n, "observed": 100 * observed / n})
        hl = float(np.sum((observed - expected) ** 2 / (expected * (1 - expected / n))))
        out.attrs.update({"statistic": hl, "df": groups - 2, "p_value": float(stats.chi2.sf(hl, groups - 2))})
        return out

    def ph_test(self) -> pd.DataFrame:
        """Proportional-hazards test of the adjusted Cox model, one row per characteristic plus
        ``GLOBAL`` (R ``cox.zph``, transform "km"): ``statistic``, ``df``, ``p_value``."""
        if self.kind != "first_job":
            raise InputError("the proportional-hazards test applies to the Cox (first job) model")
        fit = self._adjusted
        names = fit.spec.names
        terms = {var: [names[j] for j in fit.spec.columns_of(var)] for var in fit.spec.covariates}
        out = replace(fit.cox, terms=terms).ph_test(terms=True)
        out.index.name = "variable"
        return out

    def checks(self) -> pd.DataFrame:
        """Model checks, one row each: ``check``, ``value``, ``ci_lower``, ``ci_upper``, ``df``, ``p_value``.

        Status model: ``auc`` (area under the ROC curve, DeLong interval) and ``hosmer_lemeshow``
        (by decile). Cox model: ``concordance`` (Harrell's C within the strata, as R
        ``concordance``) and ``ph_global`` (the global proportional-hazards test).
        """
        z = stats.norm.ppf(1 - (1 - self.conf_level) / 2)
        if self.kind == "status":
            y = self._frame[self._outcome[0]].to_numpy(dtype=float)
            auc, se = _auc(y, self.predicted())
            hl = self.calibration().attrs
            rows = [("auc", auc, max(auc - z * se, 0.0), min(auc + z * se, 1.0), np.nan, np.nan),
                    ("hosmer_lemeshow", hl["statistic"], np.nan, np.nan, hl["df"], hl["p_value"])]
        else:
            time = self._frame[self._outcome[0]].to_numpy(dtype=float)
            event = self._frame[self._outcome[1]].to_numpy(dtype=float)
            strata = self._frame[self.within].to_numpy(dtype=object) if self.within else None
            c = _concordance(time, event, self.predicted(), strata)
            ph = self.ph_test().loc["GLOBAL"]
            rows = [("concordance", c, np.nan, np.nan, np.nan, np.nan),
                    ("ph_global", float(ph["statistic"]), np.nan, np.nan, int(ph["df"]), float(ph["p_value"]))]
        return pd.DataFrame(rows, columns=["check", "value", "ci_lower", "ci_upper", "df", "p_value"])


@degrades
def status_model(data: pd.DataFrame, outcome: str = "work", covariates: Sequence[str] = PROFILE_VARIABLES,
                 within: str | None = "trajectory", reference: Mapping[str, Any] | None = None,
                 conf_level: float = 0.95, raw: bool = True) -> ProfileModel:
    """Logistic regression of a 0/1 status (at work on a date) on profile characteristics.

    Raw: one characteristic at a time. Adjusted: all together, plus ``within`` (the trajectory) as a
    covariate whose effects are not reported - persons are compared within the same trajectory.
    Both on the same rows.

    Parameters
    ----------
    data : DataFrame
        One row per person, no missing values in the columns used (see :func:`prepare`).
    outcome : str
        0/1 column.
    covariates : sequence of str
        Categorical (treatment dummies against :data:`REFERENCE` or ``reference``; otherwise the
        largest category) or numeric columns.
    within : str or None
        Column held equal in the adjusted model (not reported); ``None`` for none.
    reference : dict, optional
        Reference category per covariate, overriding :data:`REFERENCE`.
    conf_level : float
        Level of the Wald intervals.
    raw : bool
        Also fit the raw models (False: adjusted only, e.g. for a sensitivity analysis).

    Returns
    -------
    ProfileModel
        ``estimates`` with odds ratios and average marginal effects (percentage points): for a
        category, the mean over everyone of the predicted probability with that category minus with
        the reference, other characteristics as observed (for the raw model: the difference in
        shares); delta-method intervals. ``tests``, ``checks()``, ``calibration()``. A covariate
        with a single value in ``data`` is left out of both models (``left_out``). When nothing
        can be estimated (every covariate has a single value, everybody has the same outcome or
        nobody has a status) the report gets an :class:`~evalkit.publish.degrade.Unavailable` instead.

    Examples
    --------
    >>> import statsmodels.api as sm
    >>> df = sm.datasets.spector.load_pandas().data.assign(PSI=lambda d: d["PSI"].map({0: "no", 1: "yes"}))
    >>> m = status_model(df, "GRADE", ["PSI", "GPA"], within=None, reference={"PSI": "no"})
    >>> m.estimates.query("model == 'adjusted' and not reference")[["category", "estimate", "ame"]].round(2)
      category  estimate    ame
    4      yes     10.36  36.46
    5     None     21.40  39.89
    """
    covariates = _as_tuple(covariates)
    _check_conf(conf_level)
    _validate(data, covariates, [outcome], within)
    y = _status_outcome(data, outcome)
    frame = data.reset_index(drop=True)
    covariates, left_out = _estimable(frame, covariates)
    reference = {**REFERENCE, **dict(reference or {})}
    spec = _spec(frame, covariates, reference, intercept=True)
    pieces, tests = [], []
    for variable in covariates if raw else ():
        fit = _fit_logit(y, _sub_spec(spec, (variable,)), frame)
        pieces.append(_estimate_rows("raw", fit, frame, variable, y, conf_level, ame=True))
        tests.append(("raw", variable) + _wald(fit, fit.spec.columns_of(variable)))
    adjusted_covs = covariates + ((within,) if within else ())
    full_spec = _spec(frame, adjusted_covs, reference, intercept=True)
    adjusted = _fit_logit(y, full_spec, frame)
    for variable in covariates:
        pieces.append(_estimate_rows("adjusted", adjusted, frame, variable, y, conf_level, ame=True))
        tests.append(("adjusted", variable) + _wald(adjusted, full_spec.columns_of(variable)))
    return ProfileModel("status", _tidy(pieces), _tests(tests), len(frame), int(y.sum()), covariates, within,
                        conf_level, adjusted, frame, (outcome,), left_out)


@degrades
def first_job_model(data: pd.DataFrame, duration: str = "days_to_any_job", event: str = "any_job",
                    covariates: Sequence[str] = PROFILE_VARIABLES, within: str | None = "trajectory",
                    reference: Mapping[str, Any] | None = None, conf_level: float = 0.95,
                    raw: bool = True) -> ProfileModel:
    """Cox regression of the time to the first job on profile characteristics.

    Raw: one characteristic at a time, no strata. Adjusted: all together, stratified by ``within``
    (each trajectory its own baseline hazard) - persons are compared within the same trajectory.
    Efron ties, model-based variance (:func:`evalkit.survival.cox`, as R ``coxph``).

    Parameters
    ----------
    data : DataFrame
        One row per intake, no missing values in the columns used (see :func:`prepare`).
    duration, event : str
        Days of follow-up and 0/1 event (first job found).
    covariates, within, reference, conf_level, raw
        As for :func:`status_model`; ``within`` gives the strata of the adjusted model.

    Returns
    -------
    ProfileModel
        ``estimates`` with hazard ratios (above 1: a first job sooner), ``tests``, ``checks()``
        (concordance, proportional hazards) and ``ph_test()``. Covariates with a single value are
        left out, as in :func:`status_model`.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}))
    >>> m = first_job_model(df, "week", "arrest", ["fin", "prio"], within=None, reference={"fin": "no"})
    >>> m.estimates[["model", "category", "estimate", "p_value"]].round(3)
          model category  estimate  p_value
    0       raw       no     1.000      NaN
    1       raw      yes     0.691    0.052
    2       raw     None     1.106    0.000
    3  adjusted       no     1.000      NaN
    4  adjusted      yes     0.671    0.036
    5  adjusted     None     1.110    0.000
    """
    covariates = _as_tuple(covariates)
    _check_conf(conf_level)
    _validate(data, covariates, [duration, event], within)
    y = _binary(data, event, "event")
    frame = data.reset_index(drop=True)
    covariates, left_out = _estimable(frame, covariates)
    reference = {**REFERENCE, **dict(reference or {})}
    spec = _spec(frame, covariates, reference, intercept=False)
    _check_events(frame, spec, y)
    pieces, tests = [], []
    for variable in covariates if raw else ():
        fit = _fit_cox(frame, duration, event, _sub_spec(spec, (variable,)), None)
        pieces.append(_estimate_rows("raw", fit, frame, variable, y, conf_level, ame=False))
        tests.append(("raw", variable) + _wald(fit, fit.spec.columns_of(variable)))
    adjusted = _fit_cox(frame, duration, event, spec, within)
    for variable in covariates:
        pieces.append(_estimate_rows("adjusted", adjusted, frame, variable, y, conf_level, ame=False))
        tests.append(("adjusted", variable) + _wald(adjusted, spec.columns_of(variable)))
    return ProfileModel("first_job", _tidy(pieces), _tests(tests), len(frame), int(y.sum()), covariates, within,
                        conf_level, adjusted, frame, (duration, event), left_out)


def _check_conf(conf_level: float) -> None:
    if not isinstance(conf_level, (int, float)) or not 0 < conf_level < 1:
        raise InputError(f"conf_level must be between 0 and 1, got {conf_level!r}")


def _check_events(frame: pd.DataFrame, spec: _Spec, y: np.ndarray) -> None:
    for col, levels in spec.levels.items():
        events = pd.Series(y).groupby(frame[col].to_numpy(dtype=object)).sum()
        none = [lv for lv in levels if events.get(lv, 0) == 0]
        if none:
            raise NotEstimable(f"category {none[0]!r} of covariate '{col}' has no events; its hazard ratio is 0 "
                               "and cannot be estimated: merge it with prepare(min_cell_size=...) or leave it out",
                               "single_outcome")


def _sub_spec(spec: _Spec, covariates: tuple[str, ...]) -> _Spec:
    return _Spec(covariates, {c: spec.levels[c] for c in covariates if c in spec.levels},
                 tuple(c for c in covariates if c in spec.numeric), intercept=spec.intercept)


def _estimate_rows(model: str, fit: _Fit, frame: pd.DataFrame, variable: str, y: np.ndarray,
                   conf_level: float, ame: bool) -> pd.DataFrame:
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    spec = fit.spec
    cols = spec.columns_of(variable)
    coef = fit.params[cols]
    se = np.sqrt(np.diag(fit.cov)[cols])
    if variable in spec.numeric:
        categories, reference = [None], [False]
        n = np.array([len(frame)])
        n_out = np.array([int(y.sum())])
    else:
        levels = spec.levels[variable]
        categories = list(levels)
        reference = [True] + [False] * (len(levels) - 1)
        values = frame[variable].to_numpy(dtype=object)
        n = np.array([(values == lv).sum() for lv in levels])
        n_out = np.array([int(y[values == lv].sum()) for lv in levels])
        coef = np.r_[0.0, coef]
        se = np.r_[np.nan, se]
    zval = coef / se
    out = pd.DataFrame({
        "model": model, "variable": variable, "category": pd.Series(categories, dtype=object),
        "reference": reference, "n": n.astype(np.int64), "n_outcome": n_out.astype(np.int64),
        "coef": coef, "se": se, "estimate": np.exp(coef),
        "ci_lower": np.exp(coef - z * se), "ci_upper": np.exp(coef + z * se),
        "p_value": 2 * stats.norm.sf(np.abs(zval)),
    })
    if ame:
        effects = _marginal_effects(fit, frame, variable)
        values = [0.0] * (len(categories) - len(effects)) + [e[1] for e in effects]
        ses = [np.nan] * (len(categories) - len(effects)) + [e[2] for e in effects]
        out["ame"] = 100 * np.asarray(values)
        out["ame_se"] = 100 * np.asarray(ses)
        out["ame_ci_lower"] = out["ame"] - z * out["ame_se"]
        out["ame_ci_upper"] = out["ame"] + z * out["ame_se"]
    return out


def _tidy(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(pieces, ignore_index=True)


def _tests(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["model", "variable", "statistic", "df", "p_value"])


# --------------------------------------------------------------------------- discrimination
def _auc(y: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """Area under the ROC curve (Mann-Whitney, ties count half) and DeLong's standard error."""
    pos, neg = score[y == 1], score[y == 0]
    n1, n0 = len(pos), len(neg)
    rank_all = stats.rankdata(score)
    v10 = (rank_all[y == 1] - stats.rankdata(pos)) / n0      # share of negatives below each positive
    v01 = 1 - (rank_all[y == 0] - stats.rankdata(neg)) / n1  # share of positives above each negative
    auc = float(v10.mean())
    se = float(np.sqrt(v10.var(ddof=1) / n1 + v01.var(ddof=1) / n0))
    return auc, se


def _concordance(time: np.ndarray, event: np.ndarray, risk: np.ndarray, strata: np.ndarray | None = None,
                 block: int = 2_000_000) -> float:
    """Harrell's C within strata, as R ``concordance``: a pair is comparable when the shorter time
    is an event (a censoring at the same time counts as later); ties in risk count one half.

    Pairs are compared in blocks of events against everyone of the stratum (vectorised)."""
    groups = np.zeros(len(time), dtype=np.int64) if strata is None else pd.factorize(strata)[0]
    concordant = discordant = tied = 0.0
    for g in np.unique(groups):
        t, e, r = time[groups == g], event[groups == g], risk[groups == g]
        events = np.flatnonzero(e == 1)
        step = max(1, block // max(len(t), 1))
        for start in range(0, len(events), step):
            i = events[start:start + step]
            later = (t[None, :] > t[i, None]) | ((t[None, :] == t[i, None]) & (e[None, :] == 0))
            diff = r[i, None] - r[None, :]
            concordant += float((later & (diff > 0)).sum())
            discordant += float((later & (diff < 0)).sum())
            tied += float((later & (diff == 0)).sum())
    total = concordant + discordant + tied
    return (concordant + tied / 2) / total if total else float("nan")
