"""The screen as an interceptor: it marks a caught turn and blanks every slot value in place, so no
handler after it can store or log the words; it leaves an ordinary turn untouched."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from safe_connections.crisis import CRISIS_KEY
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
    assert caught.attributes_manager.request_attributes[CRISIS_KEY] is True
    slots = caught.request_envelope.request.intent.slots
    assert all(s.value is None and s.resolutions is None for s in slots.values())


def test_the_crisis_intent_itself_is_marked():
    caught = screened(envelopes.intent_request("CrisisIntent"))
    assert caught.attributes_manager.request_attributes[CRISIS_KEY] is True


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
