"""The figures of the trajectory report: balance (:func:`plot_love`), overlap (:func:`plot_overlap`),
adjusted curves (:func:`plot_adjusted_curves`, :func:`plot_incidence`), intention to treat against as
treated (:func:`plot_itt_vs_as_treated`), the flow of trajectory changes (:func:`plot_flow`) and the
monthly states (:func:`plot_chronogram`).

Every figure is drawn from released data only: curves through :func:`evalkit.publish.sdc.release_curve`
(steps pooled to ``min_cell_size`` unweighted events, stopped where fewer persons remain at risk), the
propensity scores through :func:`evalkit.publish.sdc.release_histogram`, the flow and the chronogram
from tables released by :func:`evalkit.publish.sdc.release_table`.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable
from evalkit.publish.sdc import MARKER, Policy, Released, release_curve, release_histogram
from evalkit.publish.degrade import degrades
from evalkit.stats import compare
from evalkit.stats.sequences import OTHER, STATES
from evalkit.studies.trajectories.analysis import CAUSES, TRAJECTORIES, Comparison
from evalkit import formats
from evalkit.publish import labels
from evalkit.studies.trajectories.formatting import (
    _count, _t, _term_label, _versus, axis_numbers, state_labels, total_label, trajectory_label)
from evalkit.studies.trajectories.publication import Universe
from evalkit.studies.trajectories.tables import chronogram_table

_COLORS = {"lineair": "#555555", "geintegreerd_vdab": "#0173B2", "geintegreerd_activering": "#DE8F05",
           "jongerentraject_esf": "#029E73"}
_STATE_COLOURS = {
    "nec": "#1b7837", "interim": "#7fbc41", "sec": "#b8e186", "art60": "#2166ac", "werk_onbekend": "#92c5de",
    "opleiding": "#fdb863", "werkloosheidsuitkering": "#b2abd2", "leefloon": "#d6604d", "onbekend": "#d9d9d9",
    OTHER: "#8c8c8c",
}


def _merged_levels(result: Comparison, frame: pd.DataFrame | None) -> set:
    """The (covariate, level) pairs into which rare levels were merged in some comparison of
    ``result`` (:func:`~evalkit.studies.trajectories.analysis.merge_rare_levels`); none without the frame."""
    from evalkit.studies.trajectories.analysis import comparison_subset

    if frame is None:
        return set()
    m = int(result.settings.get("min_cell_size", 10))
    out = set()
    for traj in pd.unique(result.balance["trajectory"]):
        sub = comparison_subset(frame, traj, result.reference, result.group)
        for col in result.covariates:
            values = sub[col]
            if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                continue
            counts = values.value_counts()
            if (counts < m).any():
                out.add((col, str(counts.index[0])))
    return out


def _trajectory_handles(codes, language: str, **line):
    """Legend entries: one line in each trajectory's colour."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=_COLORS.get(c, "#0173B2"), label=trajectory_label(c, language), **line)
            for c in codes]


def _present(result: Comparison, column: str = "trajectory") -> list[str]:
    """The reference and the compared trajectories of ``result``, in the study's order."""
    codes = {result.reference} | set(getattr(result, "effects")[column])
    return [t for t in TRAJECTORIES if t in codes] + sorted(codes - set(TRAJECTORIES))


