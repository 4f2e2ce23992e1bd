"""The art. 60 study - does a temporary art. 60 job lead to lasting regular work? - for
``notebooks/05_art60_sustainability.ipynb``.

The notebook stays thin: it calls the steps below and shows what they return.

- **Use of art. 60**: :func:`art60_start` (time from intake to the first art. 60, with leaving the
  registers as competing event), :func:`use_table`, :func:`employer_table`, :func:`plot_art60_start`.
- **After art. 60** (:mod:`evalkit.stats.transitions`): :func:`follow` reads what happened after the end of
  each (first) art. 60 spell; :func:`next_state_table` (the competing next states),
  :func:`occupation` and :func:`occupation_table` (probability of being in each state 3, 6, 12, 24
  months later), :func:`plot_state_occupation` (the stacked figure), :func:`regular_job_table` and
  :func:`plot_regular_job` (time to a regular job).
- **Durable employment** under several definitions (:class:`evalkit.outcomes.DurableJob`):
  :func:`durable_indicators`, :func:`durable_table`.
- **Differences** by trajectory, employer type, profile and Dutch level improvement during the spell
  (:func:`nt2_improvement`): :func:`differences`, :func:`differences_table`.
- **Compared with what?** :func:`landmark_data`, :func:`landmark_comparison` and
  :func:`landmark_table`: persons still without a regular job at a landmark (12 or 18 months after
  intake) who had started an art. 60 by then, against those who had not, adjusted for profile and
  trajectory with inverse probability weights (:mod:`evalkit.compare`). :func:`naive_comparison`
  shows the comparison that suffers from immortal-time bias, for the explanation.
- **The published TWE table** reproduced: :func:`twe_result`, :func:`twe_table`.

Time is shown in months (days / 30.4375). No count below ``min_cell_size`` is shown; shares that
would reveal such a count are hidden (``x``); curves stop where fewer than ``min_cell_size`` persons
remain under observation.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.publish import disclosure
from evalkit.stats import survival
from evalkit.stats import transitions as tr
from evalkit.errors import InputError
from evalkit.publish import labels
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.art60")
DAYS_PER_MONTH = 365.25 / 12
#: Profile covariates (as in the other studies); with the trajectory they adjust the landmark comparison.
PROFILE_COVARIATES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period")
#: Variables by which post-art. 60 outcomes are compared.
DIFFERENCE_VARIABLES = ("trajectory", "employer_type", "sex", "household", "age_group", "education", "nt2_group",
                        "nt2_improved")
#: Contracts of regular (NEC) work, temporary agency work included: the circuits in ``transitions.REGULAR_WORK``.
REGULAR_CONTRACTS = ("nec_open_ended", "nec_fixed_term", "interim")
#: Months after the end of art. 60 at which state occupation is reported.
OCCUPATION_MONTHS = (3, 6, 12, 24)
#: Next-state groups of the differences table: the small groups together as ``overig``.
DIFFERENCE_GROUPS = {state: (group if group in ("regulier_werk", "werkloosheidsuitkering", "leefloon") else "overig")
                     for state, group in tr.STATE_GROUPS.items()}
_DIFFERENCE_ORDER = ("regulier_werk", "werkloosheidsuitkering", "leefloon", "overig")
#: Categories of the published TWE result table (Tabel 9), in its order.
TWE_RESULTS = ("geen_werk", "nec", "nec_in_se_bedrijf", "sec")
_ORDER = {"nt2_group": ["0", "<1.1", "1.1", "1.2", "2.x+", "missing"], "age_group": ["18-24", "25-30", "30+"],
          "intake_period": ["2017H1", "2017H2", "2018H1", "2018H2"], "nt2_improved": ["ja", "nee", "onbekend"]}
_UNKNOWN = "onbekend"
_SMALL = "kleine_groepen"  # code of categories merged because they are small
_INDENT = "· "  # marks the category rows under a heading row (leading spaces do not survive HTML tables)
_DASH = "–"
_COLORS = {"regulier_werk": "#1B7837", "art60_sec": "#7FBF7B", "ander_werk": "#C2A5CF",
           "werkloosheidsuitkering": "#F1A340", "leefloon": "#D6604D", "onbekend": "#BDBDBD"}
_LINE_COLORS = ("#0173B2", "#DE8F05", "#029E73", "#CC78BC", "#CA9161", "#949494")


# --------------------------------------------------------------------------- small helpers
def months(days) -> np.ndarray:
    """Days as months (30.4375 days each).

    Examples
    --------
    >>> months([365.25, 730.5]).tolist()
    [12.0, 24.0]
    """
    return np.asarray(days, dtype=float) / DAYS_PER_MONTH


def _days(months_) -> np.ndarray:
    return np.asarray(months_, dtype=float) * DAYS_PER_MONTH


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


#: Labels of categories that the code lists do not give (or give too long for a table).
LABELS = {**{key.removeprefix("labels."): TEXTS.by_language(key) for key in TEXTS.keys() if key.startswith("labels.")},
          "trajectory_short": labels.LABELS["trajectory_short"], "nt2_group": labels.LABELS["nt2_group"]}


def label(variable: str, code, language: str = "nl") -> str:
    """Display label of a category (state group, trajectory, employer type, profile value ...).

    Examples
    --------
    >>> label("state", "regulier_werk", "en")
    'Regular job (NEC, incl. temporary agency)'
    >>> label("employer_type", "private")
    'Privésector'
    """
    if isinstance(code, str) and _SMALL in code:
        base = code.replace(_SMALL, "").rstrip("+")
        small = _t("small_groups", language)
        return f"{label(variable, base, language)} + {small.lower()}" if base else small
    if variable in LABELS and code in LABELS[variable]:
        return LABELS[variable][code][language]
    if code in labels.LABELS["*"]:
        return labels.LABELS["*"][code][language]
    if variable == "employer_type":
        from evalkit.registry.schema import codelist

        cl = codelist("employer_type")
        return dict(zip(cl["code"], cl[f"label_{language}"])).get(code, str(code))
    return labels.category_labels(variable, language).get(code, str(code))


def variable_label(variable: str, language: str = "nl") -> str:
    """Heading of a variable in ``language``.

    Examples
    --------
    >>> variable_label("employer_type", "en")
    'Art. 60 employer'
    """
    return TEXTS.table("variables", language).get(variable, variable)


def _order(variable: str, values) -> list:
    present = list(dict.fromkeys(v for v in values if pd.notna(v)))
    if variable == "state":
        order = list(tr.GROUPS)
    elif variable == "employer_type":
        from evalkit.registry.schema import codelist

        order = list(codelist("employer_type")["code"])
    else:
        order = _ORDER.get(variable) or labels.category_order(variable)
    return [v for v in order if v in present] + sorted((v for v in present if v not in order), key=str)


def _pct(value: float, decimals: int = 1) -> str:
    return _DASH if not np.isfinite(value) else f"{100 * value:.{decimals}f}"


def _pct_ci(value: float, lo: float, hi: float) -> str:
    if not np.isfinite(value):
        return _DASH
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return f"{100 * value:.1f}"
    return f"{100 * value:.1f} ({100 * lo:.1f}{_DASH}{100 * hi:.1f})"


def _count(value, min_cell_size: int):
    value = int(round(float(value)))
    return disclosure.small_count_marker(min_cell_size) if 0 < value < min_cell_size else value


def _fmt_p(p: float) -> str:
    return _DASH if not np.isfinite(p) else ("< 0.001" if p < 0.001 else f"{p:.3f}")


def _at(curve: pd.DataFrame, t: float, column: str) -> float:
    """Value of a step curve (sorted by time) at time t (0 before the first time)."""
    before = curve[curve["time"] <= t + 1e-9]
    return float(before[column].iloc[-1]) if len(before) else 0.0


def _with_unknown(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), _UNKNOWN).replace({"missing": _UNKNOWN})


# --------------------------------------------------------------------------- use of art. 60
def art60_start(jobs: pd.DataFrame) -> pd.DataFrame:
    """Time from intake to the first art. 60 job, per intake, as competing risks.

    Parameters
    ----------
    jobs : DataFrame
        From :func:`evalkit.outcomes.first_jobs` (``days_to_art60``, ``art60``, ``left_registers``,
        ``trajectory``).

    Returns
    -------
    DataFrame
        ``intake_id``, ``trajectory``, ``days``, ``months``, ``cause`` (1 = an art. 60 started,
        2 = left the registers without one, 0 = censored).

    Examples
    --------
    >>> import pandas as pd
    >>> jobs = pd.DataFrame({"intake_id": ["I1", "I2", "I3"], "trajectory": ["lineair"] * 3,
    ...                      "days_to_art60": [400, 900, 300], "art60": [1, 0, 0],
    ...                      "left_registers": [False, False, True]})
    >>> art60_start(jobs)["cause"].tolist()
    [1, 0, 2]
    """
    needed = ["intake_id", "trajectory", "days_to_art60", "art60", "left_registers"]
    missing = [c for c in needed if c not in jobs.columns]
    if missing:
        raise InputError(f"jobs lacks column(s) {missing}; make it with evalkit.outcomes.first_jobs()")
    cause = np.where(jobs["art60"] == 1, 1, np.where(jobs["left_registers"].astype(bool), 2, 0))
    return pd.DataFrame({"intake_id": jobs["intake_id"].to_numpy(), "trajectory": jobs["trajectory"].to_numpy(),
                         "days": jobs["days_to_art60"].to_numpy(), "months": months(jobs["days_to_art60"]),
                         "cause": cause.astype(np.int64)})


def use_table(start: pd.DataFrame, times_months: Sequence[float] = (12, 24, 36), language: str = "nl",
              min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Use of art. 60 per trajectory: clients, clients with an art. 60 during follow-up, the
    cumulative incidence of a first art. 60 at the given months since intake, and the median and
    mean time to its start among those who started one.

    A share resting on fewer than ``min_cell_size`` starts is hidden (``x``); beyond the time at which
    fewer than ``min_cell_size`` clients are still followed it is not shown (``–``).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> table, note = use_table(art60_start(jobs), (12, 24), "en")
    >>> table.iloc[-1, :3].astype(str).tolist()
    ['Total', '1662', '1044']
    """
    rows = []
    groups = _order("trajectory", start["trajectory"].unique()) + ["total"]
    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif_all = survival.cumulative_incidence(start, "months", "cause").assign(group="total")
    cif = pd.concat([cif, cif_all], ignore_index=True)
    cif = cif[cif["cause"] == 1]
    hidden = False
    for group in groups:
        part = start if group == "total" else start[start["trajectory"] == group]
        curve = cif[cif["group"] == group]
        starters = part[part["cause"] == 1]
        n_start = len(starters)
        row = {_t("col.trajectory", language): (_t("total", language) if group == "total"
                                                else label("trajectory_short", group, language)),
               _t("col.clients", language): _count(len(part), min_cell_size),
               _t("col.with_art60", language): _count(n_start, min_cell_size)}
        for t in times_months:
            at_risk = (part["months"] >= t).sum()
            events = int(((part["cause"] == 1) & (part["months"] <= t)).sum())
            key = _t("col.cif_months", language, months=f"{t:g}")
            if at_risk < min_cell_size:
                row[key] = _DASH
            elif 0 < events < min_cell_size:
                row[key], hidden = disclosure.SECONDARY_MARKER, True
            else:
                row[key] = _pct(_at(curve, t, "cif"))
        few = n_start < min_cell_size
        row[_t("col.median_months", language)] = _DASH if few else f"{starters['months'].median():.1f}"
        row[_t("col.mean_days", language)] = _DASH if few else f"{starters['days'].mean():.0f}"
        rows.append(row)
    note = _t("use.note", language, min_cell_size=min_cell_size)
    if hidden:
        note += " " + _t("note.hidden_share", language, min_cell_size=min_cell_size)
    return pd.DataFrame(rows), note


