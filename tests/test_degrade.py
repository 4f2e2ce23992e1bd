"""Graceful degradation: a part that the data cannot support says so; other errors still fail."""
from __future__ import annotations

import pytest

from evalkit.errors import InputError, NotEstimable
from evalkit.publish import display
from evalkit.publish.degrade import Unavailable, degrades, is_unavailable
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import LANGUAGES


@degrades
def _share(values, min_n=10):
    if len(values) < min_n:
        raise NotEstimable(f"{len(values)} values", "too_few_persons", n=len(values), min_n=min_n)
    if any(v is None for v in values):
        raise InputError("values must not be missing")
    return sum(values) / len(values)


def test_not_estimable_becomes_unavailable_and_travels_on():
    result = _share([1, 0])
    assert is_unavailable(result) and not result and result.reason == "too_few_persons"
    assert _share(result) is result  # a later step on an unavailable result does not run
    table, note = result  # the (table, note) pattern of the study functions
    assert table is result and note is result
    assert _share([1] * 10) == 1.0


def test_other_errors_still_raise():
    with pytest.raises(InputError, match="must not be missing"):
        _share([1] * 9 + [None])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_reads_in_both_languages(language):
    reasons = [k.removeprefix("unavailable.") for k in CATALOGUE.keys(language)
               if k.startswith("unavailable.") and k != "unavailable.notice"]
    assert len(reasons) >= 8
    values = {"n": 3, "min_n": 10, "variable": "sex", "detail": "singular matrix"}
    for reason in reasons:
        text = Unavailable(reason, values).text(language)
        assert text.startswith("**") and "{" not in text, (reason, text)
    assert "Geslacht" in Unavailable("single_category", {"variable": "sex"}).text("nl")  # heading, not column name


def test_a_notice_gives_no_count():
    for language in LANGUAGES:
        assert "3" not in Unavailable("too_few_persons", {"n": 3, "min_n": 10}).text(language)


def test_notice_is_shown_once_per_section(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    display.setup("en")
    result = _share([1])
    display.show_table(result, "Share at work")
    display.markdown(result)
    display.show_table(result, "Another table of the same part")
    assert len(shown) == 1
    assert "Share at work" in shown[0]["text/html"] and "Not estimated on these data" in shown[0]["text/html"]
    assert "<strong>Not estimated on these data.</strong>" in shown[0]["text/html"]
    display.markdown("## The next section")
    display.show_table(result, "A table of the same part in the next section")
    assert len(shown) == 3 and "next section" in shown[2]["text/html"]
    display.setup("nl")
