"""The figures of the survival report: :func:`plot_km`, :func:`plot_forest`, :func:`plot_cif` and
:func:`plot_snapshot_comparison`.

Every figure is drawn from released data only: curves through :func:`evalkit.publish.sdc.release_curve`
(steps pooled so that each holds ``min_cell_size`` events, stopped where fewer than ``min_cell_size``
remain at risk), hazard ratios from the released table. Time is shown in months; no figure writes a count.

Every figure fits the page (at most :data:`MAX_WIDTH` inches wide, panels in a grid rather than side
by side), has a title, legends of at least :data:`LEGEND_SIZE` points outside the curves, numbers
written as the report's language writes them, and its own alternative text (``figure.<name>.alt``).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import formats
from evalkit.publish import display, sdc
from evalkit.publish.degrade import degrades
from evalkit.studies.survival import vocabulary
from evalkit.studies.survival.analysis import CAUSES, _order
from evalkit.studies.survival.formatting import _category_label, _estimate, _t, trajectory_label, variable_label
from evalkit.studies.survival.tables import _at_risk, _require_shown

_COLORS = ("#0173B2", "#DE8F05", "#029E73", "#CC78BC", "#CA9161", "#949494")
#: Widest a figure may be drawn (inches), so that it fits the page.
MAX_WIDTH = 7.6
#: Smallest font of a legend (points).
LEGEND_SIZE = 9.5


def _legend_below(fig, ax_or_handles, ncol: int, *, y: float = 0.0):
    """A legend under the plot area, out of the curves' way."""
    handles, labels = (ax_or_handles.get_legend_handles_labels() if hasattr(ax_or_handles, "get_legend_handles_labels")
                       else ax_or_handles)
    if not handles:  # nothing drawn (every curve stopped at once): no legend
        return None
    return fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, y),
                      ncol=max(1, min(ncol, len(handles))), frameon=False, fontsize=LEGEND_SIZE)


def _tick_text(value: float, language: str) -> str:
    """A tick value with as many decimals as it needs (``0,25``, ``2``)."""
    return formats.field(float(value), "", language)


