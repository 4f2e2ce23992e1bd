"""evalkit.outcomes.relational: the cohort and the first jobs as SQL give exactly the pandas results.

The pandas functions of :mod:`evalkit.outcomes` are the reference. The SQL versions must return the
same frames (columns, dtypes, order of rows, values) on the bundled registry, read from its frames
and from its folder, on small hand-made registries that hit the rules of the module docstring, and
on random registries; and each query must still be valid Spark SQL after translation.
"""
from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings, strategies as st

from evalkit import outcomes
from evalkit.errors import InputError
from evalkit.outcomes import relational
from evalkit.registry import load_registry, synth
from tests.test_outcomes import LEEFLOON, SOURCES, job, registry, rows

GAP_7 = replace(outcomes.SPELL_365, name="gap7", max_gap_days=7)
REGULAR = replace(outcomes.SPELL_365_OR_OPEN_ENDED, name="nec_365", contracts=("nec_open_ended", "nec_fixed_term"))
SHORT_WINDOW = outcomes.DurableJob("share_75_40d", window_days=40, window_share=0.75)
DEFINITIONS = list(outcomes.DURABLE_DEFINITIONS.values()) + [GAP_7, REGULAR, SHORT_WINDOW]

# pandas' equality tests only warn when one frame has None and the other NaN: here that is a difference
pytestmark = pytest.mark.filterwarnings("error:Mismatched null-like values:FutureWarning")


def assert_same(reg, definitions=DEFINITIONS, **cohort_kwargs) -> pd.DataFrame:
    """The SQL cohort and first jobs equal the pandas ones, for each definition and both follow-ups."""
    expected = outcomes.cohort(reg, **cohort_kwargs)
    pd.testing.assert_frame_equal(relational.cohort(reg, **cohort_kwargs), expected, check_dtype=True)
    db = relational.connect(reg)
    for definition in definitions:
        for follow_up in ("registered", "censor_date"):
            want = outcomes.first_jobs(reg, expected, durable=definition, follow_up=follow_up)
            got = relational.first_jobs(db, expected, durable=definition, follow_up=follow_up)
            pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=f"{definition.name}, {follow_up}")
            assert got.attrs["durable"] == want.attrs["durable"]
    return expected


# --------------------------------------------------------------------------- the bundled registry
@pytest.fixture(scope="module")
def bundled():
    return load_registry("synthetic")


def test_cohort_on_the_bundled_registry(bundled):
    pd.testing.assert_frame_equal(relational.cohort(bundled), outcomes.cohort(bundled), check_dtype=True)
    kwargs = dict(programme="COB", intake_from="2017-03-01", intake_to="2018-06-30", censor_date="2020-12-31")
    narrow = outcomes.cohort(bundled, **kwargs)
    assert 0 < len(narrow) < len(bundled.intakes)
    pd.testing.assert_frame_equal(relational.cohort(bundled, **kwargs), narrow, check_dtype=True)
    pd.testing.assert_frame_equal(relational.cohort(bundled, programme="OTHER"),
                                  outcomes.cohort(bundled, programme="OTHER"), check_dtype=True)


@pytest.mark.parametrize("follow_up", ["registered", "censor_date"])
@pytest.mark.parametrize("durable", sorted(outcomes.DURABLE_DEFINITIONS))
def test_first_jobs_on_the_bundled_registry(bundled, durable, follow_up):
    cohort = outcomes.cohort(bundled)
    want = outcomes.first_jobs(bundled, cohort, durable=durable, follow_up=follow_up)
    got = relational.first_jobs(bundled, cohort, durable=durable, follow_up=follow_up)
    pd.testing.assert_frame_equal(got, want, check_dtype=True)
    assert want["durable"].sum() > 100  # the definition is exercised


def test_first_jobs_with_an_earlier_censor_date(bundled):
    cohort = outcomes.cohort(bundled, censor_date="2019-12-31")
    for durable in ("spell_365", "share_80_12m"):
        pd.testing.assert_frame_equal(relational.first_jobs(bundled, cohort, durable=durable),
                                      outcomes.first_jobs(bundled, cohort, durable=durable), check_dtype=True)


def test_the_registry_folder_read_by_duckdb(bundled):
    """The CSV files of the bundled registry, read by DuckDB itself, give what load_registry gives."""
    cohort = outcomes.cohort(bundled)
    pd.testing.assert_frame_equal(relational.cohort("synthetic"), cohort, check_dtype=True)
    pd.testing.assert_frame_equal(relational.first_jobs("synthetic", cohort, durable="share_80_12m"),
                                  outcomes.first_jobs(bundled, cohort, durable="share_80_12m"), check_dtype=True)


