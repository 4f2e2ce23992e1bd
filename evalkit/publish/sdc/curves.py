"""Releasing curves and histograms: every step and every bar holds enough units.

A Kaplan-Meier or cumulative-incidence curve drawn step by step shows the number of events at each
step (step height x number at risk). :func:`release_curve` therefore pools steps, as ACRO does for
survival outputs: within each curve the time points are taken in order and a step is kept only once at
least ``survival_min_events`` events have happened since the previous kept step; the estimate shown at
a kept step is the true estimate at that time, so the curve's values are unchanged where it is drawn.
The curve stops where fewer than ``min_cell_size`` persons remain at risk, and after the last full
step. :func:`release_histogram` merges neighbouring bins until each holds ``min_bin_size`` units.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.publish.sdc.notes import curve_note, histogram_note
from evalkit.publish.sdc.policy import Policy
from evalkit.publish.sdc.release import record_output


def pool_steps(curve: pd.DataFrame, policy: Policy, *, by: Sequence[str] = (), time: str = "time",
               n_at_risk: str = "n_at_risk", n_events: str = "n_events") -> pd.DataFrame:
    """The rows of a tidy curve table that may be drawn (see the module docstring).

    Examples
    --------
    >>> km = pd.DataFrame({"time": [0, 1, 2, 3, 4, 5], "n_at_risk": [60, 60, 52, 45, 30, 8],
    ...                    "n_events": [0, 6, 5, 12, 9, 3], "estimate": [1, .9, .81, .6, .42, .3]})
    >>> pool_steps(km, Policy())["time"].tolist()
    [0, 2, 3]
    """
    by = [b for b in by if b in curve.columns]
    missing = [c for c in (time, n_at_risk, n_events) if c not in curve.columns]
    if missing:
        raise InputError(f"release_curve: column(s) {missing} not in the curve table {list(curve.columns)}")
    ordered = curve.sort_values(by + [time], kind="mergesort")
    keep = np.zeros(len(ordered), dtype=bool)
    groups = ordered.groupby(by, sort=False, dropna=False).indices if by else {(): np.arange(len(ordered))}
    events = ordered[n_events].to_numpy(dtype=float)
    at_risk = ordered[n_at_risk].to_numpy(dtype=float)
    for positions in groups.values():
        positions = np.sort(positions)
        pooled = 0.0
        first = True
        for pos in positions:  # one pass over the time points of one curve (not over persons)
            if at_risk[pos] < policy.min_cell_size:
                break
            if first:
                first = False
                # the start of the curve, unless it already shows a step of too few events
                if events[pos] == 0 or events[pos] >= policy.survival_min_events:
                    keep[pos] = True
                    continue
            pooled += events[pos]
            if pooled >= policy.survival_min_events:
                keep[pos] = True
                pooled = 0.0
    return ordered.iloc[keep]


def release_curve(curve: pd.DataFrame, output: str, *, by: Sequence[str] = (), time: str = "time",
                  n_at_risk: str = "n_at_risk", n_events: str = "n_events", title: str = "",
                  policy: Policy | None = None, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Release a curve for a figure: pooled steps, no counts; returns the data to draw and the note.

    The released table keeps ``by``, ``time`` and the estimate columns, without ``n_at_risk`` and
    ``n_events``; it is recorded in the ledger (kind ``curve``) and written beside the report.
    """
    policy = policy or Policy()
    kept = pool_steps(curve, policy, by=by, time=time, n_at_risk=n_at_risk, n_events=n_events)
    released = kept.drop(columns=[n_at_risk, n_events]).reset_index(drop=True)
    record_output(output, "curve", title, checks=["events per step", "persons at risk"],
                  status="protected" if len(kept) < len(curve) else "released",
                  detail=f"{len(kept)} of {len(curve)} points drawn", data=released, cells=len(released),
                  policy=policy)
    return released, curve_note(policy, language)


def merge_bins(counts: np.ndarray, edges: np.ndarray, min_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Merge neighbouring bins (left to right) until each holds ``min_size`` units.

    Examples
    --------
    >>> c, e = merge_bins(np.array([3, 9, 12, 0, 4, 20]), np.arange(7.0), 10)
    >>> c.tolist(), e.tolist()
    ([12, 12, 24], [0.0, 2.0, 3.0, 6.0])
    """
    out_counts, out_edges = [], [edges[0]]
    pooled = 0
    for count, right in zip(counts, edges[1:]):
        pooled += int(count)
        if pooled >= min_size:
            out_counts.append(pooled)
            out_edges.append(right)
            pooled = 0
    if pooled:
        if out_counts:
            out_counts[-1] += pooled
            out_edges[-1] = edges[-1]
        else:
            return np.array([], dtype=int), np.array([edges[0]])
    return np.array(out_counts, dtype=int), np.array(out_edges, dtype=float)


def release_histogram(values: pd.Series, output: str, *, by: pd.Series | None = None, bins: int = 30,
                      value_range: tuple[float, float] | None = None, title: str = "",
                      policy: Policy | None = None, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Release a histogram: bins merged so that each holds ``min_bin_size`` units.

    Returns a table with ``group``, ``left``, ``right``, ``count`` and ``density`` (share of the
    group per unit of the value), to be drawn as bars of varying width, and the note.
    """
    policy = policy or Policy()
    values = pd.Series(values).astype(float)
    groups = pd.Series("all", index=values.index) if by is None else pd.Series(by, index=values.index)
    lo, hi = value_range if value_range is not None else (float(values.min()), float(values.max()))
    edges = np.linspace(lo, hi, bins + 1)
    frames = []
    for group in sorted(groups.dropna().unique(), key=str):
        counts, _ = np.histogram(values[groups == group].dropna(), bins=edges)
        merged, merged_edges = merge_bins(counts, edges, policy.min_bin_size)
        if not len(merged):
            continue
        widths = np.diff(merged_edges)
        frames.append(pd.DataFrame({"group": group, "left": merged_edges[:-1], "right": merged_edges[1:],
                                    "count": merged, "density": merged / merged.sum() / widths}))
    released = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["group", "left", "right", "count", "density"])
    record_output(output, "histogram", title, checks=["units per bin"], data=released, cells=len(released),
                  status="released", policy=policy)
    return released, histogram_note(policy, language)
