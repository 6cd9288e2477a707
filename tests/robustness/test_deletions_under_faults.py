"""Nothing left behind: a large journal the person asked to delete is gone once the deletion settles, whatever
DynamoDB does meanwhile (throttling, 5xx, unprocessed batches, slow or trickled answers, a hang) and even when
the worker dies half-way; none of it is heard, counted or exported while it runs; every turn answers in time.

The scenarios are bench/deletions.py's (which prints the figures): the skill's and the worker's real boto3
clients go through tools/fault_proxy.py to the local server; the worker runs as Lambda's SQS event source runs
it (tools/local_queues.py), here with a short timeout so that it has to stop and queue the rest."""

from __future__ import annotations

import time
import uuid

import pytest

from bench.deletions import FAULTS, TABLE, Scenario, run
from tools.fault_proxy import FaultProxy
from tools.local_queues import TEST_VISIBILITY_SECONDS, create_queues

ITEMS = 60
WORKER_TIMEOUT = 6.0  # the deployed worker has 30 s; a short one makes it stop half-way and queue the rest
TURN_LIMIT = 5.0
# Smaller than the bench's where only the running time would grow, not what is shown.
ARMED = {**FAULTS, "slow": {"kind": "slow", "seconds": 0.3}}


@pytest.fixture(scope="module")
def proxy(dynamodb):
    dynamodb.create_table(TABLE)
    with FaultProxy(dynamodb.endpoint) as running:
        yield running


def _scenario(dynamodb, proxy, worker_timeout: float = WORKER_TIMEOUT,
              visibility: int = TEST_VISIBILITY_SECONDS) -> Scenario:
    queues = create_queues(dynamodb.endpoint, name=f"faults-{uuid.uuid4().hex[:10]}", visibility_timeout=visibility)
    return Scenario(dynamodb, proxy, queues, worker_timeout)


def _settled_completely(result) -> None:
    assert result.left == 0, f"{result.left} of {result.items} check-ins left after {result.fault}"
    assert not result.marker_left, "the deletion marker went with the work"
    assert result.dead_letters == 0
    assert result.heard == [], f"heard while being deleted: {result.heard[:3]}"
    assert result.slowest_turn < TURN_LIMIT, f"{result.slowest_label} took {result.slowest_turn:.2f} s"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_deleting_a_journal_under_a_fault_leaves_nothing_and_nothing_is_heard(fault, dynamodb, proxy):
    result = run(_scenario(dynamodb, proxy), fault, ITEMS, armed=ARMED[fault])
    print(f"\n{fault}: left {result.left}, settled in {result.settled:.1f} s, {result.invocations} worker runs, "
          f"slowest turn {result.slowest_turn:.2f} s ({result.slowest_label})")
    _settled_completely(result)
    if fault == "worker killed":
        assert result.left_when_killed is not None and 0 < result.left_when_killed < ITEMS, (
            "killed half-way: some deleted, some not", result.left_when_killed)
        assert result.invocations >= 2, "the message came back after the visibility timeout and a new run finished"
    if fault in ("trickle", "hang"):
        assert result.invocations >= 2, "the worker stopped before its timeout and queued the rest"


@pytest.mark.parametrize("fault", ["throttle", "unprocessed"])
def test_disabling_the_skill_under_a_fault_leaves_nothing_of_the_account(fault, dynamodb, proxy):
    result = run(_scenario(dynamodb, proxy), fault, ITEMS, account=True, armed=ARMED[fault])
    _settled_completely(result)


def test_a_deletion_that_keeps_failing_ends_in_the_dead_letter_queue_and_stays_hidden(dynamodb, proxy):
    """Every call fails for good: after maxReceiveCount receives the message waits in the dead-letter queue (an
    alarm says so), and what the person asked to delete is still never read back."""
    from tools.conversation import Conversation
    from tools.envelopes import Device

    scenario = _scenario(dynamodb, proxy, worker_timeout=4.0, visibility=1)
    device = Device()
    talk = Conversation(scenario.handler, device)
    names = scenario.seed(device, 5)
    talk.intent("DeleteJournalIntent")
    assert "started deleting" in talk.intent("AMAZON.YesIntent").text
    proxy.inject("error500", operations={"Query", "BatchWriteItem"})
    give_up = time.monotonic() + 60
    try:
        while not scenario.queues.dead_letters() and time.monotonic() < give_up:
            if scenario.worker.poll_once() is None:
                time.sleep(0.2)  # the failed message is invisible until its visibility timeout passes
    finally:
        proxy.clear()
    assert scenario.queues.dead_letters() == 1
    assert all(invocation.failed for invocation in scenario.worker.invocations), "reported failed, never done"
    heard = talk.intent("ReadJournalIntent").text
    assert "empty" in heard and not any(name in heard for name in names)
