"""Anything Alexa can send gets a valid answer; a request for another skill is refused.

Envelopes are generated from valid to malformed: every intent of the committed en-US
interaction model with random slot values (so intents added later are covered without
touching this file), unknown intents and request types, every event type the SDK knows,
unknown enum values, missing, null and wrongly typed fields, huge and odd slot values,
future interfaces. Tests run strict (SAFE_CONNECTIONS_STRICT=1): a bug raises, so it fails here.
"""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import items_of
from tests.ssml import check_ssml
from tools.envelopes import DEFAULT_SKILL_ID, Device

ROOT = Path(__file__).resolve().parents[2]
MODEL = json.loads((ROOT / "skill/interactionModels/custom/en-US.json").read_text())["interactionModel"]
INTENTS = MODEL["languageModel"]["intents"]
TYPES = {t["name"]: t for t in MODEL["languageModel"].get("types", [])}
SPOKEN = {"LaunchRequest", "IntentRequest"}
FAST = settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))


def _event_types() -> list[str]:
    from ask_sdk_model import Request

    return sorted(Request.discriminator_value_class_map)


# -- values ---------------------------------------------------------------------------------------

odd_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", " ", "me & my brother <3", "</speak><audio src='x'/>", "]]>", "{{ 7*7 }}", "{% raw %}",
        "\u202e\u0000\ufffd", "😀" * 50, "I want to die", "nobody cares", "x" * 5000, "a " * 3000,
    ]),
    st.text(alphabet="<>&\"'{}%#|/\\.", min_size=1, max_size=20),
)
junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
non_strings = junk.filter(lambda value: not isinstance(value, str))
enum_value = st.one_of(st.sampled_from(["NONE", "CONFIRMED", "DENIED", "STARTED", "IN_PROGRESS", "COMPLETED"]),
                       st.sampled_from(["PARTIALLY_CONFIRMED", "FUTURE_VALUE", ""]), junk)


