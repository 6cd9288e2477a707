"""A person opens the skill, asks for help, says something odd, and leaves."""

from __future__ import annotations

import pytest

from tests.conftest import items_of
from tests.ssml import check_ssml
from tools.conversation import Conversation
from tools.envelopes import Device


def test_a_first_time_user_hears_the_offer_the_disclaimer_and_how_to_stop(talk, ddb):
    assert items_of(ddb, talk.device.user_id) == []
    reply = talk.launch()
    check_ssml(reply.ssml)
    assert "reflection" in reply.text and "counter-belief" in reply.text and "check-in" in reply.text
    assert "not a substitute for professional care" in reply.text
    assert '"stop"' in reply.text or "stop" in reply.text
    assert not reply.ends_session and reply.reprompt
    stored = items_of(ddb, talk.device.user_id)
    assert len(stored) == 1 and stored[0]["sk"]["S"].endswith("#profile")


def test_a_returning_user_gets_a_shorter_welcome_without_the_disclaimer(handler, talk):
    first = talk.launch()
    talk.new_session()
    second = talk.launch()
    assert "not a substitute" not in second.text
    assert len(second.text) < len(first.text)
    assert "reflection" in second.text and not second.ends_session and second.reprompt


def test_the_disclaimer_is_heard_once_even_on_a_shared_echo_with_a_new_speaker(handler):
    echo = Device()
    Conversation(handler, echo).launch()
    partner = Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.partner")
    assert "not a substitute" in Conversation(handler, partner).launch().text
    assert "not a substitute" not in Conversation(handler, echo).launch().text


def test_help_explains_and_keeps_listening(talk):
    talk.launch()
    reply = talk.intent("AMAZON.HelpIntent")
    check_ssml(reply.ssml)
    assert "reflection" in reply.text and "counter-belief" in reply.text and "check-in" in reply.text
    assert "?" in reply.text and not reply.ends_session and reply.reprompt


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"])
def test_stop_and_cancel_end_gently(talk, speech, intent):
    talk.launch()
    reply = talk.intent(intent)
    assert reply.ends_session and _spoke(reply, speech, "goodbye/goodbye")


def test_fallback_says_what_the_skill_can_do_and_keeps_the_session(talk):
    talk.launch()
    reply = talk.intent("AMAZON.FallbackIntent")
    check_ssml(reply.ssml)
    assert "reflection" in reply.text and not reply.ends_session and reply.reprompt


def _spoke(reply, speech, key: str) -> bool:
    return reply.ssml.removeprefix("<speak>").removesuffix("</speak>") in speech.variants(key, "en-US")


def test_yes_to_anything_else_asks_what_they_would_like(talk, speech):
    talk.launch()
    reply = talk.intent("AMAZON.YesIntent")
    assert _spoke(reply, speech, "fallback/yes_what_then") and not reply.ends_session and reply.reprompt


def test_no_to_anything_else_ends_gently(talk, speech):
    talk.launch()
    reply = talk.intent("AMAZON.NoIntent")
    assert reply.ends_session and _spoke(reply, speech, "goodbye/goodbye")


def test_next_with_nothing_to_go_on_with_says_so(talk, speech):
    talk.launch()
    reply = talk.intent("AMAZON.NextIntent")
    assert _spoke(reply, speech, "fallback/out_of_context") and not reply.ends_session and reply.reprompt


def test_say_that_again_repeats_the_last_answer(talk):
    welcome = talk.launch()
    again = talk.intent("AMAZON.RepeatIntent")
    assert again.text == welcome.text and not again.ends_session


def test_session_ended_answers_nothing(talk):
    talk.launch()
    reply = talk.end("USER_INITIATED")
    assert "outputSpeech" not in reply.response
    assert reply.response.get("reprompt") is None


def test_every_open_response_has_a_reprompt(talk):
    replies = [talk.launch(), talk.intent("AMAZON.HelpIntent"), talk.intent("AMAZON.FallbackIntent"),
               talk.intent("AMAZON.PauseIntent"), talk.intent("SomeIntentFromANewerModel")]
    for reply in replies:
        assert not reply.ends_session and reply.reprompt_ssml
        check_ssml(reply.reprompt_ssml)


def test_a_request_for_another_skill_is_refused_and_writes_nothing(handler, ddb):
    stranger = Device(skill_id="amzn1.ask.skill.11111111-2222-3333-4444-555555555555")
    with pytest.raises(Exception, match="Skill ID Verification failed"):
        Conversation(handler, stranger).launch()
    assert items_of(ddb, stranger.user_id) == []


def test_a_bug_is_an_apology_that_keeps_the_session_and_logs_no_words(monkeypatch, caplog, ddb):
    from dataclasses import replace

    from safe_connections import app
    from safe_connections.config import load_config
    from safe_connections.handlers import builtin

    def broken(self, turn):
        raise ValueError("secret words the user said")

    monkeypatch.setattr(builtin.AskForHelp, "respond", broken)
    polite = app.build_skill(replace(load_config(), strict_errors=False))
    talk = Conversation(lambda event, context: app.handle_event(event, context, skill=polite))
    with caplog.at_level("INFO"):
        reply = talk.intent("AMAZON.HelpIntent")
    assert "sorry" in reply.text.lower() and not reply.ends_session and reply.reprompt
    assert "didn't catch" not in reply.text and "understand" not in reply.text
    assert "ValueError" in caplog.text and "secret words" not in caplog.text


def test_someone_whose_first_visit_was_a_one_shot_still_hears_the_disclaimer_once(talk, ddb):
    from tools.envelopes import slot

    talk.intent("SaveOwnCounterBeliefIntent", slot("counterBelief", "I am allowed to rest"))
    assert items_of(ddb, talk.device.user_id), "the one-shot stored the counter-belief"
    talk.new_session()
    assert "not a substitute for professional care" in talk.launch().text
    talk.new_session()
    assert "not a substitute" not in talk.launch().text


def test_an_answer_with_no_question_waiting_gets_the_help_that_fits_where_they_are(talk, speech):
    from tools.envelopes import slot

    talk.launch()
    talk.intent("StartReflectionIntent")
    reply = talk.intent("SafetyPlanAnswerIntent", slot("answer", "blue"))
    assert reply.attributes["state"] == "reflecting" and "next" in reply.text.lower()
    assert not _spoke(reply, speech, "fallback/fallback")
