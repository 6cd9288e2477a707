"""Pausing or stopping keeps the place in DynamoDB; a later session picks it up, from the welcome or on request."""

from __future__ import annotations

import pytest

from tests.conftest import items_of
from tools.conversation import Conversation
from tools.envelopes import Device, slot


def _profile(ddb, user_id: str) -> dict:
    found = [item for item in items_of(ddb, user_id) if item["sk"]["S"].endswith("#profile")]
    assert len(found) == 1
    return found[0]


def _stored_place(ddb, user_id: str) -> dict | None:
    stored = _profile(ddb, user_id).get("reflection")
    if stored is None:
        return None
    return {key: next(iter(value.values())) for key, value in stored["M"].items()}


def _reach_step_three(talk) -> None:
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("GoToStepIntent", slot("number", "3", slot_type="AMAZON.NUMBER"))
    assert talk.last.text.startswith("Step three")


@pytest.mark.parametrize("intent", ["AMAZON.PauseIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_pause_or_stop_saves_the_place_says_so_and_ends_the_session(talk, ddb, intent):
    _reach_step_three(talk)
    reply = talk.intent(intent)
    assert reply.ends_session
    assert "saved your place" in reply.text and "resume my reflection" in reply.text
    place = _stored_place(ddb, talk.device.user_id)
    assert place["version"] == "full" and place["id"] == "step3" and int(place["segment"]) == 4


def test_pause_then_resume_in_a_new_session_continues_at_the_saved_step(talk, ddb):
    _reach_step_three(talk)
    talk.intent("AMAZON.PauseIntent")
    talk.new_session()
    reply = talk.intent("ResumeReflectionIntent")
    assert "Step three: reframing a belief about support" in reply.text
    assert reply.text.startswith(("Welcome back to your reflection", "Okay, let's carry on"))
    assert not reply.ends_session and reply.attributes["state"] == "reflecting"
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step four")


def test_a_returning_user_with_an_unfinished_reflection_is_offered_to_continue_and_yes_continues(talk, ddb):
    _reach_step_three(talk)
    talk.intent("AMAZON.StopIntent")
    talk.new_session()
    welcome = talk.launch()
    assert "step three, reframing a belief about support" in welcome.text
    assert welcome.text.endswith("?") and "yes" in welcome.reprompt
    assert welcome.question == "reflection.resume_offer"
    reply = talk.intent("AMAZON.YesIntent")
    assert "Step three: reframing a belief about support" in reply.text
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step four")


def test_no_to_the_offer_keeps_the_place_but_the_welcome_stops_asking(talk, ddb):
    _reach_step_three(talk)
    talk.intent("AMAZON.PauseIntent")
    talk.new_session()
    talk.launch()
    declined = talk.intent("AMAZON.NoIntent")
    assert "resume my reflection" in declined.text and not declined.ends_session
    place = _stored_place(ddb, talk.device.user_id)
    assert place["id"] == "step3" and place["offer"] is False
    talk.new_session()
    assert "step three" not in talk.launch().text
    assert talk.intent("ResumeReflectionIntent").text.count("Step three") == 1


def test_finishing_the_reflection_clears_the_saved_place(talk, ddb):
    _reach_step_three(talk)
    talk.intent("AMAZON.PauseIntent")
    talk.new_session()
    talk.intent("ResumeReflectionIntent")
    while not talk.last.ends_session:
        talk.intent("AMAZON.NextIntent")
    assert "end of this reflection" in talk.last.text
    assert _stored_place(ddb, talk.device.user_id) is None
    talk.new_session()
    welcome = talk.launch()
    assert "left off" not in welcome.text and "waiting" not in welcome.text


def test_walking_away_mid_reflection_keeps_the_place(talk, ddb):
    _reach_step_three(talk)
    talk.intent("AMAZON.NextIntent")
    talk.end("EXCEEDED_MAX_REPROMPTS")
    assert _stored_place(ddb, talk.device.user_id)["id"] == "step4"
    talk.new_session()
    assert "step four, nourishing a connection" in talk.launch().text


def test_the_short_version_resumes_as_the_short_version(talk, ddb):
    talk.launch()
    talk.intent("StartShortReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    talk.intent("AMAZON.NextIntent")
    talk.intent("AMAZON.PauseIntent")
    place = _stored_place(ddb, talk.device.user_id)
    assert place["version"] == "short" and place["id"] == "short_step4" and int(place["segment"]) == 2
    talk.new_session()
    reply = talk.intent("ResumeReflectionIntent")
    assert reply.text.count("nourishing a connection") == 1 and "Step four" not in reply.text
    assert "giving support" in talk.intent("AMAZON.NextIntent").text


def test_resume_with_nothing_saved_says_so_and_offers_both_versions(talk):
    talk.launch()
    reply = talk.intent("ResumeReflectionIntent")
    assert "don't have a paused reflection" in reply.text and "short reflection" in reply.text
    assert not reply.ends_session and reply.reprompt


def test_plain_resume_at_the_welcome_also_picks_up_the_saved_place(talk):
    _reach_step_three(talk)
    talk.intent("AMAZON.PauseIntent")
    talk.new_session()
    talk.launch()
    talk.intent("AMAZON.FallbackIntent")
    assert "Step three" in talk.intent("AMAZON.ResumeIntent").text


def test_another_person_on_the_same_echo_does_not_get_someone_elses_place(handler, ddb):
    echo = Device()
    mine = Conversation(handler, echo)
    _reach_step_three(mine)
    mine.intent("AMAZON.PauseIntent")
    partner = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.p2"))
    partner.launch()
    partner.new_session()
    welcome = partner.launch()
    assert "step three" not in welcome.text
    assert "don't have a paused reflection" in partner.intent("ResumeReflectionIntent").text


def test_the_welcome_for_a_returning_user_sometimes_mentions_the_short_reflection(talk):
    talk.launch()
    heard = set()
    for _ in range(30):
        talk.new_session()
        heard.add("short" in talk.launch().text)
    assert heard == {True, False}
