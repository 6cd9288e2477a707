"""How many DynamoDB (and SQS) calls each journal intent makes, counted on the real clients with botocore's
event hooks (counting only). Each access pattern is one Query or one GetItem/PutItem/DeleteItem, never a
Scan; deleting many items is one SendMessage and one UpdateItem in the turn, and the deletion worker's
Query per 100 keys and BatchWriteItem per 25 items. Run with -s to see the table."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conversations.journal_talk import log_slots, note, person, table
from tools.conversation import Conversation
from tools.envelopes import Device, slot


class Counted:
    def __init__(self, queue_url: str | None = None) -> None:
        from safe_connections import app
        from safe_connections.config import load_config
        from safe_connections.deletions import DeletionQueue
        from safe_connections.store import Store

        self.store = Store(table())
        self.queue = DeletionQueue(queue_url)
        self.calls: Counter[str] = Counter()
        self.store.client.meta.events.register("before-call.dynamodb", self._count)
        self.queue.client.meta.events.register("before-call.sqs", self._count)
        skill = app.build_skill(load_config(), store=self.store, deletion_queue=self.queue)
        self.talk = Conversation(lambda event, context: app.handle_event(event, context, skill=skill), Device())
        self.rows: list[tuple[str, str]] = []

    def _count(self, model: Any = None, **kwargs: Any) -> None:
        self.calls[model.name] += 1

    def say(self, label: str, intent: str, *slots: dict[str, Any], **kwargs: Any) -> str:
        self.calls.clear()
        if intent == "LaunchRequest":
            self.talk.launch()
        else:
            self.talk.intent(intent, *slots, **kwargs)
        made = ", ".join(f"{n} {name}" for name, n in sorted(self.calls.items())) or "none"
        self.rows.append((label, made))
        return made


def test_dynamodb_calls_per_intent():
    c = Counted()
    # Maya's check-in is yesterday's, so "delete my last check-in" takes a friend's from today.
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    expected = [
        ("open the skill", "LaunchRequest", (), "1 UpdateItem"),
        ("log a check-in (delegated)", "LogCheckInIntent", log_slots(), "none"),
        ("... with Maya yesterday, it felt safe", "LogCheckInIntent", log_slots("Maya", "safe", None, yesterday),
         "none"),
        ("... I noticed she listened", "CheckInNoteIntent", [note("she listened")], "none"),
        ("change the person", "ChangeCheckInIntent",
         [slot("part", "person", slot_type="CHECKIN_PART", match_id="person")], "none"),
        ("... Maya (elicited)", "LogCheckInIntent", log_slots("Maya", "safe", "she listened", yesterday), "none"),
        ("yes (save)", "AMAZON.YesIntent", (), "1 PutItem"),
    ]
    for label, intent, slots, want in expected:
        state = {"dialog_state": "IN_PROGRESS"} if intent == "LogCheckInIntent" else {}
        assert c.say(label, intent, *slots, **state) == want, label
    for i in range(4):
        c.talk.intent("LogCheckInIntent", *log_slots(f"Friend {i}", "safe"), dialog_state="STARTED")
        c.talk.intent("AMAZON.NoIntent")
        c.talk.intent("AMAZON.YesIntent")
    assert c.say("read my last check-ins", "ReadJournalIntent") == "1 GetItem, 1 Query"
    # Every read of check-ins knows the pending deletions: the profile is read once a turn (GetItem).
    assert c.say("yes (hear more)", "AMAZON.YesIntent") == "1 GetItem, 1 Query"
    year, week, _ = datetime.now(UTC).isocalendar()
    this_week = slot("when", f"{year}-W{week:02d}")
    assert c.say("what did I log this week", "ReadJournalIntent", this_week) == "1 GetItem, 1 Query"
    assert c.say("how did it go with Maya", "PersonJournalIntent", person("Maya")) == "1 GetItem, 1 Query"
    assert c.say("who have I felt safe with", "JournalPatternsIntent") == "1 GetItem, 1 Query"
    assert c.say("send my journal to my phone", "SendJournalIntent") == "1 GetItem, 1 Query"
    assert c.say("delete my last check-in", "DeleteLastCheckInIntent") == "1 GetItem, 1 Query"
    assert c.say("yes (delete it)", "AMAZON.YesIntent") == "1 DeleteItem"
    assert c.say("delete my check-ins with Maya", "DeletePersonCheckInsIntent", person("Maya")) == "none"
    assert c.say("yes (delete them)", "AMAZON.YesIntent") == "1 SendMessage, 1 UpdateItem"
    assert c.say("delete my journal", "DeleteJournalIntent") == "none"
    assert c.say("yes (delete journal)", "AMAZON.YesIntent") == "1 SendMessage, 1 UpdateItem"
    assert c.say("delete all my data", "DeleteAllMyDataIntent") == "none"
    assert c.say("yes (delete everything)", "AMAZON.YesIntent") == "1 SendMessage, 1 UpdateItem"
    assert all("Scan" not in made for _, made in c.rows)
    print("\n| what the user says | calls (DynamoDB, SQS) |\n|---|---|")
    for label, made in c.rows:
        print(f"| {label} | {made} |")


@pytest.mark.parametrize("entries, queries, batches", [(25, 1, 1), (26, 1, 2), (60, 1, 3), (250, 3, 10)])
def test_the_deletion_worker_pages_by_a_hundred_and_batches_by_twenty_five(entries, queries, batches,
                                                                             own_queues):
    from safe_connections.deletions import handle_batch
    from safe_connections.store import CheckIn

    from tools.local_queues import WorkerRunner

    c = Counted(own_queues.url)
    c.talk.launch()
    for i in range(entries):
        c.store.save_check_in(_user(c), CheckIn(id=f"{i:05d}", day="2026-11-01", person="Maya", feeling="safe",
                                                created_at="2026-11-01T10:00:00+00:00"))
    c.say("delete my journal", "DeleteJournalIntent")
    assert c.say("yes", "AMAZON.YesIntent") == "1 SendMessage, 1 UpdateItem"
    c.calls.clear()
    WorkerRunner(own_queues, handler=lambda e, ctx: handle_batch(e, ctx, store=c.store, queue=c.queue)).drain()
    # Marks (idempotent), walks the range, unmarks: 2 UpdateItem. Nothing more, whatever the size.
    assert c.calls == {"Query": queries, "BatchWriteItem": batches, "UpdateItem": 2}


def _user(c: Counted) -> Any:
    from safe_connections.store import UserRef

    return UserRef(c.talk.device.user_id)
