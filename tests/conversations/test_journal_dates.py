"""The plain functions behind the journal: what AMAZON.DATE values mean, how names and days are spoken."""

from __future__ import annotations

from datetime import date

import pytest
from safe_connections.journal_text import (
    clean_note,
    entry_day,
    period,
    spoken_day,
    spoken_person,
)

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize("said, expected", [
    ("2026-11-20", (date(2026, 11, 20), date(2026, 11, 20))),
    ("2026-W48", (date(2026, 11, 23), date(2026, 11, 29))),
    ("2026-W47", (date(2026, 11, 16), date(2026, 11, 22))),
    ("2026-W47-WE", (date(2026, 11, 21), date(2026, 11, 22))),
    ("2026-11", (date(2026, 11, 1), date(2026, 11, 30))),
    ("2026-12", (date(2026, 12, 1), date(2026, 12, 31))),
    ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
    ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
    ("PRESENT_REF", (TODAY, TODAY)),
    ("201X", None), ("2026-WI", None), ("2026-13", None), ("", None), (None, None), ("2026-02-30", None),
])
def test_periods_alexa_can_send(said, expected):
    assert period(said, TODAY) == expected


@pytest.mark.parametrize("said, expected", [
    (None, "2026-11-26"),
    ("2026-11-25", "2026-11-25"),                # yesterday
    ("2026-11-28", "2026-11-21"),                # "Saturday": Alexa says the coming one; a journal means the last
    ("2027-03-01", "2026-11-26"),                # far future: today, never a future day
    ("2026-W47", "2026-11-22"),                  # "last week": its last day
    ("2026-W48", "2026-11-26"),                  # "this week": today
    ("nonsense", "2026-11-26"),
])
def test_the_day_a_check_in_happened(said, expected):
    assert entry_day(said, TODAY) == expected


def test_names_are_turned_to_face_the_listener():
    assert spoken_person("my brother") == "your brother"
    assert spoken_person("My sister") == "your sister"
    assert spoken_person("Maya") == "Maya"
    assert spoken_person("myra") == "myra"


@pytest.mark.parametrize("day, expected", [
    ("2026-11-26", "today"), ("2026-11-25", "yesterday"), ("2026-11-22", "on Sunday"),
    ("2026-11-19", "on November 19"), ("2025-12-31", "on December 31, 2025"), ("junk", "on a day I can't read"),
])
def test_days_are_spoken_naturally(day, expected):
    assert spoken_day(day, TODAY) == expected


def test_notes_are_kept_as_said_skips_mean_none_and_length_is_limited():
    assert clean_note("  she   listened & laughed ") == "she listened & laughed"
    for skip in ("skip", "Nothing.", "no", "nothing really", "Skip it"):
        assert clean_note(skip) == ""
    assert len(clean_note("x" * 1000)) == 500
    assert clean_note(None) == ""


def test_one_key_per_person_however_it_was_said():
    from safe_connections.store import person_key

    assert person_key("My Brother.") == person_key("my brother") == person_key("brother") == "brother"
    assert person_key("Maya") == person_key("maya!") == "maya"
    assert person_key("Mary Ann") == "mary-ann" and person_key("my") == "my" and person_key("???") == "someone"
