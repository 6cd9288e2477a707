"""A shared Echo: two recognised people and a guest. Each hears only their own plan, a guest hears
nothing personal, private mode asks before reading, and the skill says honestly what it keeps."""

from __future__ import annotations

import re

import pytest

from tests.conversations.safety_helpers import assert_crisis_answer
from tools.conversation import Conversation
from tools.envelopes import Device, slot

ALEX = "amzn1.ask.person.alex"
SAM = "amzn1.ask.person.sam"


def speaker(handler, echo: Device, person: str | None) -> Conversation:
    return Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id=person))


def make_plan(talk: Conversation, calm: str, place: str) -> None:
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    talk.intent("SafetyPlanAnswerIntent", slot("answer", calm))
    talk.intent("SkipQuestionIntent")
    talk.intent("SafetyPlanAnswerIntent", slot("answer", place))
    talk.intent("SkipQuestionIntent")
    talk.new_session()


@pytest.fixture
def echo() -> Device:
    return Device()


@pytest.fixture
def household(handler, echo):
    alex, sam = speaker(handler, echo, ALEX), speaker(handler, echo, SAM)
    make_plan(alex, "gardening", "the allotment")
    make_plan(sam, "drawing", "the library")
    return alex, sam


def test_two_recognised_speakers_each_hear_only_their_own_plan(household):
    alex, sam = household
    heard_by_alex = alex.intent("MySafetyPlanIntent").text
    heard_by_sam = sam.intent("MySafetyPlanIntent").text
    assert "gardening" in heard_by_alex and "drawing" not in heard_by_alex
    assert "drawing" in heard_by_sam and "gardening" not in heard_by_sam


def test_an_unrecognised_voice_hears_nothing_personal(handler, echo, household):
    guest = speaker(handler, echo, None)
    reply = guest.intent("MySafetyPlanIntent")
    assert "don't have a safety plan" in reply.text
    crisis = guest.intent("CrisisIntent")
    assert_crisis_answer(crisis, "en-US")
    for words in ("gardening", "the allotment", "drawing", "the library"):
        assert words not in reply.text and words not in crisis.text


def test_private_mode_asks_before_reading_and_is_per_person(household):
    alex, sam = household
    on = alex.intent("PrivateModeOnIntent")
    assert "Private mode is on" in on.text and not on.ends_session
    ask = alex.intent("MySafetyPlanIntent")
    assert "Is it okay to read it out loud now?" in ask.text
    assert "gardening" not in ask.text and not ask.ends_session
    assert "gardening" in alex.intent("AMAZON.YesIntent").text

    assert "drawing" in sam.intent("MySafetyPlanIntent").text, "Sam did not turn private mode on"

    alex.intent("MySafetyPlanIntent")
    declined = alex.intent("AMAZON.NoIntent")
    assert "won't read it" in declined.text or "keep it to myself" in declined.text
    assert "gardening" not in declined.text and not declined.ends_session

    off = alex.intent("PrivateModeOffIntent")
    assert "Private mode is off" in off.text
    assert "gardening" in alex.intent("MySafetyPlanIntent").text


def test_in_private_mode_the_crisis_answer_gives_the_line_then_asks_before_their_own_words(household):
    alex, _ = household
    alex.intent("PrivateModeOnIntent")
    reply = alex.intent("CrisisIntent")
    assert_crisis_answer_without_choice(reply)
    assert "gardening" not in reply.text and "okay to read them out loud" in reply.text
    yes = alex.intent("AMAZON.YesIntent")
    assert "gardening" in yes.text and "carry on" in yes.text and yes.attributes["state"] == "crisis"
    assert "reflection" in alex.intent("AMAZON.ResumeIntent").text


def test_in_private_mode_no_keeps_their_words_unsaid_and_still_offers_the_choice(household):
    alex, _ = household
    alex.intent("PrivateModeOnIntent")
    alex.intent("CrisisIntent")
    no = alex.intent("AMAZON.NoIntent")
    assert "gardening" not in no.text and "carry on" in no.text and no.attributes["state"] == "crisis"
    assert alex.intent("AMAZON.StopIntent").ends_session


def assert_crisis_answer_without_choice(reply):
    assert "988" in "".join(re.findall(r"<say-as[^>]*>(\d+)</say-as>", reply.ssml))
    assert "988" in reply.card["content"] and not reply.ends_session and reply.reprompt


def test_nothing_personal_is_read_unless_asked_for(household):
    alex, _ = household
    for reply in (alex.launch(), alex.intent("AMAZON.HelpIntent"), alex.intent("AMAZON.FallbackIntent")):
        assert "gardening" not in reply.text and "allotment" not in reply.text


@pytest.mark.parametrize("question", ["what do you store about me", "is this private"])
def test_what_the_skill_keeps_is_said_honestly_in_two_sentences(talk, question):
    from tools.build_models import build

    intents = build("en-US")["interactionModel"]["languageModel"]["intents"]
    assert question in next(i["samples"] for i in intents if i["name"] == "WhatDoYouStoreIntent")
    reply = talk.intent("WhatDoYouStoreIntent")
    answer = reply.text.split("What would you like to do now?")[0].strip()
    assert len(re.findall(r"[.!?](?:\s|$)", answer)) == 2, answer
    for fact in ("check-ins", "safety plan", "Alexa account", "never kept", "delete all my data", "disable"):
        assert fact in answer
    assert not reply.ends_session and reply.reprompt


def test_a_reading_registered_with_the_privacy_gate_is_one_line_for_other_capabilities(talk):
    from safe_connections import privacy

    @privacy.personal("test_reading")
    def read(turn):
        return turn.say("privacy/not_now").ask("common/reprompt")

    assert privacy._READINGS["test_reading"] is read
    with pytest.raises(KeyError):
        privacy.read_personal(None, "never_registered")


def test_a_yes_to_a_question_no_longer_waiting_is_not_mistaken_for_consent(talk):
    talk.launch()
    # A question from an older version of the skill, for a reading that no longer exists.
    talk.attributes.update(question={"name": "read_aloud", "asked_by": "P#-", "misses": 0,
                                     "context": {"reading": "gone"}})
    reply = talk.intent("AMAZON.YesIntent")
    assert "nothing" in reply.text.lower() and reply.attributes["state"] == "idle" and not reply.ends_session
