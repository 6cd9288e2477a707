"""What crosses every request: the Turn, redacted logging, and the errors users must hear about.

Logs carry ids, types and counts only: never slot values, never speech, never the envelope.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from safe_connections.crisis import CRISIS_INTENT, CRISIS_KEY, any_crisis
from safe_connections.deletions import DeletionLost, DeletionQueue, TurnStore
from safe_connections.speech import Speech
from safe_connections.store import Store, StoreError
from safe_connections.turn import TURN_KEY, Turn

log = logging.getLogger("safe_connections")


class BuildTurn(AbstractRequestInterceptor):
    def __init__(self, speech: Speech, store: Store, queue: DeletionQueue | None = None) -> None:
        self.speech = speech
        self.store = store
        self.queue = queue

    def process(self, handler_input: HandlerInput) -> None:
        turn = Turn(handler_input, self.speech, self.store)
        # The turn's reads of check-ins leave out what a pending deletion removes (its profile says which).
        turn.store = TurnStore(self.store, lambda: turn.profile, self.queue)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn


class LogRequest(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        turn = Turn.of(handler_input)
        slots = getattr(getattr(turn.request, "intent", None), "slots", None) or {}
        filled = sorted(name for name, slot in slots.items() if getattr(slot, "value", None))
        log.info(
            "request id=%s type=%s intent=%s slots_filled=%s state=%s locale=%s",
            getattr(turn.request, "request_id", None),
            getattr(turn.request, "object_type", None),
            turn.intent_name,
            filled,
            turn.state.value,
            turn.locale,
        )


class LogResponse(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        turn = Turn.of(handler_input)
        speech = getattr(getattr(response, "output_speech", None), "ssml", None) or ""
        log.info(
            "response id=%s ends_session=%s speech_chars=%d state=%s",
            getattr(turn.request, "request_id", None),
            getattr(response, "should_end_session", None),
            len(speech),
            turn.state.value,
        )


def _log_without_words(exception: Exception) -> None:
    """Type and code locations only: an exception's message may quote what the user said."""
    frames = traceback.extract_tb(exception.__traceback__)
    where = " <- ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" for frame in reversed(frames))
    log.error("error type=%s at %s", type(exception).__name__, where)


class StoreUnavailable(AbstractExceptionHandler):
    """DynamoDB failed: say so honestly, keep the session, never pretend something was saved."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return isinstance(exception, StoreError)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        _log_without_words(exception)
        turn = _turn_or_none(handler_input)
        if turn is None:
            raise exception
        return turn.say("common/store_unavailable").ask("common/reprompt")


class SorryCatchAll(AbstractExceptionHandler):
    """A bug sounds like an apology, never like mishearing; in tests it fails the test instead.
    A lost deletion is not handled at all: that invocation must fail (see deletions.DeletionLost)."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return not isinstance(exception, DeletionLost)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        _log_without_words(exception)
        if self.strict:
            raise exception
        turn = _turn_or_none(handler_input)
        if turn is None:
            raise exception
        turn._parts.clear()
        return turn.say("common/error").ask("common/reprompt")


def _turn_or_none(handler_input: HandlerInput) -> Any:
    return handler_input.attributes_manager.request_attributes.get(TURN_KEY)


class ScreenForCrisis(AbstractRequestInterceptor):
    """Every IntentRequest, before any handler: CrisisIntent, or crisis words in any slot value.

    A caught turn is marked for the crisis handler (first in dispatch order) and every slot value is
    blanked in place, so no handler, log line or store call downstream can ever see the words.
    Nothing is logged here: not the words, not even that the screen matched.
    """

    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest" or request.intent is None:
            return
        slots = request.intent.slots or {}
        caught = request.intent.name == CRISIS_INTENT or any_crisis(
            text for slot in slots.values() for text in _slot_texts(slot)
        )
        if not caught:
            return
        handler_input.attributes_manager.request_attributes[CRISIS_KEY] = True
        for slot in slots.values():
            slot.value = None
            slot.slot_value = None
            slot.resolutions = None


def _slot_texts(slot: Any) -> list[str]:
    """What the user said for a slot: its value, and each value of a multi-value slot."""
    texts = [slot.value] if isinstance(getattr(slot, "value", None), str) else []
    pending = [getattr(slot, "slot_value", None)]
    while pending:
        value = pending.pop()
        if value is None:
            continue
        if isinstance(getattr(value, "value", None), str):
            texts.append(value.value)
        pending.extend(getattr(value, "values", None) or [])
    return texts
