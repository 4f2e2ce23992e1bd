"""Profile effects: which client characteristics go with finding work, and which approach works for whom.

The COB Coevelt evaluation could only cross-tabulate one snapshot (women 28.8% at work against 55.8%
of men, lower for clients with dependants and over 30, little difference by education). This module
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
- presentation for reports: ``present_*`` (labelled tables with disclosure control and a note) and
  ``plot_*`` (forest plots, calibration plot).

Every function takes a plain DataFrame with named columns and returns tidy DataFrames; the
starting point for a registry is :func:`profile_data` (one row per intake). The logistic fits agree
with R ``glm(family = binomial)`` and the Cox fits with R ``coxph`` (``tests/golden/profiles/``).

Estimates are associations, not causal effects: the registry does not see health, motivation or
work experience, which shape both the profile and the chance of work.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError, require_columns
from evalkit.publish import labels as common
from evalkit.texts import Catalogue, check_language

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
    "describe",
    "reading_values",
    "sensitivity_values",
    "modification_values",
    "checks_values",
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
]

#: The profile characteristics of the study, in report order.
TEXTS = Catalogue("evalkit.studies.profiles")
PROFILE_VARIABLES = ("sex", "household", "age_group", "nt2_group", "education", "origin_region", "intake_period")
#: Reference category of each characteristic (the generator of the synthetic registry uses the same).
REFERENCE = {"sex": "man", "household": "alleenstaande", "age_group": "18-24", "nt2_group": "0",
             "education": "laag", "origin_region": "midden_oosten", "intake_period": "2017H1",
             "trajectory": "lineair"}
#: Category of missing and unknown values when they are kept as a category.
UNKNOWN = "onbekend"
#: Dutch level at intake, grouped: none, below 1.1, 1.1, 1.2, 2.x and higher.
NT2_GROUPS = ("0", "<1.1", "1.1", "1.2", "2.x+")
#: Joins the codes of merged categories ("laag|geen": low, with the few without schooling).
MERGE_SEP = "|"
MISSING_HANDLING = ("complete_case", "category")
KINDS = ("status", "first_job")
#: Contrast colours of the forest plots (colour-blind safe).
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


# --------------------------------------------------------------------------- labels
def variable_label(variable: str, language: str = "nl") -> str:
    """Heading of a characteristic in ``language`` (the variable name when none is known).

    Examples
    --------
    >>> variable_label("nt2_group", "en")
    'Dutch level (NT2) at intake'
    """
    check_language(language)
    if variable in common.VARIABLES:
        return common.VARIABLES[variable][language]
    key = f"variable.{variable}"
    if TEXTS.has(key, language):
        return TEXTS.text(key, language)
    return variable


def category_label(variable: str, code: Any, language: str = "nl") -> str:
    """Label of a category; merged categories (``"laag|geen"``) join their labels with " + ".

    Examples
    --------
    >>> category_label("education", "laag|geen", "en")
    'Low + No schooling'
    >>> category_label("nt2_group", "2.x+")
    'NT2 2.x of hoger'
    """
    check_language(language)
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return ""
    labels = _category_labels(variable, language)
    return " + ".join(labels.get(part, part) for part in str(code).split(MERGE_SEP))


def _category_labels(variable: str, language: str) -> dict[str, str]:
    out = common.category_labels(variable, language)
    if variable == "origin_region":
        from evalkit.registry.schema import codelist

        cl = codelist("origin_region")
        out.update(dict(zip(cl["code"].astype(str), cl[f"label_{language}"])))
    prefix = f"category.{variable}."
    for key in TEXTS.keys(language):
        if key.startswith(prefix):
            out[key[len(prefix):]] = TEXTS.text(key, language)
    return out


def _order(variable: str) -> list[str]:
    """Display order of the categories of a characteristic (code-list order where there is one)."""
    if variable == "nt2_group":
        return list(NT2_GROUPS)
    if variable == "origin_region":
        from evalkit.registry.schema import codelist

        return list(codelist("origin_region")["code"].astype(str))
    return [c for c in common.category_order(variable) if c != UNKNOWN]


def _levels(variable: str, values: pd.Series) -> list:
    """The categories present, in display order; unknown last, unlisted ones sorted after the listed."""
    present = pd.unique(values.dropna())
    order = {c: i for i, c in enumerate(_order(variable))}

    def key(code):
        first = str(code).split(MERGE_SEP)[0]
        if first == UNKNOWN:
            return (2, 0, str(code))
        if first in order:
            return (0, order[first], str(code))
        return (1, 0, str(code))

    return sorted(present, key=key)


# --------------------------------------------------------------------------- data
def profile_data(registry, snapshot_date="2020-03-31", programme: str | None = "COB") -> pd.DataFrame:
    """One row per intake: the profile at intake, the status on ``snapshot_date`` and the time to
    the first job.

    Parameters
    ----------
    registry : Registry
        A loaded registry (:func:`evalkit.registry.load_registry`).
    snapshot_date : date-like
        Day on which the work status is read (VDAB status recoded to work / no work, as in
        :func:`evalkit.outcomes.cohort_snapshot`; no status counts as no work, as published).
    programme : str or None
        Intake programme defining the cohort (``None``: every programme).

    Returns
    -------
    DataFrame
        ``intake_id``, ``trajectory`` (assigned at intake), ``intake_date``, the characteristics of
        :data:`PROFILE_VARIABLES` (``nt2_group`` groups ``nt2_level_at_intake``: 0, <1.1, 1.1, 1.2,
        2.x+; ``age_group`` and ``intake_period`` as in the overview), ``nt2_level_at_intake``,
        ``work`` (1/0 on the snapshot date; missing for intakes after it), ``days_to_any_job`` and
        ``any_job`` (days from intake to the first job of any kind, 1 = found, 0 = censored).
        Missing and unknown values (household ``onbekend`` included) are missing (``NaN``):
        :func:`prepare` decides what to do with them. No person identifiers.

    Notes
    -----
    The cohort and the time to the first job come from :func:`evalkit.outcomes.cohort` and
    :func:`evalkit.outcomes.first_jobs`: the first employment spell running on or after the
    intake, follow-up ending at the extraction date of the sources that register jobs or earlier
    at the end of the person's last benefit or employment registration (someone who left the
    registers is no longer observed; keeping them "at risk" until the extraction date would make
    every hazard ratio smaller).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> data = profile_data(load_registry("synthetic"))
    >>> len(data), round(100 * float(data["work"].mean()), 1), int(data["any_job"].sum())
    (1662, 50.2, 1512)
    """
    from evalkit import outcomes
    for table, columns in (("intakes", ["intake_id", "person_id", "intake_date", "trajectory"]),
                           ("persons", ["person_id"]),
                           ("episodes", ["person_id", "kind", "start_date", "end_date", "contract"])):
        frame = getattr(registry, table, None)
        if not isinstance(frame, pd.DataFrame):
            raise InputError(f"the registry has no table '{table}'")
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InputError(f"table '{table}' lacks column(s) {', '.join(repr(c) for c in missing)}")
    cohort = outcomes.cohort(registry, programme=programme)
    if len(cohort) == 0:
        raise InputError(f"no intakes of programme {programme!r} in the registry")
    frame = outcomes.first_jobs(registry, cohort)
    frame["nt2_group"] = frame["nt2_group"].replace({"missing": np.nan})
    for col in PROFILE_VARIABLES:
        values = frame[col].astype(object)
        frame[col] = values.where(values.notna() & (values != UNKNOWN), np.nan)
    snap = outcomes.cohort_snapshot(registry, pd.Timestamp(snapshot_date), programme=programme)
    frame = frame.merge(snap[["intake_id", "work"]], on="intake_id", how="left", validate="one_to_one")
    frame["work"] = frame["work"].astype(float)
    columns = ["intake_id", "trajectory", "intake_date", *PROFILE_VARIABLES, "nt2_level_at_intake",
               "work", "days_to_any_job", "any_job"]
    return frame[columns].reset_index(drop=True)


_check_columns = require_columns


def _as_tuple(columns) -> tuple[str, ...]:
    if columns is None:
        return ()
    if isinstance(columns, str):
        return (columns,)
    return tuple(columns)


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def missing_values(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES) -> pd.DataFrame:
    """Persons with a missing or unknown value, per characteristic and in any of them.

    Returns
    -------
    DataFrame
        ``variable`` (the last row is ``"any"``: missing in at least one), ``n_missing``,
        ``pct_missing`` (of all rows). Counts are not disclosure-controlled here; see
        :func:`present_missing`.

    Examples
    --------
    >>> df = pd.DataFrame({"sex": ["man", None, "vrouw"], "household": ["onbekend", None, "samenwoner"]})
    >>> missing_values(df, ["sex", "household"])["n_missing"].tolist()
    [1, 2, 2]
    """
    covariates = _as_tuple(covariates)
    _check_columns(data, covariates)
    unknown = pd.DataFrame({c: data[c].isna() | (data[c].astype(object) == UNKNOWN) for c in covariates})
    counts = list(unknown.sum().astype(int)) + [int(unknown.any(axis=1).sum())]
    out = pd.DataFrame({"variable": list(covariates) + ["any"], "n_missing": counts})
    out["pct_missing"] = 100 * out["n_missing"] / len(data)
    return out


def prepare(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, missing: str = "complete_case",
            min_cell_size: int = 10, reference: Mapping[str, Any] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Handle missing values and merge small groups, before any model is fitted.

    Parameters
    ----------
    data : DataFrame
        E.g. from :func:`profile_data`.
    covariates : sequence of str
        Characteristics to prepare (numeric ones are only checked for missing values).
    missing : {"complete_case", "category"}
        ``"complete_case"`` drops every row with a missing or unknown value in ``covariates``;
        ``"category"`` keeps them as a category ``onbekend`` of their own (numeric covariates cannot
        have one: their missing rows are dropped).
    min_cell_size : int
        Categories with fewer persons are merged: an unknown category into the reference category,
        others into their neighbour in display order (the one before, or after for the first),
        until no category is smaller. A merged category's code joins the codes with ``"|"``
        (``"laag|geen"``), the target first.
    reference : dict, optional
        Reference category per characteristic (default :data:`REFERENCE`).

    Returns
    -------
    (DataFrame, DataFrame)
        The prepared rows, and the merges: ``variable``, ``category`` (code merged away), ``into``
        (code it joined) - no counts.

    Examples
    --------
    >>> df = pd.DataFrame({"education": ["laag"] * 12 + ["hoog"] * 10 + ["geen"] * 2,
    ...                    "sex": ["man"] * 23 + [None]})
    >>> prepared, merges = prepare(df, ["education", "sex"], min_cell_size=10)
    >>> len(prepared), sorted(prepared["education"].unique())
    (23, ['hoog', 'laag|geen'])
    >>> merges.to_dict("records")
    [{'variable': 'education', 'category': 'geen', 'into': 'laag'}]
    """
    covariates = _as_tuple(covariates)
    _check_columns(data, covariates)
    if missing not in MISSING_HANDLING:
        raise InputError(f"missing must be one of {MISSING_HANDLING}, not {missing!r}")
    _check_min_cell_size(min_cell_size)
    reference = {**REFERENCE, **dict(reference or {})}
    out = data.copy()
    numeric = [c for c in covariates if _is_numeric(out[c])]
    categorical = [c for c in covariates if c not in numeric]
    unknown = pd.DataFrame({c: out[c].isna() | (out[c].astype(object) == UNKNOWN) for c in categorical},
                           index=out.index)
    if missing == "complete_case":
        drop = unknown.any(axis=1) if categorical else pd.Series(False, index=out.index)
    else:
        for c in categorical:
            out[c] = out[c].astype(object).where(~unknown[c], UNKNOWN)
        drop = pd.Series(False, index=out.index)
    if numeric:
        drop = drop | out[numeric].isna().any(axis=1)
    out = out[~drop.to_numpy()].reset_index(drop=True)
    if len(out) == 0:
        raise InputError("no rows are left after dropping missing values; use missing='category'")
    merges = []
    for col in categorical:
        values = out[col].astype(object)
        while True:
            counts = values.value_counts()
            levels = _levels(col, values)
            small = [lv for lv in levels if counts[lv] < min_cell_size]
            if not small or len(levels) < 2:
                break
            code = min(small, key=lambda lv: (counts[lv], levels.index(lv)))
            others = [lv for lv in levels if lv != code]
            if str(code).split(MERGE_SEP)[0] == UNKNOWN:
                ref = _find_level(others, reference.get(col))
                target = ref if ref is not None else max(others, key=lambda lv: counts[lv])
            else:
                known = [lv for lv in others if str(lv).split(MERGE_SEP)[0] != UNKNOWN] or others
                position = levels.index(code)
                before = [lv for lv in known if levels.index(lv) < position]
                target = before[-1] if before else known[0]
            merges += [(col, part, str(target).split(MERGE_SEP)[0]) for part in str(code).split(MERGE_SEP)]
            values = values.replace({code: f"{target}{MERGE_SEP}{code}", target: f"{target}{MERGE_SEP}{code}"})
        out[col] = values
    return out, pd.DataFrame(merges, columns=["variable", "category", "into"])


