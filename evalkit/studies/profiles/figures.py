"""Figures of the profile report: forest plots of the estimates and of effect modification, and the
calibration plot. Each function returns a matplotlib Figure (or, for a part that could not be
estimated, its :class:`~evalkit.publish.degrade.Unavailable`, and draws nothing).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from evalkit import formats
from evalkit.errors import InputError, NotEstimable
from evalkit.publish.degrade import degrades, is_unavailable
from evalkit.studies.profiles.frames import _as_tuple
from evalkit.studies.profiles.labels import TEXTS, _t, category_label, variable_label
from evalkit.studies.profiles.models import ProfileModel
from evalkit.studies.profiles.modification import EffectModification
from evalkit.studies.profiles.release import Units
from evalkit.studies.profiles.tables import _estimate_key, _p_equals, released_calibration, released_estimates
from evalkit.texts import check_language

#: Contrast colours of the forest plots (colour-blind safe).
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: The widest figure of the report (inches): it fits the page.
MAX_WIDTH = 8.0
#: Font size of legends and notes in the figures (readable when printed).
LEGEND_SIZE = 9.5


def _tick(value: float, language: str) -> str:
    """A tick label as ``language`` writes the number (``0,5`` in Dutch), with the decimals it needs."""
    decimals = 0
    while decimals < 3 and abs(round(value, decimals) - value) > 1e-9:
        decimals += 1
    return formats.number(value, decimals, language)


def _number_axis(axis, language: str) -> None:
    """Tick labels of an axis written as ``language`` writes numbers."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: _tick(value, language)))


