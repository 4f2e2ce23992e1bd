"""The art. 60 study (evalkit.studies.art60): hand-made registries for the landmark comparison, the TWE
table and profile upgrades; disclosure control of every report table on a small registry."""
from __future__ import annotations

import types
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from evalkit import formats, outcomes
from evalkit.publish.degrade import is_unavailable
from evalkit.studies import art60
from evalkit.registry import synth
from evalkit.errors import InputError

EXTRACTION = pd.Timestamp("2021-12-31")
SOURCES = ("COB", "SD", "OCMW", "VDAB", "ATLAS")


def registry(persons: dict[str, str], episodes: list[tuple], milestones: list[tuple] = ()) -> types.SimpleNamespace:
    """persons: person -> intake date; episodes: (person, kind, start, end or None, contract or
    benefit type, employer type)."""
    ids = list(persons)
    intakes = pd.DataFrame({"intake_id": [f"I{p}" for p in ids], "person_id": ids, "programme": "COB",
                            "intake_date": pd.to_datetime(list(persons.values())), "trajectory": "lineair",
                            "nt2_level_at_intake": "1.1"})
    people = pd.DataFrame({"person_id": ids, "sex": "man", "birth_year": 1990, "household": "alleenstaande",
                           "education": "laag", "origin_region": "midden_oosten",
                           "residence_status": "erkend_vluchteling"})
    rows = []
    for person, kind, start, end, what, employer in episodes:
        job = kind == "employment"
        rows.append({"person_id": person, "kind": kind, "start_date": pd.Timestamp(start),
                     "end_date": pd.Timestamp(end) if end else pd.NaT,
                     "contract": what if job else None, "benefit_type": None if job else what,
                     "employer_type": employer, "source": ("OCMW" if what == "art60" else "VDAB") if job else "SD"})
    ms = pd.DataFrame(list(milestones), columns=["person_id", "milestone", "date", "value"])
    ms["date"] = pd.to_datetime(ms["date"])
    return types.SimpleNamespace(persons=people, intakes=intakes, episodes=pd.DataFrame(rows), milestones=ms,
                                 trajectory_changes=pd.DataFrame(), extraction_dates={s: EXTRACTION for s in SOURCES})


# --------------------------------------------------------------------------- landmark
@pytest.fixture
def landmark_registry():
    start = "2018-01-01"
    return registry(
        {"P1": start, "P2": start, "P3": start, "P4": start, "P5": "2020-06-01", "P6": start},
        [
            ("P1", "benefit", "2018-01-01", "2018-05-31", "leefloon", None),
            ("P1", "employment", "2018-06-01", "2019-05-31", "art60", "public"),
            ("P1", "employment", "2019-06-01", None, "nec_open_ended", "private"),
            ("P2", "benefit", "2018-01-01", "2019-02-28", "leefloon", None),
            ("P2", "employment", "2019-03-01", "2020-02-28", "art60", "public"),   # starts after the landmark
            ("P2", "benefit", "2020-02-29", None, "werkloosheidsuitkering", None),
            ("P3", "benefit", "2018-01-01", None, "leefloon", None),
            ("P3", "employment", "2018-03-01", "2018-05-31", "interim", "private"),  # regular job before it
            ("P4", "benefit", "2018-01-01", "2018-08-31", "leefloon", None),          # left before the landmark
            ("P5", "benefit", "2020-06-01", None, "leefloon", None),                  # window beyond the data
            ("P6", "benefit", "2018-01-01", None, "leefloon", None),
            ("P6", "employment", "2019-12-15", "2019-12-20", "nec_fixed_term", "private"),
        ])


def test_landmark_data_avoids_immortal_time(landmark_registry):
    reg = landmark_registry
    jobs = outcomes.first_jobs(reg, outcomes.cohort(reg))
    d = art60.landmark_data(reg, jobs, 12, 12).set_index("intake_id")
    # P3 had a regular job before the landmark, P4 left the registers, P5's window ends after the data
    assert sorted(d.index) == ["IP1", "IP2", "IP6"]
    # P2 started art. 60 only after the landmark: in the comparison group, not in the art. 60 group
    assert d.loc[["IP1", "IP2", "IP6"], "art60"].tolist() == [1, 0, 0]
    assert d.loc[["IP1", "IP2", "IP6"], "regular_job"].tolist() == [1, 0, 1]
    # on the last day of the window (2020-01-01) P1 works, P6's short job has ended
    assert d.loc[["IP1", "IP2", "IP6"], "regular_work_at_end"].tolist() == [1, 0, 0]
    # an 18-month landmark with 24 months of follow-up still fits for intakes of January 2018
    assert len(art60.landmark_data(reg, jobs, 18, 24)) == 2  # P1 had its regular job before month 18


