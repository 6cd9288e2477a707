"""Deleting a large journal while AWS misbehaves: items left once the deletion settles, time to settle, slowest turn.

Each scenario: one person with N check-ins asks "delete my journal" and says yes (or, `--account`, disables the
skill), through tools/fault_proxy.py armed with one fault; while the deletion runs they ask to hear their journal,
its patterns and the card; the deletion worker then runs as Lambda's SQS event source would run it
(tools/local_queues.py) until the queue is empty. Nothing is patched: the skill's and the worker's real boto3
clients go through the proxy to one local moto server (DynamoDB and SQS).

  python -m bench.deletions                           # every fault, 400 check-ins, the template's worker timeout
  python -m bench.deletions --items 60 --fault throttle --worker-timeout 6

Figures: "left" counts the person's check-ins still stored after the queue is empty (goal 0), "settled" is the
time from the "yes" until the queue is empty (the local visibility timeout is 2 s; deployed it is the template's
VisibilityTimeout), "slowest turn" is the slowest of the person's turns (goal under 5 s), "heard" says whether any
turn spoke or exported a check-in being deleted (goal: never).
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tools.local_dynamodb import LOCAL_ENV, LocalDynamoDB
from tools.local_queues import TEST_VISIBILITY_SECONDS, LocalQueues, WorkerRunner, create_queues, worker_settings

# fault -> how the proxy is armed while the deletion runs (operations, times, seconds).
FAULTS: dict[str, dict[str, Any]] = {
    "throttle": {"kind": "throttle", "operations": {"Query", "BatchWriteItem"}, "times": 20},
    "5xx": {"kind": "error500", "operations": {"Query", "BatchWriteItem"}, "times": 20},
    "unprocessed": {"kind": "unprocessed", "operations": {"BatchWriteItem"}, "times": 12},
    "slow": {"kind": "slow", "seconds": 0.9},
    "trickle": {"kind": "trickle", "operations": {"BatchWriteItem"}, "times": 2, "seconds": 0.05},
    "hang": {"kind": "timeout", "operations": {"BatchWriteItem"}, "times": 2, "seconds": 30.0},
    # Each batch reaches the server 0.3 s late, so the kill (after the second batch left) lands half-way.
    "worker killed": {"kind": "delay", "operations": {"BatchWriteItem"}, "seconds": 0.3},
}
TABLE = "bench-deletions"


@dataclass
class Result:
    fault: str
    items: int
    left: int = -1
    settled: float = 0.0
    slowest_turn: float = 0.0
    slowest_label: str = ""
    heard: list[str] = field(default_factory=list)
    invocations: int = 0
    dead_letters: int = 0
    marker_left: bool = False
    left_when_killed: int | None = None


class Scenario:
    """One person, N check-ins, a fault, a deletion, the worker: everything on one local server."""

    def __init__(self, server: LocalDynamoDB, proxy: Any, queues: LocalQueues, worker_timeout: float) -> None:
        from safe_connections import app
        from safe_connections.config import load_config
        from safe_connections.deletions import WORKER_TIMEOUTS, DeletionQueue, handle_batch
        from safe_connections.store import Store

        self.server, self.proxy, self.queues = server, proxy, queues
        clients = _env_on(proxy.endpoint)
        with clients:
            self.store, queue = Store(TABLE), DeletionQueue(queues.url)
            worker_store, worker_queue = Store(TABLE, timeouts=WORKER_TIMEOUTS), DeletionQueue(
                queues.url, timeouts=WORKER_TIMEOUTS)
            for made in (self.store, queue, worker_store, worker_queue):
                made.client  # noqa: B018 - made now, aimed at the proxy
        self.skill = app.build_skill(load_config(), store=self.store, deletion_queue=queue)
        self.worker = WorkerRunner(queues, timeout=worker_timeout,
                                   handler=lambda event, context: handle_batch(event, context, worker_store,
                                                                                worker_queue))
        self.killable = WorkerRunner(queues, timeout=worker_timeout, in_subprocess=True, env={
            **LOCAL_ENV, "AWS_ENDPOINT_URL_DYNAMODB": proxy.endpoint, "AWS_ENDPOINT_URL_SQS": proxy.endpoint,
            "TABLE_NAME": TABLE, "DELETION_QUEUE_URL": queues.url})
        self.turns: list[tuple[str, float]] = []

    def handler(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        from safe_connections import app

        started = time.monotonic()
        try:
            return app.handle_event(event, context, skill=self.skill)
        finally:
            request = event.get("request", {})
            self.turns.append((request.get("intent", {}).get("name") or request.get("type", "?"),
                               time.monotonic() - started))

    def seed(self, device: Any, items: int) -> list[str]:
        from safe_connections.store import CheckIn, UserRef

        user = UserRef(device.user_id, device.person_id)
        names = [f"Friend{i:04d}" for i in range(items)]
        for i, name in enumerate(names):
            self.store.save_check_in(user, CheckIn(id=f"seed{i:05d}", day=f"2026-{1 + i % 11:02d}-{1 + i % 27:02d}",
                                                   person=name, feeling="safe", note=f"note of {name}",
                                                   created_at="2026-11-01T10:00:00+00:00"))
        return names

    def left(self, device: Any) -> tuple[int, bool]:
        """(check-ins still stored, whether a deletion marker is still in the profile), read directly."""
        from safe_connections.store import UserRef

        client = self.server.client()
        items, start = [], None
        while True:
            kwargs: dict[str, Any] = {"TableName": TABLE, "KeyConditionExpression": "pk = :pk",
                                      "ExpressionAttributeValues": {":pk": {"S": UserRef(device.user_id).pk}},
                                      "ConsistentRead": True}
            if start:
                kwargs["ExclusiveStartKey"] = start
            page = client.query(**kwargs)
            items += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        return sum("#C#" in item["sk"]["S"] for item in items), any("deleting" in item for item in items)


class _env_on:
    """AWS_ENDPOINT_URL_* aimed at `endpoint` while clients are made, then as before."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.saved: dict[str, str | None] = {}

    def __enter__(self) -> None:
        for key in ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS"):
            self.saved[key] = os.environ.get(key)
            os.environ[key] = self.endpoint

    def __exit__(self, *exc: Any) -> None:
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(scenario: Scenario, fault: str, items: int, account: bool = False,
        armed: dict[str, Any] | None = None) -> Result:
    """One fault (armed as FAULTS says, or as `armed` says): seed, ask, listen while it runs, drain, count."""
    from tools.conversation import Conversation
    from tools.envelopes import Device, timestamp

    device = Device()
    talk = Conversation(scenario.handler, device)
    talk.launch()
    names = scenario.seed(device, items)
    result = Result(fault, items)
    armed = armed or FAULTS[fault]
    scenario.proxy.inject(armed["kind"], times=armed.get("times"), operations=armed.get("operations"),
                          seconds=armed.get("seconds"))
    scenario.turns.clear()
    started = time.monotonic()
    if account:
        event = device.envelope({"type": "AlexaSkillEvent.SkillDisabled", "eventCreationTime": timestamp(),
                                 "eventPublishingTime": timestamp(),
                                 "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"}}, session=None)
        scenario.handler(event, None)
    else:
        talk.intent("DeleteJournalIntent")
        talk.intent("AMAZON.YesIntent")
        if fault == "worker killed":
            _kill_half_way(scenario)
            result.left_when_killed = scenario.left(device)[0]
        for intent in ("ReadJournalIntent", "JournalPatternsIntent", "SendJournalIntent", "DeleteLastCheckInIntent"):
            reply = talk.intent(intent)
            said = reply.text + json.dumps(reply.card or {})
            result.heard += [name for name in names if name in said]
            if intent == "DeleteLastCheckInIntent" and reply.attributes.get("state") == "confirm_delete":
                talk.intent("AMAZON.NoIntent")
    scenario.worker.drain(timeout=300)
    scenario.proxy.clear()
    result.left, result.marker_left = scenario.left(device)
    result.dead_letters = scenario.queues.dead_letters()
    result.invocations = len(scenario.worker.invocations) + len(scenario.killable.invocations)
    result.slowest_label, result.slowest_turn = max(scenario.turns, key=lambda turn: turn[1])
    result.settled = time.monotonic() - started
    return result


