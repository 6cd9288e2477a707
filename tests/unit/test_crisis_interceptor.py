"""The screen as an interceptor: it marks a caught turn and blanks every slot value in place, so no
handler after it can store or log the words; it leaves an ordinary turn untouched."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from safe_connections.crisis import CRISIS_KEY, CRISIS_TOO_KEY
from safe_connections.interceptors import ScreenForCrisis

from tools import envelopes
from tools.envelopes import Device, slot


def screened(request: dict) -> HandlerInput:
    event = Device().envelope(request, {"new": True, "sessionId": "s", "attributes": {}})
    envelope = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    handler_input = HandlerInput(request_envelope=envelope, attributes_manager=AttributesManager(envelope))
    ScreenForCrisis().process(handler_input)
    return handler_input


def test_crisis_words_in_one_slot_blank_every_slot_and_mark_the_turn():
    caught = screened(envelopes.intent_request(
        "LogCheckInIntent", [slot("person", "Sam"), slot("note", "I want to end my life", slot_type="NOTE")]))
    assert caught.attributes_manager.request_attributes[CRISIS_KEY] == "crisis"
    slots = caught.request_envelope.request.intent.slots
    assert all(s.value is None and s.resolutions is None for s in slots.values())


def test_danger_words_mark_the_turn_as_danger_and_blank_every_slot():
    caught = screened(envelopes.intent_request(
        "LogCheckInIntent", [slot("person", "my husband"), slot("note", "he hit me again last night")]))
    assert caught.attributes_manager.request_attributes[CRISIS_KEY] == "danger"
    assert not caught.attributes_manager.request_attributes[CRISIS_TOO_KEY]
    assert all(s.value is None for s in caught.request_envelope.request.intent.slots.values())


def test_a_phrase_split_across_two_slots_is_heard_whole():
    """Person "my husband", note "keeps hitting me": neither alone says it; together they do."""
    caught = screened(envelopes.intent_request(
        "LogCheckInIntent", [slot("note", "keeps hitting me"), slot("person", "my husband")]))
    assert caught.attributes_manager.request_attributes[CRISIS_KEY] == "danger"


def test_danger_and_crisis_together_are_danger_with_the_crisis_line_too():
    caught = screened(envelopes.intent_request(
        "CheckInNoteIntent", [slot("note", "he beat me again and honestly I want to die")]))
    attributes = caught.attributes_manager.request_attributes
    assert attributes[CRISIS_KEY] == "danger" and attributes[CRISIS_TOO_KEY]


@pytest.mark.parametrize(("intent", "category"), [("CrisisIntent", "crisis"), ("DangerIntent", "danger")])
def test_the_support_intents_themselves_are_marked(intent, category):
    caught = screened(envelopes.intent_request(intent))
    assert caught.attributes_manager.request_attributes[CRISIS_KEY] == category


def test_the_locale_of_the_request_chooses_the_lexicon():
    request = envelopes.intent_request("CheckInNoteIntent", [slot("note", "honestly I might top myself")])
    request["locale"] = "en-GB"
    assert screened(request).attributes_manager.request_attributes[CRISIS_KEY] == "crisis"


@pytest.mark.parametrize("request_", [
    envelopes.intent_request("LogCheckInIntent", [slot("note", "we laughed a lot")]),
    envelopes.launch_request(),
    envelopes.session_ended_request(),
])
def test_an_ordinary_turn_is_left_as_it_was(request_):
    left = screened(request_)
    assert CRISIS_KEY not in left.attributes_manager.request_attributes
    intent = getattr(left.request_envelope.request, "intent", None)
    if intent:
        assert intent.slots["note"].value == "we laughed a lot"
