"""The user disables the skill: when Alexa says their information is not kept, nothing of theirs stays
(every speaker on the account), and no one else's data is touched. When it is kept, nothing is deleted.
The deletion is queued for the deletion worker; if the queue will not take it, the invocation fails
(Lambda counts an error) rather than reporting an event handled that was not."""

from __future__ import annotations

import pytest

from tests.conftest import items_of
from tools.conversation import Conversation
from tools.envelopes import Device, slot, timestamp


def disabled_event(device: Device, status: str | None) -> dict:
    request = {"type": "AlexaSkillEvent.SkillDisabled", "eventCreationTime": timestamp(),
               "eventPublishingTime": timestamp()}
    if status:
        request["body"] = {"userInformationPersistenceStatus": status}
    return device.envelope(request, session=None)


def with_data(handler, device: Device) -> None:
    for person in (None, "amzn1.ask.person.one", "amzn1.ask.person.two"):
        talk = Conversation(handler, Device(device.user_id, device_id=device.device_id, person_id=person))
        talk.launch()
        talk.intent("MakeSafetyPlanIntent")
        talk.intent("SafetyPlanAnswerIntent", slot("answer", "a slow walk"))


def test_the_sdk_reads_the_event_and_keeps_its_body():
    """ask-sdk-model's SkillDisabledRequest does not model `body`, but ask-sdk-core's serializer keeps
    unknown fields as plain attributes: the handler reads the status from that dict."""
    import json

    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    event = disabled_event(Device(), "NOT_PERSISTED")
    envelope = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    assert type(envelope.request).__name__ == "SkillDisabledRequest"
    assert envelope.request.body == {"userInformationPersistenceStatus": "NOT_PERSISTED"}


def test_not_persisted_deletes_everything_of_that_user_and_nothing_of_another(handler, ddb, deletion_worker):
    leaving, staying = Device(), Device()
    with_data(handler, leaving)
    with_data(handler, staying)
    assert len(items_of(ddb, leaving.user_id)) == 3
    reply = handler(disabled_event(leaving, "NOT_PERSISTED"), None)
    assert "outputSpeech" not in reply.get("response", {})
    deletion_worker.drain()
    assert items_of(ddb, leaving.user_id) == []
    assert len(items_of(ddb, staying.user_id)) == 3


@pytest.mark.parametrize("status", ["PERSISTED", None])
def test_persisted_or_unknown_deletes_nothing(handler, ddb, status, deletion_worker):
    user = Device()
    with_data(handler, user)
    handler(disabled_event(user, status), None)
    deletion_worker.drain()
    assert len(items_of(ddb, user.user_id)) == 3


@pytest.mark.parametrize("queue_url", ["", "http://127.0.0.1:1/000000000000/no-such-queue"])
def test_a_deletion_the_queue_does_not_take_fails_the_invocation(handler, ddb, queue_url, monkeypatch):
    from dataclasses import replace

    from safe_connections import app, config, deletions

    user = Device()
    with_data(handler, user)
    monkeypatch.setattr(deletions.default_queue(), "url", queue_url)
    monkeypatch.setattr(app, "load_config", lambda: replace(config.load_config(), strict_errors=False))
    with pytest.raises(deletions.DeletionLost):  # even outside strict mode it must not look handled
        handler(disabled_event(user, "NOT_PERSISTED"), None)
    assert len(items_of(ddb, user.user_id)) == 3


def test_disabling_logs_no_user_id(handler, caplog):
    user = Device()
    with caplog.at_level("INFO", logger="safe_connections"):
        handler(disabled_event(user, "NOT_PERSISTED"), None)
    assert user.user_id not in caplog.text and "persistence=NOT_PERSISTED" in caplog.text