def test_landmark_data_names_missing_columns(landmark_registry):
    with pytest.raises(InputError, match="days_to_art60"):
        art60.landmark_data(landmark_registry, pd.DataFrame({"intake_id": ["I1"]}), 12, 12)


# --------------------------------------------------------------------------- TWE result
def test_twe_result_by_hand():
    start = "2018-01-01"
    reg = registry(
        {p: start for p in ("P1", "P2", "P7", "P8", "P9", "P10")},
        [
            ("P1", "employment", "2018-06-01", "2019-05-31", "art60", "public"),
            ("P1", "employment", "2019-06-01", None, "nec_open_ended", "private"),      # NEC
            ("P2", "employment", "2019-03-01", "2020-02-28", "art60", "public"),
            ("P2", "benefit", "2020-02-29", None, "leefloon", None),                    # no work
            ("P7", "employment", "2018-11-01", "2019-10-31", "art60", "social_profit"),
            ("P7", "employment", "2019-11-10", None, "nec_fixed_term", "social_economy"),  # NEC in an SE company
            ("P8", "employment", "2018-05-01", "2019-04-30", "art60", "social_economy"),
            ("P8", "employment", "2019-05-01", None, "social_economy", "social_economy"),  # SEC
            ("P9", "employment", "2018-03-01", "2019-02-28", "art60", "public"),
            ("P9", "employment", "2019-03-01", "2020-06-30", "art60", "public"),        # last one ends later
            ("P10", "employment", "2018-01-01", "2018-12-31", "art60", "public"),       # ended before 2019
        ])
    out = art60.twe_result(reg, outcomes.cohort(reg)).set_index("result")
    assert out["n"].to_dict() == {"geen_werk": 1, "nec": 1, "nec_in_se_bedrijf": 1, "sec": 1, "total": 4}
    assert out.loc["total", "pct"] == 100.0


# --------------------------------------------------------------------------- profile upgrade
def test_nt2_improvement_compares_with_the_best_level_known_at_the_start():
    reg = registry({"P1": "2018-01-01", "P2": "2018-01-01", "P3": "2018-01-01"}, [],
                   [("P1", "nt2_niveau", "2018-05-01", "2.1"), ("P1", "nt2_niveau", "2019-03-01", "1.2"),
                    ("P2", "nt2_niveau", "2019-03-01", "2.1"), ("P3", "mo_attest", "2019-03-01", None)])
    spells = pd.DataFrame({"person_id": ["P1", "P2", "P3"], "nt2_level_at_intake": ["1.1", "1.1", "1.1"],
                           "spell_start": pd.to_datetime(["2019-01-01"] * 3),
                           "spell_end": pd.to_datetime(["2019-12-31", "2019-12-31", "2019-12-31"]),
                           "censor_date": pd.to_datetime(["2021-12-31"] * 3)})
    # P1 already had 2.1 before the spell: 1.2 during it is no upgrade; P2 rose to 2.1; P3 no milestone
    assert art60.nt2_improvement(reg, spells).tolist() == ["nee", "ja", "nee"]
    no_levels = types.SimpleNamespace(milestones=reg.milestones[reg.milestones["milestone"] != "nt2_niveau"])
    assert set(art60.nt2_improvement(no_levels, spells)) == {"onbekend"}


# --------------------------------------------------------------------------- the study on registries
@pytest.fixture(scope="module")
def bundled():
    from evalkit.registry import load_registry

    reg = load_registry("synthetic")
    cohort = outcomes.cohort(reg)
    return reg, cohort, outcomes.first_jobs(reg, cohort), art60.follow(reg, cohort)


