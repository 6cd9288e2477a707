"""Deleting many items as durable work: a turn hands it to a queue, a worker function finishes it.

A journal of hundreds of check-ins cannot be deleted inside one turn: Alexa waits 8 s, and DynamoDB may
throttle, answer slowly or leave items unprocessed. So "delete my journal", "delete my check-ins with
Maya", "delete all my data" and disabling the skill each become one `store.Deletion` on an SQS queue
(template.yaml: DeletionQueue, with a dead-letter queue), drained by `lambda_function.deletion_worker`.

The turn (TurnStore.start_deletion): SendMessage first, so that nothing is hidden or wiped unless the
work is queued; then one UpdateItem puts a marker in the profile (for "all my data" the profile's own
content goes in that write). From the marker on, every read of check-ins leaves out what is being
deleted (TurnStore reads honour `Profile.deletions`), so none of it is read back, counted or exported
while the worker runs. If either call fails the person hears that it may not all be gone and "yes"
tries again with the same deletion (same id and time: both calls are idempotent). A SkillDisabled
event that cannot be queued raises DeletionLost: the invocation fails and shows in Lambda's errors.

The worker (handle_batch): puts the marker (again: idempotent, in case the turn's write failed), walks
the key range with consistent keys-only Queries and deletes in BatchWriteItems of 25, retrying throttles,
5xx and unprocessed items with exponential backoff and full jitter. Only items created at or before the
request go, so a check-in logged meanwhile stays. It is done after one whole walk of the range; then the
marker goes (and the profile, if nothing else is left in it). A run that is interrupted simply walks the
range again: what it deleted is gone, so every run is idempotent and the last one is provably complete.
It stops before its own timeout: with progress made it queues the rest as a new message; without any
(every call failing, or hanging) it reports the message failed, SQS offers it again after the visibility
timeout, and after maxReceiveCount it waits in the dead-letter queue (an alarm says so).
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from safe_connections import deadline
from safe_connections.store import (
    ACCOUNT,
    ALL,
    Deletion,
    Page,
    Profile,
    Store,
    StoreError,
    UserRef,
    new_entry_id,
)

log = logging.getLogger(__name__)

QUEUE_URL_ENV = "DELETION_QUEUE_URL"
QUEUE_TIMEOUTS = {"connect_timeout": 0.5, "read_timeout": 1.0,
                  "retries": {"total_max_attempts": 2, "mode": "standard"}}
# The worker has time: longer reads, more attempts; its deadline is its own Lambda timeout.
WORKER_TIMEOUTS = {"connect_timeout": 1.0, "read_timeout": 3.0,
                   "retries": {"total_max_attempts": 3, "mode": "standard"}}
# Kept back from the worker's remaining time to queue what is left (one SendMessage).
CONTINUE_RESERVE_SECONDS = 2.5
PAGE_SIZE = 100
BATCH = 25
BACKOFF_BASE_SECONDS = 0.1
BACKOFF_CAP_SECONDS = 5.0


class DeletionNotStarted(StoreError):
    """The queue did not take the deletion (or its outcome is unknown): nothing may be claimed."""


class DeletionLost(Exception):
    """A skill event's deletion could not be queued. Not a StoreError and not handled: the invocation fails."""


# -- the queue ------------------------------------------------------------------------------------

class DeletionQueue:
    """SendMessage to the deletion queue (DELETION_QUEUE_URL); the client is made on first use, held to the
    turn's deadline like every call."""

    def __init__(self, url: str | None = None, client: Any = None, timeouts: dict[str, Any] | None = None) -> None:
        self.url = url if url is not None else os.environ.get(QUEUE_URL_ENV, "")
        self._timeouts = timeouts or QUEUE_TIMEOUTS
        self._client = deadline.watch(client) if client is not None else None

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            self._client = deadline.watch(boto3.client("sqs", config=Config(**self._timeouts)))
        return self._client

    def send(self, deletion: Deletion) -> None:
        if not self.url:
            raise DeletionNotStarted(f"no deletion queue configured ({QUEUE_URL_ENV})")
        try:
            self.client.send_message(QueueUrl=self.url, MessageBody=deletion.message())
        except deadline.DeadlineExceeded as error:
            raise DeletionNotStarted("send_message failed: out of time") from error
        except Exception as error:
            from botocore.exceptions import BotoCoreError, ClientError

            if isinstance(error, ClientError | BotoCoreError):
                log.warning("sqs send_message failed: %s", type(error).__name__)
                raise DeletionNotStarted(f"send_message failed: {type(error).__name__}") from error
            raise
        log.info("deletion queued what=%s id=%s", deletion.what, deletion.id)


