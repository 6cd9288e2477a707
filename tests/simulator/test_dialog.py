"""Dialog as Alexa runs it, on a small test model and a tiny fake skill (the real journal comes later)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.simulator.small_model import model
from tools.envelopes import Device
from tools.simulator.resolver import Resolver
from tools.simulator.session import Simulator


class FakeSkill:
    """Delegates until the dialog is COMPLETED, then says what it got and ends; keeps every request."""

    def __init__(self, answer: Any = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answer = answer or self.delegate_until_completed

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.requests.append(event["request"])
        return {"version": "1.0", "sessionAttributes": {"turns": len(self.requests)},
                "response": self.answer(event["request"])}

    @staticmethod
    def delegate_until_completed(request: dict[str, Any]) -> dict[str, Any]:
        if request["type"] == "IntentRequest" and request.get("dialogState") in ("STARTED", "IN_PROGRESS"):
            return {"directives": [{"type": "Dialog.Delegate"}]}
        return speak("Done.", end=True)

    @property
    def states(self) -> list[str | None]:
        return [r.get("dialogState") for r in self.requests]

    @property
    def last_intent(self) -> dict[str, Any]:
        return self.requests[-1]["intent"]


def speak(text: str, end: bool = False, **extra: Any) -> dict[str, Any]:
    response = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"}, "shouldEndSession": end}
    if not end:
        response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"}}
    return response | extra


def simulator(skill: FakeSkill, **changes: Any) -> tuple[Simulator, list[str]]:
    lines: list[str] = []
    resolver = Resolver(model(**changes))
    return Simulator(skill, resolver, Device(), out=lines.append, rng=random.Random(1)), lines


def _value(intent: dict[str, Any], slot: str) -> Any:
    return intent["slots"][slot].get("value")


def test_delegation_elicits_each_required_slot_then_confirms_the_intent():
    skill = FakeSkill()
    sim, lines = simulator(skill)
    sim.say("open safe connections and log my mood")
    assert lines[-1] in ("alexa> Who were you with?", "alexa> Who was it with?")
    sim.say("with Maya")
    assert lines[-1] == "alexa> How did it feel with Maya?"
    sim.say("calm")
    assert lines[-1] == "alexa> Shall I save that you saw Maya and it felt calm?"
    sim.say("yes")
    assert skill.states == ["STARTED", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED"]
    final = skill.last_intent
    assert final["confirmationStatus"] == "CONFIRMED"
    assert _value(final, "person") == "Maya" and _value(final, "feeling") == "calm"
    resolution = final["slots"]["feeling"]["resolutions"]["resolutionsPerAuthority"][0]
    assert resolution["values"][0]["value"]["id"] == "safe"
    assert lines[-2:] == ["alexa> Done.", "(session ended)"] and not sim.problems


def test_the_session_carries_through_the_dialog():
    skill = FakeSkill()
    sim, _ = simulator(skill)
    sim.say("open safe connections and log my mood")
    sim.say("Maya")
    first, second = skill.requests[0], skill.requests[1]
    assert first["type"] == second["type"] == "IntentRequest"
    assert sim.conversation.sent[0]["session"]["new"] is True and sim.conversation.sent[1]["session"]["new"] is False
    assert sim.conversation.sent[1]["session"]["attributes"] == {"turns": 1}
    assert sim.conversation.sent[0]["session"]["sessionId"] == sim.conversation.sent[1]["session"]["sessionId"]


def test_everything_said_at_once_goes_straight_to_confirmation():
    skill = FakeSkill()
    sim, lines = simulator(skill)
    sim.say("ask safe connections I saw Maya yesterday and it felt tense")
    assert lines[-1] == "alexa> Shall I save that you saw Maya and it felt tense?"
    sim.say("no")
    assert skill.states == ["STARTED", "COMPLETED"]
    assert skill.last_intent["confirmationStatus"] == "DENIED"
    assert _value(skill.last_intent, "when")  # a date Alexa read


def test_a_denied_slot_is_asked_for_again_and_a_validation_failure_reprompts():
    skill = FakeSkill()
    sim, lines = simulator(skill, confirm_feeling=True, validate_feeling=True)
    sim.say("ask safe connections I saw Maya and it felt purple")
    assert lines[-1] == "alexa> Safe, mixed or unsafe?"
    sim.say("it felt calm")
    assert lines[-1] == "alexa> You felt calm, right?"
    sim.say("no")
    assert skill.last_intent["slots"]["feeling"]["confirmationStatus"] == "DENIED"
    assert lines[-1] == "alexa> How did it feel with Maya?"
    sim.say("drained")
    assert lines[-1] == "alexa> You felt drained, right?"
    sim.say("yes")
    assert lines[-1] == "alexa> Shall I save that you saw Maya and it felt drained?"
    sim.say("yeah")
    assert skill.states[-1] == "COMPLETED" and skill.last_intent["slots"]["feeling"]["confirmationStatus"] == (
        "CONFIRMED")


def test_auto_delegation_sends_the_skill_only_the_completed_intent():
    skill = FakeSkill()
    sim, lines = simulator(skill, delegation="ALWAYS")
    sim.say("ask safe connections to log my mood")
    sim.say("Sam")
    sim.say("at ease")
    assert skill.requests == []
    assert lines[-1] == "alexa> Shall I save that you saw Sam and it felt at ease?"
    sim.say("sure")
    assert skill.states == ["COMPLETED"]
    assert _value(skill.last_intent, "person") == "Sam" and skill.last_intent["confirmationStatus"] == "CONFIRMED"


def test_stop_while_alexa_asks_leaves_the_dialog():
    skill = FakeSkill()
    sim, _ = simulator(skill)
    sim.say("open safe connections and log my mood")
    sim.say("stop")
    assert skill.requests[-1]["intent"]["name"] == "AMAZON.StopIntent"


def test_elicit_slot_takes_the_next_words_for_that_slot_even_on_another_intent():
    def answer(request: dict[str, Any]) -> dict[str, Any]:
        if request["intent"]["name"] == "LogMoodIntent":
            elicit = {"type": "Dialog.ElicitSlot", "slotToElicit": "note",
                      "updatedIntent": {"name": "NoteIntent", "confirmationStatus": "NONE", "slots": {}}}
            return speak("What helped?", directives=[elicit])
        return speak("Noted.", end=True)

    skill = FakeSkill(answer)
    sim, lines = simulator(skill)
    sim.say("ask safe connections I felt calm with Maya")
    assert "alexa> What helped?" in lines
    assert '  directive: Dialog.ElicitSlot NoteIntent {"slotToElicit":"note"}' in lines
    sim.say("I saw Maya")  # would be LogMoodIntent on its own; here it answers the question
    assert skill.last_intent["name"] == "NoteIntent" and _value(skill.last_intent, "note") == "I saw Maya"
    assert skill.states[-1] == "IN_PROGRESS" and not sim.problems


def test_confirm_intent_and_confirm_slot_directives_take_yes_or_no():
    def answer(request: dict[str, Any]) -> dict[str, Any]:
        intent = request["intent"]
        if intent["name"] == "LogMoodIntent" and intent["confirmationStatus"] == "NONE":
            return speak("Save it?", directives=[{"type": "Dialog.ConfirmIntent", "updatedIntent": intent}])
        return speak(f"It was {intent['confirmationStatus']}.", end=True)

    skill = FakeSkill(answer)
    sim, lines = simulator(skill, delegation="SKILL_RESPONSE")
    sim.say("ask safe connections I felt calm with Maya")
    sim.say("nope")
    assert lines[-2] == "alexa> It was DENIED."
    sim.say("ask safe connections I felt calm with Maya")
    sim.say("how is the weather")  # neither yes nor no: Alexa hears it as a new request
    assert skill.last_intent["name"] == "AMAZON.FallbackIntent"


@pytest.mark.parametrize(("response", "problem"), [
    ({"outputSpeech": {"type": "SSML", "ssml": "<speak>Hi</speak>"}, "directives": [{"type": "Dialog.Delegate"}]},
     "Dialog.Delegate with outputSpeech"),
    ({"directives": [{"type": "Dialog.Delegate"}], "shouldEndSession": True}, "shouldEndSession true"),
    ({"directives": [{"type": "Dialog.ElicitSlot", "slotToElicit": "note"}]}, "without outputSpeech"),
])
def test_responses_alexa_would_refuse_are_reported(response, problem):
    sim, lines = simulator(FakeSkill(lambda request: response))
    sim.say("ask safe connections to log my mood")
    assert any(problem in p for p in sim.problems), sim.problems
    assert any(problem in line for line in lines if line.startswith("  (!)"))


def test_confirm_slot_directive_sets_the_slot_status():
    def answer(request: dict[str, Any]) -> dict[str, Any]:
        intent = request["intent"]
        status = intent["slots"]["feeling"].get("confirmationStatus")
        if status == "NONE":
            confirm = {"type": "Dialog.ConfirmSlot", "slotToConfirm": "feeling", "updatedIntent": intent}
            return speak("Calm, is that right?", directives=[confirm])
        return speak(f"Feeling {status}.", end=True)

    skill = FakeSkill(answer)
    sim, lines = simulator(skill)
    sim.say("ask safe connections I felt calm with Maya")
    sim.say("that's right")
    assert skill.states == ["STARTED", "IN_PROGRESS"] and lines[-2] == "alexa> Feeling CONFIRMED."
    assert _value(skill.last_intent, "feeling") == "calm"


def test_naming_the_skill_while_alexa_asks_starts_afresh():
    skill = FakeSkill()
    sim, _ = simulator(skill)
    sim.say("open safe connections and log my mood")
    sim.say("open safe connections")
    assert skill.requests[-1]["type"] == "LaunchRequest" and sim.conversation.sent[-1]["session"]["new"] is True


def test_answers_said_the_way_people_say_them_fill_the_slot_and_confirm():
    skill = FakeSkill()
    sim, lines = simulator(skill)
    sim.say("open safe connections and log my mood")
    sim.say("um, with Maya please")
    assert any(line.startswith('  (answer for "person": nearest sample "with {person}", 0.') for line in lines)
    sim.say("calm")
    assert lines[-1] == "alexa> Shall I save that you saw Maya and it felt calm?"
    sim.say("yeah go ahead")
    assert any(line.startswith("  (yes: nearest sample") for line in lines)
    assert skill.last_intent["confirmationStatus"] == "CONFIRMED" and _value(skill.last_intent, "person") == "Maya"


def test_word_for_word_a_filler_around_the_answer_is_part_of_it():
    skill = FakeSkill()
    lines: list[str] = []
    strict = Simulator(skill, Resolver(model(), strict=True), Device(), out=lines.append, rng=random.Random(1))
    strict.say("open safe connections and log my mood")
    strict.say("um, with Maya please")
    assert '  (answer for "person": no sample close, all of it fills the slot)' in lines