def test_durable_definitions_counting_art60_give_at_least_as_much(bundled):
    reg, cohort, jobs, after = bundled
    ind = art60.durable_indicators(reg, cohort, after, ("spell_365", "open_ended", "share_80_12m"))
    wide = ind.pivot_table(index=["definition", "months"], columns="population", values="cif")
    wide = wide.dropna(subset=["since_intake_any", "since_intake_regular"])
    assert len(wide) == 6
    assert (wide["since_intake_any"] >= wide["since_intake_regular"] - 1e-12).all()
    # an open-ended contract is regular anyway: both populations give the same figure
    oe = wide.loc["open_ended"]
    np.testing.assert_allclose(oe["since_intake_any"], oe["since_intake_regular"])
    assert set(ind["definition"]) == {"spell_365", "open_ended", "share_80_12m"}


def test_next_states_add_up_and_occupation_sums_to_one(bundled):
    _, _, _, after = bundled
    occ = art60.occupation(after, art60.OCCUPATION_MONTHS, n_boot=20, seed=3)
    np.testing.assert_allclose(occ.groupby("months")["probability"].sum(), 1.0)
    assert (occ["ci_lower"] <= occ["probability"] + 1e-12).all()
    table = art60.next_state_table(after).table
    assert table.iloc[-1, 1] == len(after.spells)  # the total row counts every spell studied


def test_landmark_comparison_on_the_bundled_registry(bundled):
    reg, _, jobs, _ = bundled
    res = art60.landmark_comparison(reg, jobs, landmarks=(12,), horizons=(12,), n_boot=30, seed=2)
    assert set(res["outcome"]) == {"regular_job", "regular_work_at_end"}
    assert (res["max_abs_smd_after"] < 0.1).all()
    again = art60.landmark_comparison(reg, jobs, landmarks=(12,), horizons=(12,), n_boot=30, seed=2)
    pd.testing.assert_frame_equal(res, again)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small registry (few persons per category) to exercise the disclosure rules."""
    from evalkit.registry import load_registry

    path = synth.write_synthetic_registry(tmp_path_factory.mktemp("small") / "reg", n=150, seed=4)
    reg = load_registry(path)
    cohort = outcomes.cohort(reg)
    return reg, cohort, outcomes.first_jobs(reg, cohort), art60.follow(reg, cohort)


def _tables(reg, cohort, jobs, after, language):
    start = art60.art60_start(jobs)
    regular = art60.regular_job_incidence(after)
    yield art60.use_table(start, language=language).table
    yield art60.employer_table(after.all_spells, language).table
    yield art60.duration_table(after, language).table
    yield art60.next_state_table(after, language).table
    yield art60.occupation_table(art60.occupation(after, art60.OCCUPATION_MONTHS, n_boot=10), language).table
    yield art60.regular_job_table(regular, language=language).table
    yield art60.durable_table(art60.durable_indicators(reg, cohort, after), language).table
    yield art60.differences_table(art60.differences(after), language, cohort=cohort).table
    yield art60.landmark_table(art60.landmark_comparison(reg, jobs, n_boot=10), language).table
    yield art60.twe_table(art60.twe_result(reg, cohort), language, compare_published=True).table


@pytest.mark.filterwarnings("ignore:fitted propensities numerically 0 or 1")  # expected with 150 persons
@pytest.mark.parametrize("which", ["small", "bundled"])
def test_no_small_count_and_no_person_id_in_any_table(which, request):
    from evalkit.publish import sdc

    reg, cohort, jobs, after = request.getfixturevalue(which)
    ids = set(reg.persons["person_id"]) | set(cohort["intake_id"])
    hidden = 0
    for language in ("nl", "en"):
        sdc.reset()
        for table in _tables(reg, cohort, jobs, after, language):
            for value in table.to_numpy().ravel():
                if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
                    assert not 0 <= value < 10, f"count {value} in\n{table}"
                assert str(value) not in ids
                hidden += value == "x"
                assert value != "<10"
    sdc.reset()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Registries of ``evalkit synth --n N --seed S``: (persons, seed) -> what the study derives first."""
    from evalkit.registry import load_registry

    def make(n: int, seed: int):
        reg = load_registry(synth.write_synthetic_registry(tmp_path_factory.mktemp(f"n{n}s{seed}") / "reg",
                                                           n=n, seed=seed))
        cohort = outcomes.cohort(reg)
        return reg, cohort, outcomes.first_jobs(reg, cohort), art60.follow(reg, cohort)

    return make


