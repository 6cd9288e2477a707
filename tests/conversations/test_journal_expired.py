"""An entry past its retention is never heard, counted, exported or offered for deletion, though DynamoDB's TTL
removes it up to days late (moto, like DynamoDB before its sweep, still holds it). Pages stay full: DynamoDB
applies a Query's Limit before its filter, so the store reads on until it has a page."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conversations.journal_talk import check_ins, person, table
from tools.envelopes import slot

PAST = int(time.time()) - 3600        # expired an hour ago, not yet swept
FUTURE = int(time.time()) + 86400 * 30


@pytest.fixture
def store(ddb):
    from safe_connections.store import Store

    return Store(table(), client=ddb)


def _today() -> date:
    return datetime.now(UTC).date()


def _seed(store, user_id, rows):
    """rows: (days ago, person, feeling id, expires at or None)."""
    from safe_connections.store import CheckIn, UserRef

    for i, (ago, who, felt, expires) in enumerate(rows):
        day = (_today() - timedelta(days=ago)).isoformat()
        store.save_check_in(UserRef(user_id), CheckIn(id=f"{i:06d}", day=day, person=who, feeling=felt,
                                                      note=f"about {who}"), expires)


def _expired_newest(talk, store, expired: int = 10, kept: int = 5) -> None:
    """`expired` entries, the newest, past their time; `kept` older ones still within it (or kept for ever)."""
    rows = [(0, f"Gone{i}", "safe", PAST) for i in range(expired)]
    rows += [(1 + i, f"Kept{i}", "safe", FUTURE if i % 2 else None) for i in range(kept)]
    _seed(store, talk.device.user_id, rows)


def test_reading_the_journal_skips_expired_entries_and_still_reads_a_full_page(talk, store, ddb):
    _expired_newest(talk, store)
    assert len(check_ins(ddb, talk.device.user_id)) == 15, "the expired ones are still stored (TTL is late)"
    first = talk.intent("ReadJournalIntent")
    assert "Gone" not in first.text
    assert all(f"Kept{i}" in first.text for i in range(3)), "a full page of three, past ten expired ones"
    assert "more" in first.text
    rest = talk.intent("AMAZON.YesIntent")
    assert "Kept3" in rest.text and "Kept4" in rest.text and "Gone" not in rest.text


def test_this_week_one_person_and_the_last_check_in_skip_expired_entries(talk, store):
    _seed(store, talk.device.user_id, [(0, "Maya", "safe", PAST), (0, "Sam", "mixed", None),
                                       (2, "Maya", "mixed", FUTURE), (0, "Gone", "safe", PAST)])
    year, week, _ = _today().isocalendar()
    this_week = talk.intent("ReadJournalIntent", slot("when", f"{year}-W{week:02d}")).text
    assert "Sam" in this_week and "Gone" not in this_week
    about_maya = talk.intent("PersonJournalIntent", person("Maya")).text
    assert "mixed" in about_maya and "today" not in about_maya, "the expired one of today is not the last seen"
    asked = talk.intent("DeleteLastCheckInIntent")
    assert "Sam" in asked.text and "Maya" not in asked.text


def test_patterns_and_the_card_count_only_what_is_kept(talk, store):
    _seed(store, talk.device.user_id, [(0, "Maya", "safe", PAST), (1, "Maya", "safe", PAST),
                                       (1, "Sam", "safe", None)])
    patterns = talk.intent("JournalPatternsIntent").text
    assert "Maya" not in patterns and "Sam, 1 time" in patterns
    card = talk.intent("SendJournalIntent").card
    assert "Sam" in card["content"] and "Maya" not in card["content"]


def test_nothing_but_expired_entries_is_an_empty_journal(talk, store):
    _seed(store, talk.device.user_id, [(i, f"Gone{i}", "safe", PAST) for i in range(30)])
    assert "empty" in talk.intent("ReadJournalIntent").text
    assert "empty" in talk.intent("SendJournalIntent").text
    assert "empty" in talk.intent("DeleteLastCheckInIntent").text
