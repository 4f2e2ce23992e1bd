"""The synthetic registry: calibration to the published figures, validity, reproducibility, truth."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from evalkit.studies.overview import calibration
from evalkit.registry import synth
from evalkit.registry import load_registry, validate


@pytest.fixture(scope="module")
def bundled():
    return load_registry("synthetic")


def test_calibration_of_bundled_registry(bundled):
    """Every published figure within its tolerance; the comparison is printed (pytest -s shows it)."""
    table = calibration.calibration_table(bundled)
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        print("\n" + table.to_string(index=False))
    checked = table[table["checked"]]
    # Every kind of published figure named in the calibration contract is checked.
    assert set(checked["table"]) == {
        "work_by_trajectory", "work_by_intake_period", "work_by_sex", "work_by_household",
        "work_by_nt2_level_at_intake", "work_by_age_group", "work_by_education", "trajectory_count",
        "art60_share", "art60_mean_days", "status_code_share"}
    failing = checked[~checked["ok"]]
    assert failing.empty, "outside tolerance:\n" + failing.to_string()


def test_trajectory_counts_are_exact(bundled):
    counts = bundled.intakes["trajectory"].value_counts().to_dict()
    assert counts == {"lineair": 633, "geintegreerd_vdab": 494, "jongerentraject_esf": 316,
                      "geintegreerd_activering": 219}


def test_profile_margins_are_exact(bundled):
    persons = bundled.persons
    assert persons["sex"].value_counts().to_dict() == {"man": 1358, "vrouw": 302}
    assert persons["household"].value_counts().to_dict() == {
        "alleenstaande": 1227, "gezin_ten_laste": 276, "samenwoner": 145, "onbekend": 14}
    assert persons["education"].value_counts().to_dict() == {"laag": 945, "midden": 367, "hoog": 349, "geen": 1}
    periods = bundled.intakes["intake_date"].dt.year.astype(str) + bundled.intakes["intake_date"].dt.month.le(6).map({True: "H1", False: "H2"})
    assert periods.value_counts().to_dict() == {"2017H1": 582, "2018H1": 401, "2018H2": 372, "2017H2": 307}
    assert bundled.intakes["intake_date"].dt.dayofweek.lt(5).all()  # working days only
    nt2 = bundled.intakes["nt2_level_at_intake"]
    assert nt2.isna().sum() == 3 and (nt2 == "0").sum() == 739 and (nt2 == "<1.1").sum() == 307


def test_bundled_registry_equals_the_generator(tmp_path):
    """The committed files are exactly what the model writes with the default seed."""
    fresh = synth.write_synthetic_registry(tmp_path / "reg", n=synth.DEFAULT_N, seed=synth.default_seed())
    bundled_dir = synth.default_registry_path()
    for path in sorted(fresh.rglob("*")):
        if path.is_file():
            rel = path.relative_to(fresh)
            committed = bundled_dir / rel
            assert committed.is_file(), f"{rel} missing from the bundled registry"
            assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(committed.read_bytes()).digest(), (
                f"{rel} differs: regenerate with python scripts/build_default_registry.py")


def test_same_seed_same_data_other_seed_other_data():
    a = synth.generate(n=300, seed=11).tables
    b = synth.generate(n=300, seed=11).tables
    c = synth.generate(n=300, seed=12).tables
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert not a["episodes"].equals(c["episodes"])


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_other_sizes_write_valid_registries(tmp_path, fmt):
    folder = synth.write_synthetic_registry(tmp_path / "reg", n=5000, seed=2, fmt=fmt)
    result = validate(folder)
    assert result.ok, result.format()
    reg = load_registry(folder)
    assert len(reg.persons) == 5000
    # Margins scale with n (largest remainder): trajectory counts in published proportion.
    counts = reg.intakes["trajectory"].value_counts()
    assert abs(counts["lineair"] - 5000 * 633 / 1662) < 1


def test_size_scales_linearly_in_rows():
    """Rows per person do not grow with n (time and memory: benchmarks/synth_scaling.py)."""
    small = synth.generate(n=2000, seed=5).tables
    large = synth.generate(n=20000, seed=5).tables
    for name in ("episodes", "status_snapshots", "milestones"):
        per_small, per_large = len(small[name]) / 2000, len(large[name]) / 20000
        assert abs(per_large / per_small - 1) < 0.05, name


def test_writing_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x.txt").write_text("keep me")
    with pytest.raises(synth.EvalkitError, match="not an empty folder"):
        synth.write_synthetic_registry(tmp_path, n=100)
    assert (tmp_path / "x.txt").read_text() == "keep me"


def test_truth_is_written_beside_the_data(tmp_path):
    folder = synth.write_synthetic_registry(tmp_path / "reg", n=400, seed=9)
    truth = json.loads((folder / "truth" / "parameters.json").read_text())
    assert truth["seed"] == 9 and truth["n"] == 400
    assert set(truth["parameters"]["coefficients"]) >= {"sex", "household", "age_group", "nt2_group"}
    latent = pd.read_csv(folder / "truth" / "latent.csv")
    persons = pd.read_csv(folder / "persons.csv")
    assert set(latent["person_id"]) == set(persons["person_id"])
    assert abs(latent["latent_employability"].mean()) < 0.2


def test_selection_on_latent_employability(bundled):
    """Stronger (unobserved) profiles are selected into the VDAB trajectory: the confounding the
    trajectory study must deal with."""
    latent = pd.read_csv(synth.default_registry_path() / "truth" / "latent.csv")
    frame = bundled.intakes.merge(latent, on=["person_id", "intake_id"])
    means = frame.groupby("trajectory")["latent_employability"].mean()
    assert means["geintegreerd_vdab"] > means["lineair"] + 0.3


def test_states_partition_follow_up():
    """The process leaves no gap and no overlap between main-state spells of a person."""
    reg = synth.generate(n=500, seed=4)
    sp = reg.spells.sort_values(["person", "start"])
    nxt = sp.groupby("person")["start"].shift(-1)
    gaps = (nxt - sp["end"]).dropna()
    assert (gaps == 1).all()
    assert (sp.groupby("person")["start"].min() == 0).all()


def test_first_job_hazard_truth_is_recovered():
    """On a large registry, a Cox model of time to first job stratified by trajectory, with the
    profile and the latent employability, recovers the generator's log hazard ratios."""
    from lifelines import CoxPHFitter

    reg = synth.generate(n=20000, seed=21)
    sp = reg.spells
    first_job = sp[sp["state"].isin(["art60", "nec", "interim", "social_economy"])].groupby("person")["start"].min()
    left = sp[sp["state"] == "uitgeschreven"].groupby("person")["start"].min()
    horizon = sp.groupby("person")["end"].max()
    intakes = reg.tables["intakes"]
    persons = reg.tables["persons"]
    n = len(intakes)
    idx = np.arange(n)
    t_job = first_job.reindex(idx).to_numpy()
    t_end = np.fmin(left.reindex(idx).to_numpy(), horizon.reindex(idx).to_numpy() + 1)
    event = ~np.isnan(t_job) & (np.nan_to_num(t_job, nan=np.inf) < t_end)
    frame = pd.DataFrame({
        "T": np.where(event, t_job, t_end), "E": event.astype(int),
        "vrouw": (persons["sex"] == "vrouw").astype(int).to_numpy(),
        "gezin_ten_laste": (persons["household"] == "gezin_ten_laste").astype(int).to_numpy(),
        "latent": reg.latent["latent_employability"].to_numpy(),
        "trajectory": intakes["trajectory"].to_numpy(),
    })
    frame = frame[frame["T"] > 0]
    other = reg.latent["linear_predictor"].to_numpy()[frame.index] - (
        truth_coef(reg, "sex", "vrouw") * frame["vrouw"] + truth_coef(reg, "household", "gezin_ten_laste")
        * frame["gezin_ten_laste"] + reg.truth["parameters"]["latent_effect"] * frame["latent"])
    frame["offset_terms"] = other
    cph = CoxPHFitter().fit(frame, "T", "E", strata=["trajectory"],
                            formula="vrouw + gezin_ten_laste + latent + offset_terms")
    # Times are whole days (many ties), so the Efron fit of the continuous-time model can be off by a
    # little more than sampling error: allow 3 standard errors plus 0.02.
    for term, true in (("vrouw", truth_coef(reg, "sex", "vrouw")),
                       ("gezin_ten_laste", truth_coef(reg, "household", "gezin_ten_laste")),
                       ("latent", reg.truth["parameters"]["latent_effect"]),
                       ("offset_terms", 1.0)):
        est, se = cph.params_[term], cph.standard_errors_[term]
        assert abs(est - true) <= 3 * se + 0.02, (term, true, est, se)


def truth_coef(reg, variable, category):
    return reg.truth["parameters"]["coefficients"][variable][category]