def _find_level(levels: Sequence, wanted) -> Any:
    """The level equal to ``wanted`` or holding it among its merged codes."""
    if wanted is None:
        return None
    for lv in levels:
        if str(wanted) in str(lv).split(MERGE_SEP):
            return lv
    return None


def _check_min_cell_size(min_cell_size) -> None:
    if isinstance(min_cell_size, bool) or not isinstance(min_cell_size, (int, np.integer)) or min_cell_size < 1:
        raise InputError(f"min_cell_size must be a whole number of at least 1, not {min_cell_size!r}")


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
                raise InputError(f"covariate '{col}' has a single value ({x[0]:g}); it cannot be estimated")
            numeric.append(col)
            continue
        present = _levels(col, values.astype(object))
        if len(present) < 2:
            raise InputError(f"covariate '{col}' has a single category ({present[0]!r}) in these data; "
                             "leave it out of the model")
        ref = _find_level(present, reference.get(col))
        if ref is None:
            if col in reference:
                raise InputError(f"reference category {reference[col]!r} of covariate '{col}' does not occur; "
                                 f"categories: {present}")
            counts = values.value_counts()
            ref = max(present, key=lambda lv: counts[lv])
        levels[col] = [ref] + [lv for lv in present if lv != ref]
    return _Spec(tuple(covariates), levels, tuple(numeric), intercept=intercept)


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
    if y.min() == y.max():
        raise InputError(f"{role} column '{column}' holds only {int(y[0])}; a model needs both outcomes")
    return y


# --------------------------------------------------------------------------- fits
@dataclass(frozen=True)
class _Fit:
    spec: _Spec
    params: np.ndarray
    cov: np.ndarray
    loglik: float
    cox: Any = None   # the CoxResult of a Cox fit


def _fit_logit(y: np.ndarray, spec: _Spec, frame: pd.DataFrame) -> _Fit:
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationError, PerfectSeparationWarning

    X = spec.matrix(frame)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise InputError("the covariates are collinear (a category coincides with another); merge or drop one")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        warnings.filterwarnings("ignore", category=ConvergenceWarning)  # checked below, with a clear message
        try:
            res = sm.Logit(y, X).fit(method="newton", maxiter=100, tol=1e-12, disp=0)
        except (PerfectSeparationError, PerfectSeparationWarning, np.linalg.LinAlgError) as exc:
            raise InputError(f"the logistic model cannot be estimated ({exc}); a category has only one outcome: "
                             "merge it with prepare(min_cell_size=...) or leave the covariate out") from None
    if not res.mle_retvals.get("converged", True) or not np.all(np.isfinite(res.bse)):
        raise InputError("the logistic model did not converge; a category may have only one outcome")
    return _Fit(spec, np.asarray(res.params, dtype=float), np.asarray(res.cov_params(), dtype=float), float(res.llf))


def _fit_cox(frame: pd.DataFrame, duration: str, event: str, spec: _Spec, strata: str | None) -> _Fit:
    from evalkit.stats import survival

    design = pd.DataFrame(spec.matrix(frame), columns=spec.names, index=frame.index)
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
        As given.
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
        shares); delta-method intervals. ``tests``, ``checks()``, ``calibration()``.

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
    y = _binary(data, outcome, "outcome")
    frame = data.reset_index(drop=True)
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
                        conf_level, adjusted, frame, (outcome,))


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
        (concordance, proportional hazards) and ``ph_test()``.

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
                        conf_level, adjusted, frame, (duration, event))


def _check_conf(conf_level: float) -> None:
    if not isinstance(conf_level, (int, float)) or not 0 < conf_level < 1:
        raise InputError(f"conf_level must be between 0 and 1, got {conf_level!r}")


def _check_events(frame: pd.DataFrame, spec: _Spec, y: np.ndarray) -> None:
    for col, levels in spec.levels.items():
        events = pd.Series(y).groupby(frame[col].to_numpy(dtype=object)).sum()
        none = [lv for lv in levels if events.get(lv, 0) == 0]
        if none:
            raise InputError(f"category {none[0]!r} of covariate '{col}' has no events; its hazard ratio is 0 "
                             "and cannot be estimated: merge it with prepare(min_cell_size=...) or leave it out")


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


# --------------------------------------------------------------------------- effect modification
@dataclass(frozen=True, eq=False)
class EffectModification:
    """Contrasts of a modifier (the trajectory) within each profile group, with interaction tests.

    Attributes
    ----------
    kind : {"status", "first_job"}
    modifier, modifier_reference : the modifier column and its reference level (e.g. ``lineair``).
    estimates : DataFrame
        Per ``variable``, ``category`` and ``contrast`` (a modifier level compared with the
        reference): ``estimated`` (False when the modifier level or its reference has fewer than
        ``min_cell_size`` persons, or persons with and without the outcome, in that category - no
        estimate is given), ``n`` (persons of the category in the two levels compared), ``coef``,
        ``se``, ``estimate`` (odds or hazard ratio), ``ci_lower``, ``ci_upper``, ``p_value``; for
        the status model also ``ame``, ``ame_ci_lower``, ``ame_ci_upper`` (percentage points,
        averaged over the persons of the category).
    tests : DataFrame
        Per ``variable``: likelihood-ratio ``statistic`` of the interaction modifier x variable
        (model with against without the products), ``df`` (products estimated), ``p_value`` and
        ``p_holm`` (Holm's correction over the variables tested).
    """

    kind: str
    modifier: str
    modifier_reference: Any
    estimates: pd.DataFrame
    tests: pd.DataFrame
    min_cell_size: int
    conf_level: float