def _kill_half_way(scenario: Scenario) -> None:
    """Runs the worker in its own process and kills it (SIGKILL) after a few batches went through."""
    runner = scenario.killable
    before = scenario.proxy.calls()["BatchWriteItem"]
    thread = threading.Thread(target=runner.poll_once, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while scenario.proxy.calls()["BatchWriteItem"] < before + 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    while runner.process is None and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.kill()
    thread.join(timeout=10)
    scenario.proxy.clear()


def measure(faults: list[str], items: int, worker_timeout: float, account: bool = False) -> list[Result]:
    from tools.fault_proxy import FaultProxy
    from tools.local_dynamodb import LocalDynamoDB

    os.environ.update(LOCAL_ENV)
    server = LocalDynamoDB().start()
    try:
        server.create_table(TABLE)
        os.environ["TABLE_NAME"] = TABLE
        results = []
        with FaultProxy(server.endpoint) as proxy:
            for fault in faults:
                queues = create_queues(server.endpoint, name=f"bench-{fault.replace(' ', '-')}",
                                       visibility_timeout=TEST_VISIBILITY_SECONDS)
                scenario = Scenario(server, proxy, queues, worker_timeout)
                results.append(run(scenario, fault, items, account=account))
        return results
    finally:
        server.stop()


def report(results: list[Result]) -> str:
    from bench.common import table

    rows = [[r.fault if r.left_when_killed is None else f"{r.fault} ({r.left_when_killed} left when killed)",
             r.items, r.left, f"{r.settled:.1f} s", f"{r.slowest_turn:.2f} s ({r.slowest_label})",
             "never" if not r.heard else f"{len(r.heard)} names", r.invocations, r.dead_letters,
             "yes" if r.marker_left else "no"] for r in results]
    return table(["fault", "items", "left", "settled", "slowest turn", "heard", "worker runs", "dead letters",
                  "marker left"], rows)


def main() -> int:
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root / "lambda"), str(root)]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--fault", action="append", choices=list(FAULTS))
    parser.add_argument("--worker-timeout", type=float, default=worker_settings()["timeout"])
    parser.add_argument("--account", action="store_true", help="disable the skill instead of 'delete my journal'")
    args = parser.parse_args()
    results = measure(args.fault or list(FAULTS), args.items, args.worker_timeout, args.account)
    print(f"{'SkillDisabled' if args.account else 'delete my journal'}, {args.items} check-ins, worker timeout "
          f"{args.worker_timeout:g} s, local visibility timeout {TEST_VISIBILITY_SECONDS} s")
    print(report(results))
    return 0 if all(r.left == 0 and not r.heard and not r.marker_left for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