@cache
def default_queue() -> DeletionQueue:
    return DeletionQueue()


# -- the turn's side ------------------------------------------------------------------------------

class TurnStore:
    """The store as one turn sees it: the same calls, except that reads of check-ins leave out what a
    pending deletion removes (the profile lists them; it is read at most once a turn), and deletions of
    many items start here. Everything else goes straight to the Store."""

    def __init__(self, store: Store, profile: Callable[[], Profile], queue: DeletionQueue | None = None) -> None:
        self._store = store
        self._profile = profile
        self._queue = queue

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @property
    def queue(self) -> DeletionQueue:
        return self._queue or default_queue()

    def _hidden(self) -> Sequence[Deletion]:
        return self._profile().deletions

    def latest_check_ins(self, user: UserRef, limit: int, after: str | None = None) -> Page:
        return self._store.latest_check_ins(user, limit, after, hidden=self._hidden())

    def check_ins_between(self, user: UserRef, first_day: str, last_day: str, limit: int,
                          after: str | None = None) -> Page:
        return self._store.check_ins_between(user, first_day, last_day, limit, after, hidden=self._hidden())

    def check_ins_with(self, user: UserRef, person_key: str, limit: int, after: str | None = None) -> Page:
        return self._store.check_ins_with(user, person_key, limit, after, hidden=self._hidden())

    def feelings_between(self, user: UserRef, first_day: str, last_day: str) -> list[Any]:
        return self._store.feelings_between(user, first_day, last_day, hidden=self._hidden())

    def start_deletion(self, user: UserRef, what: str, *, at: str, id: str, person_key: str = "") -> Deletion:
        """Queues the deletion of one speaker's ALL, JOURNAL or PERSON items created at or before `at`, then
        hides them. StoreError (DeletionNotStarted) when either call failed; the same `id` and `at` again
        retry it without doing anything twice."""
        deletion = Deletion(what=what, pk=user.pk, scope=user.scope, person_key=person_key, before=at, id=id)
        self.queue.send(deletion)
        self._store.mark_deletion(deletion, wipe_profile=what == ALL)
        return deletion

    def forget_account(self, user: UserRef, request_id: str) -> Deletion:
        """Queues the deletion of every item of the Alexa account (the skill was disabled). DeletionLost when
        the queue does not take it: the event must not be reported as handled."""
        deletion = Deletion(what=ACCOUNT, pk=user.pk, id=new_entry_id(request_id))
        try:
            self.queue.send(deletion)
        except StoreError as error:
            raise DeletionLost("the account's deletion could not be queued") from error
        return deletion


# -- the worker -----------------------------------------------------------------------------------

class OutOfTime(Exception):
    """The worker's time (less the reserve to queue the rest) ran out before the deletion was done."""


class CannotSucceed(Exception):
    """A call failed in a way no retry can mend (a malformed call, no permission): the message must fail."""


@dataclass
class Run:
    """What one run of one deletion did."""

    done: bool = False
    deleted: int = 0
    failed_calls: int = 0


def _pause(attempt: int, rng: random.Random) -> None:
    """Exponential backoff with full jitter, never past the worker's deadline (then: OutOfTime)."""
    wait = rng.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** attempt))
    budget = deadline.current()
    if budget is not None and budget.remaining() < wait + deadline.MIN_ATTEMPT_SECONDS:
        raise OutOfTime
    time.sleep(wait)