def effect_modification(data: pd.DataFrame, kind: str = "first_job", variables: Sequence[str] | None = None,
                        modifier: str = "trajectory", covariates: Sequence[str] = PROFILE_VARIABLES,
                        outcome: str = "work", duration: str = "days_to_any_job", event: str = "any_job",
                        reference: Mapping[str, Any] | None = None, min_cell_size: int = 10,
                        conf_level: float = 0.95) -> EffectModification:
    """Which approach works for whom: the modifier's contrasts within each category of each variable.

    For every ``variable`` one model: all ``covariates`` (adjusted), the modifier, and the products
    of the modifier's dummies with the variable's dummies - but only for cells (modifier level x
    category, and the reference level x that category) with at least ``min_cell_size`` persons and
    as many with and without the outcome; smaller cells share the contrast of the reference
    category and get no estimate of their own. The interaction test is the likelihood-ratio test of
    the products; Holm's method corrects the p-values for testing several variables.

    Parameters
    ----------
    data : DataFrame
        Prepared rows (see :func:`prepare`).
    kind : {"first_job", "status"}
        Cox model of ``duration``/``event`` (hazard ratios), or logistic model of ``outcome`` (odds
        ratios and marginal effects in percentage points within the category).
    variables : sequence of str, optional
        The profile variables to cross with the modifier (default: the categorical ``covariates``).
    modifier : str
        The approach compared (default ``trajectory``; reference from :data:`REFERENCE`).
    covariates, outcome, duration, event, reference, min_cell_size, conf_level
        As for :func:`status_model` and :func:`first_job_model`.

    Returns
    -------
    EffectModification

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}),
    ...                          wexp=lambda d: d["wexp"].map({0: "no", 1: "yes"}))
    >>> em = effect_modification(df, "first_job", ["wexp"], modifier="fin", covariates=["wexp", "prio"],
    ...                          duration="week", event="arrest", reference={"fin": "no", "wexp": "no"})
    >>> em.estimates[["category", "contrast", "estimated", "estimate"]].round(2)
      category contrast  estimated  estimate
    0       no      yes       True      0.66
    1      yes      yes       True      0.69
    >>> em.tests.round(3)
      variable  statistic  df  p_value  p_holm
    0     wexp      0.011   1    0.915   0.915
    """
    if kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, not {kind!r}")
    _check_min_cell_size(min_cell_size)
    _check_conf(conf_level)
    covariates = _as_tuple(covariates)
    if modifier in covariates:
        raise InputError(f"the modifier '{modifier}' is also among the covariates; drop it there")
    needed = [outcome] if kind == "status" else [duration, event]
    _validate(data, covariates, needed, modifier)
    frame = data.reset_index(drop=True)
    y = _binary(frame, outcome if kind == "status" else event, "outcome" if kind == "status" else "event")
    variables = tuple(c for c in covariates if not _is_numeric(frame[c])) if variables is None else _as_tuple(variables)
    unknown = [v for v in variables if v not in covariates]
    if unknown:
        raise InputError(f"variables {unknown} are not among the covariates {list(covariates)}")
    reference = {**REFERENCE, **dict(reference or {})}
    intercept = kind == "status"
    base = _spec(frame, covariates + (modifier,), reference, intercept=intercept)
    if kind == "first_job":
        _check_events(frame, base, y)
    fit0 = _fit_logit(y, base, frame) if kind == "status" else _fit_cox(frame, duration, event, base, None)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    mod_levels = base.levels[modifier]
    mod_values = frame[modifier].to_numpy(dtype=object)
    rows, tests = [], []
    for variable in variables:
        if variable in base.numeric:
            raise InputError(f"variable '{variable}' is numeric; effect modification needs categories")
        cats = base.levels[variable]
        values = frame[variable].to_numpy(dtype=object)
        n_cell = pd.crosstab(mod_values, values).reindex(index=mod_levels, columns=cats, fill_value=0)
        k_cell = pd.crosstab(mod_values, values, values=y, aggfunc="sum").reindex(
            index=mod_levels, columns=cats).fillna(0)
        ok = (n_cell >= min_cell_size) & (k_cell >= min_cell_size)
        if kind == "status":
            ok &= n_cell - k_cell >= min_cell_size
        ok_contrast = ok & ok.loc[mod_levels[0]]
        pairs = tuple((modifier, m, variable, c) for m in mod_levels[1:] for c in cats[1:] if ok_contrast.loc[m, c])
        spec = replace(base, interactions=pairs)
        fit = (_fit_logit(y, spec, frame) if kind == "status"
               else _fit_cox(frame, duration, event, spec, None))
        df = len(pairs)
        stat = 2 * (fit.loglik - fit0.loglik) if df else np.nan
        tests.append((variable, max(stat, 0.0) if df else np.nan, df, float(stats.chi2.sf(stat, df)) if df else np.nan))
        names = spec.names
        for c in cats:
            for m in mod_levels[1:]:
                n_pair = int(n_cell.loc[m, c] + n_cell.loc[mod_levels[0], c])
                estimated = bool(ok_contrast.loc[m, c]) and (c == cats[0] or (modifier, m, variable, c) in pairs)
                row = {"variable": variable, "category": c, "contrast": m, "estimated": estimated, "n": n_pair,
                       "coef": np.nan, "se": np.nan}
                if estimated:
                    g = np.zeros(len(names))
                    g[names.index(f"{modifier}[T.{m}]")] = 1.0
                    if c != cats[0]:
                        g[names.index(f"{modifier}[T.{m}]:{variable}[T.{c}]")] = 1.0
                    row["coef"] = float(g @ fit.params)
                    row["se"] = float(np.sqrt(g @ fit.cov @ g))
                    if kind == "status":
                        sub = frame[values == c]
                        p1 = _expit(spec.matrix(sub.assign(**{modifier: m})) @ fit.params)
                        p0 = _expit(spec.matrix(sub.assign(**{modifier: mod_levels[0]})) @ fit.params)
                        X1 = spec.matrix(sub.assign(**{modifier: m}))
                        X0 = spec.matrix(sub.assign(**{modifier: mod_levels[0]}))
                        grad = ((p1 * (1 - p1))[:, None] * X1 - (p0 * (1 - p0))[:, None] * X0).mean(axis=0)
                        row["ame"] = 100 * float((p1 - p0).mean())
                        row["ame_se"] = 100 * float(np.sqrt(grad @ fit.cov @ grad))
                rows.append(row)
    est = pd.DataFrame(rows)
    if "ame" not in est.columns and kind == "status":
        est["ame"] = est["ame_se"] = np.nan
    est["estimate"] = np.exp(est["coef"])
    est["ci_lower"] = np.exp(est["coef"] - z * est["se"])
    est["ci_upper"] = np.exp(est["coef"] + z * est["se"])
    est["p_value"] = 2 * stats.norm.sf(np.abs(est["coef"] / est["se"]))
    if kind == "status":
        est["ame_ci_lower"] = est["ame"] - z * est["ame_se"]
        est["ame_ci_upper"] = est["ame"] + z * est["ame_se"]
    tests = pd.DataFrame(tests, columns=["variable", "statistic", "df", "p_value"])
    tests["p_holm"] = _holm(tests["p_value"].to_numpy())
    return EffectModification(kind, modifier, mod_levels[0], est, tests, min_cell_size, conf_level)


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of the p-values that are not missing."""
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok) == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    adjusted = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    out[order] = adjusted
    return out


# --------------------------------------------------------------------------- sensitivity and truth
def missing_sensitivity(data: pd.DataFrame, kind: str = "first_job", covariates: Sequence[str] = PROFILE_VARIABLES,
                        min_cell_size: int = 10, **model_args) -> pd.DataFrame:
    """Adjusted estimates with complete cases against those with missing values as a category.

    Parameters
    ----------
    data : DataFrame
        Rows *before* :func:`prepare` (e.g. from :func:`profile_data`).
    kind : {"first_job", "status"}
    covariates, min_cell_size
        As for :func:`prepare`.
    **model_args
        Passed to :func:`first_job_model` or :func:`status_model` (``within``, ``outcome``, ...).

    Returns
    -------
    DataFrame
        Per ``variable`` and ``category`` (the categories estimated in both analyses, reference
        rows left out): ``estimate_complete_case``, ``estimate_missing_category`` (odds or hazard
        ratios), ``relative_change`` (ratio of the two, minus 1). ``attrs`` holds ``n_complete_case``
        and ``n_missing_category``.
    """
    if kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, not {kind!r}")
    fit = status_model if kind == "status" else first_job_model
    results = {}
    for how in MISSING_HANDLING:
        prepared, _ = prepare(data, covariates, missing=how, min_cell_size=min_cell_size,
                              reference=model_args.get("reference"))
        results[how] = fit(prepared, covariates=covariates, raw=False, **model_args)
    keys = ["variable", "category"]

    def adjusted(model: ProfileModel) -> pd.DataFrame:
        est = model.estimates.query("model == 'adjusted' and not reference")
        return est.assign(category=est["category"].astype(object).fillna(""))[keys + ["estimate"]]

    out = adjusted(results["complete_case"]).merge(adjusted(results["category"]), on=keys,
                                                   suffixes=("_complete_case", "_missing_category"))
    out["relative_change"] = out["estimate_missing_category"] / out["estimate_complete_case"] - 1
    out.attrs.update({"n_complete_case": results["complete_case"].n, "n_missing_category": results["category"].n})
    return out


def truth_comparison(registry, data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES,
                     within: str = "trajectory", conf_level: float = 0.95) -> pd.DataFrame:
    """On a synthetic registry: the generator's true log hazard ratios beside the estimates.

    The synthetic registry (``docs/synthetic_registry.md``) draws each first-job hazard as
    ``exp(x'beta + gamma * L)`` within the trajectory, with ``L`` a latent employability that the
    registry does not hold (``truth/latent.csv``). Three Cox fits on ``data`` (prepared rows of
    :func:`profile_data`): raw, adjusted (stratified by ``within``), and adjusted with ``L`` added.
    Only the last is expected to recover the truth; the second shows what the missing ``L`` does.

    Returns
    -------
    DataFrame
        Per ``variable`` and ``category`` (non-reference): ``true_coef``, ``coef_raw``,
        ``coef_adjusted``, ``coef_with_latent`` with ``se_with_latent``, ``ci_lower`` and ``ci_upper``
        (of the log hazard ratio with ``L``), and ``covered`` (truth inside that interval); the last
        row is the latent itself. Raises InputError when the registry has no ``truth/`` folder.
    """
    import json
    from pathlib import Path

    folder = Path(getattr(registry, "path", "")) / "truth"
    if not (folder / "parameters.json").is_file() or not (folder / "latent.csv").is_file():
        raise InputError(f"no ground truth beside this registry ({folder} is missing); only a synthetic "
                         "registry has one")
    truth = json.loads((folder / "parameters.json").read_text("utf-8"))["parameters"]
    latent = pd.read_csv(folder / "latent.csv", usecols=["intake_id", "latent_employability"])
    _check_columns(data, ["intake_id"])
    frame = data.merge(latent, on="intake_id", how="left", validate="one_to_one")
    if frame["latent_employability"].isna().any():
        raise InputError("some intakes are not in truth/latent.csv; is this the registry the truth belongs to?")
    covariates = _as_tuple(covariates)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    plain = first_job_model(frame, covariates=covariates, within=within, conf_level=conf_level)
    with_latent = first_job_model(frame, covariates=covariates + ("latent_employability",), within=within,
                                  conf_level=conf_level, raw=False)
    keys = ["variable", "category"]
    est = plain.estimates.query("not reference")

    def coefs(model: str, source: pd.DataFrame, name: str) -> pd.DataFrame:
        part = source.query("model == @model and not reference")
        return part.assign(category=part["category"].astype(object).fillna(""))[keys + ["coef"]].rename(
            columns={"coef": name})

    out = coefs("raw", est, "coef_raw").merge(coefs("adjusted", est, "coef_adjusted"), on=keys, how="outer")
    lat = with_latent.estimates.query("model == 'adjusted' and not reference")
    lat = lat.assign(category=lat["category"].astype(object).fillna(""))[keys + ["coef", "se"]].rename(
        columns={"coef": "coef_with_latent", "se": "se_with_latent"})
    out = out.merge(lat, on=keys, how="right")
    coefficients = truth["coefficients"]

    def true_value(variable: str, category: str) -> float:
        if variable == "latent_employability":
            return float(truth["latent_effect"])
        # a merged category takes the value of its first code (small groups join a neighbour)
        first = str(category).split(MERGE_SEP)[0]
        return float(coefficients.get(variable, {}).get(first, 0.0))

    out.insert(2, "true_coef", [true_value(v, c) for v, c in zip(out["variable"], out["category"])])
    out["ci_lower"] = out["coef_with_latent"] - z * out["se_with_latent"]
    out["ci_upper"] = out["coef_with_latent"] + z * out["se_with_latent"]
    out["covered"] = (out["ci_lower"] <= out["true_coef"]) & (out["true_coef"] <= out["ci_upper"])
    return out


# --------------------------------------------------------------------------- narrative values
def describe(registry, data: pd.DataFrame, analysis: pd.DataFrame, programme: str | None = "COB",
             outcome: str = "work", event: str = "any_job") -> dict:
    """Facts for the report's data paragraph: source, extraction date, number of intakes and of
    persons in the analysis, their share at work and with a first job (no row-level information)."""
    from pathlib import Path

    path = getattr(registry, "path", None)
    dates = getattr(registry, "extraction_dates", {}) or {}
    return {
        "source": Path(path).name if path is not None else "?",
        "extraction_date": max(dates.values()).date().isoformat() if dates else "?",
        "programme": programme or "-",
        "n_intakes": len(data),
        "n_analysis": len(analysis),
        "pct_work": 100 * float(analysis[outcome].mean()),
        "pct_job": 100 * float(analysis[event].mean()),
    }


def reading_values(model: ProfileModel, variable: str, category: str, language: str = "nl",
                   min_cell_size: int = 10) -> dict | None:
    """Values for the sentence that reads one contrast (raw and adjusted) to the committee.

    Returns ``None`` when the category is not in the model or its estimate is not shown.
    Keys: ``variable_l``, ``category_l``, ``reference_l`` (labels), ``raw``, ``adjusted`` (hazard
    ratios, or percentage points for the status model) and ``change`` ("kleiner"/"groter": whether the
    difference is smaller or larger once adjusted).

    Examples
    --------
    >>> import statsmodels.api as sm
    >>> df = sm.datasets.spector.load_pandas().data.assign(PSI=lambda d: d["PSI"].map({0: "no", 1: "yes"}))
    >>> m = status_model(df, "GRADE", ["PSI", "GPA"], within=None, reference={"PSI": "no"})
    >>> reading_values(m, "PSI", "yes", "en", min_cell_size=5)["change"]
    'smaller'
    """
    est = model.estimates
    rows = est[(est["variable"] == variable) & (est["category"].astype(object) == category)]
    if set(rows["model"]) != {"raw", "adjusted"}:
        return None
    raw = rows[rows["model"] == "raw"].iloc[0]
    adj = rows[rows["model"] == "adjusted"].iloc[0]
    if raw["reference"] or not _publishable(model.kind, int(raw["n"]), int(raw["n_outcome"]), min_cell_size):
        return None
    ref = est.loc[(est["variable"] == variable) & est["reference"], "category"].iloc[0]
    if model.kind == "status":
        r, a = raw["ame"], adj["ame"]
        size_raw, size_adj = abs(r), abs(a)
        raw_text, adj_text = f"{r:+.1f}", f"{a:+.1f}"
    else:
        r, a = raw["estimate"], adj["estimate"]
        size_raw, size_adj = abs(np.log(r)), abs(np.log(a))
        raw_text, adj_text = f"{r:.2f}", f"{a:.2f}"
    change = TEXTS.text("word.smaller" if size_adj < size_raw else "word.larger", language)
    return {"variable_l": variable_label(variable, language).lower(),
            "category_l": category_label(variable, category, language),
            "reference_l": category_label(variable, ref, language).lower(), "raw": raw_text, "adjusted": adj_text,
            "change": change}


def sensitivity_values(first_job: pd.DataFrame, status: pd.DataFrame) -> dict:
    """Values for the sensitivity sentence, from two :func:`missing_sensitivity` results."""
    return {"n_complete": first_job.attrs["n_complete_case"], "n_category": first_job.attrs["n_missing_category"],
            "max_change_cox": 100 * float(first_job["relative_change"].abs().max()),
            "max_change_status": 100 * float(status["relative_change"].abs().max())}


def modification_values(first_job: EffectModification, status: EffectModification, language: str = "nl",
                        alpha: float = 0.05) -> dict:
    """Values for the effect-modification sentence: per outcome the characteristics whose
    Holm-corrected interaction p-value is below ``alpha`` (labels), or "no characteristic"."""
    def names(result: EffectModification) -> str:
        hit = result.tests.loc[result.tests["p_holm"] < alpha, "variable"]
        joined = ", ".join(variable_label(v, language).lower() for v in hit)
        return joined or TEXTS.text("word.none", language)

    return {"first_job": names(first_job), "status": names(status)}


def checks_values(status: ProfileModel, first_job: ProfileModel) -> dict:
    """AUC and Hosmer-Lemeshow p of the status model, concordance and global PH-test p of the Cox
    model, for the model-check sentence (p-values as text: "= 0.123" or "< 0.001")."""
    s = status.checks().set_index("check")
    c = first_job.checks().set_index("check")
    return {"auc": float(s.loc["auc", "value"]), "concordance": float(c.loc["concordance", "value"]),
            "hl_p": _p_equals(s.loc["hosmer_lemeshow", "p_value"]), "ph_p": _p_equals(c.loc["ph_global", "p_value"])}


def present_truth(comparison: pd.DataFrame, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The :func:`truth_comparison` table as hazard ratios, labelled, for a report."""
    check_language(language)
    c = comparison
    latent = "Verborgen inzetbaarheid" if language == "nl" else "Hidden employability"
    per_sd = "per standaardafwijking" if language == "nl" else "per standard deviation"
    keys = ["true", "raw", "adjusted", "latent"]
    heads = {"nl": ["Kenmerk", "Echte HR", "Ruwe HR", "Gecorrigeerde HR", "Gecorrigeerd + inzetbaarheid (95%-BI)"],
             "en": ["Characteristic", "True HR", "Raw HR", "Adjusted HR", "Adjusted + employability (95% CI)"]}[language]
    blocks = []
    for variable in dict.fromkeys(c["variable"]):
        part = c[c["variable"] == variable]
        items = [{"_label": per_sd if variable == "latent_employability" else category_label(variable, k, language),
                  "true": _pct(np.exp(t), 2), "raw": _pct(np.exp(r), 2), "adjusted": _pct(np.exp(a), 2),
                  "latent": _fmt_ci(np.exp(e), np.exp(lo), np.exp(hi))}
                 for k, t, r, a, e, lo, hi in zip(part["category"], part["true_coef"], part["coef_raw"],
                                                  part["coef_adjusted"], part["coef_with_latent"], part["ci_lower"],
                                                  part["ci_upper"])]
        blocks.append((latent if variable == "latent_employability" else variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table.columns = heads
    covered = int(c["covered"].sum())
    note = (f"De echte waarde ligt voor {covered} van de {len(c)} termen binnen het 95%-betrouwbaarheidsinterval "
            f"van het model met de verborgen inzetbaarheid." if language == "nl" else
            f"The true value lies within the 95% confidence interval of the model with the hidden employability "
            f"for {covered} of the {len(c)} terms.")
    return table, note


# --------------------------------------------------------------------------- presentation
def _fmt(x: float, decimals: int = 2) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{decimals}f}"


def _fmt_ci(est: float, lo: float, hi: float, decimals: int = 2, signed: bool = False) -> str:
    if not np.isfinite(est):
        return "–"
    f = (lambda v: f"{v:+.{decimals}f}") if signed else (lambda v: f"{v:.{decimals}f}")
    # no-break spaces: an estimate and its interval stay on one line in a report table
    return f"{f(est)}\u00a0({f(lo)};\u00a0{f(hi)})"


def _fmt_p(p: float) -> str:
    if p is None or not np.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _p_equals(p: float) -> str:
    """``"= 0.123"`` or ``"< 0.001"``, to follow a "p"."""
    text = _fmt_p(p)
    return text if text.startswith("<") else f"= {text}"


def _publishable(kind: str, n: int, n_outcome: int, min_cell_size: int) -> bool:
    """Whether an estimate on ``n`` persons of whom ``n_outcome`` had the outcome may be shown.

    Status (shares reveal counts): both outcome groups need ``min_cell_size`` persons. Time to
    first job: the category and its events need ``min_cell_size``."""
    if kind == "status":
        return n_outcome >= min_cell_size and n - n_outcome >= min_cell_size
    return n >= min_cell_size and n_outcome >= min_cell_size


def _count_cell(n: int, min_cell_size: int) -> Any:
    from evalkit.publish import disclosure

    return int(n) if n == 0 or n >= min_cell_size else disclosure.small_count_marker(min_cell_size)


_HEAD = {
    "variable": {"nl": "Kenmerk", "en": "Characteristic"},
    "category": {"nl": "Categorie", "en": "Category"},
    "n": {"nl": "N", "en": "N"},
    "pct": {"nl": "% van de groep", "en": "% of the group"},
    "pct_work": {"nl": "% aan het werk", "en": "% at work"},
    "pct_job_12m": {"nl": "% eerste job binnen 12 maanden", "en": "% first job within 12 months"},
    "n_work": {"nl": "Aan het werk", "en": "At work"},
    "n_job": {"nl": "Met eerste job", "en": "With a first job"},
    "or_raw": {"nl": "OR ruw (95%-BI)", "en": "OR raw (95% CI)"},
    "or_adjusted": {"nl": "Odds ratio gecorrigeerd", "en": "Odds ratio adjusted"},
    "ame_raw": {"nl": "Ruw verschil (%-punt)", "en": "Raw difference (pp)"},
    "ame_adjusted": {"nl": "Gecorrigeerd verschil (%-punt)", "en": "Adjusted difference (pp)"},
    "hr_raw": {"nl": "Hazard ratio ruw", "en": "Hazard ratio raw"},
    "hr_adjusted": {"nl": "Hazard ratio gecorrigeerd", "en": "Hazard ratio adjusted"},
    "p_adjusted": {"nl": "p (gecorrigeerd)", "en": "p (adjusted)"},
    "n_missing": {"nl": "Ontbrekend of onbekend", "en": "Missing or unknown"},
    "pct_missing": {"nl": "% van alle intakes", "en": "% of all intakes"},
    "chi2_raw": {"nl": "χ² ruw", "en": "χ² raw"},
    "p_raw": {"nl": "p ruw", "en": "p raw"},
    "chi2_adjusted": {"nl": "χ² gecorrigeerd", "en": "χ² adjusted"},
    "df": {"nl": "df", "en": "df"},
    "statistic": {"nl": "χ² (LR)", "en": "χ² (LR)"},
    "p_value": {"nl": "p", "en": "p"},
    "p_holm": {"nl": "p na Holm-correctie", "en": "p after Holm correction"},
    "p_holm_short": {"nl": "p (Holm)", "en": "p (Holm)"},
    "check": {"nl": "Controle", "en": "Check"},
    "value": {"nl": "Waarde", "en": "Value"},
    "ci": {"nl": "95%-BI", "en": "95% CI"},
    "group": {"nl": "Groep (laag → hoog voorspeld)", "en": "Group (low → high predicted)"},
    "predicted": {"nl": "Voorspeld % aan het werk", "en": "Predicted % at work"},
    "observed": {"nl": "Waargenomen % aan het werk", "en": "Observed % at work"},
    "estimate_cc": {"nl": "Volledige gevallen", "en": "Complete cases"},
    "estimate_mc": {"nl": "Onbekend als categorie", "en": "Unknown as a category"},
    "change": {"nl": "Verandering (%)", "en": "Change (%)"},
    "model": {"nl": "Model", "en": "Model"},
}


def _head(key: str, language: str) -> str:
    return _HEAD[key][language]


def _merge_note(merges: pd.DataFrame | None, min_cell_size: int, language: str) -> str:
    if merges is None or len(merges) == 0:
        return ""
    parts = [f"{category_label(v, c, language)} → {category_label(v, i, language)}"
             for v, c, i in merges[["variable", "category", "into"]].itertuples(index=False)]
    if language == "nl":
        return (f"Categorieën met minder dan {min_cell_size} personen zijn samengevoegd met een naburige "
                f"categorie (onbekend met de referentie): {'; '.join(parts)}. ")
    return (f"Categories with fewer than {min_cell_size} persons are merged with a neighbouring category "
            f"(unknown with the reference): {'; '.join(parts)}. ")


_INDENT = "\u2003"  # an em space: HTML keeps it, so categories stand indented under their characteristic


def _grouped(blocks: list[tuple[str, list[dict]]], first: str, columns: list[str]) -> pd.DataFrame:
    """One table from per-characteristic blocks: a heading row with the characteristic, then its
    categories indented, all in the first column (``first``)."""
    rows = []
    for heading, items in blocks:
        rows.append({first: heading, **{c: "" for c in columns}})
        rows += [{first: _INDENT + item["_label"], **{c: item.get(c, "") for c in columns}} for item in items]
    return pd.DataFrame(rows, columns=[first] + columns)


def _pct(x: float, decimals: int = 1) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{decimals}f}"


def present_description(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                        min_cell_size: int = 10, merges: pd.DataFrame | None = None,
                        duration: str = "days_to_any_job", event: str = "any_job", outcome: str = "work",
                        horizon: float = 365) -> tuple[pd.DataFrame, str]:
    """Who is in the analysis: per characteristic and category the number of persons, the share
    at work on the snapshot date and the share with a first job within ``horizon`` days
    (Kaplan-Meier). Categories are those of the prepared data (all at least ``min_cell_size``
    persons after :func:`prepare`); a share is hidden (x) where fewer than ``min_cell_size``
    persons are behind it or behind its complement, a count below the threshold shows as "<10"."""
    from evalkit.publish import disclosure
    from evalkit.stats import survival

    check_language(language)
    covariates = _as_tuple(covariates)
    _check_columns(data, list(covariates) + [duration, event, outcome])
    keys = ["n", "pct", "pct_work", "pct_job_12m"]
    blocks = []
    for variable in covariates:
        values = data[variable].astype(object)
        levels = _levels(variable, values)
        km = survival.survival_at(survival.kaplan_meier(data.assign(_g=values), duration, event, by="_g"), horizon)
        job = dict(zip(km["group"], 100 * (1 - km["survival"])))
        items = []
        for lv in levels:
            part = data[values == lv]
            n, n_work = len(part), int(part[outcome].sum())
            n_job = int(((part[duration] <= horizon) & (part[event] == 1)).sum())
            job_ok = n >= min_cell_size and min_cell_size <= n_job <= n - min_cell_size
            items.append({"_label": category_label(variable, lv, language), "n": _count_cell(n, min_cell_size),
                          "pct": _pct(100 * n / len(data)) if n >= min_cell_size else "x",
                          "pct_work": _pct(100 * n_work / n) if _publishable("status", n, n_work, min_cell_size) else "x",
                          "pct_job_12m": _pct(job[lv]) if job_ok else "x"})
        blocks.append((variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table = table.rename(columns={c: _head(c, language) for c in ["variable"] + keys})
    note = _merge_note(merges, min_cell_size, language)
    note += ("% eerste job binnen 12 maanden: Kaplan-Meier-schatting; wie het register verliet of nog zonder job is, "
             "telt mee tot het einde van de opvolging. " if language == "nl" else
             "% first job within 12 months: Kaplan-Meier estimate; people who left the registers or are still without "
             "a job count until the end of their follow-up. ")
    note += disclosure.disclosure_note(min_cell_size, language=language, percentages=True)
    return table, note


def present_missing(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                    min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Missing or unknown values per characteristic (counts below ``min_cell_size`` hidden)."""
    from evalkit.publish import disclosure

    check_language(language)
    mv = missing_values(data, covariates)
    any_label = "Minstens één kenmerk" if language == "nl" else "At least one characteristic"
    table = pd.DataFrame({
        _head("variable", language): [any_label if v == "any" else variable_label(v, language) for v in mv["variable"]],
        _head("n_missing", language): [_count_cell(n, min_cell_size) for n in mv["n_missing"]],
        _head("pct_missing", language): [_pct(p, 2) if (n == 0 or n >= min_cell_size) else "x"
                                         for n, p in zip(mv["n_missing"], mv["pct_missing"])],
    })
    return table, disclosure.disclosure_note(min_cell_size, language=language, percentages=True)


def present_estimates(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                      merges: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """Raw and adjusted estimates side by side, labelled, for a report.

    Status model: differences in percentage points (average marginal effects), raw and adjusted,
    and the adjusted odds ratio; Cox model: hazard ratios, raw and adjusted. Estimates of a
    category with fewer than ``min_cell_size`` persons with the outcome (status model: also
    without) are not shown (x), nor are counts below the threshold.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}))
    >>> m = first_job_model(df, "week", "arrest", ["fin"], within=None, reference={"fin": "no"})
    >>> table, note = present_estimates(m, "en")
    >>> table.columns.tolist()
    ['Characteristic', 'N', 'With a first job', 'Hazard ratio raw', 'Hazard ratio adjusted', 'p (adjusted)']
    >>> table.iloc[2, 3].replace("\\u00a0", " ")
    '0.69 (0.48; 1.00)'
    """
    from evalkit.publish import disclosure

    check_language(language)
    est = model.estimates
    raw = est[est["model"] == "raw"].reset_index(drop=True)
    adj = est[est["model"] == "adjusted"].reset_index(drop=True)
    if len(raw) != len(adj):
        raise InputError("present_estimates needs a model fitted with raw=True")
    if model.kind == "status":
        keys = ["n", "n_outcome", "ame_raw", "ame_adjusted", "or_adjusted", "p_adjusted"]
    else:
        keys = ["n", "n_outcome", "hr_raw", "hr_adjusted", "p_adjusted"]
    ref_text = "ref."
    blocks = []
    for variable in dict.fromkeys(raw["variable"]):
        items = []
        for i in raw.index[raw["variable"] == variable]:
            r, a = raw.loc[i], adj.loc[i]
            ok = _publishable(model.kind, int(r["n"]), int(r["n_outcome"]), min_cell_size)
            # the count with the outcome reveals the count without it (N minus it): both must be large enough
            count_ok = _publishable("status", int(r["n"]), int(r["n_outcome"]), min_cell_size)
            numeric = variable in model._adjusted.spec.numeric
            item = {"_label": ("per eenheid" if language == "nl" else "per unit") if numeric else
                    category_label(variable, r["category"], language),
                    "n": _count_cell(int(r["n"]), min_cell_size),
                    "n_outcome": (_count_cell(int(r["n_outcome"]), min_cell_size) if count_ok
                                  else disclosure.SECONDARY_MARKER)}
            if r["reference"]:
                item.update({k: ref_text for k in keys[2:-1]})
            elif not ok:
                item.update({k: "x" for k in keys[2:]})
            else:
                if model.kind == "status":
                    item["ame_raw"] = _fmt_ci(r["ame"], r["ame_ci_lower"], r["ame_ci_upper"], 1, signed=True)
                    item["ame_adjusted"] = _fmt_ci(a["ame"], a["ame_ci_lower"], a["ame_ci_upper"], 1, signed=True)
                    item["or_adjusted"] = _fmt_ci(a["estimate"], a["ci_lower"], a["ci_upper"])
                else:
                    item["hr_raw"] = _fmt_ci(r["estimate"], r["ci_lower"], r["ci_upper"])
                    item["hr_adjusted"] = _fmt_ci(a["estimate"], a["ci_lower"], a["ci_upper"])
                item["p_adjusted"] = _fmt_p(a["p_value"])
            items.append(item)
        blocks.append((variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    heads = {k: _head(k, language) for k in ["variable"] + keys if k != "n_outcome"}
    heads["n_outcome"] = _head("n_work" if model.kind == "status" else "n_job", language)
    table = table.rename(columns=heads)
    note = _merge_note(merges, min_cell_size, language)
    within = model.within is not None
    if language == "nl":
        note += (f"Ruw: elk kenmerk apart. Gecorrigeerd: alle kenmerken samen"
                 f"{', binnen hetzelfde traject' if within else ''}. "
                 f"Beide op dezelfde {model.n} personen; ref.: referentiecategorie; tussen haakjes het "
                 f"95%-betrouwbaarheidsinterval; p: toets van geen verschil in het gecorrigeerde model. ")
        note += (f"Een schatting verschijnt alleen als minstens {min_cell_size} personen in de categorie "
                 + ("wel en evenveel niet aan het werk waren (x: niet getoond). " if model.kind == "status"
                    else f"een eerste job vonden; het aantal met een eerste job alleen als ook minstens "
                         f"{min_cell_size} er (nog) geen vonden (x: niet getoond). "))
    else:
        note += (f"Raw: each characteristic alone. Adjusted: all characteristics together"
                 f"{', within the same trajectory' if within else ''}. Both on the same {model.n} persons; ref.: "
                 f"reference category; in brackets the 95% confidence interval; p: test of no difference in the "
                 f"adjusted model. ")
        note += (f"An estimate is shown only when at least {min_cell_size} persons of the category "
                 + ("were at work and as many were not (x: not shown). " if model.kind == "status"
                    else f"found a first job; the number with a first job only when at least {min_cell_size} "
                         f"did not (yet) find one as well (x: not shown). "))
    note += disclosure.disclosure_note(min_cell_size, language=language)
    return table, note


def present_tests(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Per characteristic: does it matter at all (Wald test of all its categories), raw and adjusted."""
    check_language(language)
    t = model.tests
    raw = t[t["model"] == "raw"].set_index("variable")
    adj = t[t["model"] == "adjusted"].set_index("variable")
    table = pd.DataFrame({
        _head("variable", language): [variable_label(v, language) for v in raw.index],
        _head("df", language): raw["df"].to_numpy(),
        _head("chi2_raw", language): [_pct(x) for x in raw["statistic"]],
        _head("p_raw", language): [_fmt_p(p) for p in raw["p_value"]],
        _head("chi2_adjusted", language): [_pct(x) for x in adj.loc[raw.index, "statistic"]],
        _head("p_adjusted", language): [_fmt_p(p) for p in adj.loc[raw.index, "p_value"]],
    })
    note = ("Wald-toets dat alle categorieën van het kenmerk dezelfde kans hebben (df: aantal categorieën min één)."
            if language == "nl" else
            "Wald test that all categories of the characteristic have the same chance (df: categories minus one).")
    return table, note


def present_effect_modification(*results: EffectModification, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The interaction tests of one or more outcomes side by side, with and without Holm's correction.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}),
    ...                          wexp=lambda d: d["wexp"].map({0: "no", 1: "yes"}))
    >>> em = effect_modification(df, "first_job", ["wexp"], modifier="fin", covariates=["wexp", "prio"],
    ...                          duration="week", event="arrest", reference={"fin": "no", "wexp": "no"})
    >>> table, note = present_effect_modification(em, language="en")
    >>> list(table.columns)
    ['Characteristic', 'First job: χ² (df)', 'p', 'p after Holm correction']
    """
    check_language(language)
    if not results:
        raise InputError("give at least one effect-modification result")
    variables = list(dict.fromkeys(v for r in results for v in r.tests["variable"]))
    table = pd.DataFrame({_head("variable", language): [variable_label(v, language) for v in variables]})
    for r in results:
        t = r.tests.set_index("variable").reindex(variables)
        outcome = TEXTS.text(f"outcome_short.{r.kind}", language)
        chi = [f"{s:.1f} ({int(d)})" if np.isfinite(s) else "–" for s, d in zip(t["statistic"], t["df"].fillna(0))]
        prefix = "" if len(results) == 1 else f"{outcome}: "
        table[f"{outcome}: χ² (df)"] = chi
        table[f"{prefix}{_head('p_value', language)}"] = [_fmt_p(p) for p in t["p_value"]]
        table[f"{prefix}{_head('p_holm' if len(results) == 1 else 'p_holm_short', language)}"] = [
            _fmt_p(p) for p in t["p_holm"]]
    k = max(int(r.tests["p_value"].notna().sum()) for r in results)
    m = results[0].min_cell_size
    if language == "nl":
        note = (f"Likelihood-ratiotoets van de interactie traject x kenmerk (model met tegen zonder de interactietermen; "
                f"df: aantal interactietermen). Omdat {k} kenmerken getoetst worden, is de p-waarde per uitkomst "
                f"gecorrigeerd met de methode van Holm: alleen een gecorrigeerde p onder 0.05 wijst op een traject dat "
                f"voor de ene groep anders werkt dan voor de andere. Cellen met minder dan {m} personen (met de "
                f"uitkomst) krijgen geen eigen interactieterm.")
    else:
        note = (f"Likelihood-ratio test of the interaction trajectory x characteristic (model with against without the "
                f"interaction terms; df: number of interaction terms). As {k} characteristics are tested, the p-value "
                f"of each outcome is corrected with Holm's method: only a corrected p below 0.05 points to a trajectory "
                f"that works differently for one group than for another. Cells with fewer than {m} persons (with the "
                f"outcome) get no interaction term of their own.")
    return table, note


def present_checks(*models: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Model checks of the status and Cox models in one table."""
    check_language(language)
    names = {
        "auc": {"nl": "Onderscheidend vermogen statusmodel (AUC)", "en": "Discrimination, status model (AUC)"},
        "hosmer_lemeshow": {"nl": "Kalibratie statusmodel (Hosmer-Lemeshow, per decielgroep)",
                            "en": "Calibration, status model (Hosmer-Lemeshow, by decile)"},
        "concordance": {"nl": "Onderscheidend vermogen Cox-model (concordantie C, binnen traject)",
                        "en": "Discrimination, Cox model (concordance C, within trajectory)"},
        "ph_global": {"nl": "Proportionele hazards, Cox-model (globale toets)",
                      "en": "Proportional hazards, Cox model (global test)"},
    }
    rows = []
    for model in models:
        for r in model.checks().itertuples(index=False):
            rows.append({
                _head("check", language): names[r.check][language],
                _head("value", language): _fmt(r.value, 3 if r.check in ("auc", "concordance") else 1),
                _head("ci", language): (f"{r.ci_lower:.3f}; {r.ci_upper:.3f}" if np.isfinite(r.ci_lower) else "–"),
                _head("df", language): "–" if not np.isfinite(r.df) else str(int(r.df)),
                _head("p_value", language): _fmt_p(r.p_value),
            })
    if language == "nl":
        note = ("AUC en C: de kans dat van twee personen wie (sneller) werk vindt de hoogste voorspelde kans "
                "kreeg; 0.5 is gokken, 1 is perfect. Een kleine p bij Hosmer-Lemeshow of bij de PH-toets wijst "
                "op een model dat niet goed past: bij de PH-toets verandert een hazard ratio in de tijd, zodat "
                "de hazard ratio een gemiddelde over de opvolging is.")
    else:
        note = ("AUC and C: the probability that, of two persons, the one who finds work (sooner) got the higher "
                "prediction; 0.5 is guessing, 1 is perfect. A small p for Hosmer-Lemeshow or the PH test points to "
                "a model that does not fit well: for the PH test, a hazard ratio changes over time, so it is an "
                "average over the follow-up.")
    return pd.DataFrame(rows), note


def present_ph_test(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The proportional-hazards test of the adjusted Cox model per characteristic, labelled."""
    check_language(language)
    ph = model.ph_test()
    total = "Globaal (alle kenmerken)" if language == "nl" else "Global (all characteristics)"
    table = pd.DataFrame({
        _head("variable", language): [total if v == "GLOBAL" else variable_label(v, language) for v in ph.index],
        _head("statistic", language).replace(" (LR)", ""): [_pct(x, 2) for x in ph["statistic"]],
        _head("df", language): ph["df"].to_numpy(),
        _head("p_value", language): [_fmt_p(p) for p in ph["p_value"]],
    })
    note = ("Toets of de hazard ratio van het kenmerk in de tijd verandert (R cox.zph, Kaplan-Meier-tijdschaal); "
            "een kleine p betekent dat de hazard ratio een gemiddelde over de opvolging is." if language == "nl" else
            "Test whether the characteristic's hazard ratio changes over time (R cox.zph, Kaplan-Meier time scale); "
            "a small p means the hazard ratio is an average over the follow-up.")
    return table, note


def present_calibration(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                        groups: int = 10) -> tuple[pd.DataFrame, str]:
    """Calibration of the status model by decile, with disclosure control of the observed counts."""
    from evalkit.publish import disclosure

    check_language(language)
    cal = model.calibration(groups)
    ok = (cal["n_observed"] >= min_cell_size) & (cal["n"] - cal["n_observed"] >= min_cell_size)
    table = pd.DataFrame({
        _head("group", language): cal["group"].to_numpy(),
        _head("n", language): [_count_cell(n, min_cell_size) for n in cal["n"]],
        _head("predicted", language): cal["predicted"].to_numpy(),
        _head("observed", language): [o if k else "x" for o, k in zip(cal["observed"], ok)],
    })
    hl = cal.attrs
    note = (f"Hosmer-Lemeshow: χ² = {hl['statistic']:.1f}, df = {hl['df']}, p = {_fmt_p(hl['p_value'])}. "
            if language == "nl" else
            f"Hosmer-Lemeshow: χ² = {hl['statistic']:.1f}, df = {hl['df']}, p = {_fmt_p(hl['p_value'])}. ")
    note += ("Een waargenomen percentage dat op minder dan " if language == "nl" else
             "An observed share resting on fewer than ")
    note += (f"{min_cell_size} personen met of zonder werk steunt, is niet getoond (x). " if language == "nl" else
             f"{min_cell_size} persons with or without work is not shown (x). ")
    return table, note + disclosure.disclosure_note(min_cell_size, language=language)


def present_sensitivity(sensitivity: pd.DataFrame, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Complete-case against missing-category estimates (:func:`missing_sensitivity`), labelled."""
    check_language(language)
    s = sensitivity
    keys = ["estimate_cc", "estimate_mc", "change"]
    blocks = []
    for variable in dict.fromkeys(s["variable"]):
        part = s[s["variable"] == variable]
        blocks.append((variable_label(variable, language), [
            {"_label": category_label(variable, c, language), "estimate_cc": _pct(cc, 2), "estimate_mc": _pct(mc, 2),
             "change": f"{100 * ch:+.1f}"}
            for c, cc, mc, ch in zip(part["category"], part["estimate_complete_case"],
                                     part["estimate_missing_category"], part["relative_change"])]))
    table = _grouped(blocks, "variable", keys).rename(columns={k: _head(k, language) for k in ["variable"] + keys})
    note = (f"Gecorrigeerde schattingen op {s.attrs['n_complete_case']} personen met alle kenmerken bekend, tegen "
            f"{s.attrs['n_missing_category']} personen met onbekend als aparte categorie (referentiecategorieën niet "
            f"getoond)." if language == "nl" else
            f"Adjusted estimates on {s.attrs['n_complete_case']} persons with every characteristic known, against "
            f"{s.attrs['n_missing_category']} persons with unknown as a category of its own (reference categories "
            f"not shown).")
    return table, note


# --------------------------------------------------------------------------- plots
_PLOT_TEXT = {
    "raw": {"nl": "Ruw (elk kenmerk apart)", "en": "Raw (each characteristic alone)"},
    "adjusted": {"nl": "Gecorrigeerd (alle kenmerken, binnen traject)",
                 "en": "Adjusted (all characteristics, within trajectory)"},
    "adjusted_plain": {"nl": "Gecorrigeerd (alle kenmerken)", "en": "Adjusted (all characteristics)"},
    "reference": {"nl": "referentie", "en": "reference"},
    "hazard_ratio": {"nl": "Hazard ratio voor een eerste job (logaritmische schaal)",
                     "en": "Hazard ratio of a first job (log scale)"},
    "odds_ratio": {"nl": "Odds ratio om aan het werk te zijn (logaritmische schaal)",
                   "en": "Odds ratio of being at work (log scale)"},
    "ame": {"nl": "Verschil in % aan het werk t.o.v. de referentie (procentpunten)",
            "en": "Difference in % at work against the reference (percentage points)"},
    "less_hr": {"nl": "← later of minder vaak een job", "en": "← a job later or less often"},
    "more_hr": {"nl": "sneller een job →", "en": "a job sooner →"},
    "less_status": {"nl": "← minder vaak aan het werk", "en": "← less often at work"},
    "more_status": {"nl": "vaker aan het werk →", "en": "more often at work →"},
    "not_shown": {"nl": "niet getoond (te weinig personen)", "en": "not shown (too few persons)"},
    "contrast": {"nl": "{m} t.o.v. {ref}", "en": "{m} vs {ref}"},
    "interaction": {"nl": "interactietoets p {p} (na Holm: p {ph})", "en": "interaction test p {p} (Holm: p {ph})"},
    "em_hr": {"nl": "Hazard ratio eerste job t.o.v. {ref}\n(logaritmische schaal)",
              "en": "Hazard ratio of a first job against {ref}\n(log scale)"},
    "em_ame": {"nl": "Verschil in %-punt aan het werk\nt.o.v. {ref}",
               "en": "Difference in pp at work\nagainst {ref}"},
    "predicted": {"nl": "Voorspeld % aan het werk", "en": "Predicted % at work"},
    "observed": {"nl": "Waargenomen % aan het werk", "en": "Observed % at work"},
    "perfect": {"nl": "perfecte kalibratie", "en": "perfect calibration"},
}


def _pt(key: str, language: str, **values) -> str:
    return _PLOT_TEXT[key][language].format(**values)


def _log_axis(ax, lo: float, hi: float) -> None:
    from matplotlib.ticker import FixedLocator, NullLocator

    ax.set_xscale("log")
    lo, hi = min(lo, 0.8), max(hi, 1.25)
    ax.set_xlim(lo / 1.15, hi * 1.15)
    candidates = np.array([0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100])
    ticks = candidates[(candidates >= lo / 1.15) & (candidates <= hi * 1.15)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([f"{t:g}" for t in ticks])


def plot_forest(model: ProfileModel, language: str = "nl", measure: str | None = None, min_cell_size: int = 10,
                variables: Sequence[str] | None = None):
    """Forest plot of raw (open circles) and adjusted (filled squares) estimates with their
    intervals, grouped by characteristic; reference categories are marked, hidden estimates
    (see :func:`present_estimates`) left out.

    ``measure``: ``"hazard_ratio"`` (Cox), ``"odds_ratio"`` or ``"ame"`` (status model, the default:
    percentage points). Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    check_language(language)
    measure = measure or ("ame" if model.kind == "status" else "hazard_ratio")
    allowed = ("ame", "odds_ratio") if model.kind == "status" else ("hazard_ratio",)
    if measure not in allowed:
        raise InputError(f"measure must be one of {allowed} for the {model.kind} model, not {measure!r}")
    variables = _as_tuple(variables) or tuple(v for v in model.covariates)
    est = model.estimates
    raw = est[est["model"] == "raw"].reset_index(drop=True)
    adj = est[est["model"] == "adjusted"].reset_index(drop=True)
    ratio = measure != "ame"
    cols = ("estimate", "ci_lower", "ci_upper") if ratio else ("ame", "ame_ci_lower", "ame_ci_upper")
    labels, ypos, heading_rows = [], [], []
    points = {"raw": [], "adjusted": []}
    refs = []
    y = 0
    for variable in variables:
        sel = raw.index[raw["variable"] == variable]
        if len(sel) == 0:
            continue
        labels.append(variable_label(variable, language))
        heading_rows.append(y)
        ypos.append(y)
        y += 1
        for i in sel:
            r, a = raw.loc[i], adj.loc[i]
            numeric = r["category"] is None or (isinstance(r["category"], float) and np.isnan(r["category"]))
            name = ("per eenheid" if language == "nl" else "per unit") if numeric else category_label(
                variable, r["category"], language)
            ok = _publishable(model.kind, int(r["n"]), int(r["n_outcome"]), min_cell_size)
            if r["reference"]:
                name = f"{name} ({_pt('reference', language)})"
                refs.append(y)
            elif not ok:
                name = f"{name}: {_pt('not_shown', language)}"
            else:
                points["raw"].append((y - 0.17, r[cols[0]], r[cols[1]], r[cols[2]]))
                points["adjusted"].append((y + 0.17, a[cols[0]], a[cols[1]], a[cols[2]]))
            labels.append("    " + name)
            ypos.append(y)
            y += 1
        y += 0.4
    fig, ax = plt.subplots(figsize=(9, 0.3 * y + 2.0))
    null = 1.0 if ratio else 0.0
    ax.axvline(null, color="#555555", lw=1)
    adjusted_label = _pt("adjusted" if model.within else "adjusted_plain", language)
    for key, marker, colour, face, label in (("raw", "o", "#7f7f7f", "white", _pt("raw", language)),
                                             ("adjusted", "s", "#0072B2", "#0072B2", adjusted_label)):
        if not points[key]:
            continue
        yy, e, lo, hi = map(np.asarray, zip(*points[key]))
        ax.hlines(yy, lo, hi, color=colour, lw=1.6)
        ax.plot(e, yy, marker, color=colour, markerfacecolor=face, markersize=6.5, linestyle="none", label=label)
    if refs:
        ax.plot([null] * len(refs), refs, "|", color="#555555", markersize=10)
    every = [p for key in points for p in points[key]]
    if ratio:
        lo = min([p[2] for p in every] + [1.0])
        hi = max([p[3] for p in every] + [1.0])
        _log_axis(ax, lo, hi)
    else:
        span = max([abs(p[2]) for p in every] + [abs(p[3]) for p in every] + [5.0])
        ax.set_xlim(-span * 1.08, span * 1.08)
    ax.set_yticks(ypos)
    ax.set_yticklabels(labels)
    for tick, yv in zip(ax.get_yticklabels(), ypos):
        if yv in heading_rows:
            tick.set_fontweight("bold")
    ax.set_ylim(y - 0.2, -0.8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_pt(measure, language))
    kind = "hr" if model.kind == "first_job" else "status"
    ax.annotate(_pt(f"less_{kind}", language), xy=(0.0, 1.0), xycoords="axes fraction", xytext=(2, 4),
                textcoords="offset points", ha="left", va="bottom", fontsize=9, color="#555555")
    ax.annotate(_pt(f"more_{kind}", language), xy=(1.0, 1.0), xycoords="axes fraction", xytext=(-2, 4),
                textcoords="offset points", ha="right", va="bottom", fontsize=9, color="#555555")
    height = fig.get_figheight()
    fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.45 / height, 1, 1))
    return fig


def plot_effect_modification(results: EffectModification | Sequence[EffectModification], variable: str,
                             language: str = "nl"):
    """Forest plot for one characteristic: per category, each level of the modifier (trajectory)
    against its reference, one colour per level; one panel per result (e.g. hazard ratios of the
    first job beside percentage points at work), the interaction test (and Holm) above each panel.
    Cells without an estimate (too few persons) are left out and named under the figure.

    Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    check_language(language)
    results = [results] if isinstance(results, EffectModification) else list(results)
    if not results:
        raise InputError("give at least one effect-modification result")
    for r in results:
        if variable not in set(r.tests["variable"]):
            raise InputError(f"variable '{variable}' was not tested; tested: {list(r.tests['variable'])}")
    first = results[0].estimates
    cats = list(dict.fromkeys(first.loc[first["variable"] == variable, "category"]))
    contrasts = list(dict.fromkeys(first.loc[first["variable"] == variable, "contrast"]))
    height = max(2.6, 0.36 * len(cats) * max(1, len(contrasts)) + 1.9)
    fig, axes = plt.subplots(1, len(results), figsize=(3.6 * len(results) + 2.4, height), sharey=True, squeeze=False)
    offsets = np.linspace(-0.22, 0.22, len(contrasts)) if len(contrasts) > 1 else np.zeros(1)
    missing_labels = []
    handles = []
    for ax, result in zip(axes[0], results):
        ratio = result.kind == "first_job"
        cols = ("estimate", "ci_lower", "ci_upper") if ratio else ("ame", "ame_ci_lower", "ame_ci_upper")
        est = result.estimates[result.estimates["variable"] == variable]
        ref_label = category_label(result.modifier, result.modifier_reference, language)
        null = 1.0 if ratio else 0.0
        ax.axvline(null, color="#555555", lw=1)
        spans = []
        for k, m in enumerate(contrasts):
            part = est[est["contrast"] == m].set_index("category").reindex(cats)
            shown = part["estimated"].fillna(False).astype(bool).to_numpy()
            yy = np.arange(len(cats))[shown] + offsets[k]
            e, lo, hi = (part[c].to_numpy(dtype=float)[shown] for c in cols)
            colour = _COLOURS[k % len(_COLOURS)]
            ax.hlines(yy, lo, hi, color=colour, lw=1.6)
            line, = ax.plot(e, yy, "os^Dv<>"[k % 7], color=colour, markersize=6, linestyle="none",
                            label=_pt("contrast", language, m=category_label(result.modifier, m, language),
                                      ref=ref_label))
            if ax is axes[0][0]:
                handles.append(line)
            spans += list(zip(lo, hi))
            missing_labels += [(result.kind, c, m) for c, ok in zip(cats, shown) if not ok]
        if ratio:
            _log_axis(ax, min([p[0] for p in spans] + [1.0]), max([p[1] for p in spans] + [1.0]))
            ax.set_xlabel(_pt("em_hr", language, ref=ref_label))
        else:
            span = max([abs(v) for p in spans for v in p] + [5.0])
            ax.set_xlim(-span * 1.08, span * 1.08)
            ax.set_xlabel(_pt("em_ame", language, ref=ref_label))
        test = result.tests.set_index("variable").loc[variable]
        ax.set_title(TEXTS.text(f"outcome.{result.kind}", language).capitalize() + "\n"
                     + _pt("interaction", language, p=_p_equals(test["p_value"]), ph=_p_equals(test["p_holm"])),
                     fontsize=9.5, loc="left", fontweight="normal")
        ax.grid(axis="y", visible=False)
    ax0 = axes[0][0]
    ax0.set_yticks(np.arange(len(cats)))
    ax0.set_yticklabels([category_label(variable, c, language) for c in cats])
    ax0.set_ylim(len(cats) - 0.5, -0.5)
    fig.suptitle(variable_label(variable, language), fontsize=12, fontweight="bold", x=0.01, ha="left")
    bottom = 0.0
    if missing_labels:
        import textwrap

        parts = []
        for result in results:
            cells = [f"{category_label(variable, c, language)} x {category_label(result.modifier, m, language)}"
                     for kind, c, m in missing_labels if kind == result.kind]
            if cells:
                parts.append(f"{TEXTS.text(f'outcome_short.{result.kind}', language)}: {', '.join(cells)}")
        lead = "Geen schatting (te weinig personen) - " if language == "nl" else "No estimate (too few persons) - "
        note = textwrap.fill(lead + "; ".join(parts), width=int(14 * fig.get_figwidth()))
        fig.text(0.01, 0.0, note, fontsize=8, color="#555555", ha="left", va="bottom")
        bottom += 0.16 * (note.count("\n") + 1) / height
    fig.legend(handles=handles, loc="lower center", ncol=min(3, len(handles)), frameon=False, fontsize=9,
               bbox_to_anchor=(0.5, bottom))
    fig.tight_layout(rect=(0, bottom + 0.4 / height, 1, 1))
    return fig


def plot_calibration(model: ProfileModel, language: str = "nl", min_cell_size: int = 10, groups: int = 10):
    """Predicted against observed percentage at work by decile of prediction (status model);
    groups whose observed share would reveal fewer than ``min_cell_size`` persons are left out."""
    import matplotlib.pyplot as plt

    cal = model.calibration(groups)
    ok = (cal["n_observed"] >= min_cell_size) & (cal["n"] - cal["n_observed"] >= min_cell_size)
    fig, ax = plt.subplots(figsize=(5.2, 5))
    ax.plot([0, 100], [0, 100], ls="--", color="#999999", lw=1, label=_pt("perfect", language))
    ax.plot(cal.loc[ok, "predicted"], cal.loc[ok, "observed"], "o-", color="#0072B2", markersize=6)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_pt("predicted", language))
    ax.set_ylabel(_pt("observed", language))
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig
