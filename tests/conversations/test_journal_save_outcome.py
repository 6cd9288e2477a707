"""A save whose answer was lost is resolved, not guessed: the journal is read before the person hears
anything; an edit after a save that may have landed changes that same item; "no" removes it. Never two
items, never "not saved" for something that is in the journal, never "saved" for something that isn't.

The `lost` fault (tools/fault_proxy.py) lets DynamoDB do the write and drops its answer on the way back."""

from __future__ import annotations

import pytest

from tests.conversations.journal_talk import check_ins, log_slots, note
from tests.conversations.test_journal_faults import Timed, _skill_on
from tools.envelopes import slot
from tools.fault_proxy import FaultProxy


@pytest.fixture
def proxy(dynamodb):
    with FaultProxy(dynamodb.endpoint) as running:
        yield running


@pytest.fixture
def talk(proxy, monkeypatch):
    skill, _ = _skill_on(proxy.endpoint, monkeypatch)
    timed = Timed(skill)
    timed.talk.intent("LogCheckInIntent", *log_slots("Maya", "calm"), dialog_state="STARTED")
    timed.talk.intent("CheckInNoteIntent", note("she listened"))
    return timed.talk


def test_a_save_that_landed_but_whose_answer_was_lost_is_told_as_saved(talk, proxy, ddb):
    proxy.inject("lost", operations={"PutItem"})
    reply = talk.intent("AMAZON.YesIntent")
    assert reply.said("journal/saved") and not reply.said("journal/save_failed"), reply.keys
    assert "GetItem" in proxy.record.operations(), "the journal was looked at before anything was said"
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "she listened"


def test_when_even_the_look_fails_the_person_hears_it_is_not_known_and_a_retry_stores_one(talk, proxy, ddb):
    proxy.inject("lost", operations={"PutItem", "GetItem"})
    unknown = talk.intent("AMAZON.YesIntent")
    assert unknown.said("journal/save_unknown") and unknown.question == "journal.save"
    assert unknown.attributes["draft"]["stored"] == "maybe"
    proxy.clear()
    saved = talk.intent("AMAZON.YesIntent")
    assert saved.said("journal/saved")
    assert len(check_ins(ddb, talk.device.user_id)) == 1


def test_a_corrected_note_after_an_unknown_save_replaces_the_same_item(talk, proxy, ddb):
    proxy.inject("lost", operations={"PutItem", "GetItem"})
    talk.intent("AMAZON.YesIntent")
    proxy.clear()
    talk.intent("ChangeCheckInIntent", slot("part", "note", slot_type="CHECKIN_PART", match_id="note"))
    talk.intent("CheckInNoteIntent", note("she listened and made tea"))
    saved = talk.intent("AMAZON.YesIntent")
    assert saved.said("journal/saved")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "she listened and made tea", "the old note does not stay"


def test_changing_the_day_after_an_unknown_save_moves_the_item_and_never_makes_a_second(talk, proxy, ddb):
    from datetime import UTC, datetime, timedelta

    proxy.inject("lost", operations={"PutItem", "GetItem"})
    talk.intent("AMAZON.YesIntent")
    proxy.clear()
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    asked = talk.intent("ChangeCheckInIntent", slot("part", "day", slot_type="CHECKIN_PART", match_id="date"))
    assert asked.question == "journal.when"
    read_back = talk.intent("LogCheckInIntent", slot("person", "Maya"), slot("feeling", "calm"), slot("note", None),
                            slot("date", yesterday), dialog_state="IN_PROGRESS")
    assert "yesterday" in read_back.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert f"#C#{yesterday}#" in item["sk"]["S"]


def test_no_after_a_save_that_may_have_landed_removes_it_and_says_so_truthfully(talk, proxy, ddb):
    proxy.inject("lost", operations={"PutItem", "GetItem"})
    talk.intent("AMAZON.YesIntent")
    assert len(check_ins(ddb, talk.device.user_id)) == 1, "the write did land"
    proxy.clear()
    reply = talk.intent("AMAZON.NoIntent")
    assert reply.said("journal/discarded") and not reply.ends_session
    assert check_ins(ddb, talk.device.user_id) == [], "'nothing was saved' is true"


def test_an_older_version_found_stored_is_replaced_on_retry(talk, proxy, ddb):
    """The first save landed (answer lost, look failed); then the note changed and that save's answer was
    lost too but the look works: the journal holds the older version, so the person hears it isn't saved
    yet, and "yes" replaces it."""
    proxy.inject("lost", operations={"PutItem", "GetItem"})
    talk.intent("AMAZON.YesIntent")
    talk.intent("ChangeCheckInIntent", slot("part", "note", slot_type="CHECKIN_PART", match_id="note"))
    talk.intent("CheckInNoteIntent", note("a second thought"))
    proxy.inject("throttle", operations={"PutItem"})
    failed = talk.intent("AMAZON.YesIntent")
    assert failed.said("journal/save_failed"), failed.keys
    proxy.clear()
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "a second thought"