@pytest.mark.filterwarnings("ignore:fitted propensities numerically 0 or 1")
@pytest.mark.parametrize("which", ["small", "bundled", (300, 11), (150, 3)])
def test_no_hidden_count_can_be_worked_out_from_the_tables(which, request, synthetic):
    from evalkit.publish import sdc

    reg, cohort, jobs, after = synthetic(*which) if isinstance(which, tuple) else request.getfixturevalue(which)
    sdc.reset()
    try:
        tables = list(_tables(reg, cohort, jobs, after, "nl"))
        art60.facts(reg, cohort, jobs, after)  # the numbers of the text: the table 'data'
        assert sdc.findings(sdc.ledger(), sdc.Policy()) == []
    finally:
        sdc.reset()
    if which == "small":
        assert any((t.to_numpy() == "x").any() for t in tables)  # the small registry does need suppression


def test_differences_merge_small_categories(small):
    _, _, _, after = small
    diff = art60.differences(after)
    counts = diff.groupby("variable")["n"]
    assert (counts.min() >= 10).all()
    assert (counts.sum() == len(after.next)).all()  # merging keeps every spell


def test_notes_name_the_threshold_the_table_uses(bundled):
    """The note under a table says "fewer than N" with the run's threshold, not the usual 10."""
    from evalkit.publish import sdc

    reg, cohort, _, after = bundled
    sdc.reset()  # released on their own, not after what other tests left in the ledger
    try:
        for released in (art60.occupation_table(art60.occupation(after, [12]), "nl", 20),
                         art60.durable_table(art60.durable_indicators(reg, cohort, after), "en", 20)):
            assert "20" in released.note and " 10 " not in released.note
    finally:
        sdc.reset()


def test_occupation_table_hides_shares_of_small_states(small):
    _, _, _, after = small
    occ = art60.occupation(after, art60.OCCUPATION_MONTHS)
    released = art60.occupation_table(occ)
    values = released.table.iloc[:-1, 1:].to_numpy().ravel()
    small_states = occ[(occ["n_in_state"] < 10) & (occ["n_under_observation"] >= 10)]
    if len(small_states):
        assert "x" in set(values) and released.note.startswith(art60.TEXTS.text("occupation.note", "nl", min_cell_size=10))


def test_follow_validates_its_inputs(bundled):
    reg, cohort, _, _ = bundled
    with pytest.raises(InputError, match="which"):
        art60.follow(reg, cohort, which="last")
    with pytest.raises(InputError, match="max_gap_days"):
        art60.follow(reg, cohort, max_gap_days=-3)


# ----------------------------------------------------------------------------- without art. 60
@pytest.fixture(scope="module")
def no_art60():
    """150 persons (synthetic, seed 3) without any art. 60 job."""
    reg = synth.generate(n=150, seed=3).registry()
    reg = replace(reg, episodes=reg.episodes[reg.episodes["contract"] != "art60"].reset_index(drop=True))
    cohort = outcomes.cohort(reg)
    return reg, cohort, outcomes.first_jobs(reg, cohort), art60.follow(reg, cohort)


def test_without_art60_every_part_that_needs_one_says_so(no_art60):
    reg, cohort, jobs, after = no_art60
    assert len(after.spells) == len(after.followed) == len(after.next) == len(after.sequences) == 0
    start = art60.art60_start(jobs)
    assert is_unavailable(start) and start.reason == "no_art60"
    assert art60.plot_art60_start(start) is start and art60.use_table(start) is start
    assert art60.use_reading(start) is start
    parts = [art60.employer_table(after.all_spells), art60.duration_table(after), art60.next_state_table(after),
             art60.occupation(after),
             art60.regular_job_incidence(after), art60.differences(after), art60.twe_result(reg, cohort),
             art60.landmark_comparison(reg, jobs, n_boot=10)]
    assert [p.reason if is_unavailable(p) else p for p in parts] == ["no_art60"] * len(parts)
    # the readings beside those tables stay empty: the table's notice says why, once
    assert art60.employer_reading(parts[0]) is parts[0] and art60.next_reading(parts[1]) is parts[1]
    # what does not need an art. 60 still renders: durable jobs since intake, the facts of the text
    durable = art60.durable_indicators(reg, cohort, after)
    assert set(durable["population"]) == {"since_intake_any", "since_intake_regular"}
    facts = art60.facts(reg, cohort, jobs, after)
    assert facts["n_with_art60"] == "–" and facts["n_spells"] == "–"  # zeros are not shown


