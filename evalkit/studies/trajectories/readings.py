"""The sentences of the trajectory report that carry numbers: the effects at the last horizon
(:func:`effects_reading`), the caption of the RMST table (:func:`rmst_caption`) and the reading of
intention to treat against as treated (:func:`itt_reading`); and :func:`reading_of`, which lets a fixed
reading of a result make way for that result's notice when it could not be estimated.

A comparison that these data cannot support is named in the reading with the reason
(``Comparison.unavailable``); a whole comparison that could not be made reads as its notice.
"""
from __future__ import annotations

from evalkit.publish.degrade import degrades
from evalkit.publish.sdc import MARKER
from evalkit.studies.trajectories.analysis import Comparison
from evalkit.studies.trajectories.formatting import _t, _versus, trajectory_label


def _not_estimated(result: Comparison, key: str, language: str, skip=()) -> list[str]:
    """One sentence per comparison of ``result`` that could not be made (those in ``skip`` left out)."""
    return [_t(key, language, comparison=_versus(traj, result.reference, language), notice=why.text(language))
            for traj, why in result.unavailable.items() if traj not in skip]


def _signed(value: float) -> str:
    return f"{value:+.1f}"


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
    '24 months:'
    """
    naive_hidden = getattr(effects, "hidden_naive", None)
    adjusted_hidden = getattr(effects, "hidden_adjusted", None)
    last = result.effects[result.effects["horizon"] == result.effects["horizon"].max()]
    sentences = []
    for r in last.itertuples():
        key = (r.trajectory, int(r.horizon))
        adj_off = adjusted_hidden is None or key in adjusted_hidden
        naive_off = naive_hidden is None or key in naive_hidden
        sentences.append(_t("effects.sentence", language, trajectory=trajectory_label(r.trajectory, language),
                            adjusted=MARKER if adj_off else _signed(100 * r.adjusted_difference),
                            lo=MARKER if adj_off else _signed(100 * r.adjusted_ci_lower),
                            hi=MARKER if adj_off else _signed(100 * r.adjusted_ci_upper),
                            naive=MARKER if naive_off else _signed(100 * r.naive_difference)))
    sentences += _not_estimated(result, "effects.not_estimated", language)
    return _t("effects.reading", language, horizon=int(last["horizon"].iloc[0]), sentences=" ".join(sentences))


@degrades
def rmst_caption(result: Comparison, language: str = "nl") -> str:
    """Caption of :func:`~evalkit.studies.trajectories.tables.rmst_table`: its horizon in months."""
    return _t("rmst.caption", language, horizon=int(result.rmst["horizon"].iloc[0]))


@degrades
def itt_reading(itt: Comparison, as_treated: Comparison, language: str = "nl") -> str:
    """Why only the comparison by assigned trajectory is fair, followed by the comparisons that could
    be made by assigned but not by realised trajectory, and why."""
    missing = _not_estimated(as_treated, "itt.not_estimated", language, skip=itt.unavailable)
    return " ".join([_t("itt.reading", language), *missing])


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
