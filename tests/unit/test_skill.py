"""The skill object without ask-sdk's service clients still dispatches and answers as ask-sdk would:
the same handler for every request in every state, the same response JSON, and the service clients
are never imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from safe_connections.state import State

ROOT = Path(__file__).resolve().parents[2]


def _events(questions_waiting: bool = True) -> list[dict[str, Any]]:
    """Every intent of the committed model with a value in each slot, in every state and with every
    question waiting (named only: its context is what the asking would have kept), plus launch,
    session end, an intent no model has, an unknown request type and a skill event."""
    from safe_connections import app, questions
    from safe_connections.store import UserRef

    from bench.common import model_intents
    from tools.envelopes import Device, intent_request, launch_request, session_ended_request

    device = Device()
    app.handler_modules()  # every capability declares its questions
    scope = UserRef(device.user_id).scope
    sessions = [{"state": state.value} for state in State] + [
        {"state": State.IDLE.value, "question": {"name": name, "asked_by": scope}}
        for name in (questions.declared() if questions_waiting else ())]
    found = []
    for attributes in sessions:
        session = {"new": False, "sessionId": "s", "attributes": attributes}
        found += [device.envelope(intent_request(intent["name"], intent["slots"]), session)
                  for intent in model_intents()]
        found += [device.envelope(request, session) for request in (
            launch_request(), session_ended_request(), intent_request("SomeIntentFromANewerModel"),
            {"type": "Alexa.Presentation.APL.UserEvent", "requestId": "r", "timestamp": "2026-01-01T00:00:00Z",
             "locale": "en-US"})]
    found.append(device.envelope({"type": "AlexaSkillEvent.SkillEnabled", "requestId": "r",
                                  "timestamp": "2026-01-01T00:00:00Z"}, None))
    return found


@pytest.fixture(scope="module")
def skill(dynamodb) -> Any:
    from safe_connections import app
    from safe_connections.config import load_config

    return app.build_skill(load_config())


def test_only_the_handlers_that_could_claim_a_request_are_asked_and_the_same_one_answers(skill):
    from ask_sdk_core.attributes_manager import AttributesManager
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_runtime.dispatch_components import GenericRequestMapper
    from safe_connections import envelope

    (indexed,) = skill.request_dispatcher.request_mappers
    linear = GenericRequestMapper(indexed.request_handler_chains)
    checked = 0
    for event in _events():
        request_envelope = envelope.read(event)
        handler_input = HandlerInput(request_envelope, AttributesManager(request_envelope=request_envelope))
        for interceptor in skill.request_dispatcher.request_interceptors:
            interceptor.process(handler_input=handler_input)
        expected = linear.get_request_handler_chain(handler_input)
        found = indexed.get_request_handler_chain(handler_input)
        assert found is expected, (event["request"].get("intent", {}).get("name") or event["request"]["type"],
                                   event.get("session", {}).get("attributes"))
        checked += expected is not None
    assert checked > 1000


def test_the_response_json_is_what_ask_sdks_serializer_writes(skill):
    from ask_sdk_core.serialize import DefaultSerializer
    from safe_connections import envelope

    serializer = DefaultSerializer()
    for event in _events(questions_waiting=False)[::2]:
        response = skill.invoke(envelope.read(event), None)
        assert envelope.write(response) == serializer.serialize(response)


def test_answering_never_imports_the_sdks_service_clients(dynamodb):
    from tools.envelopes import Device, intent_request, launch_request

    device = Device()
    events = [device.envelope(launch_request(), {"new": True, "sessionId": "s", "attributes": {}}),
              device.envelope(intent_request("AMAZON.HelpIntent"), {"new": False, "sessionId": "s", "attributes": {}})]
    child = ("import json, sys, lambda_function\n"
             "for event in json.loads(sys.stdin.read()): lambda_function.lambda_handler(event, None)\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith('ask_sdk_model.services'))))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "lambda"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", child], input=json.dumps(events), capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.splitlines()[-1]) == []
