"""The sentences of the trajectory report that carry numbers: the effects at the last horizon
(:func:`effects_reading`), the comparability of the groups after weighting (:func:`balance_reading`),
how strong an unmeasured factor would have to be (:func:`sensitivity_reading`), the caption of the RMST
table (:func:`rmst_caption`) and the reading of the comparison by assigned against that by realised
trajectory (:func:`itt_reading`); and :func:`reading_of`, which lets a fixed reading of a result make
way for that result's notice when it could not be estimated.

Numbers go into the catalogue's texts as placeholders (written as the report's language writes them);
a comparison that these data cannot support is named in the reading with the reason
(``Comparison.unavailable``); a whole comparison that could not be made reads as its notice.
"""
from __future__ import annotations

from evalkit import formats
from evalkit.publish.degrade import degrades, is_unavailable
from evalkit.publish.sdc import MARKER
from evalkit.stats import compare
from evalkit.studies.trajectories.analysis import Comparison
from evalkit.studies.trajectories.formatting import _in_sentence, _t, _versus, trajectory_label, variable_label


def _not_estimated(result: Comparison, key: str, language: str, skip=()) -> list[str]:
    """One sentence per comparison of ``result`` that could not be made (those in ``skip`` left out)."""
    return [_t(key, language, comparison=_versus(traj, result.reference, language), notice=why.text(language))
            for traj, why in result.unavailable.items() if traj not in skip]


def _signed(value: float, language: str = "nl", decimals: int = 1) -> str:
    """A difference with its sign, as ``language`` writes numbers.

    Examples
    --------
    >>> _signed(35.04, "nl"), _signed(-6.6, "en"), _signed(0.0, "nl")
    ('+35,0', '-6.6', '0,0')
    """
    text = formats.number(value, decimals, language)
    return "+" + text if value > 0 and text.strip("0,.") else text


@degrades
def effects_reading(result: Comparison, language: str = "nl", effects=None) -> str:
    """The adjusted and naive difference of every comparison at the last horizon, in one paragraph,
    followed by the comparisons that could not be made and why.

    ``effects`` is the released :func:`~evalkit.studies.trajectories.tables.effects_table`: a
    difference it hides reads as ``x`` (without it, every difference does).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> from evalkit.studies.trajectories import analysis_frame, compare_trajectories
    >>> res = compare_trajectories(analysis_frame(load_registry("synthetic")), n_boot=20, seed=1)
    >>> effects_reading(res, "en").split("After ")[1][:10]
    '24 months,'
    >>> "niet getoond (statistische geheimhouding)" in effects_reading(res, "nl")  # without the released table
    True
    """
    naive_hidden = getattr(effects, "hidden_naive", None)
    adjusted_hidden = getattr(effects, "hidden_adjusted", None)
    last = result.effects[result.effects["horizon"] == result.effects["horizon"].max()]
    sentences = []
    for r in last.itertuples():
        key = (r.trajectory, int(r.horizon))
        adj_off = adjusted_hidden is None or key in adjusted_hidden
        naive_off = naive_hidden is None or key in naive_hidden
        label = trajectory_label(r.trajectory, language)
        if adj_off:
            sentences.append(_t("effects.sentence_hidden", language, trajectory=label))
            continue
        sentences.append(_t("effects.sentence", language, trajectory=label,
                            adjusted=_signed(100 * r.adjusted_difference, language),
                            lo=_signed(100 * r.adjusted_ci_lower, language),
                            hi=_signed(100 * r.adjusted_ci_upper, language),
                            naive=_t("effects.naive_hidden", language) if naive_off else
                            _signed(100 * r.naive_difference, language)))
    sentences += _not_estimated(result, "effects.not_estimated", language)
    return _t("effects.reading", language, horizon=int(last["horizon"].iloc[0]), sentences=" ".join(sentences))


@degrades
def rmst_caption(result: Comparison, language: str = "nl") -> str:
    """Caption of :func:`~evalkit.studies.trajectories.tables.rmst_table`: its horizon in months."""
    return _t("rmst.caption", language, horizon=int(result.rmst["horizon"].iloc[0]))


@degrades
def itt_reading(itt: Comparison, as_treated: Comparison, language: str = "nl") -> str:
    """Why only the comparison by assigned trajectory is fair (in plain words: the technical reasons
    are in the appendix), followed by the comparisons that could be made by assigned but not by
    realised trajectory, and why."""
    missing = _not_estimated(as_treated, "itt.not_estimated", language, skip=itt.unavailable)
    return " ".join([_t("itt.reading", language), *missing])


@degrades
def balance_reading(result: Comparison, language: str = "nl") -> str:
    """Whether weighting made the groups comparable on what was measured, in plain words: where they
    differed most before weighting, and how many characteristics still differ after it (over the
    usual threshold of the standardised difference).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> from evalkit.studies.trajectories import analysis_frame, compare_trajectories
    >>> res = compare_trajectories(analysis_frame(load_registry("synthetic")), n_boot=5, seed=1)
    >>> "taalniveau" in balance_reading(res, "nl")
    True
    """
    b = result.balance.assign(before=result.balance["diff_unadjusted"].abs(), after=result.balance["diff_adjusted"].abs())
    largest = b.groupby("variable", sort=False)["before"].max().sort_values(ascending=False)
    variables = [_in_sentence(variable_label(v, language)) for v in largest.index[:2]]
    most = variables[0] if len(variables) == 1 else \
        f"{variables[0]} {_t('and', language)} {variables[1]}"
    still = int(b.loc[b["after"] > compare.BALANCE_THRESHOLD, "term"].nunique())
    key = "balance.plain.balanced" if still == 0 else "balance.plain.unbalanced"
    return _t(key, language, variables=most, n=still)


@degrades
def sensitivity_reading(result: Comparison, sensitivity, language: str = "nl") -> str:
    """How strong an unmeasured characteristic would have to be to explain each adjusted difference at
    the last horizon away, in plain words (from the released sensitivity table: a hidden row is left
    out); the method and the table are in the appendix."""
    if sensitivity is None or is_unavailable(sensitivity):
        return _t("sensitivity.plain.none", language)
    c_traj, c_h, c_e = (_t("col.trajectory", language), _t("col.horizon", language), _t("col.evalue", language))
    c_lim = _t("col.evalue_ci", language)
    table = sensitivity.table
    horizon = int(table[c_h].max())
    parts = []
    for r in table[table[c_h] == horizon].itertuples(index=False):
        row = dict(zip(table.columns, r))
        if isinstance(row[c_e], str):
            continue
        key = "sensitivity.plain.factor" if float(row[c_lim]) > 1 else "sensitivity.plain.uncertain"
        parts.append(_t(key, language, trajectory=row[c_traj], factor=float(row[c_e])))
    if not parts:
        return _t("sensitivity.plain.none", language)
    return _t("sensitivity.plain.reading", language, months=horizon, factors="; ".join(parts))


@degrades
def reading_of(result, reading: str) -> str:
    """``reading`` (a fixed text that interprets ``result``), or the notice of ``result`` when that
    could not be estimated: a report never reads a table or figure that is not there.

    Examples
    --------
    >>> from evalkit.publish.degrade import Unavailable
    >>> reading_of(object(), "The groups are balanced.")
    'The groups are balanced.'
    >>> reading_of(Unavailable("no_rows"), "The groups are balanced.")
    Unavailable('no_rows': )
    """
    return reading