def _wrapped(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _title(fig, text: str) -> None:
    """The figure's title, over the whole figure at the left, wrapped so that it fits (the title the
    disclosure log and the run's brief name the figure by)."""
    fig.suptitle(_wrapped(text, 70), x=0.01, ha="left", fontweight="bold", fontsize=12)


def _finish(fig, name: str, language: str, **values):
    """Give the figure its alternative text (``figure.<name>.alt``)."""
    return display.alt_text(fig, _t(f"figure.{name}.alt", language, **values))


def _step_cum(times, surv):
    """Times and cumulative share (%) for a step plot that starts at 0 at time 0."""
    return np.r_[0.0, times], 100 * (1 - np.r_[1.0, surv])


def _policy(min_cell_size: int) -> sdc.Policy:
    return sdc.Policy(min_cell_size=min_cell_size)


def _without_censored(curve: pd.DataFrame) -> pd.DataFrame:
    """The curve without its count of censored persons per step (a count a figure does not need;
    :func:`evalkit.publish.sdc.release_curve` drops only ``n_at_risk`` and ``n_events``)."""
    return curve.drop(columns=[c for c in ("n_censored",) if c in curve.columns])


@degrades
def plot_km(curve: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
            step_months: float = 6, title: str | None = None):
    """Share with a first job (1 - Kaplan-Meier, %) per trajectory, with 95% bands, drawn from the
    released curve (:func:`evalkit.publish.sdc.release_curve`: steps pooled to ``min_cell_size`` events,
    stopped where fewer than ``min_cell_size`` remain at risk). Returns the figure and its note; not
    estimable when no curve has that many at risk."""
    import matplotlib.pyplot as plt

    _require_shown(curve, _at_risk(curve, min_cell_size), min_cell_size)
    kept, note = sdc.release_curve(_without_censored(curve), "km_curve", by=["group"], title=_t("axis.share_job", language),
                                   policy=_policy(min_cell_size), language=language)
    groups = _order("trajectory", kept["group"].unique())
    last = float(np.ceil(kept["time"].max() / step_months) * step_months) if len(kept) else step_months
    ticks = np.arange(0, last + 1e-9, step_months)
    fig, ax = plt.subplots(figsize=(MAX_WIDTH, 4.8))
    for i, group in enumerate(groups):
        part = kept[kept["group"] == group]
        color = _COLORS[i % len(_COLORS)]
        x, y = _step_cum(part["time"].to_numpy(float), part["survival"].to_numpy(float))
        ax.step(x, y, where="post", color=color, lw=2, label=trajectory_label(group, language))
        lo = np.where(part["survival"] >= 1, 1.0, part["ci_upper"].to_numpy(float))
        hi = np.where(part["survival"] >= 1, 1.0, part["ci_lower"].to_numpy(float))
        ax.fill_between(np.r_[0.0, part["time"]], 100 * (1 - np.r_[1.0, lo]), 100 * (1 - np.r_[1.0, hi]),
                        step="post", color=color, alpha=0.15, lw=0)
    ax.set_ylim(0, 100)
    ax.set_ylabel(_t("axis.share_job", language))
    ax.set_xticks(ticks)
    ax.set_xlim(0, last)
    ax.set_xlabel(_t("axis.months", language))
    _title(fig, title or _t("figure.km.title", language))
    _legend_below(fig, ax, ncol=min(len(groups), 4))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return _finish(fig, "km", language), note


@degrades
def plot_forest(released: pd.DataFrame, language: str = "nl", ratio: str = "hr", title: str | None = None):
    """Forest plot of (subdistribution) hazard ratios with 95% intervals on a log scale, the values
    written beside it, drawn from a released table of ratios (``attrs["released"]`` of the table of
    :func:`~evalkit.studies.survival.tables.hr_table`): a hidden ratio draws nothing and reads ``x``.
    The reference category of each covariate is marked at 1."""
    import matplotlib.pyplot as plt

    if isinstance(released, pd.DataFrame) and "released" in released.attrs:
        released = released.attrs["released"]
    labels, est, lo, hi, heads, text = [], [], [], [], [], []
    current = None
    for _, r in released.iterrows():
        var, lv = r["variable"], r["level"]
        if var != current:
            heads.append(len(labels))
            labels.append(variable_label(var, language))
            est.append(np.nan), lo.append(np.nan), hi.append(np.nan), text.append("")
            current = var
        name = _category_label(var, lv, language)
        if r["reference"]:
            labels.append(f"{name} ({_t('reference_short', language)})")
            est.append(1.0), lo.append(np.nan), hi.append(np.nan), text.append("")
        elif vocabulary.hidden(r["ratio"]):
            labels.append(name)
            est.append(np.nan), lo.append(np.nan), hi.append(np.nan), text.append(sdc.MARKER)
        else:
            labels.append(name)
            e, l, h = float(r["ratio"]), float(r["ci_lower"]), float(r["ci_upper"])
            est.append(e), lo.append(l), hi.append(h), text.append(_estimate(e, l, h, 2, language))
    n = len(labels)
    y = np.arange(n)[::-1]
    est, lo, hi = np.array(est), np.array(lo), np.array(hi)
    fig, ax = plt.subplots(figsize=(MAX_WIDTH, 0.27 * n + 1.6))
    # a light band behind every other covariate, so the eye keeps the rows together
    bounds = heads + [n]
    for k in range(0, len(heads), 2):
        ax.axhspan(y[bounds[k + 1] - 1] - 0.5, y[bounds[k]] + 0.5, color="#f0f0f0", lw=0, zorder=0)
    ok = np.isfinite(lo)
    ax.hlines(y[ok], lo[ok], hi[ok], color="#333333", lw=1.6, zorder=2)
    ax.plot(est[ok], y[ok], "s", color=_COLORS[0], ms=6, zorder=3)
    ref = np.isfinite(est) & ~ok
    ax.plot(est[ref], y[ref], "o", mfc="white", mec="#777777", ms=5, zorder=3)
    ax.axvline(1.0, color="#777777", lw=0.8, ls="--", zorder=1)
    ax.set_xscale("log")
    finite = np.r_[lo[ok], hi[ok], 1.0]
    left, right = max(finite.min() / 1.4, 0.01), min(finite.max() * 1.4, 100)
    ax.set_xlim(left, right)
    ticks = [v for v in (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 25, 50, 100) if left <= v <= right]
    ax.set_xticks(ticks, [_tick_text(v, language) for v in ticks])
    ax.minorticks_off()
    ax.set_yticks(y, labels)
    for h in heads:
        ax.get_yticklabels()[h].set_fontweight("bold")
    for yy, t in zip(y, text):
        if t:
            ax.annotate(t, (1.02, yy), xycoords=("axes fraction", "data"), ha="left", va="center", fontsize=9)
    ax.annotate(_t(f"col.{ratio}", language) + f" ({_t('col.ci', language)})", (1.02, y[0]),
                xycoords=("axes fraction", "data"), ha="left", va="center", fontsize=9, fontweight="bold")
    ax.set_ylim(-0.7, n - 0.1)
    ax.set_xlabel(_t(f"axis.{ratio}", language))
    ax.grid(axis="y", visible=False)
    # the title over the whole figure (labels and values included), wrapped so that it fits
    _title(fig, title or _t(f"figure.forest_{ratio}.title", language))
    fig.tight_layout()
    return _finish(fig, f"forest_{ratio}", language)


@degrades
def plot_cox_forest(table: pd.DataFrame, language: str = "nl", title: str | None = None):
    """:func:`plot_forest` of the released Cox table (the table of :func:`~evalkit.studies.survival.tables.cox_table`)."""
    return plot_forest(table, language, title=title)


@degrades
def plot_cif(cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, step_months: float = 6):
    """Cumulative incidence (%) of the first job by kind: one panel per kind, one line per
    trajectory, with 95% bands; lines stop where fewer than ``min_cell_size`` remain at risk (not
    estimable when no line has that many at risk)."""
    import matplotlib.pyplot as plt

    _require_shown(cif, _at_risk(cif, min_cell_size, by=["group", "cause"]), min_cell_size)
    kept, note = sdc.release_curve(_without_censored(cif), "cif_curve", by=["group", "cause"], title=_t("axis.cif", language),
                                   policy=_policy(min_cell_size), language=language)
    causes = sorted(cif["cause"].unique())
    groups = _order("trajectory", cif["group"].unique())
    last = float(np.ceil(kept["time"].max() / step_months) * step_months) if len(kept) else step_months
    top = min(100.0, float(np.ceil(100 * kept["ci_upper"].fillna(kept["cif"]).max() / 10) * 10) + 5)
    # more than two panels: a grid of two columns (the legend in a free cell), so the figure fits the page
    ncols = 1 if len(causes) == 1 else 2
    nrows = int(np.ceil(len(causes) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(MAX_WIDTH, 3.3 * nrows + 0.6), sharey=True, squeeze=False)
    panels = axes.ravel()
    for ax, cause in zip(panels, causes):
        for i, group in enumerate(groups):
            part = kept[(kept["group"] == group) & (kept["cause"] == cause)]
            color = _COLORS[i % len(_COLORS)]
            t = np.r_[0.0, part["time"].to_numpy(float)]
            ax.step(t, 100 * np.r_[0.0, part["cif"]], where="post", color=color, lw=2,
                    label=trajectory_label(group, language))
            lo = part["ci_lower"].fillna(part["cif"]).to_numpy(float)
            hi = part["ci_upper"].fillna(part["cif"]).to_numpy(float)
            ax.fill_between(t, 100 * np.r_[0.0, lo], 100 * np.r_[0.0, hi], step="post", color=color, alpha=0.12, lw=0)
        ax.set_title(_t(f"cause.{CAUSES.get(cause, cause)}", language), loc="left")
        ax.set_xticks(np.arange(0, last + 1e-9, 12 if last > 36 else step_months))
        ax.set_xlim(0, last)
        ax.set_ylim(0, top)
        ax.set_xlabel(_t("axis.months", language))
        ax.set_ylabel(_t("axis.cif", language))
        ax.tick_params(labelleft=True)
    handles, labels = panels[0].get_legend_handles_labels()
    free = panels[len(causes):]
    for ax in free:
        ax.axis("off")
    _title(fig, _t("figure.cif.title", language))
    if free and handles:  # the legend stands in the free cell of the grid
        free[0].legend(handles, labels, loc="center", frameon=False, fontsize=LEGEND_SIZE,
                       title=_t("col.trajectory", language), title_fontsize=LEGEND_SIZE)
        fig.tight_layout()
    else:
        _legend_below(fig, (handles, labels), ncol=2)
        fig.tight_layout(rect=(0, 0.08, 1, 1))
    return _finish(fig, "cif", language), note


def _released_turnbull(curves: dict, n_total: int, min_cell_size: int, language: str) -> pd.DataFrame:
    """The Turnbull curves (one per design) as released: each point's mass as a number of persons
    (mass x persons followed), steps pooled to ``min_cell_size`` of them, stopped where fewer than
    ``min_cell_size`` are known at risk; points at the upper ends of the innermost intervals."""
    frames = []
    for name, curve in curves.items():
        c = curve[np.isfinite(curve["time_upper"])]
        frames.append(pd.DataFrame({"design": name, "time": c["time_upper"].to_numpy(float),
                                    "survival": c["survival"].to_numpy(float),
                                    "n_at_risk": c["n_at_risk"].to_numpy(float),
                                    "n_events": c["mass"].to_numpy(float) * n_total}))
    tidy = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["design", "time", "survival", "n_at_risk", "n_events"])
    kept, _ = sdc.release_curve(tidy, "snapshot_turnbull", by=["design"], policy=_policy(min_cell_size),
                                language=language)
    return kept


@degrades
def plot_snapshot_comparison(comparison: dict, language: str = "nl", min_cell_size: int = 10,
                             step_months: float = 6):
    """The episode-based curve of the first job beside the Turnbull curves from snapshots only, both
    drawn from released curves (steps pooled, stopped where few remain at risk); returns the figure
    and its note."""
    import matplotlib.pyplot as plt

    episodes = comparison["episodes"]
    km, note = sdc.release_curve(_without_censored(episodes), "snapshot_episodes", policy=_policy(min_cell_size), language=language)
    n_total = int(episodes["n_at_risk"].max()) if len(episodes) else 0
    turnbull = _released_turnbull(comparison["curves"], n_total, min_cell_size, language)
    fig, ax = plt.subplots(figsize=(MAX_WIDTH, 4.8))
    x, y = _step_cum(km["time"].to_numpy(float), km["survival"].to_numpy(float))
    ax.step(x, y, where="post", color="black", lw=2.4, label=_t("design.episodes", language))
    styles = ("-", "--", ":", "-.")
    for i, name in enumerate(comparison["curves"]):
        part = turnbull[turnbull["design"] == name]
        tx = np.r_[0.0, part["time"].to_numpy(float)]
        ty = np.r_[0.0, 100 * (1 - part["survival"].to_numpy(float))]
        ax.plot(tx, ty, styles[i % len(styles)], color=_COLORS[i % len(_COLORS)], lw=1.8,
                label=_t(f"design.{name}", language))
    last = float(np.ceil(km["time"].max() / step_months) * step_months) if len(km) else step_months
    ax.set_xticks(np.arange(0, last + 1e-9, step_months))
    ax.set_xlim(0, last)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_t("axis.months", language))
    ax.set_ylabel(_t("axis.share_job", language))
    _title(fig, _t("figure.snapshot.title", language))
    _legend_below(fig, ax, ncol=2)
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    return _finish(fig, "snapshot", language), note