def test_a_generated_registry_with_none_for_empty_cells():
    reg = synth.generate(n=800, seed=17).registry()
    assert reg.intakes["nt2_level_at_intake"].isna().any()  # held as None, not NaN
    assert_same(reg, definitions=list(outcomes.DURABLE_DEFINITIONS.values()))


def test_a_parquet_folder(bundled, tmp_path):
    folder = load_registry("synthetic").path
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        table = pd.read_csv(folder / resource["path"], dtype=str, keep_default_na=False)
        resource["path"] = resource["path"].replace(".csv", ".parquet")
        table.to_parquet(tmp_path / resource["path"], index=False)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    cohort = outcomes.cohort(bundled)
    pd.testing.assert_frame_equal(relational.cohort(tmp_path), cohort, check_dtype=True)
    pd.testing.assert_frame_equal(relational.first_jobs(tmp_path, cohort),
                                  outcomes.first_jobs(bundled, cohort), check_dtype=True)


# --------------------------------------------------------------------------- small registries
def test_spells_begun_before_intake_open_spells_and_same_day_starts():
    reg = registry(
        rows("a", job("2017-05-01", "2019-06-30"), job("2018-06-01", None, "social_economy"))      # before intake
        + rows("b", job("2017-05-01", "2018-12-31"), LEEFLOON)                                       # ended before
        + rows("c", LEEFLOON, job("2019-03-01", "2019-04-01", "interim"),                            # same day
               job("2019-03-01", "2020-09-01", "art60", "OCMW"), job("2019-03-10", None))
        + rows("d", LEEFLOON, job("2019-03-01", None, "art60", "OCMW"), job("2019-03-01", None, None)),
        extraction_dates={**SOURCES, "OCMW": pd.Timestamp("2020-06-30")})
    out = assert_same(reg)
    jobs = relational.first_jobs(reg, out).set_index("person_id")
    assert jobs.loc["a", "employed_at_intake"] and jobs.loc["c", "first_job_kind"] == "art60"
    assert jobs.loc["a", "follow_up_end"] == pd.Timestamp("2020-06-30")


def test_gap_of_max_gap_days_joins_and_one_more_does_not():
    # gap 7: the second spell starts 8 days after the first ended (7 days without work)
    reg = registry(rows("a", LEEFLOON, job("2019-02-01", "2019-07-31"), job("2019-08-08", "2020-06-30"))
                   + rows("b", LEEFLOON, job("2019-02-01", "2019-07-31"), job("2019-08-09", "2020-06-30")))
    assert_same(reg)
    jobs = relational.first_jobs(reg, relational.cohort(reg), durable=GAP_7).set_index("person_id")
    assert (jobs.loc["a", "durable"], jobs.loc["b", "durable"]) == (1, 0)


def test_several_intakes_persons_without_episodes_and_intakes_without_persons():
    intakes = [("I1", "a", "2018-01-01", "lineair"), ("I2", "a", "2019-01-01", "geintegreerd_vdab"),
               ("I3", "b", "2019-01-01", "lineair"), ("I4", "ghost", "2019-05-01", "lineair")]
    reg = registry(rows("a", ("benefit", "2017-12-01", None, None, "SD"), job("2019-03-01", None),
                        job("2017-06-01", "2018-02-01", "art60", "OCMW")),
                   intakes=intakes)
    reg.persons = reg.persons[reg.persons["person_id"] != "ghost"].reset_index(drop=True)
    out = assert_same(reg)
    assert out["sex"].isna().tolist() == [False, False, False, True]
    assert out["birth_year"].dtype == "float64"  # as pandas' where() makes an int column with gaps


def test_odd_episodes_unknown_sources_and_contracts():
    no_source = ("benefit", "2018-12-01", None, None, None)
    undated = ("employment", None, "2019-05-01", "art60", "OCMW")
    reg = registry(rows("a", no_source, job("2019-02-01", None, "zero_hours", "XX"), undated,
                        ("course", "2019-01-01", None, None, "ATLAS"))
                   + rows("b", ("benefit", "2018-12-01", "2019-02-01", None, "SD")),
                   extraction_dates={"SD": "2021-06-30", "XX": "2021-03-31", "OCMW": "2021-12-31"})
    assert_same(reg)
    assert_same(reg, censor_date="2020-12-31", intake_to="2019-12-31")


def test_registry_model_columns_and_dtypes_are_kept():
    reg = registry(rows("a", LEEFLOON, job("2019-02-01", None)))
    reg.persons["birth_year"] = pd.array([None], dtype="Int64")
    reg.persons["origin_region"] = "oost_afrika"
    reg.intakes = reg.intakes.drop(columns="nt2_level_at_intake")
    out = assert_same(reg, definitions=[outcomes.SPELL_365])
    assert out["birth_year"].dtype == "Int64" and out["age_group"].isna().all()


