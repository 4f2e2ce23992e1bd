"""The registry model in data_schema/: consistent schema files and code lists, labels, and a committed
data dictionary that agrees with them."""
from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pandas as pd
import pytest

from evalkit.registry import schema
from evalkit.errors import InputError

REGENERATE = "python -m evalkit.registry.schema > data_schema/DATA_DICTIONARY.md"


def test_tables_of_the_model():
    assert schema.table_names() == ("persons", "intakes", "trajectory_changes", "episodes",
                                    "status_snapshots", "milestones")
    assert schema.required_table_names() == ("persons", "intakes")
    with pytest.raises(InputError, match="Unknown table"):
        schema.table_schema("people")


@pytest.mark.parametrize("name", schema.table_names())
def test_table_schema_is_consistent(name):
    spec = schema.table_schema(name)
    fields = {f["name"]: f for f in spec["fields"]}
    assert spec["name"] == name and spec["description"]
    for field in spec["fields"]:
        assert field["type"] in ("string", "integer", "date"), field
        assert field.get("description"), field["name"]
        if "codelist" in field:
            assert field["codelist"] in schema.codelist_names()
        for column, values in field.get("requiredWhen", {}).items():
            assert column in fields
            allowed = set(schema.codelist(fields[column]["codelist"])["code"])
            assert set(values) <= allowed
    for key in spec["primaryKey"]:
        assert key in fields and fields[key].get("constraints", {}).get("required")
    for foreign in spec.get("foreignKeys", []):
        parent = schema.table_schema(foreign["reference"]["resource"])
        assert set(foreign["fields"]) <= set(fields)
        assert set(foreign["reference"]["fields"]) <= {f["name"] for f in parent["fields"]}
        assert foreign["reference"]["fields"] == parent["primaryKey"]


@pytest.mark.parametrize("name", schema.table_names())
def test_every_date_has_a_plausible_minimum(name):
    for field in schema.table_schema(name)["fields"]:
        if field["type"] == "date":
            assert field["constraints"]["minimum"] == "1900-01-01", field["name"]


def test_study_requirements_name_the_studies_and_the_model():
    from evalkit.publish.runner import NOTEBOOKS

    needs = schema.study_needs()
    assert list(needs) == list(NOTEBOOKS), "one entry per study, in the runner's order"
    for study, study_needs in needs.items():
        assert study_needs, study
        for need in study_needs:
            assert need["description"] and need["purpose"] and need["rows"], need["name"]
            assert need["table"] in schema.table_names()
            fields = {f["name"]: f for f in schema.table_schema(need["table"])["fields"]}
            for column, values in need["rows"].items():
                assert column in fields, (need["name"], column)
                assert set(values) <= set(schema.codelist(fields[column]["codelist"])["code"]), need["name"]
    assert needs["survival"][0]["rows"] == {"kind": ["employment"], "contract": ["art60"]}
    needs["survival"].clear()
    assert schema.study_needs()["survival"], "a fresh copy each time"


def test_table_schema_hands_out_copies():
    spec = schema.table_schema("persons")
    spec["fields"].clear()
    assert schema.table_schema("persons")["fields"]
    assert schema.field_names("persons")[0] == "person_id"


@pytest.mark.parametrize("name", schema.codelist_names())
def test_codelists_are_well_formed(name):
    frame = schema.codelist(name)
    assert list(frame.columns[:3]) == ["code", "label_nl", "label_en"]
    assert (frame.dtypes == object).all()
    assert frame["code"].is_unique
    assert (frame != "").all().all(), "no empty codes or labels"


def test_codes_are_text_exactly_as_written():
    nt2 = schema.codelist("nt2_level")
    assert nt2["code"].tolist()[:3] == ["0", "<1.1", "1.1"]
    assert nt2.set_index("code").loc["2.1", "level_group"] == "2.x_of_hoger"
    status = schema.codelist("vdab_status")
    assert status["code"].iloc[0] == "0" and set(status["work"]) == {"0", "1"}
    assert schema.codelist("contract").set_index("code").loc["art60", "circuit"] == "art60"
    with pytest.raises(InputError, match="Unknown code list"):
        schema.codelist("colour")


def test_codelist_hands_out_copies():
    frame = schema.codelist("sex")
    frame.loc[0, "code"] = "changed"
    assert schema.codelist("sex")["code"].tolist() == ["man", "vrouw"]


def test_label_and_labels():
    assert schema.label("trajectory", "lineair", "en").startswith("Linear")
    assert schema.label("nt2_level", "1.1") == "NT2 1.1"
    assert schema.label("vdab_status", 78, "en") == schema.label("vdab_status", "78", "en") == "Deregistered: work"
    with pytest.raises(InputError, match="not in code list 'sex'"):
        schema.label("sex", "x")
    with pytest.raises(InputError, match="language"):
        schema.label("sex", "man", "fr")

    sex = schema.labels("sex", "en")
    assert sex == {"man": "Man", "vrouw": "Woman"}
    sex["man"] = "changed"
    assert schema.labels("sex", "en")["man"] == "Man"
    # Integer code lists are keyed by int, matching the Int64 column of a loaded registry.
    status = pd.Series([0, 78, None], dtype="Int64")
    assert status.map(schema.labels("vdab_status", "nl")).tolist()[:2] == [
        "Uitkeringsgerechtigd volledig werkloos", "Uitgeschreven wegens werk"]
    assert schema.codelist_integer("vdab_status") and not schema.codelist_integer("nt2_level")


def test_data_dictionary_covers_the_model():
    text = schema.data_dictionary()
    for name in schema.table_names():
        assert f"## Table: {name}" in text
        for field in schema.field_names(name):
            assert f"| `{field}` |" in text
    for name in schema.codelist_names():
        assert f"### Code list: {name}" in text
        for row in schema.codelist(name).itertuples():
            assert f"| `{row.code}` | {row.label_nl} | {row.label_en} |" in text
    assert "when `kind` is `employment`" in text
    assert "| `intake_date` | date (YYYY-MM-DD) | yes | from 1900-01-01 |" in text
    assert "## What the studies need" in text
    for study, needs in schema.study_needs().items():
        assert f"| `{study}` | {needs[0]['description']} | {schema.need_text(needs[0])} |" in text
    assert "Primary key: `person_id`, `snapshot_date`, `source` (each combination occurs once)" in text


def test_committed_data_dictionary_is_up_to_date():
    committed = resources.files("evalkit.data_schema").joinpath("DATA_DICTIONARY.md")
    assert committed.is_file(), f"data_schema/DATA_DICTIONARY.md is missing; create it with: {REGENERATE}"
    assert committed.read_text("utf-8") == schema.data_dictionary(), (
        f"data_schema/DATA_DICTIONARY.md no longer matches the schema files; regenerate it with: {REGENERATE}")


def test_module_prints_the_data_dictionary():
    done = subprocess.run([sys.executable, "-m", "evalkit.registry.schema"], capture_output=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout.decode("utf-8") == schema.data_dictionary()
