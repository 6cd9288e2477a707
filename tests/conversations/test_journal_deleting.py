"""Deleting: the last check-in, everyone's check-ins with one person, the whole journal, all my data.
Each waits for a yes; "no" deletes nothing; after "delete all my data" nothing of that person is left."""

from __future__ import annotations

from tests.conftest import items_of
from tests.conversations.journal_talk import check_ins, log_check_in, person
from tools.conversation import Conversation
from tools.envelopes import Device


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


def test_delete_my_check_ins_with_one_person_leaves_the_others(talk, ddb):
    _logged(talk, ("Maya", "safe"), ("maya", "mixed"), ("Sam", "safe"), ("Mayan", "safe"))
    asked = talk.intent("DeletePersonCheckInsIntent", person("Maya"))
    assert "Maya" in asked.text and "can't be undone" in asked.text
    done = talk.intent("AMAZON.YesIntent")
    assert "deleted 2 check-ins with Maya" in done.text
    left = sorted(item["person"]["S"] for item in check_ins(ddb, talk.device.user_id))
    assert left == ["Mayan", "Sam"]


def test_delete_my_journal_removes_every_check_in_but_keeps_the_profile(talk, ddb):
    talk.launch()
    _logged(talk, ("Maya", "safe"), ("Sam", "mixed"), ("my brother", "calm"))
    talk.intent("DeleteJournalIntent")
    done = talk.intent("AMAZON.YesIntent")
    assert "3 check-ins" in done.text
    assert check_ins(ddb, talk.device.user_id) == []
    [profile] = items_of(ddb, talk.device.user_id)
    assert profile["sk"]["S"].endswith("#profile")
    assert "empty" in talk.intent("ReadJournalIntent").text


def test_delete_all_my_data_leaves_nothing_of_that_person_and_says_so(handler, ddb):
    echo = Device()
    me = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.me"))
    partner = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.p"))
    me.launch()
    partner.launch()
    for i in range(30):  # more than one BatchWriteItem (25) worth
        log_check_in(me, f"Friend {i}", "safe")
    log_check_in(partner, "Maya", "safe")
    asked = me.intent("DeleteAllMyDataIntent")
    assert "all your data" in asked.text and "can't be undone" in asked.text
    done = me.intent("AMAZON.YesIntent")
    assert "deleted all your data" in done.text and "Nothing of yours is stored" in done.text
    from safe_connections.store import UserRef

    scope = UserRef(echo.user_id, "amzn1.ask.person.me").scope
    assert [i for i in items_of(ddb, echo.user_id) if i["sk"]["S"].startswith(scope + "#")] == []
    partner_items = items_of(ddb, echo.user_id)
    assert len(partner_items) == 2, "the partner's profile and check-in stay"


def test_deleting_with_nothing_there_says_so(talk):
    reply = talk.intent("DeleteLastCheckInIntent")
    assert "empty" in reply.text and reply.attributes["state"] == "idle"
    talk.intent("DeletePersonCheckInsIntent", person("Zoe"))
    done = talk.intent("AMAZON.YesIntent")
    assert "deleted 0 check-ins with Zoe" in done.text


def test_send_my_journal_to_my_phone_puts_recent_entries_in_a_card(talk):
    log_check_in(talk, "Maya", "safe", "she listened & laughed <3")
    log_check_in(talk, "Sam", "tense")
    reply = talk.intent("SendJournalIntent")
    card = reply.card
    assert card and card["type"] == "Simple" and card["title"] == "Your connection journal"
    assert "Maya" in card["content"] and "she listened & laughed <3" in card["content"] and "Sam" in card["content"]
    assert len(card["title"]) + len(card["content"]) < 8000
    assert "Alexa app" in reply.text and "Maya" not in reply.text, "the card holds it; the speech doesn't read it"
