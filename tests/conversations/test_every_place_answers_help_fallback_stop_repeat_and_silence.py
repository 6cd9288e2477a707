"""Wherever the conversation is, the things people say anywhere get a sensible answer: help, a sentence
Alexa could not place (fallback), stop, cancel, "say that again", and silence. Every place is reached by a
real conversation through lambda_handler, not by seeding a state.

What counts as sensible, everywhere:
- help and fallback keep the session open with a reprompt, and keep the question that was waiting;
- stop ends the session (Alexa's certification asks for it) and never claims something was saved;
- cancel either ends the session or answers with a reprompt;
- "say that again" says the last answer again;
- silence: the last answer has a reprompt for Alexa to play, and the session's end is answered quietly.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conversations.journal_talk import log_check_in, log_slots, note
from tests.ssml import check_ssml
from tools.conversation import Conversation, Reply
from tools.envelopes import slot


def _idle(talk: Conversation) -> Reply:
    return talk.launch()


def _reflection_step(talk: Conversation) -> Reply:
    talk.launch()
    return talk.intent("StartReflectionIntent")


def _remember_name(talk: Conversation) -> Reply:
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    talk.intent("AMAZON.NextIntent")
    return talk.intent("RememberSafePersonIntent", slot("name", "Maya", slot_type="AMAZON.FirstName"))


def _resume_offer(talk: Conversation) -> Reply:
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    talk.intent("AMAZON.PauseIntent")
    talk.new_session()
    return talk.launch()


def _grounding(talk: Conversation) -> Reply:
    talk.launch()
    talk.intent("StartReflectionIntent")
    return talk.intent("FeelingOverwhelmedIntent")


def _counter_belief(talk: Conversation) -> Reply:
    talk.launch()
    return talk.intent("CounterBeliefIntent", slot("belief", "nobody stays", slot_type="BELIEF", match_id="LEAVE"))


def _who(talk: Conversation) -> Reply:
    talk.launch()
    return talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")


def _how_it_felt(talk: Conversation) -> Reply:
    _who(talk)
    return talk.intent("LogCheckInIntent", *log_slots("Sam"), dialog_state="IN_PROGRESS")


def _what_was_noticed(talk: Conversation) -> Reply:
    talk.launch()
    return talk.intent("LogCheckInIntent", *log_slots("Sam", "calm"), dialog_state="STARTED")


def _shall_i_save_it(talk: Conversation) -> Reply:
    _what_was_noticed(talk)
    return talk.intent("CheckInNoteIntent", note("we laughed"))


def _hear_more(talk: Conversation) -> Reply:
    for person in ("Ana", "Ben", "Cal", "Dee"):
        log_check_in(talk, person, "safe")
    return talk.intent("ReadJournalIntent")


def _delete_question(talk: Conversation) -> Reply:
    log_check_in(talk, "Ana", "safe")
    return talk.intent("DeleteJournalIntent")


def _read_aloud_question(talk: Conversation) -> Reply:
    log_check_in(talk, "Ana", "safe")
    talk.intent("PrivateModeOnIntent")
    return talk.intent("ReadJournalIntent")


def _after_a_crisis_answer(talk: Conversation) -> Reply:
    talk.launch()
    return talk.intent("CrisisIntent")


def _safety_plan_question(talk: Conversation) -> Reply:
    talk.launch()
    return talk.intent("MakeSafetyPlanIntent")


def _delete_plan_question(talk: Conversation) -> Reply:
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    talk.intent("SafetyPlanAnswerIntent", slot("answer", "a warm shower"))
    talk.intent("AMAZON.StopIntent")
    talk.new_session()
    return talk.intent("DeleteSafetyPlanIntent")


PLACES: dict[str, Callable[[Conversation], Reply]] = {
    "idle": _idle,
    "a reflection step": _reflection_step,
    "remember this name?": _remember_name,
    "pick up where you left off?": _resume_offer,
    "grounding": _grounding,
    "a counter-belief": _counter_belief,
    "who was it with?": _who,
    "how did it feel?": _how_it_felt,
    "what did you notice?": _what_was_noticed,
    "shall I save it?": _shall_i_save_it,
    "hear more?": _hear_more,
    "delete it?": _delete_question,
    "read it out loud now?": _read_aloud_question,
    "after a crisis answer": _after_a_crisis_answer,
    "a safety-plan question": _safety_plan_question,
    "delete the safety plan?": _delete_plan_question,
}


def _reach(talk: Conversation, place: str) -> Reply:
    reply = PLACES[place](talk)
    assert not reply.ends_session and reply.question, f"{place}: not a place waiting for an answer"
    return reply


def _open_with_reprompt(reply: Reply) -> None:
    check_ssml(reply.ssml)
    assert not reply.ends_session and reply.text and reply.reprompt


@pytest.mark.parametrize("place", PLACES)
def test_help_explains_and_keeps_the_question(talk, place):
    before = _reach(talk, place)
    reply = talk.intent("AMAZON.HelpIntent")
    _open_with_reprompt(reply)
    assert reply.question == before.question, "help does not lose what was being asked"


@pytest.mark.parametrize("place", PLACES)
def test_a_sentence_alexa_could_not_place_is_met_with_the_choices_and_keeps_the_question(talk, place):
    before = _reach(talk, place)
    reply = talk.intent("AMAZON.FallbackIntent")
    _open_with_reprompt(reply)
    assert reply.question == before.question
    assert reply.text != before.text or reply.keys != before.keys, "a miss is said as a miss"


@pytest.mark.parametrize("place", PLACES)
def test_stop_ends_the_session_and_never_claims_a_save(talk, place):
    _reach(talk, place)
    reply = talk.intent("AMAZON.StopIntent")
    assert reply.ends_session
    assert not any(key in reply.keys for key in ("journal/saved", "journal/saved_unsafe", "journal/deleting_all"))
    if reply.ssml:
        check_ssml(reply.ssml)


@pytest.mark.parametrize("place", PLACES)
def test_cancel_ends_or_answers_with_a_reprompt(talk, place):
    _reach(talk, place)
    reply = talk.intent("AMAZON.CancelIntent")
    if not reply.ends_session:
        _open_with_reprompt(reply)


@pytest.mark.parametrize("place", PLACES)
def test_say_that_again_says_the_last_answer_again(talk, place):
    before = _reach(talk, place)
    reply = talk.intent("AMAZON.RepeatIntent")
    _open_with_reprompt(reply)
    assert reply.question == before.question
    if place == "a reflection step":
        assert reply.text.startswith("Welcome. This is a guided reflection") and before.text.startswith(
            "Welcome. This is a guided reflection"), "the step again"
    elif place == "a counter-belief":
        assert "Some people have left, but safe relationships do exist." in reply.text, "the counter-belief again"
    else:
        assert reply.text == before.text


@pytest.mark.parametrize("place", PLACES)
def test_silence_hears_the_reprompt_and_then_a_quiet_goodbye(talk, place):
    before = _reach(talk, place)
    assert before.reprompt, "Alexa plays the reprompt after 8 s of silence"
    ended = talk.end("EXCEEDED_MAX_REPROMPTS")
    assert not (ended.response or {}).get("outputSpeech"), "after the session ends, the skill cannot speak"


@pytest.mark.parametrize("place", ["who was it with?", "how did it feel?", "what did you notice?", "shall I save it?"])
def test_silence_while_logging_is_told_beforehand_that_nothing_is_saved_without_a_yes(talk, place):
    """The reprompt is the last thing said before Alexa closes a silent session: a check-in is never
    dropped without the person having heard that it would be."""
    before = _reach(talk, place)
    assert "saved" in before.reprompt and ("until you say so" in before.reprompt or "won't be saved" in
                                           before.reprompt or "nothing is saved" in before.reprompt)
