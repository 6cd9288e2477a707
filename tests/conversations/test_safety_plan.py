"""A person makes their own safety plan by voice, skips a question, hears it back, finds it in the
crisis answer, changes a part, and deletes it."""

from __future__ import annotations

import pytest

from tests.conftest import items_of
from tests.conversations.safety_helpers import assert_crisis_answer, stored_text
from tests.ssml import check_ssml
from tools.envelopes import slot


def answer(talk, words):
    return talk.intent("SafetyPlanAnswerIntent", slot("answer", words, slot_type="AMAZON.SearchQuery"))


def stored_plan(ddb, talk):
    profile = next(i for i in items_of(ddb, talk.device.user_id) if i["sk"]["S"].endswith("#profile"))
    plan = profile.get("safetyPlan", {}).get("M", {})
    return {k: v["S"] for k, v in plan.items()}


def make_plan(talk):
    talk.launch()
    first = talk.intent("MakeSafetyPlanIntent")
    answer(talk, "going for a walk")
    talk.intent("SkipQuestionIntent")
    answer(talk, "the garden at home")
    return first, answer(talk, "my therapist Jo")


def test_making_a_plan_one_question_a_turn_with_a_skip(talk, ddb):
    talk.launch()
    first = talk.intent("MakeSafetyPlanIntent")
    check_ssml(first.ssml)
    assert "skip" in first.text and "stop" in first.text and "calmer" in first.text
    assert first.directives[0]["type"] == "Dialog.ElicitSlot"
    assert first.directives[0]["slotToElicit"] == "answer"
    assert not first.ends_session and first.reprompt

    second = answer(talk, "going for a walk")
    assert "person" in second.text and stored_plan(ddb, talk) == {"calm": "going for a walk"}
    third = talk.intent("SkipQuestionIntent")
    assert "okay" in third.text.lower() and "place" in third.text
    fourth = answer(talk, "the garden at home")
    assert "professional" in fourth.text
    done = answer(talk, "my therapist Jo")
    check_ssml(done.ssml)
    assert "saved" in done.text and "what's my safety plan" in done.text
    assert done.attributes["state"] == "idle" and not done.ends_session
    assert stored_plan(ddb, talk) == {"calm": "going for a walk", "place": "the garden at home",
                                      "professional": "my therapist Jo"}


@pytest.mark.parametrize("skip", [("AMAZON.NextIntent",), ("SafetyPlanAnswerIntent", "I don't know"),
                                  ("SafetyPlanAnswerIntent", "skip")])
def test_next_and_i_dont_know_skip_too(talk, ddb, skip):
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    reply = talk.intent(skip[0]) if len(skip) == 1 else answer(talk, skip[1])
    assert "person" in reply.text and stored_plan(ddb, talk) == {}


def test_hearing_the_plan_back(talk):
    make_plan(talk)
    talk.new_session()
    talk.launch()
    reply = talk.intent("MySafetyPlanIntent")
    check_ssml(reply.ssml)
    for words in ("going for a walk", "the garden at home", "my therapist Jo"):
        assert words in reply.text
    assert "A person you can call" not in reply.text, "a skipped question is not read as empty"
    assert not reply.ends_session and reply.reprompt


def test_the_plan_is_part_of_the_crisis_answer(talk):
    make_plan(talk)
    talk.new_session()
    reply = talk.intent("CrisisIntent")
    assert_crisis_answer(reply, "en-US")
    assert "going for a walk" in reply.text and "my therapist Jo" in reply.text


def test_changing_one_part(talk, ddb):
    make_plan(talk)
    reply = talk.intent("ChangeSafetyPlanIntent", slot("part", "safe place", slot_type="SAFETY_PLAN_PART",
                                                        match_id="place"))
    assert "place" in reply.text and "calmer" not in reply.text
    done = answer(talk, "the library")
    assert "saved" in done.text
    assert stored_plan(ddb, talk)["place"] == "the library"
    assert stored_plan(ddb, talk)["calm"] == "going for a walk"


def test_making_it_again_keeps_what_is_skipped(talk, ddb):
    make_plan(talk)
    reply = talk.intent("MakeSafetyPlanIntent")
    assert "keep" in reply.text
    answer(talk, "music")
    for _ in range(3):
        talk.intent("SkipQuestionIntent")
    assert stored_plan(ddb, talk) == {"calm": "music", "place": "the garden at home",
                                      "professional": "my therapist Jo"}


def test_stopping_halfway_keeps_the_answers_so_far(talk, ddb):
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    answer(talk, "breathing slowly")
    reply = talk.intent("AMAZON.StopIntent")
    assert reply.ends_session and "kept" in reply.text
    assert stored_plan(ddb, talk) == {"calm": "breathing slowly"}


def test_an_answer_without_words_is_asked_again_kindly(talk):
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    reply = talk.intent("AMAZON.FallbackIntent")
    assert "didn't quite catch" in reply.text and "skip" in reply.text
    assert reply.attributes["state"] == "safety_plan"


def test_crisis_words_as_an_answer_are_not_stored_and_carry_on_returns_to_the_question(talk, ddb):
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    reply = answer(talk, "nothing helps, I want to die")
    assert_crisis_answer(reply, "en-US")
    assert "want to die" not in stored_text(ddb, talk.device.user_id)
    back = talk.intent("AMAZON.ResumeIntent")
    assert back.attributes["state"] == "safety_plan"
    done = answer(talk, "a warm drink")
    assert "person" in done.text and stored_plan(ddb, talk) == {"calm": "a warm drink"}


def test_deleting_the_plan_needs_a_yes(talk, ddb):
    make_plan(talk)
    ask = talk.intent("DeleteSafetyPlanIntent")
    assert "sure" in ask.text and not ask.ends_session
    kept = talk.intent("AMAZON.NoIntent")
    assert "kept" in kept.text and stored_plan(ddb, talk)
    talk.intent("DeleteSafetyPlanIntent")
    gone = talk.intent("AMAZON.YesIntent")
    assert "deleted" in gone.text and stored_plan(ddb, talk) == {}
    after = talk.intent("MySafetyPlanIntent")
    assert "don't have a safety plan" in after.text
    crisis = talk.intent("CrisisIntent")
    assert "going for a walk" not in crisis.text


def test_nothing_to_delete_or_read_is_said_plainly(talk):
    talk.launch()
    assert "nothing to delete" in talk.intent("DeleteSafetyPlanIntent").text
    assert "make my safety plan" in talk.intent("MySafetyPlanIntent").text


def test_an_answer_outside_the_plan_is_not_stored(talk, ddb):
    talk.launch()
    reply = answer(talk, "a walk in the park")
    assert reply.attributes["state"] == "idle" and stored_plan(ddb, talk) == {}
