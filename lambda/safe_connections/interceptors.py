"""What crosses every request: the Turn and its session state, the crisis screen, the waiting
question's answer, and redacted logging. The errors users must hear about are in errors.py.

Logs carry ids, types and counts only: never slot values, never speech, never the envelope, and
nothing of where the conversation is (a state or a message key can tell of a crisis).
"""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.crisis import CRISIS, CRISIS_KEY, CRISIS_TOO_KEY, DANGER, INTENT_CATEGORY, categories_of
from safe_connections.deletions import DeletionQueue, TurnStore
from safe_connections.speech import Speech
from safe_connections.state import State
from safe_connections.store import Store
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


ANSWER_KEY = "answer"


class HearAnswer(AbstractRequestInterceptor):
    """While a question waits, what this request answers (handlers/answers.py acts on it); a request
    that is not for the question ends it, and its capability tidies up before the request is handled.
    After the crisis screen: a caught turn leaves the question waiting, to carry on with afterwards."""

    def process(self, handler_input: HandlerInput) -> None:
        turn = Turn.of(handler_input)
        attributes = handler_input.attributes_manager.request_attributes
        if attributes.get(CRISIS_KEY) or turn.s.question is None:
            return
        if getattr(turn.request, "object_type", None) != "IntentRequest":
            return
        answer = questions.hear(turn)
        if answer is not None:
            attributes[ANSWER_KEY] = answer
        elif turn.intent_name != questions.REPEAT:
            questions.leave(turn)


class SaveSession(AbstractResponseInterceptor):
    """Writes the typed session state back: the only place session attributes are written."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if turn is None or not turn.in_session:
            return
        ends = getattr(response, "should_end_session", None) is True
        handler_input.attributes_manager.session_attributes = {} if ends else turn.s.to_attributes()


# Request attribute: this turn is about a crisis or danger, so neither log line is written.
QUIET_KEY = "quiet"


def _about_a_crisis(handler_input: HandlerInput) -> bool:
    """A turn the screen caught, or one in the crisis state (carry on, stop, say that again): no line is
    logged for it at all, because even its intent name ("CrisisIntent") would say a crisis happened."""
    attributes = handler_input.attributes_manager.request_attributes
    if attributes.get(CRISIS_KEY) or Turn.of(handler_input).state == State.CRISIS:
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
            "request id=%s type=%s intent=%s slots_filled=%s locale=%s",
            getattr(turn.request, "request_id", None),
            getattr(turn.request, "object_type", None),
            turn.intent_name,
            filled,
            turn.locale,
        )


class LogResponse(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if _about_a_crisis(handler_input):
            return
        turn = Turn.of(handler_input)
        speech = getattr(getattr(response, "output_speech", None), "ssml", None) or ""
        log.info(
            "response id=%s ends_session=%s speech_chars=%d",
            getattr(turn.request, "request_id", None),
            getattr(response, "should_end_session", None),
            len(speech),
        )


class ScreenForCrisis(AbstractRequestInterceptor):
    """Every IntentRequest, before any handler: CrisisIntent or DangerIntent, or crisis or danger words
    in any slot value (each alone, and all of them together in any order).

    A caught turn is marked with its category for the answer that comes first in dispatch order
    (handlers/danger.AnswerDanger, handlers/crisis_answer.AnswerCrisis), and every slot value is blanked
    in place, so no handler, log line or store call downstream can ever see the words. Nothing is logged
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