@degrades
def plot_love(result: Comparison, language: str = "nl", frame: pd.DataFrame | None = None):
    """Love plot: absolute (standardised) difference per covariate term before (open) and after
    (filled) weighting, every comparison in one panel (one colour each), with the 0.1 threshold.

    With the analysis ``frame`` a level into which rare levels were merged is labelled as such
    (:func:`evalkit.publish.labels.merged_label`)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    comps = list(pd.unique(result.balance["comparison"]))
    terms = result.balance.drop_duplicates("term")[["term", "variable", "level"]]
    merged = _merged_levels(result, frame)
    names = []
    for v, lv in zip(terms["variable"], terms["level"]):
        name = _term_label(v, lv, language)
        if (v, str(lv)) in merged:
            head, _, level = name.partition(": ")
            name = f"{head}: {labels.merged_label(level, language)}"
        head, _, level = name.partition(": ")
        names.append(name if len(name) <= 34 or not level else f"{head}:\n{textwrap.fill(level, 34)}")
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(8, 0.16 * lines + 0.14 * len(terms) + 2.2))
    y = np.arange(len(terms))
    offsets = np.linspace(-0.22, 0.22, len(comps)) if len(comps) > 1 else [0.0]
    handles = []
    for offset, comp in zip(offsets, comps):
        part = result.balance[result.balance["comparison"] == comp].set_index("term").reindex(terms["term"])
        traj = part["trajectory"].dropna().iloc[0]
        colour = _COLORS.get(traj, "#0173B2")
        ax.scatter(part["diff_unadjusted"].abs(), y + offset, facecolors="none", edgecolors=colour, s=28)
        ax.scatter(part["diff_adjusted"].abs(), y + offset, color=colour, s=28)
        handles.append(Line2D([], [], marker="o", ls="", color=colour, label=_versus(traj, result.reference, language)))
    handles += [Line2D([], [], marker="o", ls="", markerfacecolor="none", markeredgecolor="#444",
                       label=_t("love.before", language)),
                Line2D([], [], marker="o", ls="", color="#444", label=_t("love.after", language))]
    ax.axvline(compare.BALANCE_THRESHOLD, color="grey", ls="--", lw=1)
    ax.set_yticks(y, names, fontsize=9, linespacing=1.0)
    ax.invert_yaxis()
    ax.set_xlabel(_t("love.xlabel", language))
    upper = float(np.nanmax(result.balance["diff_unadjusted"].abs())) if len(result.balance) else 0.3
    ax.set_xlim(0, max(0.3, upper * 1.1))
    axis_numbers(ax.xaxis, 2, language)
    fig.suptitle(_t("love.title", language), fontweight="bold")
    fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=9)
    rows = int(np.ceil(len(handles) / 2))
    fig.tight_layout(rect=(0, (0.2 * rows + 0.15) / fig.get_figheight(), 1, 1))
    return fig


def overlap_histograms(result: Comparison, min_cell_size: int = 10, language: str = "nl") -> dict:
    """Comparison -> released histogram of the propensity score per group (bins of 0.04 merged until
    each holds ``min_cell_size`` persons)."""
    out = {}
    for comp in pd.unique(result.weights["comparison"]):
        part = result.weights[result.weights["comparison"] == comp]
        traj = part["trajectory"].iloc[0]
        out[comp], _ = release_histogram(part["ps_trajectory"], f"overlap_{traj}", by=part["group"], bins=25,
                                         value_range=(0.0, 1.0), title=_versus(traj, result.reference, language),
                                         policy=Policy(min_cell_size=min_cell_size), language=language)
    return out


@degrades
def plot_overlap(result: Comparison, language: str = "nl", min_cell_size: int = 10):
    """Distribution of the propensity score (probability of the other trajectory rather than the
    reference) in both groups of each comparison, one panel per comparison stacked, drawn from
    released histograms (bars of varying width, each holding at least ``min_cell_size`` persons)."""
    import matplotlib.pyplot as plt

    released = overlap_histograms(result, min_cell_size, language)
    comps = list(released)
    fig, axes = plt.subplots(len(comps), 1, figsize=(8, 2.1 * len(comps) + 1.3), squeeze=False, sharex=True)
    for ax, comp in zip(axes[:, 0], comps):
        part = result.weights[result.weights["comparison"] == comp]
        traj = part["trajectory"].iloc[0]
        hist = released[comp]
        for g in (result.reference, traj):
            h = hist[hist["group"] == g]
            ax.bar(h["left"], h["density"], width=h["right"] - h["left"], align="edge", alpha=0.55,
                   color=_COLORS.get(g, "#0173B2"))
        ax.set_xlim(0, 1)
        ax.set_title(_versus(traj, result.reference, language), fontsize=10)
        ax.set_yticks([])
    axes[-1, 0].set_xlabel(_t("overlap.xlabel", language))
    axis_numbers(axes[-1, 0].xaxis, 1, language)
    codes = [t for t in TRAJECTORIES if t in set(result.weights["group"])]
    fig.suptitle(_t("overlap.title", language), fontweight="bold")
    fig.legend(handles=_trajectory_handles(codes, language, lw=8, alpha=0.55), loc="lower center",
               ncol=len(codes), frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def released_curves(result: Comparison, min_cell_size: int = 10, language: str = "nl") -> pd.DataFrame:
    """The adjusted and naive curves that may be drawn (:func:`evalkit.publish.sdc.release_curve` on
    the unweighted numbers at risk and of events)."""
    policy = Policy(min_cell_size=min_cell_size)
    kept, _ = release_curve(result.curves, f"curves_{result.group}", by=["comparison", "group"], time="month",
                            title=_t("curve.ylabel", language), policy=policy, language=language)
    return kept


def released_incidence(result: Comparison, min_cell_size: int = 10, language: str = "nl") -> pd.DataFrame:
    """The cumulative incidence curves by kind of job that may be drawn (as :func:`released_curves`)."""
    policy = Policy(min_cell_size=min_cell_size)
    kept, _ = release_curve(result.incidence, f"incidence_{result.group}", by=["comparison", "group", "cause"], time="month",
                            title=_t("incidence.ylabel", language), policy=policy, language=language)
    return kept


def _grid(n: int):
    """Rows and columns for ``n`` panels that fit the page: side by side up to two, then two per row;
    and whether the last cell of the grid is free (for the legend)."""
    ncols = 1 if n == 1 else 2
    nrows = int(np.ceil(n / ncols))
    return nrows, ncols, nrows * ncols > n


@degrades
def plot_adjusted_curves(result: Comparison, language: str = "nl", min_cell_size: int = 10, naive: bool = True):
    """Share with a first job over time per comparison: adjusted curves with bootstrap bands (and the
    naive curves dashed), drawn from :func:`released_curves`; two panels per row, the legend in the
    free cell (or under the panels)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kept = released_curves(result, min_cell_size, language)
    comps = list(pd.unique(result.curves["comparison"]))
    nrows, ncols, free = _grid(len(comps))
    fig, axes = plt.subplots(nrows, ncols, figsize=(8, 3.2 * nrows + (0 if free else 0.9)), squeeze=False,
                             sharey=True)
    cells = list(axes.ravel())
    for ax, comp in zip(cells, comps):
        part = kept[kept["comparison"] == comp]
        traj = result.curves.loc[result.curves["comparison"] == comp, "trajectory"].iloc[0]
        for g in (result.reference, traj):
            c = part[part["group"] == g]
            colour = _COLORS.get(g, "#0173B2")
            ax.step(c["month"], 100 * c["share"], where="post", color=colour, lw=2)
            ax.fill_between(c["month"], 100 * c["ci_lower"], 100 * c["ci_upper"], step="post", color=colour, alpha=0.18)
            if naive:
                ax.step(c["month"], 100 * c["share_naive"], where="post", color=colour, lw=1, ls="--")
        ax.set_title(_versus(traj, result.reference, language), fontsize=10)
        ax.set_xlabel(_t("months_since_intake", language), fontsize=9)
        ax.set_xticks(np.arange(0, result.curves["month"].max() + 1, 6))
        ax.set_ylim(0, 100)
        ax.tick_params(labelleft=True)
    for ax in axes[:, 0]:
        ax.set_ylabel(_t("curve.ylabel", language))
    handles = _trajectory_handles(_present(result), language, lw=2)
    handles.append(Line2D([], [], color="#444", lw=2, label=_t("curve.adjusted", language)))
    handles.append(Patch(color="#444", alpha=0.18, label=_t("curve.band", language)))
    if naive:
        handles.append(Line2D([], [], color="#444", lw=1, ls="--", label=_t("curve.naive", language)))
    fig.suptitle(_t("curve.title", language), fontweight="bold")
    if free:
        legend_ax = cells[-1]
        legend_ax.axis("off")
        legend_ax.legend(handles=handles, loc="center", frameon=False, fontsize=9)
        fig.tight_layout()
    else:
        fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=9)
        fig.tight_layout(rect=(0, 0.12 if nrows == 1 else 0.08, 1, 1))
    return fig