def test_an_empty_cohort():
    reg = registry(rows("a", LEEFLOON, job("2019-02-01", None)))
    assert len(assert_same(reg, intake_from="2021-01-01")) == 0


def test_errors_name_the_problem():
    reg = registry(rows("a", LEEFLOON))
    with pytest.raises(InputError, match="after the registry's extraction date"):
        relational.cohort(reg, censor_date="2022-06-30")
    with pytest.raises(InputError, match="calendar date"):
        relational.cohort(reg, censor_date="2020-06-30 12:00")
    reg.intakes = pd.concat([reg.intakes, reg.intakes])
    with pytest.raises(InputError, match="intake_id is not unique"):
        relational.cohort(reg)
    with pytest.raises(InputError, match="follow_up"):
        relational.first_jobs(reg, outcomes.cohort(registry(rows("a", LEEFLOON))), follow_up="never")
    with pytest.raises(InputError, match="cannot be read"):
        relational.cohort("/nonexistent/registry")


# --------------------------------------------------------------------------- random registries
KINDS = ("employment", "employment", "employment", "benefit", "course")
CONTRACTS = ("art60", "nec_open_ended", "nec_fixed_term", "interim", "social_economy", None, "zero_hours")
SOURCE_NAMES = ("VDAB", "OCMW", "SD", None, "XX")
BASE = pd.Timestamp("2019-01-01")


def _day(offset: int) -> str:
    return str((BASE + pd.Timedelta(days=offset)).date())


@st.composite
def random_registries(draw):
    persons = [f"p{i}" for i in range(draw(st.integers(1, 5)))]
    intakes, episodes = [], []
    for person in persons:
        for k in range(draw(st.integers(0, 2))):
            intakes.append((f"I{person}_{k}", person, _day(draw(st.integers(-30, 120))), "lineair"))
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(-200, 500))
            length = draw(st.integers(1, 150))
            open_ = draw(st.booleans()) and draw(st.booleans())
            end = None if open_ else _day(start + length - 1)
            episodes.append((person, draw(st.sampled_from(KINDS)), _day(start), end,
                             draw(st.sampled_from(CONTRACTS)), draw(st.sampled_from(SOURCE_NAMES))))
    if not intakes:
        intakes.append(("Ip0_x", persons[0], _day(0), "lineair"))
    dates = {s: pd.Timestamp(draw(st.sampled_from(["2020-06-30", "2020-12-31"])))
             for s in ("VDAB", "OCMW", "SD", "XX") if draw(st.integers(0, 4))}
    dates.setdefault("COB", pd.Timestamp("2020-12-31"))
    reg = registry(episodes, intakes=intakes, extraction_dates=dates)
    known = draw(st.lists(st.sampled_from(persons), unique=True, min_size=0, max_size=len(persons)))
    kept = reg.persons["person_id"].isin(known)
    if kept.any():  # (pandas' cohort needs at least one person to look intakes up in)
        reg.persons = reg.persons[kept].reset_index(drop=True)
    width = draw(st.integers(5, 120))
    definition = outcomes.DurableJob(
        "random", min_days=draw(st.none() | st.integers(1, 200)), open_ended=draw(st.booleans()),
        window_days=width, window_share=draw(st.sampled_from([0.5, 0.75, 0.8, 0.9, 1.0])),
        contracts=draw(st.none() | st.just(("art60", "nec_fixed_term", "nec_open_ended"))),
        max_gap_days=draw(st.integers(0, 10)))
    censor = draw(st.none() | st.sampled_from(["2019-06-30", "2020-03-31"]))
    return reg, definition, censor


@settings(max_examples=50, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_registries())
def test_random_registries_give_the_pandas_results(case):
    reg, definition, censor = case
    kwargs = {} if censor is None else {"censor_date": censor}
    assert_same(reg, definitions=[definition, outcomes.SHARE_80_12M], **kwargs)


# --------------------------------------------------------------------------- Spark SQL
@pytest.mark.parametrize("durable", DEFINITIONS, ids=lambda d: d.name)
@pytest.mark.parametrize("follow_up", ["registered", "censor_date"])
def test_the_spark_translation_parses(durable, follow_up):
    for dates in (dict(SOURCES), {}):
        spark = relational.to_spark(relational.first_jobs_sql(dates, durable, follow_up))
        assert sqlglot.parse_one(spark, read="spark") is not None
    for kwargs in ({}, {"programme": None, "intake_from": "2017-01-01", "intake_to": "2018-12-31"}):
        spark = relational.to_spark(relational.cohort_sql("2021-12-31", **kwargs))
        assert sqlglot.parse_one(spark, read="spark") is not None
