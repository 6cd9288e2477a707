"""The issue's "done when", as Alexa would send it (tests/dialogs/journal.json says the same in words): a new
user logs two check-ins by voice, hears them read back, asks who they have felt safe with, and deletes their
journal."""

from __future__ import annotations

from tests.conversations.journal_talk import check_ins, directive, log_slots, note
from tests.ssml import check_ssml
from tools.envelopes import slot


def test_a_new_user_logs_two_check_ins_hears_them_sees_a_pattern_and_deletes_the_journal(talk, ddb, deletion_worker):
    replies = [talk.launch()]
    # "log a check-in" -> the skill asks who -> "Maya" -> it asks how it felt -> "safe"
    replies.append(talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED"))
    assert directive(replies[-1], "Dialog.ElicitSlot")["slotToElicit"] == "person"
    replies.append(talk.intent("LogCheckInIntent", *log_slots("Maya"), dialog_state="IN_PROGRESS"))
    replies.append(talk.intent("LogCheckInIntent", *log_slots("Maya", "safe"), dialog_state="IN_PROGRESS"))
    # "I noticed she really listened" -> read back -> "yes"
    replies.append(talk.intent("CheckInNoteIntent", note("she really listened")))
    assert "Maya today" in replies[-1].text and "she really listened" in replies[-1].text
    replies.append(talk.intent("AMAZON.YesIntent"))
    # "I went for a walk with my brother and it felt calm" -> "skip" -> "change the person" -> "my sister" -> "yes"
    replies.append(talk.intent("LogCheckInIntent", *log_slots("my brother", "calm"), dialog_state="STARTED"))
    replies.append(talk.intent("CheckInNoteIntent", note("skip")))
    replies.append(talk.intent("ChangeCheckInIntent",
                               slot("part", "the person", slot_type="CHECKIN_PART", match_id="person")))
    kept = directive(replies[-1], "Dialog.ElicitSlot")["updatedIntent"]["slots"]
    replies.append(talk.intent("LogCheckInIntent", slot("person", "my sister"),
                               slot("feeling", kept["feeling"]["value"]), slot("note", None),
                               slot("date", kept["date"]["value"]), dialog_state="IN_PROGRESS"))
    assert "your sister today" in replies[-1].text and "calm" in replies[-1].text
    replies.append(talk.intent("AMAZON.YesIntent"))
    assert len(check_ins(ddb, talk.device.user_id)) == 2

    replies.append(talk.intent("ReadJournalIntent"))
    heard = replies[-1].text
    assert "out loud" in heard and "Maya" in heard and "your sister" in heard and "she really listened" in heard

    replies.append(talk.intent("JournalPatternsIntent"))
    assert "Maya, 1 time" in replies[-1].text and "your sister, 1 time" in replies[-1].text

    replies.append(talk.intent("DeleteJournalIntent"))
    replies.append(talk.intent("AMAZON.YesIntent"))
    assert "started deleting your journal" in replies[-1].text
    replies.append(talk.intent("ReadJournalIntent"))
    assert "empty" in replies[-1].text
    deletion_worker.drain()
    assert check_ins(ddb, talk.device.user_id) == []
    replies.append(talk.intent("AMAZON.StopIntent"))
    assert replies[-1].ends_session

    for reply in replies:
        if reply.ssml:
            check_ssml(reply.ssml)
        if not reply.ends_session and not directive(reply, "Dialog.Delegate"):
            assert reply.reprompt, reply.text