def _retrying(run: Run, rng: random.Random, call: Callable[[], Any]) -> Any:
    """`call` until it succeeds; each failure backs off longer, until the deadline leaves no room."""
    attempt = 0
    while True:
        try:
            return call()
        except StoreError as error:
            if isinstance(error.__cause__, deadline.DeadlineExceeded):
                raise OutOfTime from error
            if error.lasting:
                raise CannotSucceed(str(error)) from error
            run.failed_calls += 1
            attempt += 1
            _pause(attempt, rng)


def _delete_keys(store: Store, keys: list[dict[str, Any]], run: Run, rng: random.Random) -> None:
    for first in range(0, len(keys), BATCH):
        left = keys[first:first + BATCH]
        attempt = 0
        while left:
            before = len(left)
            left = _retrying(run, rng, lambda chunk=left: store.delete_batch(chunk))
            run.deleted += before - len(left)
            if left:  # unprocessed: DynamoDB asks us to slow down
                attempt += 1
                _pause(attempt, rng)


def run_deletion(store: Store, deletion: Deletion, rng: random.Random | None = None) -> Run:
    """Works on one deletion until it is done or the current deadline comes. Raises OutOfTime (with what
    this run did as its argument) or CannotSucceed (a call no retry can mend), nothing else."""
    rng = rng or random.Random()
    run = Run()
    try:
        if deletion.what != ACCOUNT:
            _retrying(run, rng, lambda: store.mark_deletion(deletion))
        start: dict[str, Any] | None = None
        while True:
            keys, start = _retrying(run, rng, lambda begin=start: store.deletion_page(deletion, begin, PAGE_SIZE))
            _delete_keys(store, keys, run, rng)
            if start is None:
                break
        _retrying(run, rng, lambda: store.finish_deletion(deletion))
    except OutOfTime as stopped:
        raise OutOfTime(run) from stopped
    run.done = True
    return run


def handle_batch(event: dict[str, Any], context: Any, store: Store | None = None,
                 queue: DeletionQueue | None = None) -> dict[str, Any]:
    """The worker Lambda's handler: an SQS event in, `batchItemFailures` out (ReportBatchItemFailures)."""
    store = store or _worker_store()
    queue = queue or _worker_queue()
    failures: list[dict[str, str]] = []
    with deadline.turn(context, seconds=float("inf")) as whole:
        for record in event.get("Records") or []:
            message_id = str(record.get("messageId") or "")
            if not _handle_record(record, store, queue, whole):
                failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}


def _handle_record(record: dict[str, Any], store: Store, queue: DeletionQueue, whole: deadline.Deadline) -> bool:
    """True when the message may go: the deletion is done, or the rest of it is queued again."""
    try:
        deletion = Deletion.from_message(str(record.get("body") or ""))
    except ValueError:
        log.error("deletion message unreadable: left for the dead-letter queue")
        return False
    try:
        with deadline.turn(seconds=whole.remaining() - CONTINUE_RESERVE_SECONDS):
            run = run_deletion(store, deletion)
    except CannotSucceed as error:
        log.error("deletion failed what=%s id=%s: %s", deletion.what, deletion.id, error)
        return False
    except OutOfTime as stopped:
        run = stopped.args[0] if stopped.args and isinstance(stopped.args[0], Run) else Run()
        log.info("deletion paused what=%s id=%s deleted=%d failed_calls=%d", deletion.what, deletion.id,
                 run.deleted, run.failed_calls)
        if run.deleted == 0:
            return False  # no progress at all: SQS offers it again after the visibility timeout, then the DLQ
        try:
            queue.send(deletion)  # the rest, as a new message: the next run walks the range again
        except StoreError:
            return False
        return True
    log.info("deletion done what=%s id=%s deleted=%d failed_calls=%d", deletion.what, deletion.id, run.deleted,
             run.failed_calls)
    return True


@cache
def _worker_store() -> Store:
    from safe_connections.config import load_config

    return Store(load_config().table_name, timeouts=WORKER_TIMEOUTS)


@cache
def _worker_queue() -> DeletionQueue:
    return DeletionQueue(timeouts=WORKER_TIMEOUTS)


__all__ = ["DeletionLost", "DeletionNotStarted", "DeletionQueue", "TurnStore", "handle_batch", "run_deletion"]