def test_spells_that_have_not_ended_yet_cannot_be_followed(bundled):
    _, _, _, after = bundled
    running = replace(after, followed=after.followed.iloc[:0], next=after.next.iloc[:0],
                      sequences=after.sequences.iloc[:0], regular=after.regular.iloc[:0])
    for part in (art60.next_state_table(running), art60.occupation(running), art60.differences(running),
                 art60.regular_job_incidence(running)):
        assert is_unavailable(part) and part.reason == "no_art60_ended"
    assert is_unavailable(art60.next_reading(art60.next_state_table(running)))


def test_no_regular_job_nor_leaving_yet_is_too_few_events(bundled):
    _, _, _, after = bundled
    part = art60.regular_job_incidence(replace(after, regular=after.regular.assign(event=0)))
    assert is_unavailable(part) and part.reason == "too_few_events" and part.values == {"n": 0, "min_n": 1}


def test_differences_without_two_groups_to_compare(small):
    after = small[3]
    public = replace(after, next=after.next[after.next["employer_type"] == "public"])
    part = art60.differences(public, ["employer_type"])
    assert is_unavailable(part) and part.reason == "too_few_groups" and part.values == {"min_n": 10}
    assert not is_unavailable(art60.differences(after, ["employer_type"]))


def test_the_data_paragraph_hides_a_share_that_reveals_a_small_count(small):
    from evalkit.publish import sdc

    reg, cohort, jobs, after = small
    sdc.reset()
    facts = art60.facts(reg, cohort, jobs, after)
    assert facts["share_with_art60"] == formats.percent(facts["pct_with_art60"], 0, "nl")  # "63 %": as Dutch writes it
    assert "." not in facts["share_with_art60"] and facts["source"] == "het register in reg"  # named by its source
    # twelve clients, with everything derived from them: with or without an art. 60, one group is under 10
    few = cohort.head(12)
    few_jobs = outcomes.first_jobs(reg, few)
    assert min(few_jobs["art60"].sum(), 12 - few_jobs["art60"].sum()) < 10
    sdc.reset()  # another cohort: a report of its own
    assert art60.facts(reg, few, few_jobs, art60.follow(reg, few))["share_with_art60"] == "–"
    sdc.reset()


def test_a_landmark_beyond_the_follow_up_has_nobody_to_compare(small):
    reg, _, jobs, _ = small
    part = art60.landmark_comparison(reg, jobs, landmarks=(60,), horizons=(12,), n_boot=10)
    assert is_unavailable(part) and part.reason == "too_few_persons" and part.values == {"n": 0, "min_n": 10}
    assert art60.landmark_table(part) is part


