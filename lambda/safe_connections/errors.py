"""The errors a person must hear about, and the events nobody waits for. Registered in app.py.

An error is never disguised as mishearing: DynamoDB failing is said honestly (nothing new was
saved), a bug is an apology that says it wasn't the person's doing, and in tests a bug raises.
Logged: the error's type and where in our code, never its message (it may quote what was said).
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from safe_connections.crisis import CRISIS_KEY
from safe_connections.deletions import DeletionLost
from safe_connections.envelope import SPOKEN_REQUEST_TYPES
from safe_connections.interceptors import QUIET_KEY
from safe_connections.store import StoreError
from safe_connections.turn import TURN_KEY

log = logging.getLogger("safe_connections")


def _log_without_words(handler_input: HandlerInput, exception: Exception) -> None:
    """Type and code locations only: an exception's message may quote what the user said. On a turn
    about a crisis, the type alone: a location ("danger.py:41") would say what the turn was about."""
    attributes = handler_input.attributes_manager.request_attributes
    if attributes.get(QUIET_KEY) or attributes.get(CRISIS_KEY):
        log.error("error type=%s", type(exception).__name__)
        return
    frames = traceback.extract_tb(exception.__traceback__)
    where = " <- ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" for frame in reversed(frames))
    log.error("error type=%s at %s", type(exception).__name__, where)


class StoreUnavailable(AbstractExceptionHandler):
    """DynamoDB failed: say so honestly, keep the session, never pretend something was saved."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return isinstance(exception, StoreError)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        _log_without_words(handler_input, exception)
        return _answer_instead(handler_input, exception, "common/store_unavailable")


class SorryCatchAll(AbstractExceptionHandler):
    """A bug sounds like an apology, never like mishearing; in tests it fails the test instead.
    A lost deletion is not handled at all: that invocation must fail (see deletions.DeletionLost)."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return not isinstance(exception, DeletionLost)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        _log_without_words(handler_input, exception)
        if self.strict:
            raise exception
        return _answer_instead(handler_input, exception, "common/error")


def _answer_instead(handler_input: HandlerInput, exception: Exception, key: str) -> Response:
    """What was said so far is dropped and the honest sentence is said instead (silence for events)."""
    turn = _turn_or_none(handler_input)
    if turn is None:
        raise exception
    if not _spoken(turn):
        return turn.silent()
    turn._parts.clear()
    return turn.say(key).ask("common/reprompt")


def _spoken(turn: Any) -> bool:
    """Whether a person waits for this answer: events (AudioPlayer, PlaybackController) may not speak."""
    return getattr(turn.request, "object_type", None) in SPOKEN_REQUEST_TYPES


def _turn_or_none(handler_input: HandlerInput) -> Any:
    return handler_input.attributes_manager.request_attributes.get(TURN_KEY)


class QuietEvents(AbstractExceptionHandler):
    """No handler claimed an event (not a launch or an intent): answer with no speech at all.

    Alexa rejects outputSpeech on AudioPlayer, PlaybackController and System.ExceptionEncountered
    requests, ignores it on skill-lifecycle events, and nobody asked a question on screen
    events. A CanFulfillIntentRequest is answered "NO": the skill does not declare that
    interface, so it makes no promise."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        from ask_sdk_runtime.exceptions import DispatchException

        request_type = getattr(handler_input.request_envelope.request, "object_type", None)
        return isinstance(exception, DispatchException) and request_type not in SPOKEN_REQUEST_TYPES

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request_type = getattr(handler_input.request_envelope.request, "object_type", None)
        log.info("event with no handler: type=%s", request_type if isinstance(request_type, str) else None)
        response = handler_input.response_builder.response
        if request_type == "CanFulfillIntentRequest":
            from ask_sdk_model.canfulfill import CanFulfillIntent, CanFulfillIntentValues

            response.can_fulfill_intent = CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO, slots={})
        return response
