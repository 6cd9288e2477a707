""""This is too much" during the reflection: it stops at once, offers a grounding minute and three choices."""

from __future__ import annotations

import pytest

from tests.conftest import items_of
from tests.ssml import check_ssml
from tools.envelopes import slot

GROUNDING = ("feet on the floor", "three things you can hear")
CHOICES = ('"continue"', '"stop"', '"support"')


def _at_step_four(talk) -> None:
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("GoToStepIntent", slot("number", "4", slot_type="AMAZON.NUMBER"))
    assert talk.last.text.startswith("Step four")


def _saved_id(ddb, user_id: str) -> str | None:
    profile = next(i for i in items_of(ddb, user_id) if i["sk"]["S"].endswith("#profile"))
    stored = profile.get("reflection")
    return stored["M"]["id"]["S"] if stored else None


def test_distress_pauses_at_once_and_offers_grounding_and_a_choice(talk, ddb):
    _at_step_four(talk)
    reply = talk.intent("FeelingOverwhelmedIntent")
    check_ssml(reply.ssml)
    assert reply.text.startswith("I've paused the reflection")
    assert "Step" not in reply.text and "nourishing" not in reply.text
    for phrase in GROUNDING + CHOICES:
        assert phrase in reply.text, phrase
    assert "wrong" in reply.text  # "you haven't done anything wrong"
    assert not reply.ends_session and "continue" in reply.reprompt
    assert reply.attributes["state"] == "grounding"
    assert _saved_id(ddb, talk.device.user_id) == "step4", "the place is kept even if they walk away now"


def test_continue_after_grounding_goes_back_to_the_same_step(talk):
    _at_step_four(talk)
    talk.intent("FeelingOverwhelmedIntent")
    reply = talk.intent("AMAZON.ResumeIntent")
    assert "Step four: nourishing a connection" in reply.text and reply.attributes["state"] == "reflecting"
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step five")


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.NoIntent", "AMAZON.PauseIntent"])
def test_stop_after_grounding_ends_softly_and_keeps_the_place(talk, ddb, intent):
    _at_step_four(talk)
    talk.intent("FeelingOverwhelmedIntent")
    reply = talk.intent(intent)
    assert reply.ends_session and ("saved" in reply.text)
    assert _saved_id(ddb, talk.device.user_id) == "step4"
    talk.new_session()
    assert "Step four" in talk.intent("ResumeReflectionIntent").text


def test_where_to_find_support_points_to_people_then_back_to_the_choice(talk):
    _at_step_four(talk)
    talk.intent("FeelingOverwhelmedIntent")
    reply = talk.intent("FindSupportIntent")
    check_ssml(reply.ssml)
    assert "trauma-informed therapist" in reply.text and "safe person" in reply.text
    assert "not a substitute for professional care" in reply.text
    assert '"continue"' in reply.text and not reply.ends_session
    assert "Step four" in talk.intent("AMAZON.NextIntent").text


def test_help_during_grounding_repeats_the_choices_without_pressure(talk):
    _at_step_four(talk)
    talk.intent("FeelingOverwhelmedIntent")
    reply = talk.intent("AMAZON.HelpIntent")
    for choice in CHOICES:
        assert choice in reply.text
    assert reply.attributes["state"] == "grounding" and not reply.ends_session


def test_distress_while_asked_about_a_name_drops_the_name(talk, ddb):
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("GoToStepIntent", slot("number", "1", slot_type="AMAZON.NUMBER"))
    talk.intent("RememberSafePersonIntent", slot("name", "Maya", slot_type="AMAZON.FirstName"))
    talk.intent("FeelingOverwhelmedIntent")
    talk.intent("AMAZON.YesIntent")  # "yes, continue": not a yes to keeping the name
    profile = next(i for i in items_of(ddb, talk.device.user_id) if i["sk"]["S"].endswith("#profile"))
    assert "safePerson" not in profile
    assert talk.last.text.count("Step one") == 1


def test_distress_outside_the_reflection_still_gets_grounding(talk, ddb):
    talk.launch()
    reply = talk.intent("FeelingOverwhelmedIntent")
    assert "paused the reflection" not in reply.text and '"continue"' not in reply.text
    for phrase in GROUNDING:
        assert phrase in reply.text
    after = talk.intent("AMAZON.ResumeIntent")
    assert "what would you like to do" in after.text.lower() and not after.ends_session
    profile = next(i for i in items_of(ddb, talk.device.user_id) if i["sk"]["S"].endswith("#profile"))
    assert "reflection" not in profile
