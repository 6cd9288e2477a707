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

from safe_connections.crisis import CRISIS, CRISIS_KEY, CRISIS_TOO_KEY, DANGER, INTENT_CATEGORY, categories_of
from safe_connections.speech import Speech
from safe_connections.state import State
from safe_connections.store import Store, StoreError
from safe_connections.turn import TURN_KEY, Turn

log = logging.getLogger("safe_connections")


class BuildTurn(AbstractRequestInterceptor):
    def __init__(self, speech: Speech, store: Store) -> None:
        self.speech = speech
        self.store = store

    def process(self, handler_input: HandlerInput) -> None:
        turn = Turn(handler_input, self.speech, self.store)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn


# Request attribute: this turn is about a crisis or danger, so neither log line is written.
QUIET_KEY = "quiet"


def _about_a_crisis(handler_input: HandlerInput) -> bool:
    """A turn the screen caught, or one in the crisis state (carry on, stop, say that again): no line
    is logged for it, not even its state or intent name, because either would say a crisis happened."""
    attributes = handler_input.attributes_manager.request_attributes
    if attributes.get(QUIET_KEY) or attributes.get(CRISIS_KEY) or Turn.of(handler_input).state == State.CRISIS:
        attributes[QUIET_KEY] = True
    return bool(attributes.get(QUIET_KEY))


class LogRequest(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        if _about_a_crisis(handler_input):
            return
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
        if _about_a_crisis(handler_input):
            return
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
    """A bug sounds like an apology, never like mishearing; in tests it fails the test instead."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

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
    """Every IntentRequest, before any handler: CrisisIntent or DangerIntent, or crisis or danger words
    in any slot value (each alone, and all of them together in any order).

    A caught turn is marked with its category for the answer that comes first in dispatch order
    (handlers/danger.AnswerDanger, handlers/safety.AnswerCrisis), and every slot value is blanked in
    place, so no handler, log line or store call downstream can ever see the words. Nothing is logged
    here: not the words, not even that the screen matched.
    """

    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest" or request.intent is None:
            return
        slots = request.intent.slots or {}
        texts = [text for slot in slots.values() for text in _slot_texts(slot)]
        found = categories_of(texts, getattr(request, "locale", None) or "en-US") if texts else set()
        if request.intent.name in INTENT_CATEGORY:
            found.add(INTENT_CATEGORY[request.intent.name])
        if not found:
            return
        attributes = handler_input.attributes_manager.request_attributes
        attributes[CRISIS_KEY] = DANGER if DANGER in found else CRISIS
        attributes[CRISIS_TOO_KEY] = DANGER in found and CRISIS in found
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
