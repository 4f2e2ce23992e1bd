"""The figures of the survival report: :func:`plot_km` (with the number at risk under it),
:func:`plot_forest`, :func:`plot_cif` and :func:`plot_snapshot_comparison`.

Time is shown in months. Curves stop where fewer than ``min_cell_size`` persons remain at risk, and
no count below ``min_cell_size`` is written on a figure (``"<10"`` instead).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.publish import disclosure
from evalkit.publish.degrade import degrades
from evalkit.studies.survival.analysis import CAUSES, CoxStudy, _order, _term_rows, number_at_risk
from evalkit.studies.survival.formatting import _DASH, _category_label, _count, _t, trajectory_label, variable_label
from evalkit.studies.survival.tables import _require_shown

_COLORS = ("#0173B2", "#DE8F05", "#029E73", "#CC78BC", "#CA9161", "#949494")


def _step_cum(times, surv):
    """Times and cumulative share (%) for a step plot that starts at 0 at time 0."""
    return np.r_[0.0, times], 100 * (1 - np.r_[1.0, surv])


@degrades
def plot_km(curve: pd.DataFrame, data: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
            step_months: float = 6, title: str | None = None):
    """Share with a first job (1 - Kaplan-Meier, %) per trajectory, with 95% bands and the number
    at risk under the plot (values below ``min_cell_size`` as ``"<10"``). Curves stop where fewer
    than ``min_cell_size`` persons remain at risk; not estimable when no curve has that many at risk."""
    import matplotlib.pyplot as plt

    kept, _ = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    _require_shown(curve, kept, min_cell_size)
    groups = _order("trajectory", curve["group"].unique())
    last = float(np.ceil(kept["time"].max() / step_months) * step_months) if len(kept) else step_months
    ticks = np.arange(0, last + 1e-9, step_months)
    fig = plt.figure(figsize=(9, 5.2 + 0.28 * len(groups)))
    grid = fig.add_gridspec(2, 1, height_ratios=[5.0, 0.5 + 0.28 * len(groups)], hspace=0.32)
    ax = fig.add_subplot(grid[0])
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
    ax.legend(loc="lower right", frameon=False)
    if title:
        ax.set_title(title, loc="left")
    # the number at risk, aligned with the month ticks
    table = number_at_risk(data, ticks)
    tax = fig.add_subplot(grid[1], sharex=ax)
    tax.set_xlim(0, last)
    tax.set_ylim(-0.5, len(groups) - 0.5)
    tax.axis("off")
    tax.set_title(_t("axis.at_risk", language), loc="left", fontsize=9, fontweight="normal")
    for i, group in enumerate(groups):
        y = len(groups) - 1 - i
        tax.annotate(trajectory_label(group, language), (-0.045, y), xycoords=("axes fraction", "data"),
                     ha="right", va="center", fontsize=8.5, color=_COLORS[i % len(_COLORS)])
        for t, n in zip(ticks, table.loc[group]):
            tax.text(t, y, str(_count(n, min_cell_size)), ha="center", va="center", fontsize=8.5)
    return fig


@degrades
def plot_forest(fit, data: pd.DataFrame, covariates: Sequence[str], language: str = "nl", ratio: str = "hr",
                title: str | None = None):
    """Forest plot of (subdistribution) hazard ratios with 95% intervals on a log scale, the values
    written beside it; the reference category of each covariate is marked at 1."""
    import matplotlib.pyplot as plt

    s = fit.summary
    rows = _term_rows(list(s.index), data, covariates)
    labels, est, lo, hi, heads, groups = [], [], [], [], [], []
    current = None
    for var, lv, term in rows:
        if var != current:
            heads.append(len(labels))
            labels.append(variable_label(var, language))
            est.append(np.nan), lo.append(np.nan), hi.append(np.nan)
            current = var
        groups.append(len(heads) - 1)
        name = _category_label(var, lv, language)
        if term is None:
            labels.append(f"{name} ({_t('reference_short', language)})")
            est.append(1.0), lo.append(np.nan), hi.append(np.nan)
        else:
            labels.append(name)
            est.append(s.loc[term, ratio]), lo.append(s.loc[term, "ci_lower"]), hi.append(s.loc[term, "ci_upper"])
    n = len(labels)
    y = np.arange(n)[::-1]
    est, lo, hi = np.array(est), np.array(lo), np.array(hi)
    fig, ax = plt.subplots(figsize=(8.5, 0.27 * n + 1.2))
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
    ticks = [v for v in (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 25, 50, 100) if left <= v <= right]
    ax.set_xticks(ticks, [f"{v:g}" for v in ticks])
    ax.minorticks_off()
    ax.set_yticks(y, labels)
    for h in heads:
        ax.get_yticklabels()[h].set_fontweight("bold")
    for yy, e, l, h in zip(y, est, lo, hi):
        if np.isfinite(l):
            ax.annotate(f"{e:.2f} ({l:.2f}{_DASH}{h:.2f})", (1.02, yy), xycoords=("axes fraction", "data"),
                        ha="left", va="center", fontsize=8.5)
    ax.annotate(_t(f"col.{ratio}", language) + f" ({_t('col.ci', language)})", (1.02, y[0]),
                xycoords=("axes fraction", "data"), ha="left", va="center", fontsize=8.5, fontweight="bold")
    ax.set_ylim(-0.7, n - 0.1)
    ax.set_xlabel(_t(f"axis.{ratio}", language))
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


@degrades
def plot_cox_forest(study: CoxStudy, language: str = "nl", title: str | None = None):
    """:func:`plot_forest` of the Cox model of :func:`~evalkit.studies.survival.analysis.cox_study`."""
    return plot_forest(study.model, study.data, study.covariates, language, title=title)


@degrades
def plot_cif(cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, step_months: float = 6):
    """Cumulative incidence (%) of the first job by kind: one panel per kind, one line per
    trajectory, with 95% bands; lines stop where fewer than ``min_cell_size`` remain at risk (not
    estimable when no line has that many at risk)."""
    import matplotlib.pyplot as plt

    kept, _ = disclosure.truncate_at_risk(cif, min_cell_size, by=["group", "cause"], language=language)
    _require_shown(cif, kept, min_cell_size)
    causes = sorted(cif["cause"].unique())
    groups = _order("trajectory", cif["group"].unique())
    last = float(np.ceil(kept["time"].max() / step_months) * step_months) if len(kept) else step_months
    top = min(100.0, float(np.ceil(100 * kept["ci_upper"].fillna(kept["cif"]).max() / 10) * 10) + 5)
    fig, axes = plt.subplots(1, len(causes), figsize=(4.0 * len(causes), 4.2), sharey=True, squeeze=False)
    for ax, cause in zip(axes[0], causes):
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
    axes[0][0].set_ylabel(_t("axis.cif", language))
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(groups), frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def _turnbull_line(curve: pd.DataFrame, min_cell_size: int):
    """Points of a Turnbull curve as cumulative share (%): flat between innermost intervals, a
    straight line across each; it stops where fewer than ``min_cell_size`` are known at risk."""
    c = curve[(curve["n_at_risk"] >= min_cell_size) & np.isfinite(curve["time_upper"])]
    surv_after = c["survival"].to_numpy(float)
    surv_before = surv_after + c["mass"].to_numpy(float)
    x = np.r_[0.0, np.column_stack([c["time_lower"], c["time_upper"]]).ravel()]
    y = np.r_[0.0, 100 * (1 - np.column_stack([surv_before, surv_after]).ravel())]
    return x, y


@degrades
def plot_snapshot_comparison(comparison: dict, language: str = "nl", min_cell_size: int = 10,
                             step_months: float = 6):
    """The episode-based curve of the first job beside the Turnbull curves from snapshots only."""
    import matplotlib.pyplot as plt

    km, _ = disclosure.truncate_at_risk(comparison["episodes"], min_cell_size, language=language)
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
    x, y = _step_cum(km["time"].to_numpy(float), km["survival"].to_numpy(float))
    ax.step(x, y, where="post", color="black", lw=2.4, label=_t("design.episodes", language))
    styles = ("-", "--", ":", "-.")
    for i, (name, curve) in enumerate(comparison["curves"].items()):
        tx, ty = _turnbull_line(curve, min_cell_size)
        ax.plot(tx, ty, styles[i % len(styles)], color=_COLORS[i % len(_COLORS)], lw=1.8,
                label=_t(f"design.{name}", language))
    last = float(np.ceil(km["time"].max() / step_months) * step_months)
    ax.set_xticks(np.arange(0, last + 1e-9, step_months))
    ax.set_xlim(0, last)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_t("axis.months", language))
    ax.set_ylabel(_t("axis.share_job", language))
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig
