"""A second, independent check: ACRO (the SACRO project's output checker) on the same frequency tables.

ACRO checks each table on its own: a cell under its threshold, or a zero, is suppressed (primary
suppression only). The engine must hide at least every cell ACRO suppresses; where it hides more,
that is its secondary and linked protection (ACRO leaves a hidden cell derivable from the margins).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from evalkit.outcomes import cohort
from evalkit.publish import sdc
from evalkit.publish.sdc import release as sdc_release
from evalkit.registry import load_registry

import acro  # noqa: E402  (in the test extra)


@pytest.fixture(scope="module")
def frame():
    c = cohort(load_registry("synthetic"))
    return pd.DataFrame({v: sdc.as_codes(c[v]).to_numpy() for v in ("trajectory", "household", "education",
                                                                     "age_group")})


@pytest.fixture(autouse=True)
def _quiet(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(sdc_release.REPORT_ENV, "acro")
    monkeypatch.delenv(sdc_release.RELEASE_DIR_ENV, raising=False)
    logging.getLogger("acro").setLevel(logging.ERROR)
    sdc.reset("acro")


@pytest.mark.parametrize("column", ["household", "education", "age_group"])
@pytest.mark.parametrize("threshold", [10, 20, 60])
def test_engine_hides_everything_acro_suppresses(frame, column, threshold, capsys):
    session = acro.ACRO(suppress=True)
    session.sdc_checks.risk_appetite["safe_threshold"] = threshold  # ACRO's own threshold option
    acro_table = session.crosstab(frame["trajectory"], frame[column])
    capsys.readouterr()
    truth = pd.crosstab(frame["trajectory"], frame[column])
    domains = {"trajectory": sorted(frame["trajectory"].unique()), column: sorted(frame[column].unique())}
    released = sdc.release_table(
        truth, f"traj_{column}_{threshold}", rows={t: {"trajectory": t} for t in truth.index},
        counts={c: {column: c} for c in truth.columns}, domains=domains,
        policy=sdc.Policy(min_cell_size=threshold))
    acro_hidden = acro_table.reindex(index=truth.index, columns=truth.columns).isna()
    ours = released.table.map(lambda v: v == sdc.MARKER)
    assert not (acro_hidden & ~ours).to_numpy().any(), "a cell ACRO suppresses is published"
    # where ACRO publishes a cell and we do too, it is the same number
    both = ~acro_hidden & ~ours
    np.testing.assert_array_equal(acro_table.reindex_like(truth).to_numpy()[both.to_numpy()],
                                  truth.to_numpy()[both.to_numpy()])
    assert acro_hidden.to_numpy().any()  # the tables do need protection
