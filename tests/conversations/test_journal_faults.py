"""When DynamoDB fails (throttling, a 500, a hang, a dropped connection, the server gone), the person hears
the truth within Alexa's time, the check-in stays in the session, and "yes" saves it exactly once.

Faults travel through tools/fault_proxy.py between the real botocore client (with the store's own timeouts
and retries) and the local DynamoDB server. Nothing in the skill is patched."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.conversations.journal_talk import check_ins, log_slots, note, table
from tools.conversation import Conversation
from tools.envelopes import Device
from tools.fault_proxy import FaultProxy
from tools.local_dynamodb import LocalDynamoDB

# Alexa waits 8 s and the function stops at 7 s. Every turn's calls share one deadline (deadline.TURN_SECONDS);
# the answer must come within it plus a margin for building the response: under 5 s.
BUDGET_SECONDS = 5.0


def _skill_on(endpoint: str, monkeypatch) -> tuple[Any, Any]:
    """The real skill, store and deletion queue, their boto3 clients (with their real timeouts) aimed at `endpoint`."""
    from safe_connections import app
    from safe_connections.config import load_config
    from safe_connections.deletions import DeletionQueue
    from safe_connections.store import Store

    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SQS", endpoint)
    store, queue = Store(table()), DeletionQueue()
    store.client  # noqa: B018 - made now, while the endpoint is set
    queue.client  # noqa: B018
    monkeypatch.undo()
    return app.build_skill(load_config(), store=store, deletion_queue=queue), store


class Timed:
    """A conversation that measures how long each answer took."""

    def __init__(self, skill: Any) -> None:
        from safe_connections import app

        self.slowest = 0.0
        self.times: list[float] = []

        def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
            started = time.monotonic()
            try:
                return app.handle_event(event, context, skill=skill)
            finally:
                self.times.append(time.monotonic() - started)
                self.slowest = max(self.slowest, self.times[-1])

        self.talk = Conversation(handler, Device())


@pytest.fixture
def proxy(dynamodb):
    with FaultProxy(dynamodb.endpoint) as running:
        yield running


@pytest.fixture
def timed(proxy, monkeypatch):
    skill, _ = _skill_on(proxy.endpoint, monkeypatch)
    return Timed(skill)


def _draft_ready(talk: Conversation) -> None:
    talk.intent("LogCheckInIntent", *log_slots("Maya", "calm"), dialog_state="STARTED")
    read_back = talk.intent("CheckInNoteIntent", note("she listened"))
    assert "save" in read_back.text


def _assert_honest_failure(reply, spent: float, *, known: bool = True) -> None:
    """Not saved (the journal was looked at, and it isn't there), or, when even the look failed, not known."""
    assert reply.said("journal/save_failed" if known else "journal/save_unknown"), reply.keys
    assert "try again" in reply.text or "try saving" in reply.text
    assert not reply.text.startswith(("Saved", "Done", "It's in your journal"))
    assert not reply.ends_session and reply.reprompt
    assert reply.question == "journal.save" and reply.attributes["draft"]["person"] == "Maya"
    assert spent < BUDGET_SECONDS, f"answered after {spent:.2f}s"


@pytest.mark.parametrize("fault", ["throttle", "error500", "timeout", "drop"])
def test_a_failing_save_is_told_honestly_in_time_and_yes_saves_it_once(timed, proxy, ddb, fault):
    talk = timed.talk
    _draft_ready(talk)
    proxy.inject(fault, operations={"PutItem"}, seconds=5.0 if fault == "timeout" else None)
    failed = talk.intent("AMAZON.YesIntent")
    _assert_honest_failure(failed, timed.times[-1])
    assert check_ins(ddb, talk.device.user_id) == [], "nothing was stored"
    attempts = [op for op, what in proxy.record.requests if op == "PutItem" and what == fault]
    assert len(attempts) == 2, "botocore tried twice (standard mode, max_attempts 2), no more"
    kept_id = failed.attributes["draft"]["id"]

    proxy.clear()
    saved = talk.intent("AMAZON.YesIntent")
    assert "couldn't" not in saved.text and saved.attributes["state"] == "idle"
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["sk"]["S"].endswith("#" + kept_id), "the retry stored the entry the first attempt named"
    assert item["note"]["S"] == "she listened"
    print(f"\n{fault}: honest answer after {timed.times[-2]:.2f}s, retry saved in {timed.times[-1]:.2f}s")


def test_a_single_throttle_is_absorbed_by_the_clients_retry(timed, proxy, ddb):
    _draft_ready(timed.talk)
    proxy.inject("throttle", times=1, operations={"PutItem"})
    saved = timed.talk.intent("AMAZON.YesIntent")
    assert "couldn't" not in saved.text
    assert len(check_ins(ddb, timed.talk.device.user_id)) == 1
    assert proxy.record.operations().count("PutItem") == 2


def test_a_write_that_landed_after_the_client_gave_up_is_not_stored_twice(timed, proxy, ddb):
    """The first attempt is slow (it reaches the server after the client's read timeout): botocore retries,
    one of the two puts finds the item already there, and that is a success, not a second entry."""
    _draft_ready(timed.talk)
    proxy.inject("delay", times=1, operations={"PutItem"}, seconds=1.5)
    reply = timed.talk.intent("AMAZON.YesIntent")
    time.sleep(1.0)  # let the delayed first attempt reach the server
    stored = check_ins(ddb, timed.talk.device.user_id)
    assert len(stored) == 1
    assert "couldn't" not in reply.text, "the entry is stored, so the skill says so"
    assert timed.times[-1] < BUDGET_SECONDS


def test_the_database_server_stopped_then_back(monkeypatch, ddb):
    from safe_connections.store import UserRef

    server = LocalDynamoDB().start()
    try:
        server.create_table(table())
        skill, _ = _skill_on(server.endpoint, monkeypatch)
        timed = Timed(skill)
        _draft_ready(timed.talk)
        server.stop()
        failed = timed.talk.intent("AMAZON.YesIntent")
        _assert_honest_failure(failed, timed.times[-1], known=False)
        server = LocalDynamoDB(port=server.port).start()  # the same address, back again
        server.create_table(table())
        saved = timed.talk.intent("AMAZON.YesIntent")
        assert "couldn't" not in saved.text
        again = timed.talk.intent("AMAZON.YesIntent")  # a stray extra yes stores nothing more
        assert "couldn't" not in again.text
        items = server.client().query(
            TableName=table(), KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": UserRef(timed.talk.device.user_id).pk}})["Items"]
        assert len(items) == 1
        print(f"\nserver stopped: honest answer after {timed.times[-3]:.2f}s")
    finally:
        server.stop()


@pytest.mark.parametrize("intent", ["ReadJournalIntent", "JournalPatternsIntent", "SendJournalIntent",
                                    "DeleteLastCheckInIntent"])
def test_reading_when_the_database_fails_is_an_honest_apology_in_time(timed, proxy, intent):
    proxy.inject("throttle", operations={"Query"})
    reply = timed.talk.intent(intent)
    assert "couldn't reach your saved information" in reply.text or "memory isn't answering" in reply.text
    assert not reply.ends_session and reply.reprompt and timed.times[-1] < BUDGET_SECONDS


@pytest.mark.parametrize("fault, operation", [("error500", "SendMessage"), ("timeout", "SendMessage"),
                                              ("throttle", "UpdateItem"), ("trickle", "UpdateItem")])
def test_a_deletion_that_cannot_start_is_not_claimed_and_yes_tries_again(timed, proxy, ddb, deletion_worker,
                                                                         fault, operation):
    """The turn queues the deletion, then marks the profile. When either fails the person hears the truth in
    time, the question stays open, and "yes" starts it (the same deletion: nothing is done twice)."""
    talk = timed.talk
    _draft_ready(talk)
    talk.intent("AMAZON.YesIntent")
    talk.intent("DeleteJournalIntent")
    proxy.inject(fault, operations={operation}, seconds=5.0 if fault == "timeout" else None)
    reply = talk.intent("AMAZON.YesIntent")
    assert "couldn't finish deleting" in reply.text and "try again" in reply.text and "started" not in reply.text
    assert reply.question == "journal.delete" and timed.times[-1] < BUDGET_SECONDS
    assert len(check_ins(ddb, talk.device.user_id)) == 1, "nothing deleted in the turn itself"
    proxy.clear()
    if operation == "SendMessage":  # nothing was queued, so nothing is hidden either
        assert "Maya" in talk.intent("ReadJournalIntent").text
        talk.intent("DeleteJournalIntent")
    retried = talk.intent("AMAZON.YesIntent")
    assert "started deleting your journal" in retried.text
    assert "empty" in talk.intent("ReadJournalIntent").text
    deletion_worker.drain()
    assert check_ins(ddb, talk.device.user_id) == []
    print(f"\n{fault} on {operation}: honest answer after {timed.times[-4 if operation == 'SendMessage' else -3]:.2f}s")