@pytest.mark.parametrize("figure", ["use", "regular"])
def test_figures_are_drawn_from_the_released_curves(figure, bundled, tmp_path, monkeypatch):
    """Every line of a figure is the curve written beside the report (pooled steps), nothing else."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from evalkit.publish import sdc

    reg, cohort, jobs, after = bundled
    monkeypatch.setenv("EVALKIT_RELEASE_DIR", str(tmp_path))
    monkeypatch.setenv("EVALKIT_REPORT", "art60")
    sdc.reset("art60")
    try:
        if figure == "use":
            fig, last = art60.plot_art60_start(art60.art60_start(jobs)), 48
        else:
            fig, last = art60.plot_regular_job(art60.regular_job_incidence(after)), 36
        released = pd.read_csv(tmp_path / "tables" / "art60" / f"figure.{figure}.csv")
        assert "n_at_risk" not in released.columns and "n_events" not in released.columns
        drawn = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) > 1]
        groups = list(dict.fromkeys(released["group"]))
        assert len(drawn) == len(groups)
        for line in drawn:
            x, y = np.asarray(line.get_xdata(), float)[1:], np.asarray(line.get_ydata(), float)[1:]
            matches = [g for g in groups
                       if len(part := released[(released["group"] == g) & (released["time"] <= last)]) == len(x)
                       and np.allclose(part["time"], x) and np.allclose(100 * part["cif"], y)]
            assert matches, f"a line of figure.{figure} is not a released curve"
        plt.close(fig)
    finally:
        sdc.reset("art60")


# ----------------------------------------------------------------------------- labels and numbers of the report
def test_one_number_of_days_for_the_next_situation_from_the_parameter(bundled):
    """The next-situation table, its note and the definitions name the parameter's days (not its day + 1)."""
    from evalkit.publish import sdc

    reg, cohort, jobs, after = bundled
    sdc.reset()
    try:
        for days in (31, 14):
            followed = after if days == 31 else art60.follow(reg, cohort, max_gap_days=days)
            released = art60.next_state_table(followed, "nl")
            assert released.table.columns[2] == f"% (95 %-BI) binnen {days} dagen"
            assert f"binnen {days} dagen na het einde" in released.note and f"{days + 1} dagen" not in released.note
            definitions = art60.definitions_text(art60.facts(reg, cohort, jobs, followed), "COB", "first",
                                                 ["spell_365"], [12], [12], language="nl")
            assert f"binnen {days} dagen na het einde" in definitions
    finally:
        sdc.reset()


def test_categories_take_the_shared_labels():
    from evalkit.publish import labels

    for language in ("nl", "en"):
        education = labels.category_labels("education", language)
        assert art60.label("education", "laag+kleine_groepen", language) == labels.merged_label(education["laag"],
                                                                                              language)
        assert art60.label("state", "onbekend", language) == labels.LABELS["*"]["onbekend"][language]
        assert art60.total_label(language) == labels.LABELS["*"]["total"][language]
        assert art60.variable_label("sex", language) == labels.VARIABLES["sex"][language]
    assert not art60.TEXTS.has("with_small_groups") and not art60.TEXTS.has("total")


def test_cells_and_sentences_are_written_as_the_language_writes_numbers(bundled):
    from evalkit.publish import sdc

    reg, cohort, jobs, after = bundled
    sdc.reset()
    try:
        regular = art60.regular_job_table(art60.regular_job_incidence(after), (12, 24), "nl")
        assert regular.table.iloc[:, 1].tolist() == ["45,3 (42,0\u2013\u206048,5)", "50,4 (46,9\u2013\u206053,8)"]
        assert art60.regular_reading(regular, "nl").startswith("Binnen 12 maanden na het artikel 60 had **45 %**")
        res = pd.DataFrame({"landmark_months": [12], "horizon_months": [12], "outcome": ["regular_job"],
                            "n_art60": [257], "n_other": [1001], "difference": [-6.7], "ci_lower": [-18.3],
                            "ci_upper": [-1.5]})
        reading = art60.landmark_reading(res, 12, 12, language="nl")
        assert "**-6,7** procentpunt (95 %-BI -18,3\u00a0tot\u00a0-1,5)" in reading
        facts = art60.facts(reg, cohort, jobs, after, synthetic=True)
        assert facts["source"] == "het meegeleverde synthetische register"
        data = art60.TEXTS.text("data", "nl", programme="COB", **facts)
        assert "31 december 2021" in data and "2021-12-31" not in data and "(63 %)" in data
    finally:
        sdc.reset()


def test_followed_spells_are_the_spells_of_the_next_state_table():
    """A spell followed only a few days with nothing registered is followed (its next state is not yet
    decided): the table of followed spells and the next-state table describe the same spells, or the
    disclosure engine finds them contradicting each other. With follow-up ending on 2020-03-31 the
    bundled registry has one such spell."""
    from evalkit import outcomes
    from evalkit.registry import load_registry
    from evalkit.studies.art60.analysis import follow

    registry = load_registry("synthetic")
    after = follow(registry, outcomes.cohort(registry, censor_date="2020-03-31"))
    assert set(after.followed["spell_id"]) == set(after.next["spell_id"])
    short = set(after.next["spell_id"]) - set(after.sequences["spell_id"])
    assert len(short) == 1 and after.next.set_index("spell_id").loc[list(short), "event"].eq(0).all()
