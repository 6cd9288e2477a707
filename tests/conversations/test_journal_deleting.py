"""Deleting: the last check-in, everyone's check-ins with one person, the whole journal, all my data.
Each waits for a yes; "no" deletes nothing; after "delete all my data" nothing of that person is left.
Deleting many items is queued for the deletion worker (lambda/safe_connections/deletions.py): what was
asked to be deleted is never read back from the "yes" on, and is gone once the worker has run."""

from __future__ import annotations

import time

from tests.conftest import items_of
from tests.conversations.journal_talk import check_ins, log_check_in, person
from tools.conversation import Conversation
from tools.envelopes import Device, slot


def _logged(talk, *rows):
    for who, felt in rows:
        log_check_in(talk, who, felt)


def test_delete_my_last_check_in_names_it_and_waits_for_yes(talk, ddb):
    _logged(talk, ("Maya", "safe"), ("Sam", "tense"))
    newest = max(check_ins(ddb, talk.device.user_id), key=lambda item: item["sk"]["S"])
    asked = talk.intent("DeleteLastCheckInIntent")
    assert newest["person"]["S"] in asked.text and "delete" in asked.text and asked.reprompt
    assert len(check_ins(ddb, talk.device.user_id)) == 2, "nothing deleted before yes"
    done = talk.intent("AMAZON.YesIntent")
    assert "deleted" in done.text and not done.ends_session
    left = check_ins(ddb, talk.device.user_id)
    assert len(left) == 1 and left[0]["sk"]["S"] != newest["sk"]["S"]


def test_no_keeps_everything(talk, ddb):
    _logged(talk, ("Maya", "safe"))
    for intent in ("DeleteLastCheckInIntent", "DeleteJournalIntent", "DeleteAllMyDataIntent"):
        talk.intent(intent)
        kept = talk.intent("AMAZON.NoIntent")
        assert "haven't deleted" in kept.text or "stays" in kept.text
    talk.intent("DeletePersonCheckInsIntent", person("Maya"))
    talk.intent("AMAZON.CancelIntent")
    assert len(check_ins(ddb, talk.device.user_id)) == 1


def test_delete_my_check_ins_with_one_person_leaves_the_others(talk, ddb, deletion_worker):
    _logged(talk, ("Maya", "safe"), ("maya", "mixed"), ("Sam", "safe"), ("Mayan", "safe"))
    asked = talk.intent("DeletePersonCheckInsIntent", person("Maya"))
    assert "Maya" in asked.text and "can't be undone" in asked.text
    done = talk.intent("AMAZON.YesIntent")
    assert "started deleting your check-ins with Maya" in done.text and "within a few minutes" in done.text
    assert "Mayan" not in done.text and not done.ends_session and done.reprompt
    # Before the worker has run: nothing of Maya is read back, the others are.
    assert "any check-ins with Maya" in talk.intent("PersonJournalIntent", person("Maya")).text
    heard = talk.intent("ReadJournalIntent", slot("count", "5")).text
    assert "Sam" in heard and "Mayan" in heard and "Maya," not in heard
    deletion_worker.drain()
    left = sorted(item["person"]["S"] for item in check_ins(ddb, talk.device.user_id))
    assert left == ["Mayan", "Sam"]


def test_delete_my_journal_removes_every_check_in_but_keeps_the_profile(talk, ddb, deletion_worker):
    talk.launch()
    _logged(talk, ("Maya", "safe"), ("Sam", "mixed"), ("my brother", "calm"))
    talk.intent("DeleteJournalIntent")
    done = talk.intent("AMAZON.YesIntent")
    assert "started deleting your journal" in done.text and "gone within a few minutes" in done.text
    assert "empty" in talk.intent("ReadJournalIntent").text, "hidden from the yes on"
    deletion_worker.drain()
    assert check_ins(ddb, talk.device.user_id) == []
    [profile] = items_of(ddb, talk.device.user_id)
    assert profile["sk"]["S"].endswith("#profile") and "deleting" not in profile, "the marker went with the work"
    assert "empty" in talk.intent("ReadJournalIntent").text


def test_a_check_in_logged_while_the_journal_is_being_deleted_stays(talk, ddb, deletion_worker):
    _logged(talk, ("Maya", "safe"), ("Sam", "mixed"))
    talk.intent("DeleteJournalIntent")
    talk.intent("AMAZON.YesIntent")
    time.sleep(1.1)  # the next check-in is logged a second later than the deletion was asked for
    _logged(talk, ("Jo", "calm"))
    assert "Jo" in talk.intent("ReadJournalIntent").text
    deletion_worker.drain()
    assert [item["person"]["S"] for item in check_ins(ddb, talk.device.user_id)] == ["Jo"]


def test_delete_all_my_data_leaves_nothing_of_that_person_and_says_so(handler, ddb, deletion_worker):
    echo = Device()
    me = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.me"))
    partner = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.p"))
    me.launch()
    partner.launch()
    for i in range(30):  # more than one BatchWriteItem (25) worth
        log_check_in(me, f"Friend {i}", "safe")
    log_check_in(partner, "Maya", "safe")
    me.intent("MakeSafetyPlanIntent")
    me.intent("SafetyPlanAnswerIntent", slot("answer", "a slow walk"))
    asked = me.intent("DeleteAllMyDataIntent")
    assert "all your data" in asked.text and "can't be undone" in asked.text
    done = me.intent("AMAZON.YesIntent")
    assert "started deleting all your data" in done.text and "settings are already gone" in done.text
    assert "don't have a safety plan" in me.intent("MySafetyPlanIntent").text
    assert "empty" in me.intent("ReadJournalIntent").text
    deletion_worker.drain()
    from safe_connections.store import UserRef

    scope = UserRef(echo.user_id, "amzn1.ask.person.me").scope
    assert [i for i in items_of(ddb, echo.user_id) if i["sk"]["S"].startswith(scope + "#")] == []
    partner_items = items_of(ddb, echo.user_id)
    assert len(partner_items) == 2, "the partner's profile and check-in stay"


def test_deleting_with_nothing_there_says_so(talk, deletion_worker):
    reply = talk.intent("DeleteLastCheckInIntent")
    assert "empty" in reply.text and reply.attributes["state"] == "idle"
    talk.intent("DeletePersonCheckInsIntent", person("Zoe"))
    done = talk.intent("AMAZON.YesIntent")
    assert "check-ins with Zoe" in done.text
    deletion_worker.drain()


def test_send_my_journal_to_my_phone_puts_recent_entries_in_a_card(talk):
    log_check_in(talk, "Maya", "safe", "she listened & laughed <3")
    log_check_in(talk, "Sam", "tense")
    asked = talk.intent("SendJournalIntent")
    assert asked.card is None and asked.question == "read_aloud", "one felt unsafe: the app is shared too"
    reply = talk.intent("AMAZON.YesIntent")
    card = reply.card
    assert card and card["type"] == "Simple" and card["title"] == "Your connection journal"
    assert "Maya" in card["content"] and "she listened & laughed <3" in card["content"] and "Sam" in card["content"]
    assert len(card["title"]) + len(card["content"]) < 8000
    assert "Alexa app" in reply.text and "Maya" not in reply.text, "the card holds it; the speech doesn't read it"
