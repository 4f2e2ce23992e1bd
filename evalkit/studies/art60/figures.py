"""The figures of the art. 60 report: the start of art. 60 since intake, the stacked state occupation
after art. 60 (alone and per category) and the time to a regular job. Curves stop where fewer than
``min_cell_size`` persons are still followed.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import formats
from evalkit.publish.display import alt_text
from evalkit.publish.sdc import Policy, release_curve
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.studies.art60.analysis import OCCUPATION_MONTHS
from evalkit.studies.art60.categories import _merged_order, _order, _t, label, variable_label

_COLORS = {"regulier_werk": "#1B7837", "art60_sec": "#7FBF7B", "ander_werk": "#C2A5CF",
           "werkloosheidsuitkering": "#F1A340", "leefloon": "#D6604D", "onbekend": "#BDBDBD"}
_LINE_COLORS = ("#0173B2", "#DE8F05", "#029E73", "#CC78BC", "#CA9161", "#949494")


@degrades
def plot_art60_start(start: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, last_months: float = 48):
    """Cumulative incidence (%) of a first art. 60 since intake, one line per trajectory, with
    95% bands; lines stop where fewer than ``min_cell_size`` remain at risk.

    Examples
    --------
    >>> from evalkit.studies.art60 import art60_start, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> fig = plot_art60_start(art60_start(jobs), "en")
    """
    import matplotlib.pyplot as plt

    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif = cif[cif["cause"] == 1].drop(columns=["n_censored", "std_err"], errors="ignore")
    kept, _ = release_curve(cif, "figure.use", by=["group"], policy=Policy(min_cell_size=min_cell_size),
                            language=language)
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for i, group in enumerate(_order("trajectory", cif["group"].unique())):
        part = kept[(kept["group"] == group) & (kept["time"] <= last_months)]
        color = _LINE_COLORS[i % len(_LINE_COLORS)]
        t = np.r_[0.0, part["time"].to_numpy(float)]
        ax.step(t, 100 * np.r_[0.0, part["cif"]], where="post", color=color, lw=2,
                label=label("trajectory_short", group, language))
        lo = part["ci_lower"].fillna(part["cif"]).to_numpy(float)
        hi = part["ci_upper"].fillna(part["cif"]).to_numpy(float)
        ax.fill_between(t, 100 * np.r_[0.0, lo], 100 * np.r_[0.0, hi], step="post", color=color, alpha=0.12, lw=0)
    ax.set_xlim(0, last_months)
    ax.set_xticks(np.arange(0, last_months + 1e-9, 6))
    ax.set_ylim(0, 100)
    ax.set_xlabel(_t("axis.months_since_intake", language))
    ax.set_ylabel(_t("axis.pct_started", language))
    ax.set_title(_t("figure.use.title", language), fontsize=11)
    # the legend under the plot: it never covers a curve
    handles, labels_ = ax.get_legend_handles_labels()
    fig.legend(handles, labels_, loc="lower center", ncol=min(len(handles), 4) or 1, frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return alt_text(fig, _t("figure.use.alt", language, months=last_months))


@degrades
def plot_state_occupation(curve: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                          last_months: float = 36, marks: Sequence[float] = OCCUPATION_MONTHS, title: str | None = None,
                          ax=None, shown=None, output: str = "figure.occupation"):
    """Stacked state occupation after art. 60 (%, 100% at every time): regular work at the bottom,
    then art. 60 / social economy, unemployment benefit, social assistance, unknown. The figure
    is drawn from the released curve (:func:`released_occupation`); dotted lines mark ``marks``
    months, with the share of each state written in its band where the band is wide enough and
    ``shown(state, months)`` says the released table shows that share.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, occupation
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> fig = plot_state_occupation(occupation(after), "en")
    """
    import matplotlib.pyplot as plt

    curve = curve[curve["group"] == curve["group"].iloc[0]] if ax is None else curve
    states = _order("state", curve["state"].unique())
    wide = released_occupation(curve, min_cell_size, output=output, language=language)
    wide = wide.set_index("months")[states] if len(wide) else pd.DataFrame(columns=states)
    stop_at = float(wide.index.max()) if len(wide) else 0.0
    until = min(last_months, stop_at)
    wide = wide[wide.index <= until]
    if not len(wide):
        wide = pd.DataFrame([[0.0] * len(states)], columns=states, index=[0.0])
    x = np.r_[wide.index.to_numpy(float), until]
    y = np.vstack([wide.to_numpy(), wide.to_numpy()[-1:]]) * 100
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(8, 5.6))
    else:
        fig = ax.figure
    ax.stackplot(x, y.T, step="post", colors=[_COLORS.get(s, "#999999") for s in states],
                 labels=[label("state", s, language) for s in states], alpha=0.95, lw=0)
    # a share is written in its band at each mark where the band is wide enough to hold it
    labelled = [m for m in marks if m <= until]
    for m in labelled:
        ax.axvline(m, color="white", lw=1.2, ls=(0, (2, 2)))
        row = wide[wide.index <= m + 1e-9].iloc[-1] * 100
        if own:
            ax.text(m, 101.5, _t("fig.mark", language, months=m), ha="center", va="bottom", fontsize=9,
                    color="#333333")
        if not own and m not in (labelled[-2:] if len(labelled) > 2 else labelled):
            continue
        bottom = 0.0
        for s in states:
            share = float(row.get(s, 0.0))
            # a share is written only where the released table shows it
            if share >= (5 if own else 8) and shown is not None and shown(s, m):
                ax.text(m + 0.25, bottom + share / 2, formats.percent(share, 0, language), ha="left", va="center",
                        fontsize=9 if own else 8, fontweight="bold",
                        color="white" if s in ("regulier_werk", "leefloon") else "#222222")
            bottom += share
    width = last_months if not own else (until if until > 0 else 1)
    ax.set_xlim(0, width)
    ax.set_ylim(0, 100)
    ax.set_xticks(np.arange(0, width + 1e-9, 3 if width <= 24 else 6))
    ax.set_xlabel(_t("axis.months_after", language))
    ax.set_ylabel(_t("axis.pct_persons", language))
    ax.grid(False)
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    if own:
        ax.set_title(_t("figure.occupation.title", language), fontsize=11, pad=18)
        handles, labels_ = ax.get_legend_handles_labels()
        fig.legend(handles, labels_, loc="lower center", ncol=2, frameon=False, fontsize=9)
        fig.tight_layout(rect=(0, 0.13, 1, 1))
        alt_text(fig, _t("figure.occupation.alt", language, months=until))
    return fig


@degrades
def plot_occupation_by(curve: pd.DataFrame, variable: str, language: str = "nl", min_cell_size: int = 10,
                       last_months: float = 36):
    """Small multiples of :func:`plot_state_occupation`, one panel per category of ``variable``
    (``curve`` from :func:`occupation` with ``by=variable``, small categories already merged).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, occupation
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> fig = plot_occupation_by(occupation(after, by="employer_type"), "employer_type", "en")
    """
    import matplotlib.pyplot as plt

    groups = _merged_order(variable, curve["group"].unique())
    ncol = 2
    nrow = int(np.ceil(len(groups) / ncol)) or 1
    fig, axes = plt.subplots(nrow, ncol, figsize=(8, 3.3 * nrow + 1.2), squeeze=False, sharey=True)
    for ax, g in zip(axes.ravel(), groups):
        part = curve[curve["group"] == g]
        plot_state_occupation(part, language, min_cell_size, last_months, title=label(variable, g, language), ax=ax,
                              output=f"figure.occupation.{variable}.{g}")
    for ax in axes.ravel()[len(groups):]:
        ax.set_visible(False)
    for ax in axes.ravel():
        ax.set_xlabel(_t("axis.months_after_short", language), fontsize=9)
        ax.set_ylabel(_t("axis.pct", language) if ax.get_subplotspec().is_first_col() else "")
    handles, labels_ = axes.ravel()[0].get_legend_handles_labels()
    fig.suptitle(_t("figure.occupation_by.title", language, variable=variable_label(variable, language)),
                 x=0.01, ha="left", fontsize=11, fontweight="bold")
    fig.legend(handles, labels_, loc="lower center", ncol=2, frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return alt_text(fig, _t("figure.occupation_by.alt", language, variable=variable_label(variable, language).lower(),
                            months=last_months))


@degrades
def plot_regular_job(cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, last_months: float = 36):
    """Cumulative incidence (%) of a first regular job after art. 60, one line per group.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, regular_job_incidence
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> fig = plot_regular_job(regular_job_incidence(after), "en")
    """
    import matplotlib.pyplot as plt

    part = cif[cif["cause"] == 1].drop(columns=["n_censored", "std_err"], errors="ignore")
    kept, _ = release_curve(part, "figure.regular", by=["group"], policy=Policy(min_cell_size=min_cell_size),
                            language=language)
    fig, ax = plt.subplots(figsize=(8, 4.4))
    groups = list(dict.fromkeys(part["group"]))
    for i, g in enumerate(groups):
        c = kept[(kept["group"] == g) & (kept["time"] <= last_months)]
        color = _LINE_COLORS[i % len(_LINE_COLORS)] if len(groups) > 1 else _COLORS["regulier_werk"]
        t = np.r_[0.0, c["time"].to_numpy(float)]
        ax.step(t, 100 * np.r_[0.0, c["cif"]], where="post", color=color, lw=2,
                label=None if g == survival.ALL else str(g))
        lo = c["ci_lower"].fillna(c["cif"]).to_numpy(float)
        hi = c["ci_upper"].fillna(c["cif"]).to_numpy(float)
        ax.fill_between(t, 100 * np.r_[0.0, lo], 100 * np.r_[0.0, hi], step="post", color=color, alpha=0.15, lw=0)
    ax.set_xlim(0, last_months)
    ax.set_xticks(np.arange(0, last_months + 1e-9, 3 if last_months <= 24 else 6))
    ax.set_ylim(0, 100)
    ax.set_xlabel(_t("axis.months_after", language))
    ax.set_ylabel(_t("axis.pct_regular_job", language))
    ax.set_title(_t("figure.regular.title", language), fontsize=11)
    if len(groups) > 1:
        ax.legend(frameon=False, fontsize=9, loc="lower right")
    fig.tight_layout()
    return alt_text(fig, _t("figure.regular.alt", language, months=last_months))


def released_occupation(curve: pd.DataFrame, min_cell_size: int = 10, output: str = "figure.occupation",
                        language: str = "nl") -> pd.DataFrame:
    """The state-occupation curve as released for a figure: one row per kept time (``months``, one
    column per state), through :func:`evalkit.publish.sdc.release_curve`. The events of a step are
    the changes of state then (half the sum of the changes in the numbers observed in each state),
    the persons at risk those still followed."""
    wide = curve.pivot_table(index="months", columns="state", values="probability", aggfunc="first").fillna(0.0)
    seen = curve.pivot_table(index="months", columns="state", values="n_in_state", aggfunc="first").fillna(0)
    at_risk = curve.groupby("months")["n_under_observation"].first().reindex(wide.index)
    events = (seen.diff().abs().sum(axis=1) / 2).fillna(0).astype(int)
    data = wide.reset_index().assign(n_at_risk=at_risk.to_numpy(), n_events=events.to_numpy())
    kept, _ = release_curve(data, output, time="months", policy=Policy(min_cell_size=min_cell_size), language=language)
    return kept
