"""One time budget per turn, shared by every call the turn makes (DynamoDB, SQS, Alexa's APIs).

Alexa waits 8 s for an answer and the function stops at 7 s. Socket timeouts bound each read, not a
call: a server that answers byte by byte resets them for ever, and retries add up. So a turn gets one
deadline (TURN_SECONDS, less when the Lambda context has less time left), and every outgoing call is held
to what remains of it:

- a botocore client passed through `watch()` starts an attempt only while time remains, retries only
  when botocore's own retry rules say so and the backoff plus another attempt still fit, and its socket
  work is interrupted when the deadline passes, or after MAX_ATTEMPT_SECONDS (then retried like a read
  timeout) (botocore's event hooks, nothing patched);
- any other call wraps its socket work in `bounded()`.

The interruption is a real-time timer (SIGALRM) armed only around the socket work, in the thread that
does it: no work is left running in the background (Lambda would freeze it half-way through a write).
Outside the main thread, where Python cannot take signals, calls fall back to their socket timeouts.
"""

from __future__ import annotations

import math
import random
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# Well inside Alexa's 8 s and the function's 7 s, with room to build and send the answer.
TURN_SECONDS = 4.5
# Kept back from the Lambda context's remaining time: building and returning the answer after the last call.
RESPONSE_SECONDS = 0.5
# An attempt that would have less than this is not started: it could only time out.
MIN_ATTEMPT_SECONDS = 0.15
# However long the deadline (the deletion worker's is its Lambda timeout), one attempt that takes longer than
# this is interrupted and retried like a read timeout: a server trickling one answer must not hold all of it.
MAX_ATTEMPT_SECONDS = 8.0
# Retry backoff (full jitter): up to BASE * 2**(attempt-1) seconds, throttling slower, never past the deadline.
BACKOFF_SECONDS = 0.05
THROTTLED_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 2.0


class DeadlineExceeded(Exception):
    """The turn's time ran out before a call finished: it did not happen, or its outcome is unknown."""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + max(0.0, seconds)

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def check(self, needed: float = MIN_ATTEMPT_SECONDS) -> float:
        """The seconds left; DeadlineExceeded when fewer than `needed` are."""
        left = self.remaining()
        if left < needed:
            raise DeadlineExceeded(f"{max(left, 0.0):.2f} s left of the turn")
        return left


_current: ContextVar[Deadline | None] = ContextVar("safe_connections_deadline", default=None)


def current() -> Deadline | None:
    return _current.get()


def budget(context: Any = None, seconds: float = TURN_SECONDS) -> float:
    """`seconds`, or less when the Lambda context says the invocation ends sooner."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):
        try:
            return min(seconds, remaining() / 1000 - RESPONSE_SECONDS)
        except (TypeError, ValueError):
            pass
    return seconds


@contextmanager
def turn(context: Any = None, seconds: float = TURN_SECONDS) -> Iterator[Deadline]:
    """Every call made inside shares one deadline."""
    deadline = Deadline(budget(context, seconds))
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _disarm()
        _current.reset(token)


@contextmanager
def bounded(cap: float) -> Iterator[float]:
    """For a call outside botocore: yields the seconds it may take (at most `cap`, at most what remains of
    the turn) and interrupts its socket work with DeadlineExceeded when they have passed."""
    deadline = current()
    seconds = cap if deadline is None else min(cap, deadline.check())
    _arm(seconds)
    try:
        yield seconds
    finally:
        _disarm()


# -- the interruption -----------------------------------------------------------------------------

_armed_until: float | None = None
_installed = False


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum: int, frame: Any) -> None:
    global _armed_until
    if _armed_until is None:
        return  # disarmed just before the signal was handled: nothing to interrupt
    early = _armed_until - time.monotonic()
    if early > 0.001:
        signal.setitimer(signal.ITIMER_REAL, early)
        return
    _armed_until = None
    raise DeadlineExceeded("interrupted at the deadline")


def _arm(seconds: float) -> None:
    global _armed_until, _installed
    if not _can_interrupt() or not math.isfinite(seconds):
        return
    if not _installed:
        if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
            return  # someone else's timer (a test runner's): leave it, socket timeouts still apply
        signal.signal(signal.SIGALRM, _on_alarm)
        _installed = True
    _armed_until = time.monotonic() + seconds
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))


def _disarm() -> None:
    global _armed_until
    if _armed_until is None:
        return
    _armed_until = None
    signal.setitimer(signal.ITIMER_REAL, 0)


# -- botocore -------------------------------------------------------------------------------------

def watch(client: Any) -> Any:
    """Holds every call of a botocore client to the current deadline; without one, botocore's own rules apply.

    before-send: no attempt without time for it; its socket work is interrupted at the deadline.
    needs-retry (first, so its answer is the one botocore sleeps on): botocore's standard retry conditions
    decide whether to retry; the backoff is capped so that another attempt still fits, or the call ends."""
    from botocore.retries.standard import RetryEventAdapter, StandardRetryConditions, ThrottledRetryableChecker

    events = client.meta.events
    service = client.meta.service_model.service_id.hyphenize()
    attempts = (client.meta.config.retries or {}).get("total_max_attempts") or 3
    conditions = StandardRetryConditions(max_attempts=attempts)
    throttled = ThrottledRetryableChecker()
    adapter = RetryEventAdapter()

    def before_send(**kwargs: Any) -> None:
        deadline = current()
        if deadline is not None:
            _arm(min(deadline.check(), MAX_ATTEMPT_SECONDS))

    def before_retry(**kwargs: Any) -> float | None:
        _disarm()
        deadline = current()
        if deadline is None:
            return None
        caught = kwargs.get("caught_exception")
        if isinstance(caught, DeadlineExceeded):
            raise caught
        context = adapter.create_retry_context(**kwargs)
        if not conditions.is_retryable(context):
            return None  # botocore will not retry either: the answer or the error stands
        room = deadline.remaining() - MIN_ATTEMPT_SECONDS
        if room <= 0:
            raise DeadlineExceeded(f"no time left to retry {kwargs['operation'].name}")
        base = THROTTLED_BACKOFF_SECONDS if throttled.is_retryable(context) else BACKOFF_SECONDS
        return min(random.uniform(0, min(MAX_BACKOFF_SECONDS, base * 2 ** (context.attempt_number - 1))), room)

    events.register_first(f"before-send.{service}", before_send, unique_id="safe-connections-deadline-send")
    events.register_first(f"needs-retry.{service}", before_retry, unique_id="safe-connections-deadline-retry")
    return client


__all__ = ["TURN_SECONDS", "Deadline", "DeadlineExceeded", "bounded", "budget", "current", "turn", "watch"]