@degrades
def plot_incidence(result: Comparison, language: str = "nl", min_cell_size: int = 10):
    """Adjusted cumulative incidence of a first job by kind (art. 60, regular, other), with bands:
    rows = comparisons, columns = kinds, on a grid that fits the page width."""
    import matplotlib.pyplot as plt

    kept = released_incidence(result, min_cell_size, language)
    comps = list(pd.unique(result.incidence["comparison"]))
    kinds = list(CAUSES.values())
    fig, axes = plt.subplots(len(comps), len(kinds), figsize=(8, 2.3 * len(comps) + 1.4), squeeze=False,
                             sharex=True, sharey=True)
    for i, comp in enumerate(comps):
        part = kept[kept["comparison"] == comp]
        traj = result.incidence.loc[result.incidence["comparison"] == comp, "trajectory"].iloc[0]
        for j, kind in enumerate(kinds):
            ax = axes[i, j]
            for g in (result.reference, traj):
                c = part[(part["group"] == g) & (part["cause"] == kind)]
                colour = _COLORS.get(g, "#0173B2")
                ax.step(c["month"], 100 * c["cif"], where="post", color=colour, lw=1.8)
                ax.fill_between(c["month"], 100 * c["ci_lower"], 100 * c["ci_upper"], step="post", color=colour,
                                alpha=0.18)
            if i == 0:
                ax.set_title(_t(f"cause.{kind}", language), fontsize=10)
            if j == 0:
                ax.set_ylabel(_versus(traj, result.reference, language, separator="\n"), fontsize=9)
            if i == len(comps) - 1:
                ax.set_xlabel(_t("months_since_intake", language), fontsize=9)
            ax.set_xticks(np.arange(0, result.incidence["month"].max() + 1, 12))
    fig.suptitle(_t("incidence.title", language), fontweight="bold")
    fig.legend(handles=_trajectory_handles(_present(result), language, lw=2), loc="lower center", ncol=4,
               frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


@degrades
def plot_itt_vs_as_treated(itt: Comparison, as_treated: Comparison, horizon: float | None = None,
                           language: str = "nl", shown=None, min_cell_size: int = 10):
    """Adjusted difference in the share with a job at ``horizon`` months (default: the last horizon
    of ``itt``), by assigned trajectory (intention to treat) and by realised trajectory (as treated),
    with intervals.

    ``shown`` is the released :func:`~evalkit.studies.trajectories.tables.itt_at_table`: a difference
    it hides (or misses) is not drawn (without it, every difference is drawn); not estimable when it
    hides every one."""
    import matplotlib.pyplot as plt

    from evalkit.publish.degrade import is_unavailable

    if horizon is None:
        horizon = itt.effects["horizon"].max()
    trajs = [t for t in TRAJECTORIES if t in set(itt.effects["trajectory"]) | set(as_treated.effects["trajectory"])]
    columns = [_t("itt_at.col.itt", language), _t("itt_at.col.at", language)]

    def drawn(res, column):
        e = res.effects[res.effects["horizon"] == horizon].set_index("trajectory").reindex(trajs)
        if shown is not None and not is_unavailable(shown):
            keep = [trajectory_label(t, language) in shown.table.index and
                    not isinstance(shown.table.at[trajectory_label(t, language), column], str) and
                    pd.notna(shown.table.at[trajectory_label(t, language), column]) for t in trajs]
            e = e.where(pd.Series(keep, index=e.index), axis=0)
        return e

    parts = [drawn(itt, columns[0]), drawn(as_treated, columns[1])]
    if not any(p["adjusted_difference"].notna().any() for p in parts):
        raise NotEstimable("every difference of the comparison by assigned and realised trajectory is hidden",
                           "too_few_persons", n=MARKER, min_n=min_cell_size)
    fig, ax = plt.subplots(figsize=(8, 0.75 * 3 + 2.2))
    y = np.arange(len(trajs))
    for offset, e, colour, key in ((-0.15, parts[0], "#0173B2", "itt"), (0.15, parts[1], "#DE8F05", "at")):
        ax.errorbar(100 * e["adjusted_difference"], y + offset,
                    xerr=[100 * (e["adjusted_difference"] - e["adjusted_ci_lower"]),
                          100 * (e["adjusted_ci_upper"] - e["adjusted_difference"])],
                    fmt="o", color=colour, capsize=3, label=_t(f"itt_at.{key}", language))
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(y, [_versus(t, itt.reference, language, separator="\n") for t in trajs])
    ax.invert_yaxis()
    ax.set_xlabel(textwrap.fill(_t("itt_at.xlabel", language, months=int(horizon)), 60))
    axis_numbers(ax.xaxis, 0, language)
    fig.suptitle(_t("itt_at.title", language, months=int(horizon)), fontweight="bold")
    handles, names = ax.get_legend_handles_labels()
    fig.legend(handles, names, frameon=False, fontsize=9, loc="lower center", ncol=2)
    fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))
    return fig