@st.composite
def slot_of(draw: Any, name: str, slot_type: str) -> dict[str, Any]:
    values = TYPES.get(slot_type, {}).get("values", [])
    said = draw(st.one_of(odd_text, st.sampled_from([v["name"]["value"] for v in values] or ["something"])))
    filled: dict[str, Any] = {"name": name, "confirmationStatus": draw(enum_value)}
    if draw(st.booleans()):
        filled["value"] = said
        filled["source"] = "USER"
    if values and draw(st.booleans()):
        matched = draw(st.booleans())
        authority = {
            "authority": f"amzn1.er-authority.echo-sdk.{DEFAULT_SKILL_ID}.{slot_type}",
            "status": {"code": draw(st.sampled_from(
                ["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "ER_FUTURE"]))},
        }
        if matched:
            ids = [v.get("id") or v["name"]["value"] for v in values]
            authority["values"] = [{"value": {"name": said, "id": draw(st.sampled_from([*ids, "UNKNOWN_ID"]))}}]
        filled["resolutions"] = {"resolutionsPerAuthority": [authority]}
    if draw(st.integers(0, 5)) == 0:
        filled["slotValue"] = draw(st.sampled_from([
            {"type": "Simple", "value": said},
            {"type": "List", "values": [{"type": "Simple", "value": said}]},
            {"type": "FutureKind", "value": said},
        ]))
    return filled


@st.composite
def model_intent(draw: Any) -> dict[str, Any]:
    """One intent of the committed interaction model, its slots filled at random."""
    intent = draw(st.sampled_from(INTENTS))
    slots = {}
    for declared in intent.get("slots", []):
        if draw(st.integers(0, 3)):
            slots[declared["name"]] = draw(slot_of(declared["name"], declared["type"]))
    return {
        "type": "IntentRequest",
        "dialogState": draw(enum_value),
        "intent": {"name": intent["name"], "confirmationStatus": draw(enum_value), "slots": slots},
    }


unknown_intent = st.builds(
    lambda name, slots: {"type": "IntentRequest", "intent": {"name": name, "slots": slots}},
    st.one_of(st.text(max_size=30), st.sampled_from(["AMAZON.SelectIntent", "FutureFeatureIntent"])),
    st.dictionaries(st.text(max_size=10), junk, max_size=3),
)
event_request = st.builds(
    lambda kind, extra: {"type": kind, **extra},
    st.one_of(st.sampled_from(_event_types()), st.text(max_size=30), st.sampled_from(
        ["Alexa.Presentation.APL.UserEvent", "Connections.Response", "CanFulfillIntentRequest",
         "AlexaSkillEvent.SkillEnabled", "Alexa.Future.Thing", "System.ExceptionEncountered"])),
    st.dictionaries(st.sampled_from(["token", "arguments", "reason", "error", "intent", "payload", "status",
                                     "name", "body", "cause", "source", "events"]), junk, max_size=4),
)
session_ended = st.builds(
    lambda reason, error: {"type": "SessionEndedRequest", "reason": reason, **error},
    enum_value, st.one_of(st.just({}), st.builds(lambda t, m: {"error": {"type": t, "message": m}}, enum_value, junk)),
)
any_request = st.one_of(
    st.just({"type": "LaunchRequest"}), model_intent(), model_intent(), unknown_intent, event_request, session_ended,
)
session_attributes = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={
        "state": st.one_of(st.sampled_from(["idle", "reflecting", "checkin", "crisis", "retired_state"]), junk),
        # Alexa echoes session attributes verbatim, and only the skill writes these two: SSML
        # it rendered itself, or (from an older version, or tampering) a value of another type.
        "last_speech": st.one_of(st.just("Welcome back. <break time=\"300ms\"/> Me &amp; you."), non_strings),
        "last_reprompt": st.one_of(st.just("What would you like?"), non_strings),
        "future_key": junk,
    }),
    junk,
)


# -- envelopes --------------------------------------------------------------------------------------

PATHS = [
    ("version",), ("session",), ("session", "new"), ("session", "attributes"), ("session", "user"),
    ("session", "user", "userId"), ("context",), ("context", "System", "user"), ("context", "System", "device"),
    ("context", "System", "device", "supportedInterfaces"), ("context", "System", "person"),
    ("request",), ("request", "type"), ("request", "locale"), ("request", "timestamp"), ("request", "requestId"),
    ("request", "intent"), ("request", "intent", "name"), ("request", "intent", "slots"),
    ("request", "dialogState"), ("request", "reason"),
]


def _mutate(event: dict[str, Any], path: tuple[str, ...], how: str, value: Any) -> None:
    node: Any = event
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        return
    if how == "delete":
        node.pop(path[-1], None)
    elif how == "null":
        node[path[-1]] = None
    else:
        node[path[-1]] = value


@st.composite
def envelopes(draw: Any, skill_id: Any = DEFAULT_SKILL_ID) -> dict[str, Any]:
    device = Device(
        draw(st.one_of(st.none(), st.sampled_from(["amzn1.ask.account.same"]))),
        person_id=draw(st.one_of(st.none(), st.just("amzn1.ask.person.partner"))),
        locale=draw(st.one_of(st.sampled_from(["en-US", "en-GB", "en-AU", "en-IN", "en-CA", "fr-FR"]), odd_text)),
        skill_id=skill_id,
    )
    session = None if draw(st.integers(0, 9)) == 0 else {
        "new": draw(st.booleans()), "sessionId": "amzn1.echo-api.session.h", "attributes": draw(session_attributes),
    }
    event = device.envelope(copy.deepcopy(draw(any_request)), session)
    if draw(st.booleans()):  # interfaces and fields Alexa may add after this SDK was released
        event["context"]["Future.Interface"] = draw(junk)
        event["context"]["System"]["device"]["supportedInterfaces"]["Future.Display"] = {}
        event["request"]["futureField"] = draw(junk)
    for _ in range(draw(st.integers(0, 3))):
        _mutate(event, draw(st.sampled_from(PATHS)), draw(st.sampled_from(["delete", "null", "junk"])), draw(junk))
    return event


def _assert_valid_answer(event: dict[str, Any], result: Any) -> None:
    json.dumps(result)  # what Lambda will send must be JSON
    assert isinstance(result, dict) and result.get("version") == "1.0"
    response = result.get("response")
    assert isinstance(response, dict)
    assert isinstance(result.get("sessionAttributes", {}), dict)
    speech = response.get("outputSpeech")
    reprompt = (response.get("reprompt") or {}).get("outputSpeech")
    request_type = (event.get("request") or {}).get("type") if isinstance(event.get("request"), dict) else None
    if not isinstance(request_type, str) or request_type not in SPOKEN:
        assert speech is None and reprompt is None, f"{request_type!r} must not be answered with speech"
        return
    for said in (speech, reprompt):
        if said is not None:
            assert said["type"] == "SSML"
            check_ssml(said["ssml"])
    directives = response.get("directives") or []
    delegated = any(isinstance(d, dict) and d.get("type") == "Dialog.Delegate" for d in directives)
    if response.get("shouldEndSession") is False and not delegated:  # after a Delegate, Alexa's prompt asks
        assert reprompt is not None, "an open session needs a reprompt"


# -- properties -----------------------------------------------------------------------------------


@FAST
@given(event=envelopes())
def test_any_envelope_for_our_skill_gets_a_valid_answer(handler, event):
    from safe_connections.envelope import ForeignSkill

    sent = copy.deepcopy(event)
    if not _addressed_to_us(sent):  # a mutation took away the proof that the request is ours
        with pytest.raises(ForeignSkill):
            handler(event, None)
        return
    result = handler(event, None)
    _assert_valid_answer(sent, result)


def _addressed_to_us(event: dict[str, Any]) -> bool:
    def at(node: Any, *path: str) -> Any:
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    in_session = at(event, "session", "application")
    return at(event, "context", "System", "application", "applicationId") == DEFAULT_SKILL_ID and (
        in_session is None or at(in_session, "applicationId") == DEFAULT_SKILL_ID)


foreign_ids = st.one_of(
    st.just("amzn1.ask.skill.11111111-2222-3333-4444-555555555555"), st.none(), junk.filter(lambda v: v is not None),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(request=any_request, foreign=foreign_ids, where=st.sampled_from(["context", "session", "both"]),
       attributes=session_attributes)
def test_an_envelope_for_another_skill_is_refused_and_writes_nothing(handler, ddb, request, foreign, where,
                                                                     attributes):
    from safe_connections.envelope import ForeignSkill

    device = Device(f"amzn1.ask.account.stranger-{uuid.uuid4()}")
    event = device.envelope(copy.deepcopy(request), {"new": True, "sessionId": "s", "attributes": attributes})
    if where in ("context", "both"):
        event["context"]["System"]["application"]["applicationId"] = foreign
    if where in ("session", "both"):
        event["session"]["application"]["applicationId"] = foreign
    with pytest.raises(ForeignSkill, match="Skill ID Verification failed"):
        handler(event, None)
    assert items_of(ddb, device.user_id) == []


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(request=st.one_of(st.just({"type": "LaunchRequest"}), model_intent(), st.builds(
    lambda reason: {"type": "SessionEndedRequest", "reason": reason},
    st.sampled_from(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"])),
                         st.sampled_from(_event_types()).map(lambda kind: {"type": kind})))
def test_the_lenient_reader_agrees_with_the_sdk_on_every_envelope_the_sdk_accepts(request):
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope
    from safe_connections import envelope

    event = Device().envelope(copy.deepcopy(request), {"new": True, "sessionId": "s", "attributes": {"k": 1}})
    try:
        expected = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    except Exception:
        return  # the SDK rejects it; the other tests check we answer anyway
    if getattr(expected.request, "locale", None) is not None:
        expected.request.locale = envelope.read(event).request.locale
    assert envelope.read(event).to_dict() == expected.to_dict()


def test_unknown_and_silent_events_get_no_speech_and_can_fulfill_says_no(handler):
    device = Device()
    for kind in ["Alexa.Presentation.APL.UserEvent", "Connections.Response", "AlexaSkillEvent.SkillEnabled",
                 "AudioPlayer.PlaybackStarted", "System.ExceptionEncountered", "Alexa.Future.Thing"]:
        result = handler(device.envelope({"type": kind}, None), None)
        assert result["response"] == {}, kind
    result = handler(device.envelope({"type": "CanFulfillIntentRequest", "intent": {"name": "AMAZON.HelpIntent"}},
                                     None), None)
    assert result["response"] == {"canFulfillIntent": {"canFulfill": "NO", "slots": {}}}


def test_a_confirmation_status_alexa_added_later_still_gets_help(talk):
    talk.launch()
    event = talk.device.envelope({"type": "IntentRequest", "dialogState": "FUTURE_STATE", "intent": {
        "name": "AMAZON.HelpIntent", "confirmationStatus": "PARTIALLY_CONFIRMED", "slots": {}}}, None)
    result = talk.handler(event, None)
    assert "check-in" in result["response"]["outputSpeech"]["ssml"]


def test_a_locale_that_is_not_a_language_tag_is_heard_in_english(handler):
    for locale in ["../../etc", "en|US|0", "", "x" * 500, "en-US\n"]:
        result = handler(Device(locale=locale).envelope({"type": "LaunchRequest"}, None), None)
        check_ssml(result["response"]["outputSpeech"]["ssml"])
