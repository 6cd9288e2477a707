"""Load: many simulated users in mixed conversations at once, then every user's data checked.

Threads on loopback only, bounded in users, threads and seconds; it stops by itself. Each user
talks to the real lambda_handler (in this process, as concurrent warm Lambda invocations would
share nothing but DynamoDB; here they also share the skill object, which is stricter) against a
local moto DynamoDB server. Some users share an Echo (same account, another recognised speaker).

Afterwards, with raw boto3 Queries (not the skill's store):
- every speaker has exactly one profile item, under their own account and scope;
- once the journal exists (LogCheckInIntent in the en-US model), every speaker's check-ins
  (sk prefix `P#<scope>#C#`) hold exactly what that speaker logged: no loss, no duplicate, and
  no entry in anyone else's journal.
Prints throughput and the latency distribution; exits non-zero when a check fails.

  python -m bench.load [--users 60] [--threads 8] [--seconds 60] [--sessions 3]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bench.common import ROOT, local_server, median, percentile, table
from tools.conversation import Conversation, Reply
from tools.envelopes import Device, slot

CHECKIN = "LogCheckInIntent"
SMALL_TALK = ["AMAZON.HelpIntent", "AMAZON.FallbackIntent", "AMAZON.YesIntent", "AMAZON.NoIntent",
              "AMAZON.RepeatIntent", "AMAZON.NextIntent", "SomeIntentFromANewerModel"]
FEELINGS = ["calm", "safe", "anxious", "hopeful", "tired"]


def model_has(intent: str) -> bool:
    model = json.loads((ROOT / "skill/interactionModels/custom/en-US.json").read_text())
    return any(i["name"] == intent for i in model["interactionModel"]["languageModel"]["intents"])


@dataclass
class User:
    number: int
    device: Device
    logged: list[str] = field(default_factory=list)  # the unique note of every check-in this speaker logged
    latencies: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _users(count: int) -> list[User]:
    users: list[User] = []
    for number in range(count):
        if number % 4 == 3:  # a partner on the previous user's Echo: same account, recognised speaker
            echo = users[-1].device
            device = Device(echo.user_id, device_id=echo.device_id, person_id=f"amzn1.ask.person.load-{number}")
        else:
            device = Device()
        users.append(User(number, device))
    return users


def _timed(user: User, send: Any, *args: Any, **kwargs: Any) -> Reply:
    started = time.perf_counter()
    reply = send(*args, **kwargs)
    user.latencies.append((time.perf_counter() - started) * 1000)
    from tests.ssml import check_ssml

    try:
        if reply.ssml:
            check_ssml(reply.ssml)
        if not reply.ends_session and reply.response.get("outputSpeech") and not reply.reprompt_ssml:
            user.problems.append("an open session without a reprompt")
    except AssertionError as error:
        user.problems.append(f"invalid speech: {error}")
    return reply


def _log_check_in(user: User, talk: Conversation, rng: random.Random) -> None:
    note = f"walked by the river with user {user.number} entry {len(user.logged) + 1} today"
    slots = [slot("person", rng.choice(["Sam", "my sister", "Alex"]), slot_type="AMAZON.FirstName"),
             slot("feeling", rng.choice(FEELINGS), slot_type="FEELING", match_id=None),
             slot("note", note, slot_type="AMAZON.SearchQuery"),
             slot("date", "2026-11-26", slot_type="AMAZON.DATE")]
    reply = _timed(user, talk.intent, CHECKIN, *slots, dialog_state="COMPLETED", confirmation="CONFIRMED")
    for _ in range(2):  # a journal that asks "shall I save it?" gets a yes
        if reply.ends_session or reply.attributes.get("state") != "checkin":
            break
        reply = _timed(user, talk.intent, "AMAZON.YesIntent")
    user.logged.append(note)


def play(user: User, handler: Any, sessions: int, deadline: float, journal: bool) -> None:
    rng = random.Random(user.number)
    talk = Conversation(handler, user.device)
    try:
        for _ in range(sessions):
            if time.monotonic() > deadline:
                return
            _timed(user, talk.launch)
            for _ in range(rng.randint(1, 4)):
                if journal and rng.random() < 0.4:
                    _log_check_in(user, talk, rng)
                else:
                    _timed(user, talk.intent, rng.choice(SMALL_TALK))
                if talk.session_id is None:
                    break
            if talk.session_id is not None:
                _timed(user, talk.intent, rng.choice(["AMAZON.StopIntent", "AMAZON.CancelIntent"]))
                _timed(user, talk.end, "USER_INITIATED")
    except Exception as error:  # a crash is a finding, not the end of the run
        user.problems.append(f"{type(error).__name__}: {error}")


def check(users: list[User], journal: bool) -> list[str]:
    """What DynamoDB holds, read with raw boto3 Queries, against what each speaker did."""
    import os

    import boto3
    from safe_connections.store import UserRef

    client = boto3.client("dynamodb")
    table_name = os.environ["TABLE_NAME"]
    failures: list[str] = []
    every_note = {note: user.number for user in users for note in user.logged}
    for user in users:
        failures += [f"user {user.number}: {problem}" for problem in user.problems]
        ref = UserRef(user.device.user_id, user.device.person_id)
        profile = _query(client, table_name, ref.pk, ref.sk("profile"))
        if len(profile) != 1:
            failures.append(f"user {user.number}: {len(profile)} profile items, expected 1")
        if not journal:
            continue
        items = _query(client, table_name, ref.pk, f"{ref.scope}#C#")
        found = [note for item in items for note in every_note if note in json.dumps(item)]
        for note in user.logged:
            if found.count(note) != 1:
                failures.append(f"user {user.number}: check-in {note!r} stored {found.count(note)} times")
        strangers = [note for note in found if every_note[note] != user.number]
        if strangers:
            failures.append(f"user {user.number}: {len(strangers)} check-ins of other users in their journal")
        if len(items) != len(user.logged):
            failures.append(f"user {user.number}: {len(items)} check-in items, logged {len(user.logged)}")
    return failures


def _query(client: Any, table_name: str, pk: str, sk_prefix: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "TableName": table_name, "ConsistentRead": True,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": sk_prefix}},
    }
    while True:
        page = client.query(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def simulate(users_count: int, threads: int, seconds: float, sessions: int) -> tuple[list[User], float, list[str]]:
    """Plays the users against the DynamoDB server the environment names, then checks their data."""
    from lambda_function import lambda_handler

    journal = model_has(CHECKIN)
    users = _users(users_count)
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="user") as pool:
        for user in users:
            pool.submit(play, user, lambda_handler, sessions, deadline, journal)
    elapsed = time.perf_counter() - started
    return users, elapsed, check(users, journal)


def run(users_count: int, threads: int, seconds: float, sessions: int) -> int:
    with local_server():
        users, elapsed, failures = simulate(users_count, threads, seconds, sessions)
    journal = model_has(CHECKIN)
    latencies = [ms for user in users for ms in user.latencies]
    print(f"Load: {users_count} users ({users_count // 4} sharing an Echo), {threads} threads, "
          f"up to {sessions} sessions each, {seconds:.0f} s cap; journal checks: "
          f"{'on' if journal else f'off ({CHECKIN} is not in the model yet)'}")
    print(table(["requests", "seconds", "requests/s", "median ms", "p90 ms", "p99 ms", "max ms", "check-ins"], [[
        len(latencies), f"{elapsed:.1f}", f"{len(latencies) / elapsed:.0f}", f"{median(latencies):.1f}",
        f"{percentile(latencies, 0.9):.1f}", f"{percentile(latencies, 0.99):.1f}", f"{max(latencies):.1f}",
        sum(len(user.logged) for user in users)]]))
    print("checks: " + ("all users' data as expected" if not failures else f"{len(failures)} FAILED"))
    for failure in failures[:20]:
        print("  " + failure)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sessions", type=int, default=3)
    args = parser.parse_args()
    threads = max(1, min(args.threads, 32))  # bounded, whatever is asked
    users = max(1, min(args.users, 2000))
    return run(users, threads, min(args.seconds, 600.0), max(1, min(args.sessions, 20)))


if __name__ == "__main__":
    raise SystemExit(main())