@degrades
def plot_flow(table, language: str = "nl"):
    """Flow from assigned (left) to realised trajectory (right), drawn from a released
    :func:`transition_table` (or its table): only flows shown as numbers are drawn, with their count
    (not estimable when the table shows none)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    if isinstance(table, Released):
        table = table.table
    if not isinstance(table.index, pd.RangeIndex):  # the assigned trajectories label the rows
        table = table.reset_index()
    total = total_label(language)
    body = table[table.iloc[:, 0] != total].set_index(table.columns[0])
    body = body[[c for c in body.columns if c != total]]
    names = list(body.index)
    inv = {trajectory_label(t, language): t for t in TRAJECTORIES}
    value = body.apply(lambda col: pd.to_numeric(col, errors="coerce")).fillna(0.0)
    grand = value.to_numpy().sum()
    if grand <= 0:
        raise NotEstimable("every flow of the transition table is hidden or empty", "no_flows")
    fig, ax = plt.subplots(figsize=(8, 5))
    gap = 0.02 * grand
    left_pos, right_pos = {}, {}
    y = 0.0
    for nm in names:
        left_pos[nm] = y
        y += value.loc[nm].sum() + gap
    y = 0.0
    for nm in body.columns:
        right_pos[nm] = y
        y += value[nm].sum() + gap
    l_off = dict(left_pos)
    r_off = dict(right_pos)
    for a in names:
        for b in body.columns:
            v = value.loc[a, b]
            if v <= 0:
                continue
            y0, y1 = l_off[a], r_off[b]
            l_off[a] += v
            r_off[b] += v
            verts = [(0.1, y0), (0.5, y0), (0.5, y1), (0.9, y1), (0.9, y1 + v), (0.5, y1 + v), (0.5, y0 + v),
                     (0.1, y0 + v), (0.1, y0)]
            codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO, Path.CURVE4, Path.CURVE4,
                     Path.CURVE4, Path.CLOSEPOLY]
            colour = _COLORS.get(inv.get(a, ""), "#0173B2")
            ax.add_patch(PathPatch(Path(verts, codes), facecolor=colour, alpha=0.45 if a == b else 0.75, lw=0))
            if a != b:
                ax.text(0.5, (y0 + y1 + v) / 2, formats.integer(int(v), language), ha="center", va="center",
                        fontsize=9)
    span = max(y, sum(value.sum(axis=1)) + gap * len(names))
    left_y = _spread([left_pos[nm] + value.loc[nm].sum() / 2 for nm in names], 0.045 * span)
    right_y = _spread([right_pos[nm] + value[nm].sum() / 2 for nm in body.columns], 0.045 * span)
    for nm, label_y in zip(names, left_y):
        h = value.loc[nm].sum()
        ax.add_patch(plt.Rectangle((0.06, left_pos[nm]), 0.04, h, color=_COLORS.get(inv.get(nm, ""), "#555")))
        ax.text(0.05, label_y, nm, ha="right", va="center", fontsize=9)
    for nm, label_y in zip(body.columns, right_y):
        h = value[nm].sum()
        ax.add_patch(plt.Rectangle((0.9, right_pos[nm]), 0.04, h, color=_COLORS.get(inv.get(nm, ""), "#555")))
        ax.text(0.95, label_y, nm, ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.35, 1.35)
    ax.set_ylim(max(y, sum(value.sum(axis=1)) + gap * len(names)), 0)
    ax.axis("off")
    ax.text(0.08, -0.02 * grand, _t("flow.assigned", language), ha="center", va="bottom", fontweight="bold")
    ax.text(0.92, -0.02 * grand, _t("flow.realised", language), ha="center", va="bottom", fontweight="bold")
    fig.suptitle(_t("flow.title", language), fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


def _spread(positions, gap: float) -> list[float]:
    """Label positions (in order, increasing) moved apart so that two are at least ``gap`` apart.

    Examples
    --------
    >>> _spread([0.0, 0.1, 0.15, 5.0], 1.0)
    [0.0, 1.0, 2.0, 5.0]
    """
    out = []
    for p in positions:
        out.append(max(p, out[-1] + gap) if out else p)
    return out


def chronogram_months(months, step: int = 6) -> list[int]:
    """The months since intake the chronogram shows: the first, every ``step``-th and the last.

    Examples
    --------
    >>> chronogram_months(range(1, 37))
    [1, 6, 12, 18, 24, 30, 36]
    """
    months = sorted({int(m) for m in months})
    return [m for i, m in enumerate(months) if i == 0 or m % step == 0 or i == len(months) - 1]


@degrades
def chronogram_shares(seq: pd.DataFrame, groups: pd.Series, min_cell_size: int = 10, language: str = "nl",
                      u: Universe | None = None, months: list | None = None) -> pd.DataFrame:
    """The state shares per shown month and group that :func:`plot_chronogram` draws, each month
    released as a table (:func:`~evalkit.studies.trajectories.tables.chronogram_table`, rare states
    merged into "other"); hidden shares are left out. When no month shows any share per trajectory,
    the months are released for all trajectories together (group ``"all"``). Not estimable when no month of any group has ``min_cell_size`` persons observed.

    Examples
    --------
    >>> import pandas as pd
    >>> seq = pd.DataFrame({"intake_id": ["a", "b"], "month": [0, 0], "state": ["nec", "leefloon"]})
    >>> chronogram_shares(seq, pd.Series({"a": "lineair", "b": "lineair"}))
    Unavailable('too_few_persons': no month of any group has 10 persons observed (at most 2))
    """
    observed = seq[seq["state"].notna()].assign(group=lambda d: d["intake_id"].map(groups))
    sizes = observed.groupby(["group", "month"]).size()
    largest = int(sizes.max()) if len(sizes) else 0
    if largest < min_cell_size:
        raise NotEstimable(f"no month of any group has {min_cell_size} persons observed (at most {largest})",
                           "too_few_persons", n=_count(largest, min_cell_size), min_n=min_cell_size)
    if months is None:
        months = chronogram_months(seq["month"].unique())
    def shown(released):
        out = []
        for g in released.table.index:
            for state in [s for s in STATES + (OTHER,) if s in released.table.columns]:
                value = released.value(g, state)
                if value is not None and not pd.isna(value):
                    out.append({"group": g, "month": month, "state": state, "share": float(value) / 100})
        return out

    per_group = {}
    for month in months:
        per_group[month] = shown(chronogram_table(seq, groups, month, language, min_cell_size, u))
    rows = [r for month in months for r in per_group[month]]
    if not rows:
        # no month shows a share per trajectory: the shares of every trajectory together
        for month in months:
            rows += shown(chronogram_table(seq, groups, month, language, min_cell_size, u, pooled=True))
    if not rows:
        raise NotEstimable("every share of the chronogram is hidden", "too_few_persons", n="x", min_n=min_cell_size)
    return pd.DataFrame(rows, columns=["group", "month", "state", "share"])


@degrades
def plot_chronogram(distribution: pd.DataFrame, language: str = "nl", group_labels: dict | None = None,
                    ncols: int = 2, title: str | None = None):
    """Stacked state shares per month, one panel per group (a chronogram), as bars per month.

    Pass the released shares of :func:`chronogram_shares`; the part of a bar that no shown share
    covers (hidden shares) is drawn grey.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    In a notebook::

        fig = plot_chronogram(chronogram_shares(seq, groups), "nl")
    """
    import matplotlib.pyplot as plt

    for col in ("group", "month", "state", "share"):
        if col not in distribution.columns:
            raise InputError(f"distribution lacks column '{col}'")
    labels = state_labels(language)
    groups = list(pd.unique(distribution["group"]))
    if group_labels:
        groups = [g for g in group_labels if g in groups] + [g for g in groups if g not in group_labels]
    present = [s for s in STATES + (OTHER,) if s in set(distribution["state"])]
    nrows = int(np.ceil(len(groups) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(8, 3.1 * nrows + 1.2), squeeze=False, sharex=True, sharey=True)
    months = np.sort(distribution["month"].unique())
    width = 0.8 * (float(np.min(np.diff(months))) if len(months) > 1 else 1.0)
    hidden_drawn = False
    for ax, g in zip(axes.ravel(), groups):
        part = distribution[distribution["group"] == g]
        wide = part.pivot_table(index="month", columns="state", values="share", aggfunc="sum").reindex(
            columns=present).fillna(0.0)
        x = wide.index.to_numpy()
        bottom = np.zeros(len(x))
        for s in present:
            ax.bar(x, 100 * wide[s].to_numpy(), width, bottom=bottom, color=_STATE_COLOURS[s], label=labels[s],
                   linewidth=0)
            bottom += 100 * wide[s].to_numpy()
        rest = np.clip(100 - bottom, 0, None)
        if (rest > 0.05).any():
            ax.bar(x, rest, width, bottom=bottom, color="#f0f0f0", edgecolor="#bbbbbb", linewidth=0.5,
                   label=None if hidden_drawn else _t("chronogram.hidden", language))
            hidden_drawn = True
        ax.set_title((group_labels or {}).get(g, g), fontsize=10)
        ax.set_ylim(0, 100)
        ax.set_xticks(months)
        ax.grid(axis="y", alpha=0.3)
    for ax in axes.ravel()[len(groups):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(_t("chronogram.ylabel", language))
    for ax in axes[-1, :]:
        ax.set_xlabel(_t("months_since_intake", language))
    handles, labs = [], []
    for ax in axes.ravel()[:len(groups)]:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labs:
                handles.append(h)
                labs.append(lab)
    fig.legend(handles[::-1], labs[::-1], loc="lower center", ncol=3, frameon=False, fontsize=9)
    fig.suptitle(title or _t("chronogram.title", language), fontweight="bold")
    rows = int(np.ceil((len(labs)) / 3))
    fig.tight_layout(rect=(0, min(0.4, (0.22 * rows + 0.15) / fig.get_figheight()), 1, 1))
    return fig
