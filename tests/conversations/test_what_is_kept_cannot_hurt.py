"""What the skill keeps can never hurt the person it is read back to (issue 11, item 5): a painful
thought is not kept as a counter-belief, crisis and danger words are never kept at all, and a check-in
that felt unsafe is met with care and a way to reach people, then read back only after asking."""

from __future__ import annotations

from tests.conftest import items_of
from tests.conversations.journal_talk import check_ins, log_check_in, log_slots, note
from tools.envelopes import slot


def _own(words: str):
    return slot("counterBelief", words)


def _stored_own(ddb, talk) -> str | None:
    profile = next((i for i in items_of(ddb, talk.device.user_id) if i["sk"]["S"].endswith("#profile")), {})
    return (profile.get("ownCounterBelief") or {}).get("S")


def test_a_painful_thought_said_as_my_counter_belief_is_not_kept_and_a_kind_one_is_offered(talk, ddb):
    talk.launch()
    reply = talk.intent("SaveOwnCounterBeliefIntent", _own("I'm a burden to everyone"))
    assert reply.said("beliefs/own_is_a_painful_thought") and reply.said("beliefs/counter_only")
    assert "burden" not in reply.text.lower(), "the thought is not repeated back"
    assert _stored_own(ddb, talk) is None


def test_kind_words_of_my_own_are_kept(talk, ddb):
    talk.launch()
    talk.intent("SaveOwnCounterBeliefIntent", _own("I can ask for help"))
    assert _stored_own(ddb, talk) == "I can ask for help"


def test_crisis_words_said_as_my_counter_belief_get_the_crisis_answer_and_are_never_read_back(talk, ddb):
    talk.launch()
    reply = talk.intent("SaveOwnCounterBeliefIntent", _own("nobody would miss me if i died"))
    assert reply.said("safety/crisis_line") and _stored_own(ddb, talk) is None
    talk.new_session()
    later = talk.intent("MyCounterBeliefIntent")
    assert later.said("beliefs/own_none") and "miss me" not in later.text


def test_a_check_in_that_felt_unsafe_is_met_with_care_and_the_line_and_read_back_only_after_asking(talk, ddb):
    reply = log_check_in(talk, "my uncle", "unsafe")
    assert reply.said("danger/checkin_unsafe") and not reply.said("journal/saved")
    assert "worth doing" not in reply.text and "you just did it" not in reply.text, "no praise"
    assert len(check_ins(ddb, talk.device.user_id)) == 1
    asked = talk.intent("ReadJournalIntent")
    assert asked.question == "read_aloud" and "uncle" not in asked.text
    assert "uncle" in talk.intent("AMAZON.YesIntent").text


def test_danger_words_in_a_check_in_note_get_the_danger_answer_and_nothing_is_stored(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("my partner", "scared"), dialog_state="STARTED")
    reply = talk.intent("CheckInNoteIntent", note("he grabbed my arm and said no one would believe me"))
    assert reply.said("danger/heard") or any(k.startswith("danger/") for k in reply.keys), reply.keys
    assert not reply.said("journal/saved") and not reply.said("journal/confirm")
    talk.intent("AMAZON.YesIntent")
    assert check_ins(ddb, talk.device.user_id) == []