def plot_art60_start(start: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, last_months: float = 48):
    """Cumulative incidence (%) of a first art. 60 since intake, one line per trajectory, with
    95% bands; lines stop where fewer than ``min_cell_size`` remain at risk.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> fig = plot_art60_start(art60_start(jobs), "en")
    """
    import matplotlib.pyplot as plt

    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif = cif[cif["cause"] == 1]
    kept, _ = disclosure.truncate_at_risk(cif, min_cell_size, language=language)
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
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
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


def employer_table(spells: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Art. 60 spells by type of employer: number and share of spells (and of persons).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> table, note = employer_table(after.all_spells, "en")
    >>> table.iloc[:, 0].tolist()
    ['Public sector', 'Social profit', 'Social economy', 'Private sector', 'Total']
    """
    if "employer_type" not in spells.columns:
        raise InputError("spells lacks column 'employer_type'")
    etype = _with_unknown(spells["employer_type"])
    counts = etype.value_counts()
    persons = spells.assign(_e=etype).groupby("_e")["person_id"].nunique()
    order = _order("employer_type", counts.index)
    table = pd.DataFrame({"category": order, "spells": counts.reindex(order).to_numpy(),
                          "persons": persons.reindex(order).to_numpy()})
    table = pd.concat([table, pd.DataFrame({"category": ["total"], "spells": [len(spells)],
                                            "persons": [spells["person_id"].nunique()]})], ignore_index=True)
    table["pct"] = (100 * table["spells"] / len(spells)).round(1) if len(spells) else np.nan
    shown, note = disclosure.suppress_counts(table.set_index("category"), ["spells", "persons"], min_cell_size,
                                             pct_columns={"spells": ["pct"]}, total_row="total", language=language)
    shown = shown.reset_index()
    shown["category"] = [(_t("total", language) if c == "total" else label("employer_type", c, language))
                         for c in shown["category"]]
    shown = shown[["category", "spells", "pct", "persons"]]
    shown.columns = [_t("col.employer_type", language), _t("col.spells", language), _t("col.pct_spells", language),
                     _t("col.persons", language)]
    return shown, note


# --------------------------------------------------------------------------- after art. 60
@dataclass(frozen=True)
class AfterArt60:
    """What happened after the end of each followed art. 60 spell (row-level; never shown as such).

    ``all_spells`` (every art. 60 spell of the cohort, for the employer table), ``spells`` (the
    spells studied: the first of each intake, or all), ``followed`` (those that ended and are followed,
    with their attributes), ``next`` (first state after the end), ``sequences`` (sojourns in the
    main states, grouped into :data:`evalkit.stats.transitions.STATE_GROUPS` in ``group``),
    ``regular`` (time to a first regular job), ``max_gap_days``.
    """

    all_spells: pd.DataFrame
    spells: pd.DataFrame
    followed: pd.DataFrame
    next: pd.DataFrame
    sequences: pd.DataFrame
    regular: pd.DataFrame
    max_gap_days: int


def nt2_improvement(registry, spells: pd.DataFrame) -> pd.Series:
    """Whether the Dutch level rose during each art. 60 spell ("profielverhoging").

    ``ja`` when a milestone ``nt2_niveau`` dated within the spell records a level above the best
    level known at its start (the level at intake and earlier milestones); ``nee`` when no such
    milestone exists and a level is known at the start; ``onbekend`` when no level is known at the
    start. When the registry holds no ``nt2_niveau`` milestones at all, every spell is ``onbekend``.

    Examples
    --------
    >>> import types, pandas as pd
    >>> reg = types.SimpleNamespace(milestones=pd.DataFrame({
    ...     "person_id": ["P1", "P2"], "milestone": ["nt2_niveau"] * 2,
    ...     "date": pd.to_datetime(["2019-03-01", "2018-01-10"]), "value": ["1.2", "1.1"]}))
    >>> spells = pd.DataFrame({"person_id": ["P1", "P2", "P3"], "nt2_level_at_intake": ["1.1", "0", None],
    ...                        "spell_start": pd.to_datetime(["2019-01-01"] * 3),
    ...                        "spell_end": pd.to_datetime(["2019-12-31", "2019-12-31", None]),
    ...                        "censor_date": pd.to_datetime(["2021-12-31"] * 3)})
    >>> nt2_improvement(reg, spells).tolist()
    ['ja', 'nee', 'onbekend']
    """
    from evalkit.registry.schema import codelist

    for col in ("person_id", "nt2_level_at_intake", "spell_start", "spell_end", "censor_date"):
        if col not in spells.columns:
            raise InputError(f"spells lacks column '{col}'")
    rank = {code: i for i, code in enumerate(codelist("nt2_level")["code"].astype(str))}
    miles = getattr(registry, "milestones", None)
    if miles is None or miles.empty or not (miles["milestone"] == "nt2_niveau").any():
        return pd.Series(_UNKNOWN, index=spells.index, name="nt2_improved")
    m = miles[miles["milestone"] == "nt2_niveau"]
    m = pd.DataFrame({"person_id": m["person_id"].to_numpy(), "m_date": pd.to_datetime(m["date"]).to_numpy(),
                      "m_rank": m["value"].astype(str).map(rank).to_numpy(dtype=float)})
    s = pd.DataFrame({"_row": np.arange(len(spells)), "person_id": spells["person_id"].to_numpy(),
                      "start": spells["spell_start"].to_numpy(),
                      "end": spells["spell_end"].fillna(spells["censor_date"]).to_numpy(),
                      "base": spells["nt2_level_at_intake"].astype(object).map(rank).to_numpy(dtype=float)})
    pairs = s.merge(m, on="person_id")
    before = pairs[pairs["m_date"] < pairs["start"]].groupby("_row")["m_rank"].max()
    known = np.fmax(s["base"].to_numpy(), before.reindex(s["_row"]).to_numpy())
    during = pairs[(pairs["m_date"] >= pairs["start"]) & (pairs["m_date"] <= pairs["end"])]
    best_during = during.groupby("_row")["m_rank"].max().reindex(s["_row"]).to_numpy()
    improved = np.isfinite(best_during) & (~np.isfinite(known) | (best_during > np.nan_to_num(known, nan=-1)))
    out = np.where(improved, "ja", np.where(np.isfinite(known), "nee", _UNKNOWN))
    return pd.Series(out, index=spells.index, name="nt2_improved", dtype=object)


def follow(registry, cohort: pd.DataFrame, which: str = "first", max_gap_days: int = 31) -> AfterArt60:
    """Find the art. 60 spells of a cohort and read what followed each one.

    Parameters
    ----------
    registry : Registry
        With ``episodes``, ``milestones`` and ``extraction_dates``.
    cohort : DataFrame
        From :func:`evalkit.outcomes.cohort`.
    which : {"first", "all"}
        Follow the first art. 60 spell of each intake, or every one.
    max_gap_days : int
        Gap rule of :mod:`evalkit.stats.transitions`.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> after = follow(registry, outcomes.cohort(registry))
    >>> len(after.followed) > 500
    True
    """
    dates = getattr(registry, "extraction_dates", None)
    all_spells = tr.art60_spells(registry.episodes, cohort, which="all", extraction_dates=dates)
    spells = all_spells if which == "all" else tr.art60_spells(registry.episodes, cohort, which=which,
                                                                extraction_dates=dates)
    spells["nt2_improved"] = nt2_improvement(registry, spells).to_numpy()
    for col in ("sex", "household", "age_group", "education", "nt2_group", "employer_type"):
        if col in spells.columns:
            spells[col] = _with_unknown(spells[col])
    followed = spells[spells["ended"]].reset_index(drop=True)
    attrs = followed.drop(columns=[c for c in ("censor_date",) if c in followed.columns])
    nxt = tr.next_states(registry.episodes, followed, max_gap_days=max_gap_days)
    nxt = nxt.merge(attrs, on="spell_id", how="left")
    nxt["next_group"] = nxt["next_state"].map(tr.STATE_GROUPS)
    seq = tr.state_sequences(registry.episodes, followed, max_gap_days=max_gap_days)
    seq["group"] = seq["state"].map(tr.STATE_GROUPS)
    seq = seq.merge(attrs[["spell_id"] + [c for c in DIFFERENCE_VARIABLES if c in attrs.columns]],
                    on="spell_id", how="left")
    regular = tr.first_entry(seq).merge(attrs, on="spell_id", how="left")
    regular["months"] = months(regular["days"])
    followed = followed[followed["spell_id"].isin(seq["spell_id"])].reset_index(drop=True)
    return AfterArt60(all_spells, spells, followed, nxt, seq, regular, int(max_gap_days))


def next_state_table(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The competing next states after art. 60: number of spells and cumulative incidence (%,
    95% interval) of each state group by the day the gap rule has decided (``max_gap_days + 1``),
    and the share that began the very next day. The rows account for every spell studied: those
    followed too briefly to know the next state, and those still running at the end of follow-up,
    are rows too, so that the disclosure rules also protect them.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> table, note = next_state_table(after, "en")
    >>> table.iloc[0, :2].tolist()
    ['Regular job (NEC, incl. temporary agency)', 370]
    """
    ci = tr.next_state_incidence(after.next, groups=tr.STATE_GROUPS)
    decided = after.max_gap_days + 1
    counts = after.next[after.next["event"] > 0]["next_group"].value_counts()
    next_day = after.next[(after.next["event"] > 0) & (after.next["days"] == 0)]["next_group"].value_counts()
    order = _order("state", ci["state"].unique())
    table = pd.DataFrame({"category": order, "n": counts.reindex(order).fillna(0).astype(int).to_numpy()})
    table["cif"] = [_pct_ci(_at(ci[ci["state"] == s], decided, "cif"), _at(ci[ci["state"] == s], decided, "ci_lower"),
                            _at(ci[ci["state"] == s], decided, "ci_upper")) for s in order]
    table["next_day"] = [(100 * next_day.get(s, 0) / counts.get(s, 1)) if counts.get(s, 0) and s != tr.UNKNOWN
                         else np.nan for s in order]
    n_censored = int((after.next["event"] == 0).sum())
    n_running = len(after.spells) - len(after.next)
    extra = pd.DataFrame({"category": ["not_decided", "running", "total"],
                          "n": [n_censored, n_running, len(after.spells)],
                          "cif": ["", "", ""], "next_day": [np.nan, np.nan, np.nan]})
    table = pd.concat([table, extra], ignore_index=True)
    shown, note = disclosure.suppress_counts(table.set_index("category"), ["n"], min_cell_size,
                                             pct_columns={"n": ["cif", "next_day"]}, total_row="total",
                                             language=language)
    shown = shown.reset_index()
    shown["category"] = [_t(c, language) if c in ("total", "not_decided", "running") else label("state", c, language)
                         for c in shown["category"]]
    shown["next_day"] = [v if isinstance(v, str) else (_DASH if not np.isfinite(v) else f"{v:.0f}")
                         for v in shown["next_day"]]
    shown.columns = [_t("col.next_state", language), _t("col.spells", language),
                     _t("col.cif_next", language, days=decided), _t("col.pct_next_day", language)]
    return shown, f"{_t('next.note', language, days=decided)} {note}"


def occupation(after: AfterArt60, times_months: Sequence[float] | None = None, by: str | None = None,
               n_boot: int = 0, seed: int = 1, min_cell_size: int = 10) -> pd.DataFrame:
    """Probability of being in each state group ``t`` months after the end of art. 60
    (Aalen-Johansen, :func:`evalkit.stats.transitions.state_occupation`), with ``months`` added.

    ``times_months=None`` gives the whole curve (every transition time). With ``by``, categories
    with fewer than ``min_cell_size`` spells are merged first (:func:`merge_small`, as in
    :func:`differences`), so that figures and tables show the same groups.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> occ = occupation(after, [12])
    >>> occ[["months", "state", "probability"]].round(3).head(2)
       months          state  probability
    0    12.0  regulier_werk        0.337
    1    12.0      art60_sec        0.097
    """
    times = None if times_months is None else _days(times_months)
    seq = after.sequences
    if by is not None:
        recode = merge_small(after.next[by], min_cell_size)
        seq = seq.assign(**{by: seq["spell_id"].map(dict(zip(after.next["spell_id"], recode)))})
    occ = tr.state_occupation(seq, id="spell_id", state="group", times=times, by=by,
                              states=[g for g in tr.GROUPS if g in set(after.sequences["group"])],
                              n_boot=n_boot, seed=seed)
    occ["months"] = months(occ["time"])
    return occ


def occupation_table(occ: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """State occupation at a few months after the end of art. 60 (%, 95% bootstrap interval): one
    row per state group, one column per month, and the number still followed.

    A share whose state holds fewer than ``min_cell_size`` observed persons is hidden (``x``), and
    where that would let it be recovered from the other shares of the column, the next smallest too.
    Months at which fewer than ``min_cell_size`` persons are still followed are not shown.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> table, note = occupation_table(occupation(after, [6, 12], n_boot=20, seed=1), "en")
    >>> table.columns.tolist()
    ['Situation', 'After 6 months', 'After 12 months']
    """
    occ = occ[occ["group"] == occ["group"].iloc[0]]
    times = sorted(occ["months"].unique())
    states = _order("state", occ["state"].unique())
    counts = occ.pivot(index="state", columns="months", values="n_in_state").reindex(states)
    counts.loc["total"] = occ.groupby("months")["n_under_observation"].first().reindex(times)
    counts.columns = [f"m{i}" for i in range(len(times))]
    shown, note = disclosure.suppress_counts(counts, list(counts.columns), min_cell_size, total_row="total",
                                             language=language)
    has_ci = "ci_lower" in occ.columns
    rows = []
    for s in states + ["total"]:
        row = {_t("col.state", language): _t("followed", language) if s == "total" else label("state", s, language)}
        for i, m in enumerate(times):
            key = _t("col.after_months", language, months=f"{m:g}")
            n_obs = counts.loc["total", f"m{i}"]
            if s == "total":
                row[key] = _count(n_obs, min_cell_size)
            elif n_obs < min_cell_size:
                row[key] = _DASH
            elif isinstance(shown.loc[s, f"m{i}"], str):
                row[key] = disclosure.SECONDARY_MARKER
            else:
                r = occ[(occ["state"] == s) & (occ["months"] == m)].iloc[0]
                row[key] = _pct_ci(r["probability"], r["ci_lower"], r["ci_upper"]) if has_ci else _pct(r["probability"])
        rows.append(row)
    out = pd.DataFrame(rows)
    hidden = any(isinstance(v, str) for v in shown.drop(index="total").to_numpy().ravel())
    text = _t("occupation.note", language)
    if hidden:
        text += " " + _t("note.hidden_share", language, min_cell_size=min_cell_size)
    return out, text


def plot_state_occupation(curve: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                          last_months: float = 36, marks: Sequence[float] = OCCUPATION_MONTHS, title: str | None = None,
                          ax=None):
    """Stacked state occupation after art. 60 (%, 100% at every time): regular work at the bottom,
    then art. 60 / social economy, unemployment benefit, social assistance, unknown. The figure
    stops where fewer than ``min_cell_size`` persons are still followed; dotted lines mark
    ``marks`` months, with the share of each state written in its band (when the band is wide enough
    and rests on at least ``min_cell_size`` persons observed in that state).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> fig = plot_state_occupation(occupation(after), "en")
    """
    import matplotlib.pyplot as plt

    curve = curve[curve["group"] == curve["group"].iloc[0]] if ax is None else curve
    visible = curve[curve["n_under_observation"] >= min_cell_size]
    stop_at = float(visible["months"].max()) if len(visible) else 0.0
    until = min(last_months, stop_at)
    states = _order("state", curve["state"].unique())
    wide = curve.pivot_table(index="months", columns="state", values="probability", aggfunc="first")
    wide = wide.reindex(columns=states).fillna(0.0)
    wide = wide[wide.index <= until]
    observed = curve.pivot_table(index="months", columns="state", values="n_in_state", aggfunc="first")
    observed = observed.reindex(columns=states).fillna(0)
    x = np.r_[wide.index.to_numpy(float), until]
    y = np.vstack([wide.to_numpy(), wide.to_numpy()[-1:]]) * 100
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(9, 5.6))
    else:
        fig = ax.figure
    ax.stackplot(x, y.T, step="post", colors=[_COLORS.get(s, "#999999") for s in states],
                 labels=[label("state", s, language) for s in states], alpha=0.95, lw=0)
    # a share is written in its band at each mark where the band is wide enough to hold it
    labelled = [m for m in marks if m <= until]
    for m in labelled:
        ax.axvline(m, color="white", lw=1.2, ls=(0, (2, 2)))
        row = wide[wide.index <= m + 1e-9].iloc[-1] * 100
        seen = observed[observed.index <= m + 1e-9].iloc[-1]
        if own:
            ax.text(m, 101.5, _t("fig.mark", language, months=f"{m:g}"), ha="center", va="bottom", fontsize=8.5,
                    color="#333333")
        if not own and m not in (labelled[-2:] if len(labelled) > 2 else labelled):
            continue
        bottom = 0.0
        for s in states:
            share = float(row.get(s, 0.0))
            # no label for a band that rests on fewer than min_cell_size persons observed in it
            if share >= (5 if own else 8) and seen.get(s, 0) >= min_cell_size:
                ax.text(m + 0.25, bottom + share / 2, f"{share:.0f}%", ha="left", va="center",
                        fontsize=8.5 if own else 7.5, fontweight="bold",
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
        handles, labels_ = ax.get_legend_handles_labels()
        fig.legend(handles, labels_, loc="lower center", ncol=3, frameon=False, fontsize=9)
        fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def plot_occupation_by(curve: pd.DataFrame, variable: str, language: str = "nl", min_cell_size: int = 10,
                       last_months: float = 36):
    """Small multiples of :func:`plot_state_occupation`, one panel per category of ``variable``
    (``curve`` from :func:`occupation` with ``by=variable``, small categories already merged).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> fig = plot_occupation_by(occupation(after, by="employer_type"), "employer_type", "en")
    """
    import matplotlib.pyplot as plt

    present = list(curve["group"].unique())
    base = {g: str(g).split("+")[0] for g in present}
    rank = {b: i for i, b in enumerate(_order(variable, base.values()))}
    groups = sorted(present, key=lambda g: (g == _SMALL, rank.get(base[g], len(rank))))
    ncol = 2
    nrow = int(np.ceil(len(groups) / ncol)) or 1
    fig, axes = plt.subplots(nrow, ncol, figsize=(9, 3.3 * nrow + 0.6), squeeze=False, sharey=True)
    for ax, g in zip(axes.ravel(), groups):
        part = curve[curve["group"] == g]
        n = int(part[part["time"] == 0]["n_under_observation"].iloc[0])
        plot_state_occupation(part, language, min_cell_size, last_months,
                              title=f"{label(variable, g, language)} (N = {n})",
                              ax=ax)
    for ax in axes.ravel()[len(groups):]:
        ax.set_visible(False)
    for ax in axes.ravel():
        ax.set_xlabel(_t("axis.months_after_short", language), fontsize=9)
        ax.set_ylabel("%" if ax.get_subplotspec().is_first_col() else "")
    handles, labels_ = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(handles, labels_, loc="lower center", ncol=3, frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    return fig


def regular_job_incidence(after: AfterArt60, by: str | None = None) -> pd.DataFrame:
    """Cumulative incidence of a first regular job (NEC or interim) after the end of art. 60, in
    months, with leaving the registers as competing event.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> cif = regular_job_incidence(after)
    >>> round(float(cif[(cif["cause"] == 1) & (cif["time"] <= 12)]["cif"].iloc[-1]), 3)
    0.453
    """
    data = after.regular
    return survival.cumulative_incidence(data, "months", "event", by=by)


def regular_job_table(cif: pd.DataFrame, times_months: Sequence[float] = OCCUPATION_MONTHS, language: str = "nl",
                      min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Share (%, 95% interval) with a first regular job within the given months after art. 60.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> table, note = regular_job_table(regular_job_incidence(after), (12, 24), "en")
    >>> table.iloc[:, 1].tolist()
    ['45.3 (42.0–48.5)', '50.4 (46.9–53.8)']
    """
    rows = []
    part = cif[cif["cause"] == 1]
    for t in times_months:
        before = part[part["time"] <= t]
        at_risk = part[part["time"] >= t]["n_at_risk"]
        n_risk = at_risk.iloc[0] if len(at_risk) else 0
        events = before["n_events"].sum()
        key = _t("col.within_months", language)
        if n_risk < min_cell_size:
            value = _DASH
        elif 0 < events < min_cell_size:
            value = disclosure.SECONDARY_MARKER
        else:
            value = _pct_ci(_at(part, t, "cif"), _at(part, t, "ci_lower"), _at(part, t, "ci_upper"))
        rows.append({key: f"{t:g}", _t("col.pct_regular_job", language): value})
    _, note = disclosure.truncate_at_risk(cif, min_cell_size, by=["group", "cause"], language=language)
    return pd.DataFrame(rows), note


def plot_regular_job(cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, last_months: float = 36):
    """Cumulative incidence (%) of a first regular job after art. 60, one line per group.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> fig = plot_regular_job(regular_job_incidence(after), "en")
    """
    import matplotlib.pyplot as plt

    part = cif[cif["cause"] == 1]
    kept, _ = disclosure.truncate_at_risk(part, min_cell_size, language=language)
    fig, ax = plt.subplots(figsize=(8.5, 4.4))
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
    if len(groups) > 1:
        ax.legend(frameon=False)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- durable employment
def regular_definition(definition: str | outcomes.DurableJob) -> outcomes.DurableJob:
    """The same definition of a durable job, counting only regular (NEC and interim) contracts.

    Examples
    --------
    >>> regular_definition("spell_365").contracts
    ('nec_open_ended', 'nec_fixed_term', 'interim')
    """
    d = outcomes.durable_definition(definition)
    return replace(d, name=f"{d.name}_regular", contracts=REGULAR_CONTRACTS)


def _durable_cif(jobs: pd.DataFrame, times_days: Sequence[float], min_cell_size: int) -> list[dict]:
    data = pd.DataFrame({"days": jobs["days_to_durable"].to_numpy(),
                         "event": np.where(jobs["durable"] == 1, 1,
                                           np.where(jobs["left_registers"].astype(bool), 2, 0))})
    if not (data["event"] == 1).any():
        return [{"time": t, "cif": 0.0, "ci_lower": np.nan, "ci_upper": np.nan, "n_events": 0,
                 "n_at_risk": int((data["days"] >= t).sum())} for t in times_days]
    cif = survival.cumulative_incidence(data, "days", "event")
    part = cif[cif["cause"] == 1]
    return [{"time": t, "cif": _at(part, t, "cif"), "ci_lower": _at(part, t, "ci_lower"),
             "ci_upper": _at(part, t, "ci_upper"), "n_events": int(((data["event"] == 1) & (data["days"] <= t)).sum()),
             "n_at_risk": int((data["days"] >= t).sum())} for t in times_days]


def durable_indicators(registry, cohort: pd.DataFrame, after: AfterArt60,
                       definitions: Sequence[str | outcomes.DurableJob] = ("spell_365", "open_ended", "share_80_12m"),
                       months_since_intake: Sequence[float] = (24, 36),
                       months_after_art60: Sequence[float] = (12, 24)) -> pd.DataFrame:
    """Durable employment under each definition, side by side (cumulative incidence, leaving the
    registers competing):

    - ``since_intake_any``: a durable job of any kind (art. 60 included) since intake;
    - ``since_intake_regular``: a durable regular job (NEC, interim) since intake;
    - ``after_art60_regular``: a durable regular job after the end of the first art. 60.

    Returns
    -------
    DataFrame
        ``population``, ``definition``, ``months``, ``cif``, ``ci_lower``, ``ci_upper``, ``n_events``
        (durable jobs by then), ``n_at_risk`` (still followed then), ``n`` (persons or spells).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> ind = durable_indicators(registry, cohort, after, ["spell_365"], (24,), (12,))
    >>> ind[["population", "months", "cif"]].round(3)
                 population  months    cif
    0      since_intake_any      24  0.280
    1  since_intake_regular      24  0.129
    2   after_art60_regular      12  0.270
    """
    rows = []
    pseudo = pd.DataFrame({
        "intake_id": after.followed["spell_id"].astype(str).to_numpy(),
        "person_id": after.followed["person_id"].to_numpy(),
        "intake_date": (after.followed["spell_end"] + pd.Timedelta(days=1)).to_numpy(),
        "censor_date": after.followed["censor_date"].to_numpy()})
    for definition in definitions:
        d = outcomes.durable_definition(definition)
        regular = regular_definition(d)
        plans = (("since_intake_any", cohort, d, months_since_intake),
                 ("since_intake_regular", cohort, regular, months_since_intake),
                 ("after_art60_regular", pseudo, regular, months_after_art60))
        for population, frame, rule, times in plans:
            if len(frame) == 0:
                continue
            jobs = outcomes.first_jobs(registry, frame, durable=rule)
            for m, r in zip(times, _durable_cif(jobs, _days(times), 0)):
                rows.append({"population": population, "definition": d.name, "months": m, "n": len(frame), **r})
    return pd.DataFrame(rows).drop(columns="time")


def durable_table(indicators: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The durable-employment indicators as a table: one row per population and horizon, one
    column per definition (%, 95% interval).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> ind = durable_indicators(registry, cohort, after, ["spell_365", "open_ended"], (24,), (12,))
    >>> table, note = durable_table(ind, "en")
    >>> table.columns.tolist()
    ['Indicator', 'Job of ≥ 365 days', 'Open-ended contract']
    """
    definitions = list(dict.fromkeys(indicators["definition"]))
    rows, hidden = [], False
    for (population, m), part in indicators.groupby(["population", "months"], sort=False):
        row = {_t("col.indicator", language): _t(f"durable.{population}", language, months=f"{m:g}")}
        for d in definitions:
            r = part[part["definition"] == d].iloc[0]
            key = _t(f"definition.{d}", language)
            if r["n_at_risk"] < min_cell_size:
                row[key] = _DASH
            elif 0 < r["n_events"] < min_cell_size:
                row[key], hidden = disclosure.SECONDARY_MARKER, True
            else:
                row[key] = _pct_ci(r["cif"], r["ci_lower"], r["ci_upper"])
        rows.append(row)
    note = _t("durable.note", language)
    if hidden:
        note += " " + _t("note.hidden_share", language, min_cell_size=min_cell_size)
    return pd.DataFrame(rows), note


# --------------------------------------------------------------------------- differences
def merge_small(values: pd.Series, min_count: int) -> pd.Series:
    """Merge categories with fewer than ``min_count`` rows: together as ``kleine_groepen`` when that
    reaches ``min_count``, otherwise into the largest category (``<largest>+kleine_groepen``), so
    that no category below the threshold can be read off, not even as a remainder.

    Examples
    --------
    >>> s = pd.Series(["a"] * 12 + ["b"] * 11 + ["c"] * 3 + ["d"] * 2)
    >>> merge_small(s, 10).value_counts().to_dict()
    {'a+kleine_groepen': 17, 'b': 11}
    """
    v = values.astype(object)
    counts = v.value_counts()
    small = counts.index[counts < min_count]
    if len(small) == 0 or len(small) == len(counts):
        return v
    if counts[small].sum() >= min_count:
        return v.where(~v.isin(small), _SMALL)
    largest = counts.idxmax()
    return v.where(~v.isin(list(small) + [largest]), f"{largest}+{_SMALL}")


def differences(after: AfterArt60, variables: Sequence[str] = DIFFERENCE_VARIABLES, at_months: float = 12,
                min_cell_size: int = 10) -> pd.DataFrame:
    """Post-art. 60 outcomes per category of each variable.

    Per category: the number of followed spells, the number and share of each next state (grouped
    as :data:`DIFFERENCE_GROUPS`, by the day the gap rule decides), the probability of being in
    regular work ``at_months`` after the end
    (Aalen-Johansen), the share with a regular job within ``at_months`` (cumulative incidence), and
    Gray's test across categories for a regular job as next state. Categories with fewer than
    ``min_cell_size`` spells are merged first (:func:`merge_small`).

    Returns
    -------
    DataFrame
        ``variable``, ``category``, ``n``, ``n_<group>`` and ``pct_<group>`` for each next-state
        group, ``regular_work_at``, ``n_regular_work_at`` (observed persons in regular work then),
        ``regular_job_within``, ``n_regular_job_within``, ``p_value_next_regular`` (same value on
        every row of a variable), ``n_followed_at`` (still followed at ``at_months``).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> diff = differences(after, ["employer_type"])
    >>> diff[["category", "n", "pct_regulier_werk"]].round(1)
             category    n  pct_regulier_werk
    0          public  439               42.1
    1   social_profit  224               42.0
    2  social_economy  221               27.1
    3         private   53               58.5
    """
    decided = after.max_gap_days + 1
    states = list(_DIFFERENCE_ORDER)
    t = float(_days([at_months])[0])
    out = []
    for variable in variables:
        if variable not in after.next.columns:
            continue
        recode = merge_small(after.next[variable], min_cell_size)
        mapping = dict(zip(after.next["spell_id"], recode))
        nx = after.next.assign(_v=recode.to_numpy())
        if nx["_v"].nunique() < 2:
            continue
        ci = tr.next_state_incidence(nx, by="_v", groups=DIFFERENCE_GROUPS)
        gray = pd.DataFrame(ci.attrs.get("gray_test", []))
        p_regular = float(gray.loc[gray["cause"] == "regulier_werk", "p_value"].iloc[0]) \
            if len(gray) and (gray["cause"] == "regulier_werk").any() else np.nan
        occ = tr.state_occupation(after.sequences.assign(_v=after.sequences["spell_id"].map(mapping)),
                                  id="spell_id", state="group", times=[t], by="_v",
                                  states=[g for g in tr.GROUPS if g in set(after.sequences["group"])])
        regular = after.regular.assign(_v=after.regular["spell_id"].map(mapping))
        reg = survival.cumulative_incidence(regular, "days", "event", by="_v")
        present = list(nx["_v"].unique())
        base = {c: str(c).split("+")[0] for c in present}
        rank = {b: i for i, b in enumerate(_order(variable, base.values()))}
        for cat in sorted(present, key=lambda c: (c == _SMALL, rank.get(base[c], len(rank)))):
            part = nx[nx["_v"] == cat]
            row = {"variable": variable, "category": cat, "n": len(part)}
            for s in states:
                row[f"n_{s}"] = int((part["next_state"].map(DIFFERENCE_GROUPS) == s).sum())
                curve = ci[(ci["group"] == cat) & (ci["state"] == s)]
                row[f"pct_{s}"] = 100 * _at(curve, decided, "cif") if len(curve) else 0.0
            o = occ[(occ["group"] == cat) & (occ["state"] == "regulier_werk")]
            row["regular_work_at"] = 100 * float(o["probability"].iloc[0]) if len(o) else np.nan
            row["n_regular_work_at"] = int(o["n_in_state"].iloc[0]) if len(o) else 0
            row["n_followed_at"] = int(o["n_under_observation"].iloc[0]) if len(o) else 0
            rc = reg[(reg["group"] == cat) & (reg["cause"] == 1)]
            row["regular_job_within"] = 100 * _at(rc, t, "cif") if len(rc) else 0.0
            rp = regular[regular["_v"] == cat]
            row["n_regular_job_within"] = int(((rp["event"] == 1) & (rp["days"] <= t)).sum())
            row["p_value_next_regular"] = p_regular
            out.append(row)
    return pd.DataFrame(out)


def differences_table(diff: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                      at_months: float = 12) -> tuple[pd.DataFrame, str]:
    """The differences as a report table: a heading row per variable (with Gray's p-value), then one
    row per category.

    Next-state shares of a category are hidden where their count is below ``min_cell_size`` (and a
    second one where the hidden one could be recovered from the row total); the shares in regular
    work and with a regular job are hidden when they rest on fewer than ``min_cell_size`` persons
    or when fewer than ``min_cell_size`` spells of the category are still followed.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> table, note = differences_table(differences(after, ["employer_type"]), "en")
    >>> table.iloc[:, 0].tolist()
    ['Art. 60 employer', '· Public sector', '· Social profit', '· Social economy', '· Private sector']
    """
    states = [s for s in _DIFFERENCE_ORDER if f"n_{s}" in diff.columns]
    first_col = _t("col.characteristic", language)
    work_at = _t("col.regular_work_at", language, months=f"{at_months:g}")
    job_within = _t("col.regular_job_within", language, months=f"{at_months:g}")
    p_col = _t("col.p_next_regular", language)
    columns = [first_col, _t("col.spells", language)] + [label("state_short", s, language) for s in states] + \
        [work_at, job_within, p_col]
    rows, hidden = [], False
    for variable, block in diff.groupby("variable", sort=False):
        rows.append({**{c: "" for c in columns}, first_col: variable_label(variable, language),
                     p_col: _fmt_p(block["p_value_next_regular"].iloc[0])})
        for _, r in block.iterrows():
            counts = pd.DataFrame([{**{s: r[f"n_{s}"] for s in states}, "n": r["n"]}])
            shown, _ = disclosure.suppress_counts(counts, states, min_cell_size, total_column="n", language=language)
            name = label("trajectory_short" if variable == "trajectory" else variable, r["category"], language)
            row = {first_col: _INDENT + name, _t("col.spells", language): _count(r["n"], min_cell_size), p_col: ""}
            for s in states:
                v = shown.loc[0, s]
                if r["n"] < min_cell_size or isinstance(v, str):
                    row[label("state_short", s, language)] = disclosure.SECONDARY_MARKER
                    hidden = True
                else:
                    row[label("state_short", s, language)] = f"{r[f'pct_{s}']:.0f}"
            followed = r["n_followed_at"] >= min_cell_size and r["n"] >= min_cell_size
            for key, n_key, col in (("regular_work_at", "n_regular_work_at", work_at),
                                    ("regular_job_within", "n_regular_job_within", job_within)):
                if not followed:
                    row[col] = _DASH
                elif 0 < r[n_key] < min_cell_size:
                    row[col], hidden = disclosure.SECONDARY_MARKER, True
                else:
                    row[col] = f"{r[key]:.0f}"
            rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    note = _t("differences.note", language, months=f"{at_months:g}")
    if hidden:
        note += " " + _t("note.hidden_share", language, min_cell_size=min_cell_size)
    return out, note


# --------------------------------------------------------------------------- landmark comparison
def landmark_data(registry, jobs: pd.DataFrame, landmark_months: float, horizon_months: float,
                  covariates: Sequence[str] = ("trajectory",) + PROFILE_COVARIATES) -> pd.DataFrame:
    """The persons of a landmark comparison, one row per intake.

    At the landmark (``landmark_months`` after intake) a person is included when still followed
    (in the registers, before the censor date), without a regular job (NEC or interim) so far, and
    with the whole outcome window (``horizon_months`` after the landmark) before the censor date.
    Exposure ``art60`` = 1 when an art. 60 started before the landmark, whatever happened after.
    Outcomes over the window after the landmark: ``regular_job`` (a regular job started in the
    window) and ``regular_work_at_end`` (in regular work on its last day).

    Who started an art. 60 *after* the landmark stays in the comparison group: the comparison is
    "started by the landmark" against "not (yet) started by then", both followed from the same
    day, so no one's time before an art. 60 is credited to art. 60 (no immortal time).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> d = landmark_data(registry, jobs, 12, 12)
    >>> d["art60"].value_counts().sort_index().tolist()
    [1001, 257]
    """
    needed = ["intake_id", "person_id", "intake_date", "censor_date", "follow_up_days", "days_to_art60", "art60",
              "days_to_nec", "nec", "days_to_interim", "interim"] + list(covariates)
    missing = [c for c in needed if c not in jobs.columns]
    if missing:
        raise InputError(f"jobs lacks column(s) {missing}; make it with evalkit.outcomes.first_jobs()")
    lm, h = float(_days([landmark_months])[0]), float(_days([horizon_months])[0])
    first_regular = np.fmin(np.where(jobs["nec"] == 1, jobs["days_to_nec"], np.inf),
                            np.where(jobs["interim"] == 1, jobs["days_to_interim"], np.inf))
    window_end = jobs["intake_date"] + pd.to_timedelta(np.floor(lm + h), unit="D")
    eligible = ((jobs["follow_up_days"] > lm) & (first_regular > lm) & (window_end <= jobs["censor_date"])).to_numpy()
    d = jobs[eligible].copy()
    fr = first_regular[eligible]
    d["art60"] = ((d["art60"] == 1) & (d["days_to_art60"] <= lm)).astype(int).to_numpy()
    d["regular_job"] = (fr <= lm + h).astype(int)
    end = pd.DataFrame({"person_id": d["person_id"].to_numpy(), "date": window_end[eligible].to_numpy()})
    d["regular_work_at_end"] = tr.state_on(registry.episodes, end).isin(tr.REGULAR_WORK).astype(int).to_numpy()
    for c in covariates:
        d[c] = _with_unknown(d[c])
    d["landmark_months"] = landmark_months
    d["horizon_months"] = horizon_months
    cols = ["intake_id", "landmark_months", "horizon_months", "art60", "regular_job", "regular_work_at_end"]
    return d[cols + list(covariates)].reset_index(drop=True)


def landmark_comparison(registry, jobs: pd.DataFrame, landmarks: Sequence[float] = (12, 18),
                        horizons: Sequence[float] = (12, 24),
                        covariates: Sequence[str] = ("trajectory",) + PROFILE_COVARIATES,
                        n_boot: int = 200, seed: int = 1, min_count: int = 10) -> pd.DataFrame:
    """Art. 60 started by the landmark versus not (yet), for those still without a regular job then.

    The effect is the difference in each outcome among those who started an art. 60 (ATT): their
    share minus the share of the comparison group reweighted to their profile and trajectory with
    inverse probability weights (:func:`evalkit.compare.effect`, bootstrap interval refitting the
    propensity model). Balance after weighting: the largest absolute standardised difference over
    the covariate terms (:func:`evalkit.compare.balance`). Categories of a covariate with fewer than
    ``min_count`` persons are merged into its largest category first, so that no weight rests on a
    handful of people.

    Returns
    -------
    DataFrame
        ``landmark_months``, ``horizon_months``, ``outcome``, ``n_art60``, ``n_other``,
        ``events_art60``, ``events_other``, ``pct_art60``, ``pct_other`` (crude), ``pct_other_adjusted``,
        ``difference``, ``ci_lower``, ``ci_upper`` (percentage points, adjusted), ``crude_difference``,
        ``max_abs_smd_before``, ``max_abs_smd_after``.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> res = landmark_comparison(registry, jobs, landmarks=(12,), horizons=(12,), n_boot=20, seed=1)
    >>> res[["outcome", "n_art60", "n_other"]]
                   outcome  n_art60  n_other
    0          regular_job      257     1001
    1  regular_work_at_end      257     1001
    """
    from evalkit.stats import compare

    rows = []
    for lm in landmarks:
        for h in horizons:
            d = _lump_rare(landmark_data(registry, jobs, lm, h, covariates), covariates, min_count)
            usable = [c for c in covariates if d[c].nunique() > 1]
            n_art60 = int(d["art60"].sum())
            if min(n_art60, len(d) - n_art60) < min_count:
                # too few persons in a group to weigh one against the other: counts only
                for outcome in ("regular_job", "regular_work_at_end"):
                    rows.append({"landmark_months": lm, "horizon_months": h, "outcome": outcome,
                                 "n_art60": n_art60, "n_other": len(d) - n_art60})
                continue
            weights = compare.ipw(d, "art60", usable, estimand="ATT")
            bal = compare.balance(d, "art60", usable, weights=weights["weight"].to_numpy(), estimand="ATT")
            for outcome in ("regular_job", "regular_work_at_end"):
                eff = compare.effect(d, outcome, "art60", usable, estimand="ATT", n_boot=n_boot, seed=seed).iloc[0]
                exposed, other = d[d["art60"] == 1], d[d["art60"] == 0]
                rows.append({
                    "landmark_months": lm, "horizon_months": h, "outcome": outcome,
                    "n_art60": len(exposed), "n_other": len(other),
                    "events_art60": int(exposed[outcome].sum()), "events_other": int(other[outcome].sum()),
                    "pct_art60": 100 * exposed[outcome].mean(), "pct_other": 100 * other[outcome].mean(),
                    "pct_other_adjusted": 100 * eff["mean_versus"],
                    "difference": 100 * eff["estimate"], "ci_lower": 100 * eff["ci_lower"],
                    "ci_upper": 100 * eff["ci_upper"],
                    "crude_difference": 100 * (exposed[outcome].mean() - other[outcome].mean()),
                    "max_abs_smd_before": float(bal["diff_unadjusted"].abs().max()),
                    "max_abs_smd_after": float(bal["diff_adjusted"].abs().max()),
                })
    columns = ["landmark_months", "horizon_months", "outcome", "n_art60", "n_other", "events_art60", "events_other",
               "pct_art60", "pct_other", "pct_other_adjusted", "difference", "ci_lower", "ci_upper",
               "crude_difference", "max_abs_smd_before", "max_abs_smd_after"]
    return pd.DataFrame(rows, columns=columns)


def landmark_table(result: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The landmark comparison as a report table: a heading row per landmark, then one row per
    outcome and follow-up (percentages; differences in percentage points, 95% interval).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> res = landmark_comparison(registry, jobs, landmarks=(12,), horizons=(12,), n_boot=20, seed=1)
    >>> table, note = landmark_table(res, "en")
    >>> for row in table.iloc[:, 0]:
    ...     print(row)
    Landmark 12 months after intake
    · Started a regular job within 12 months
    · In a regular job after 12 months
    """
    first_col = _t("col.outcome", language)
    keys = ("col.n_art60", "col.n_other", "col.pct_art60", "col.pct_other", "col.pct_other_adjusted", "col.difference")
    columns = [first_col] + [_t(k, language) for k in keys]
    rows, hidden = [], False
    for lm, block in result.groupby("landmark_months", sort=False):
        rows.append({**{c: "" for c in columns}, first_col: _t("landmark.at", language, months=f"{lm:g}")})
        for _, r in block.iterrows():
            row = {first_col: _INDENT + _t(f"landmark.{r['outcome']}", language, months=f"{r['horizon_months']:g}"),
                   _t("col.n_art60", language): _count(r["n_art60"], min_cell_size),
                   _t("col.n_other", language): _count(r["n_other"], min_cell_size)}
            # a share reveals both its count and the rest of its group
            small = any(0 < r[k] < min_cell_size or 0 < r[n] - r[k] < min_cell_size
                        for k, n in (("events_art60", "n_art60"), ("events_other", "n_other")))
            if small or min(r["n_art60"], r["n_other"]) < min_cell_size or not np.isfinite(r["difference"]):
                hidden = True
                for key in keys[2:]:
                    row[_t(key, language)] = disclosure.SECONDARY_MARKER
            else:
                row[_t("col.pct_art60", language)] = f"{r['pct_art60']:.1f}"
                row[_t("col.pct_other", language)] = f"{r['pct_other']:.1f}"
                row[_t("col.pct_other_adjusted", language)] = f"{r['pct_other_adjusted']:.1f}"
                row[_t("col.difference", language)] = (f"{r['difference']:+.1f} ({r['ci_lower']:+.1f} {_DASH} "
                                                       f"{r['ci_upper']:+.1f})")
            rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    balance = result["max_abs_smd_after"].max() if result["max_abs_smd_after"].notna().any() else np.nan
    note = _t("landmark.note", language, smd=f"{balance:.2f}" if np.isfinite(balance) else _DASH)
    if hidden:
        note += " " + _t("note.hidden_share", language, min_cell_size=min_cell_size)
    return out, note


def _lump_rare(d: pd.DataFrame, covariates: Sequence[str], min_count: int) -> pd.DataFrame:
    """Merge categories with fewer than ``min_count`` persons into the covariate's largest category."""
    d = d.copy()
    for c in covariates:
        counts = d[c].value_counts()
        rare = counts.index[counts < min_count]
        if len(rare) and len(counts) > len(rare):
            d[c] = d[c].where(~d[c].isin(rare), counts.idxmax())
    return d


def naive_comparison(registry, jobs: pd.DataFrame, horizon_months: float = 36) -> dict:
    """The comparison that suffers from immortal-time bias, for the explanation only: everyone
    with the whole window after intake, split by whether an art. 60 started *at any time* in it;
    share in regular work at the end of the window. Returns a dict of counts and percentages.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> naive = naive_comparison(registry, jobs, 36)
    >>> naive["n_ever"], naive["n_never"]
    (928, 734)
    """
    h = float(_days([horizon_months])[0])
    end = jobs["intake_date"] + pd.to_timedelta(np.floor(h), unit="D")
    d = jobs[(end <= jobs["censor_date"])].copy()
    d["ever"] = ((d["art60"] == 1) & (d["days_to_art60"] <= h)).astype(int)
    day = pd.DataFrame({"person_id": d["person_id"].to_numpy(), "date": end[d.index].to_numpy()})
    d["work"] = tr.state_on(registry.episodes, day).isin(tr.REGULAR_WORK).astype(int).to_numpy()
    ever, never = d[d["ever"] == 1], d[d["ever"] == 0]
    return {"months": horizon_months, "n_ever": len(ever), "n_never": len(never),
            "pct_ever": 100 * ever["work"].mean() if len(ever) else np.nan,
            "pct_never": 100 * never["work"].mean() if len(never) else np.nan,
            "events_ever": int(ever["work"].sum()), "events_never": int(never["work"].sum())}


# --------------------------------------------------------------------------- TWE result
def twe_result(registry, cohort: pd.DataFrame, period_start="2019-01-01", period_end="2020-03-31",
               max_gap_days: int = 31) -> pd.DataFrame:
    """The result of the last art. 60 (TWE) trajectory, as in the published Tabel 9.

    Among intakes of the cohort whose last art. 60 spell started by ``period_end`` ended between
    ``period_start`` and ``period_end`` (no later art. 60 started by then), the state that followed
    (gap rule of :mod:`evalkit.stats.transitions`): ``nec`` (regular job, interim included, at an employer
    that is not a social-economy company), ``nec_in_se_bedrijf`` (a regular job at a
    social-economy company), ``sec`` (a social-economy job) or ``geen_werk`` (anything else:
    benefits, unknown, not followed long enough).

    Returns
    -------
    DataFrame
        ``result`` (:data:`TWE_RESULTS` and ``total``), ``n``, ``pct``.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> twe_result(registry, cohort)
                  result    n    pct
    0          geen_werk  201   58.4
    1                nec  128   37.2
    2  nec_in_se_bedrijf    0    0.0
    3                sec   15    4.4
    4              total  344  100.0
    """
    start, end = pd.Timestamp(period_start), pd.Timestamp(period_end)
    ep = registry.episodes
    spells = tr.art60_spells(ep, cohort, which="all")
    key = "intake_id" if "intake_id" in spells.columns else "person_id"
    last = spells[spells["spell_start"] <= end].drop_duplicates(key, keep="last")
    closed = last[last["spell_end"].notna() & (last["spell_end"] >= start) & (last["spell_end"] <= end)]
    closed = closed.reset_index(drop=True).assign(spell_id=lambda d: np.arange(len(d)))
    nxt = tr.next_states(ep, closed, max_gap_days=max_gap_days)
    nxt = closed[["spell_id", "person_id", "spell_end"]].merge(nxt, on="spell_id", how="left")
    nxt["days"] = nxt["days"].fillna(0)
    # employer of the job that is the next state
    jobs = ep[ep["kind"] == "employment"]
    job_state = jobs["contract"].map(tr._contract_states()).fillna("other_job")
    jobs = pd.DataFrame({"person_id": jobs["person_id"].to_numpy(), "j_start": jobs["start_date"].to_numpy(),
                         "j_end": jobs["end_date"].to_numpy(), "j_state": job_state.to_numpy(),
                         "j_employer": jobs["employer_type"].to_numpy() if "employer_type" in jobs.columns else None})
    nxt["day"] = nxt["spell_end"] + pd.to_timedelta(nxt["days"] + 1, unit="D")
    pairs = nxt.reset_index().merge(jobs, on="person_id")
    cover = pairs[(pairs["j_start"] <= pairs["day"]) & (pairs["j_end"].isna() | (pairs["j_end"] >= pairs["day"]))
                  & (pairs["j_state"] == pairs["next_state"])]
    employer = cover.drop_duplicates("index").set_index("index")["j_employer"].reindex(nxt.index)
    regular = nxt["next_state"].isin(tr.REGULAR_WORK).to_numpy()
    se_employer = (employer == "social_economy").to_numpy()
    result = np.where(regular & se_employer, "nec_in_se_bedrijf",
                      np.where(regular, "nec", np.where(nxt["next_state"] == "sec", "sec", "geen_werk")))
    counts = pd.Series(result).value_counts().reindex(list(TWE_RESULTS), fill_value=0)
    out = pd.DataFrame({"result": list(TWE_RESULTS) + ["total"], "n": list(counts.to_numpy()) + [int(counts.sum())]})
    out["pct"] = (100 * out["n"] / max(int(counts.sum()), 1)).round(1)
    return out


def twe_table(result: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
              compare_published: bool = False) -> tuple[pd.DataFrame, str]:
    """The TWE result table for the report, with the published figures beside ours when asked.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> table, note = twe_table(twe_result(registry, cohort), "en", compare_published=True)
    >>> table.columns.tolist()
    ['Result of the last TWE trajectory', 'N', '%', '% published']
    """
    table = result.copy()
    if compare_published:
        from evalkit.reference import published

        pub = published("twe_last_result")
        table = table.merge(pub.rename(columns={"n": "published_n", "pct": "published_pct"}), on="result", how="left")
    shown, note = disclosure.suppress_counts(table.set_index("result"), ["n"], min_cell_size,
                                             pct_columns={"n": ["pct"]}, total_row="total", language=language)
    shown = shown.reset_index()
    if compare_published:
        small = table["published_n"].fillna(0).to_numpy() < min_cell_size
        shown["published_pct"] = shown["published_pct"].where(~small, disclosure.SECONDARY_MARKER)
        shown = shown.drop(columns="published_n")
    shown["result"] = [_t("total", language) if r == "total" else label("twe", r, language) for r in shown["result"]]
    names = {"result": _t("col.twe_result", language), "n": "N", "pct": "%",
             "published_pct": _t("col.published_pct", language)}
    return shown.rename(columns=names), note


# --------------------------------------------------------------------------- facts for the text
def facts(registry, cohort: pd.DataFrame, jobs: pd.DataFrame, after: AfterArt60, min_cell_size: int = 10) -> dict:
    """Numbers the report's text needs (no row-level data; counts below the threshold as ``<10``).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> facts(registry, cohort, jobs, after)["n_with_art60"]
    1044
    """
    from pathlib import Path

    dates = getattr(registry, "extraction_dates", {}) or {}
    path = getattr(registry, "path", None)
    followed = after.followed
    return {
        "source": Path(path).name if path is not None else "?",
        "extraction_date": max(dates.values()).date().isoformat() if dates else "?",
        "censor_date": pd.to_datetime(cohort["censor_date"]).max().date().isoformat() if len(cohort) else "-",
        "first_intake": cohort["intake_date"].min().date().isoformat() if len(cohort) else "-",
        "last_intake": cohort["intake_date"].max().date().isoformat() if len(cohort) else "-",
        "n_intakes": _count(len(cohort), min_cell_size),
        "n_with_art60": _count(int(jobs["art60"].sum()), min_cell_size),
        "pct_with_art60": 100 * jobs["art60"].mean() if len(jobs) else float("nan"),
        "n_spells": _count(len(after.spells), min_cell_size),
        "median_duration_months": (float(np.median(months(followed["duration_days"]))) if len(followed)
                                   else float("nan")),
        "pct_long": 100 * float((followed["duration_days"] >= 312).mean()) if len(followed) else float("nan"),
        "max_gap_days": after.max_gap_days,
        "has_nt2": bool((after.spells["nt2_improved"] != _UNKNOWN).any()),
    }


def occupation_reading(occ: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on where people are 12 and 24 months after art. 60.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> occupation_reading(occupation(after, [12, 24]), "en")[:40]
    'Twelve months after the end of the art. '
    """
    occ = occ[occ["group"] == occ["group"].iloc[0]]

    def p(state, m):
        r = occ[(occ["state"] == state) & (np.isclose(occ["months"], m))]
        if (not len(r) or r["n_under_observation"].iloc[0] < min_cell_size
                or 0 < r["n_in_state"].iloc[0] < min_cell_size):
            return _DASH
        return f"{100 * r['probability'].iloc[0]:.0f}%"

    return _t("occupation.reading", language, work12=p("regulier_werk", 12), work24=p("regulier_werk", 24),
              ub12=p("werkloosheidsuitkering", 12), ub24=p("werkloosheidsuitkering", 24),
              ll12=p("leefloon", 12), ll24=p("leefloon", 24))


def _share_text(pct: float, events: int, n: int, min_cell_size: int) -> str:
    """A percentage for the text, or a dash when it would reveal a small count."""
    if not np.isfinite(pct) or n < min_cell_size or 0 < events < min_cell_size or 0 < n - events < min_cell_size:
        return _DASH
    return f"{pct:.0f}%"


def use_reading(start: pd.DataFrame, at_months: float = 24, language: str = "nl", min_cell_size: int = 10) -> str:
    """Which trajectory starts art. 60 most and least often within ``at_months`` months of the intake.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> use_reading(art60_start(jobs), 24, "en")[:60]
    'Within 24 months of the intake **71%** of the clients in the'
    """
    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif = cif[cif["cause"] == 1]
    shares = {}
    for g in cif["group"].unique():
        part = start[start["trajectory"] == g]
        events = int(((part["cause"] == 1) & (part["months"] <= at_months)).sum())
        if (part["months"] >= at_months).sum() >= min_cell_size and events >= min_cell_size:
            shares[g] = 100 * _at(cif[cif["group"] == g], at_months, "cif")
    if len(shares) < 2:
        return ""
    high, low = max(shares, key=shares.get), min(shares, key=shares.get)
    return _t("use.reading", language, months=f"{at_months:g}", high=shares[high], low=shares[low],
              high_group=label("trajectory_short", high, language), low_group=label("trajectory_short", low, language))


def employer_reading(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> str:
    """The share of art. 60 jobs with a private employer.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> "**5%**" in employer_reading(after, "en")
    True
    """
    etype = after.all_spells["employer_type"]
    n_private = int((etype == "private").sum())
    share = _share_text(100 * n_private / max(len(etype), 1), n_private, len(etype), min_cell_size)
    if share == _DASH:
        share = _t("fewer_than", language, min_cell_size=min_cell_size)
    return _t("employers.reading", language, pct_private=share)


def next_reading(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> str:
    """The three main next states in one sentence.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> next_reading(after, "en")[:60]
    'Right after the art. 60, **39%** move into a regular job, **'
    """
    ci = tr.next_state_incidence(after.next, groups=tr.STATE_GROUPS)
    decided = after.max_gap_days + 1
    n = len(after.next)

    def share(group):
        events = int((after.next["next_group"] == group).sum())
        return _share_text(100 * _at(ci[ci["state"] == group], decided, "cif"), events, n, min_cell_size)

    return _t("next.reading", language, regular=share("regulier_werk"), ub=share("werkloosheidsuitkering"),
              ll=share("leefloon"))


def regular_reading(after: AfterArt60, cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> str:
    """Share with a regular job within 12 and 24 months after art. 60.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> regular_reading(after, regular_job_incidence(after), "en")[:60]
    'Within 12 months after the art. 60, **45%** had had a regula'
    """
    part = cif[cif["cause"] == 1]
    data = after.regular

    def share(m):
        t = float(_days([m])[0])
        if (data["days"] >= t).sum() < min_cell_size:
            return _DASH
        events = int(((data["event"] == 1) & (data["days"] <= t)).sum())
        return _share_text(100 * _at(part, m, "cif"), events, len(data), min_cell_size)

    return _t("regular.reading", language, m12=share(12), m24=share(24))


def differences_reading(diff: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> str:
    """The regular job as next state by employer type, in one sentence.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> differences_reading(differences(after, ["employer_type"]), "en")[-60:]
    'l economy **27%**. The number of private employers is small.'
    """
    e = diff[diff["variable"] == "employer_type"].set_index("category")

    def share(code):
        if code not in e.index:
            return _DASH
        r = e.loc[code]
        return _share_text(r["pct_regulier_werk"], int(r["n_regulier_werk"]), int(r["n"]), min_cell_size)

    shares = {code: share(code) for code in ("private", "public", "social_economy")}
    if _DASH in shares.values():
        return _t("differences.reading_short", language)
    return _t("differences.reading", language, **shares)


def durable_intro(definitions: Sequence[str | outcomes.DurableJob], language: str = "nl") -> str:
    """The introduction of the durable-employment section, with each definition in words.

    Examples
    --------
    >>> print(durable_intro(["open_ended"], "en").splitlines()[2])
    - *Open-ended contract*: an open-ended contract
    """
    items = "\n".join(f"- *{_t('definition.' + outcomes.durable_definition(d).name, language)}*: "
                      f"{outcomes.durable_definition(d).describe(language)}" for d in definitions)
    return _t("durable.intro", language, definitions=items)


def landmark_intro(naive: dict, landmarks: Sequence[float], language: str = "nl", min_cell_size: int = 10) -> str:
    """The explanation of the landmark comparison, with the naive (biased) figures.

    Examples
    --------
    >>> naive = {"months": 36, "n_ever": 900, "n_never": 700, "pct_ever": 28.0, "pct_never": 34.0,
    ...          "events_ever": 252, "events_never": 238}
    >>> "28% of those who ever had an art. 60" in landmark_intro(naive, [12, 18], "en")
    True
    """
    ever = _share_text(naive["pct_ever"], naive["events_ever"], naive["n_ever"], min_cell_size)
    never = _share_text(naive["pct_never"], naive["events_never"], naive["n_never"], min_cell_size)
    joined = (" en " if language == "nl" else " and ").join(f"{m:g}" for m in landmarks)
    return _t("landmark.intro", language, naive_ever=ever, naive_never=never, months=f"{naive['months']:g}",
              landmarks=joined)


def landmark_reading(result: pd.DataFrame, landmark: float, horizon: float, outcome: str = "regular_job",
                     language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on the adjusted difference at one landmark and horizon.

    Examples
    --------
    >>> res = pd.DataFrame({"landmark_months": [12], "horizon_months": [12], "outcome": ["regular_job"],
    ...                     "n_art60": [257], "n_other": [1001], "difference": [19.5], "ci_lower": [12.1],
    ...                     "ci_upper": [26.9]})
    >>> landmark_reading(res, 12, 12, language="en")[:70]
    'At the 12-month landmark the art. 60 group had a regular job 12 months'
    """
    r = result[(result["landmark_months"] == landmark) & (result["horizon_months"] == horizon)
               & (result["outcome"] == outcome)]
    if r.empty:
        return ""
    r = r.iloc[0]
    if min(r["n_art60"], r["n_other"]) < min_cell_size or not np.isfinite(r["difference"]):
        return ""
    key = ("landmark.reading" if r["ci_lower"] > 0 else "landmark.reading_less" if r["ci_upper"] < 0
           else "landmark.reading_unclear")
    return _t(key, language, landmark=f"{landmark:g}", horizon=f"{horizon:g}", difference=f"{r['difference']:+.0f}",
              ci=f"{r['ci_lower']:+.0f} {_DASH} {r['ci_upper']:+.0f}")


def definitions_text(facts_: dict, programme: str, which: str, durable_definitions: Sequence[str | outcomes.DurableJob],
                     landmarks: Sequence[float], horizons: Sequence[float], n_boot: int, seed: int,
                     min_cell_size: int = 10, language: str = "nl") -> str:
    """The definitions section of the report, filled in with the study's parameters.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> cohort = outcomes.cohort(registry)
    >>> after = follow(registry, cohort)
    >>> jobs = outcomes.first_jobs(registry, cohort)
    >>> text = definitions_text(facts(registry, cohort, jobs, after), "COB", "first", ["spell_365"], [12, 18],
    ...                         [12, 24], 200, 1, language="en")
    >>> text.startswith("- **Cohort**: all intakes of the programme COB")
    True
    """
    join = " en " if language == "nl" else " and "
    durable = "; ".join(f"*{_t('definition.' + outcomes.durable_definition(d).name, language)}*: "
                        f"{outcomes.durable_definition(d).describe(language)}" for d in durable_definitions)
    values = {k: v for k, v in facts_.items() if k not in ("programme",)}
    values.update(programme=programme, which=_t(f"which.{which}", language), durable=durable, n_boot=n_boot, seed=seed,
                  landmarks=join.join(f"{m:g}" for m in landmarks), horizons=join.join(f"{m:g}" for m in horizons),
                  min_cell_size=min_cell_size)
    return _t("definitions", language, **values)
