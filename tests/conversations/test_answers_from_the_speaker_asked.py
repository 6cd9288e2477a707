"""On a shared Echo an answer counts only from the speaker who was asked. Alexa often does not
recognise a short "yes": that "yes" is not acted on, the person hears why, and the one who asked can
answer again. "Say that again" replays something personal only to the speaker it was read to."""

from __future__ import annotations

from tests.conftest import items_of
from tests.conversations.journal_talk import check_ins, log_check_in, log_slots, note
from tools.conversation import Conversation
from tools.envelopes import Device

ANA = "amzn1.ask.person.ANA"
BEN = "amzn1.ask.person.BEN"


def _echo(handler) -> Conversation:
    return Conversation(handler, Device(person_id=ANA))


def _as(talk: Conversation, person: str | None) -> Conversation:
    talk.device.person_id = person
    return talk


def test_delete_all_my_data_confirmed_by_an_unrecognised_voice_deletes_nothing(handler, ddb, deletion_worker):
    talk = _echo(handler)
    log_check_in(talk, "Maya", "safe")
    log_check_in(_as(talk, None), "my neighbour", "mixed")  # a guest's check-in, in the unrecognised journal
    _as(talk, ANA).intent("DeleteAllMyDataIntent")
    before = len(items_of(ddb, talk.device.user_id))
    reply = _as(talk, None).intent("AMAZON.YesIntent")
    assert reply.said("questions/not_your_answer") and not reply.said("journal/deleting_all")
    assert reply.question == "journal.delete" and not reply.ends_session
    assert len(items_of(ddb, talk.device.user_id)) == before, "nobody's data was deleted"
    done = _as(talk, ANA).intent("AMAZON.YesIntent")
    assert done.said("journal/deleting_all")
    deletion_worker.drain()
    left = check_ins(ddb, talk.device.user_id)
    assert [item["person"]["S"] for item in left] == ["my neighbour"], "only Ana's data went"


def test_delete_my_last_check_in_confirmed_by_another_voice_is_not_claimed(handler, ddb):
    talk = _echo(handler)
    log_check_in(talk, "Maya", "safe")
    talk.intent("DeleteLastCheckInIntent")
    reply = _as(talk, BEN).intent("AMAZON.YesIntent")
    assert "Done" not in reply.text and reply.said("questions/not_your_answer")
    assert len(check_ins(ddb, talk.device.user_id)) == 1


def test_answers_from_another_voice_leave_everything_as_it_was_and_the_asker_can_still_answer(handler, ddb,
                                                                                            deletion_worker):
    talk = _echo(handler)
    log_check_in(talk, "Maya", "safe")
    talk.intent("DeleteJournalIntent")
    for _ in range(3):  # another voice never uses up the asker's chances
        other = _as(talk, None).intent("AMAZON.YesIntent")
        assert other.said("questions/not_your_answer") and other.question == "journal.delete", other.keys
    assert len(check_ins(ddb, talk.device.user_id)) == 1
    _as(talk, ANA).intent("AMAZON.YesIntent")
    deletion_worker.drain()
    assert check_ins(ddb, talk.device.user_id) == []


def test_a_check_in_dictated_by_one_voice_and_confirmed_by_another_is_not_saved(handler, ddb):
    talk = _echo(handler)
    talk.intent("LogCheckInIntent", *log_slots("my sister", "safe"), dialog_state="STARTED")
    talk.intent("CheckInNoteIntent", note("we laughed"))
    reply = _as(talk, None).intent("AMAZON.YesIntent")
    assert reply.said("questions/not_your_answer") and check_ins(ddb, talk.device.user_id) == []
    _as(talk, ANA).intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["sk"]["S"].startswith("P#") and not item["sk"]["S"].startswith("P#-#"), "in Ana's journal"


def test_say_that_again_replays_a_personal_reading_only_to_the_speaker_it_was_read_to(handler, ddb):
    talk = _echo(handler)
    log_check_in(talk, "Maya", "safe", "she listened")
    heard = talk.intent("ReadJournalIntent")
    assert "she listened" in heard.text
    other = _as(talk, BEN).intent("AMAZON.RepeatIntent")
    assert "she listened" not in other.text and other.said("privacy/repeat_not_for_you")
    again = _as(talk, ANA).intent("AMAZON.RepeatIntent")
    assert "she listened" in again.text


def test_in_private_mode_say_that_again_asks_again_before_reading(handler, ddb):
    talk = _echo(handler)
    log_check_in(talk, "Maya", "safe", "she listened")
    talk.intent("PrivateModeOnIntent")
    talk.intent("ReadJournalIntent")
    heard = talk.intent("AMAZON.YesIntent")
    assert "she listened" in heard.text
    again = talk.intent("AMAZON.RepeatIntent")
    assert "she listened" not in again.text and again.question == "read_aloud"
    assert "she listened" in talk.intent("AMAZON.YesIntent").text


def test_say_that_again_of_something_not_personal_works_for_anyone(handler):
    talk = _echo(handler)
    welcome = talk.launch()
    again = _as(talk, None).intent("AMAZON.RepeatIntent")
    assert again.text == welcome.text