def _log_axis(ax, lo: float, hi: float, language: str = "nl") -> None:
    from matplotlib.ticker import FixedLocator, NullLocator

    ax.set_xscale("log")
    lo, hi = min(lo, 0.8), max(hi, 1.25)
    ax.set_xlim(lo / 1.15, hi * 1.15)
    candidates = np.array([0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100])
    ticks = candidates[(candidates >= lo / 1.15) & (candidates <= hi * 1.15)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    _number_axis(ax.xaxis, language)


@degrades
def plot_forest(model: ProfileModel, language: str = "nl", measure: str | None = None, min_cell_size: int = 10,
                variables: Sequence[str] | None = None, units: Units | None = None):
    """Forest plot of raw (open circles) and adjusted (filled squares) estimates with their
    intervals, grouped by characteristic; reference categories are marked, a category whose row of
    the released estimates table is hidden (:func:`released_estimates`) is left out.

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
    released = released_estimates(model, min_cell_size, units, language)
    first_stat = "ame_raw" if model.kind == "status" else "hr_raw"
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
            name = _t("word.per_unit", language) if numeric else category_label(variable, r["category"], language)
            ok = released.shown(_estimate_key(variable, r["category"], variable in model._adjusted.spec.numeric),
                                first_stat)
            if r["reference"]:
                name = _t("figure.reference", language, category=name)
                refs.append(y)
            elif not ok:
                name = _t("figure.not_shown", language, category=name)
            else:
                points["raw"].append((y - 0.17, r[cols[0]], r[cols[1]], r[cols[2]]))
                points["adjusted"].append((y + 0.17, a[cols[0]], a[cols[1]], a[cols[2]]))
            labels.append("    " + name)
            ypos.append(y)
            y += 1
        y += 0.4
    fig, ax = plt.subplots(figsize=(MAX_WIDTH, 0.19 * y + 1.9))
    null = 1.0 if ratio else 0.0
    ax.axvline(null, color="#555555", lw=1)
    adjusted_label = _t("figure.adjusted_within" if model.within else "figure.adjusted", language)
    for key, marker, colour, face, label in (("raw", "o", "#7f7f7f", "white", _t("figure.raw", language)),
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
        _log_axis(ax, lo, hi, language)
    else:
        span = max([abs(p[2]) for p in every] + [abs(p[3]) for p in every] + [5.0])
        ax.set_xlim(-span * 1.08, span * 1.08)
        _number_axis(ax.xaxis, language)
    ax.set_yticks(ypos)
    ax.set_yticklabels(labels, fontsize=10)
    for tick, yv in zip(ax.get_yticklabels(), ypos):
        if yv in heading_rows:
            tick.set_fontweight("bold")
    ax.set_ylim(y - 0.2, -0.8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_t(f"axis.{measure}", language), fontsize=10)
    ax.annotate(_t(f"axis.left.{model.kind}", language), xy=(0.0, 1.0), xycoords="axes fraction", xytext=(2, 4),
                textcoords="offset points", ha="left", va="bottom", fontsize=9, color="#555555")
    ax.annotate(_t(f"axis.right.{model.kind}", language), xy=(1.0, 1.0), xycoords="axes fraction", xytext=(-2, 4),
                textcoords="offset points", ha="right", va="bottom", fontsize=9, color="#555555")
    fig.suptitle(_t(f"figure.{model.kind}.title", language), fontsize=12, fontweight="bold", x=0.01, ha="left")
    height = fig.get_figheight()
    if points["raw"] or points["adjusted"]:  # no legend without a point (every category hidden)
        fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False, fontsize=LEGEND_SIZE)
    fig.tight_layout(rect=(0, 0.45 / height, 1, 1))
    return fig


@degrades
def plot_effect_modification(results: EffectModification | Sequence[EffectModification], variable: str,
                             language: str = "nl"):
    """Forest plot for one characteristic: per category, each level of the modifier (trajectory)
    against its reference, one colour per level; one panel per result (e.g. hazard ratios of the
    first job beside percentage points at work), the interaction test (and Holm) above each panel.
    Cells without an estimate (too few persons) are left out and named under the figure; so is the
    panel of a result that could not be estimated, or that left ``variable`` out.

    Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    check_language(language)
    results = [results] if isinstance(results, EffectModification) else list(results)
    if not results:
        raise InputError("give at least one effect-modification result")
    # a result that could not be estimated leaves the panels of the others
    available = [r for r in results if not is_unavailable(r)]
    if not available:
        return results[0]
    results = [r for r in available if variable not in r.left_out]
    if not results:
        raise NotEstimable(f"variable '{variable}' has a single value in these data", "single_category",
                           variable=variable)
    for r in results:
        if variable not in set(r.tests["variable"]):
            raise InputError(f"variable '{variable}' was not tested; tested: {list(r.tests['variable'])}")
    first = results[0].estimates
    cats = list(dict.fromkeys(first.loc[first["variable"] == variable, "category"]))
    contrasts = list(dict.fromkeys(first.loc[first["variable"] == variable, "contrast"]))
    height = max(2.6, 0.36 * len(cats) * max(1, len(contrasts)) + 2.1)
    width = min(MAX_WIDTH, 3.0 * len(results) + 2.0)
    fig, axes = plt.subplots(1, len(results), figsize=(width, height), sharey=True, squeeze=False)
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
                            label=_t("figure.contrast", language, level=category_label(result.modifier, m, language),
                                     reference=ref_label))
            if ax is axes[0][0]:
                handles.append(line)
            spans += list(zip(lo, hi))
            missing_labels += [(result.kind, c, m) for c, ok in zip(cats, shown) if not ok]
        if ratio:
            _log_axis(ax, min([p[0] for p in spans] + [1.0]), max([p[1] for p in spans] + [1.0]), language)
            ax.set_xlabel(_t("axis.modification_hazard_ratio", language, reference=ref_label))
        else:
            span = max([abs(v) for p in spans for v in p] + [5.0])
            ax.set_xlim(-span * 1.08, span * 1.08)
            _number_axis(ax.xaxis, language)
            ax.set_xlabel(_t("axis.modification_ame", language, reference=ref_label))
        test = result.tests.set_index("variable").loc[variable]
        interaction = _t("figure.interaction", language, p=_p_equals(test["p_value"], language),
                         p_holm=_p_equals(test["p_holm"], language))
        ax.set_title(TEXTS.text(f"outcome.{result.kind}", language).capitalize() + "\n" + interaction,
                     fontsize=9.5, loc="left", fontweight="normal")
        ax.grid(axis="y", visible=False)
    ax0 = axes[0][0]
    ax0.set_yticks(np.arange(len(cats)))
    ax0.set_yticklabels([category_label(variable, c, language) for c in cats])
    ax0.set_ylim(len(cats) - 0.5, -0.5)
    fig.suptitle(_t("figure.modification.title", language, variable=variable_label(variable, language)),
                 fontsize=12, fontweight="bold", x=0.01, ha="left")
    bottom = 0.0
    if missing_labels:
        import textwrap

        parts = []
        for result in results:
            cells = [f"{category_label(variable, c, language)} x {category_label(result.modifier, m, language)}"
                     for kind, c, m in missing_labels if kind == result.kind]
            if cells:
                parts.append(f"{TEXTS.text(f'outcome_short.{result.kind}', language)}: {', '.join(cells)}")
        note = textwrap.fill(_t("figure.no_estimate", language, cells="; ".join(parts)),
                             width=int(12 * fig.get_figwidth()))
        fig.text(0.01, 0.0, note, fontsize=LEGEND_SIZE - 0.5, color="#555555", ha="left", va="bottom")
        bottom += 0.18 * (note.count("\n") + 1) / height
    fig.legend(handles=handles, loc="lower center", ncol=min(2, len(handles)), frameon=False, fontsize=LEGEND_SIZE,
               bbox_to_anchor=(0.5, bottom))
    legend_rows = -(-len(handles) // 2)
    fig.tight_layout(rect=(0, bottom + (0.2 + 0.22 * legend_rows) / height, 1, 1))
    return fig


@degrades
def plot_calibration(model: ProfileModel, language: str = "nl", min_cell_size: int = 10, groups: int = 10,
                     units: Units | None = None):
    """Predicted against observed percentage at work by decile of prediction (status model), drawn
    from the released calibration table (:func:`released_calibration`): a decile whose predicted or
    observed share is hidden there is left out."""
    import matplotlib.pyplot as plt

    points = calibration_points(model, min_cell_size, groups, units, language)
    fig, ax = plt.subplots(figsize=(5.2, 5))
    ax.plot([0, 100], [0, 100], ls="--", color="#999999", lw=1, label=_t("figure.perfect", language))
    ax.plot(points["predicted"], points["observed"], "o-", color="#0072B2", markersize=6)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_t("col.predicted", language))
    ax.set_ylabel(_t("col.observed", language))
    _number_axis(ax.xaxis, language)
    _number_axis(ax.yaxis, language)
    fig.suptitle(_t("figure.calibration.title", language), fontsize=12, fontweight="bold", x=0.02, ha="left")
    ax.legend(loc="upper left", frameon=False, fontsize=LEGEND_SIZE)
    fig.tight_layout()
    return fig


def calibration_points(model: ProfileModel, min_cell_size: int = 10, groups: int = 10, units: Units | None = None,
                       language: str = "nl"):
    """The points of the calibration plot: the deciles of the released calibration table whose
    predicted and observed shares are both shown (``decile``, ``predicted``, ``observed``)."""
    import pandas as pd

    released = released_calibration(model, min_cell_size, groups, units, language)
    rows = [g for g in released.table.index if released.shown(g, "predicted") and released.shown(g, "observed")]
    return pd.DataFrame({"decile": rows, "predicted": [float(released.value(g, "predicted")) for g in rows],
                         "observed": [float(released.value(g, "observed")) for g in rows]})
