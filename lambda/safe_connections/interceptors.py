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
from safe_connections.crisis import CRISIS_INTENT, CRISIS_KEY, any_crisis
from safe_connections.speech import Speech
from safe_connections.store import Store
from safe_connections.turn import TURN_KEY, Turn

log = logging.getLogger("safe_connections")


class BuildTurn(AbstractRequestInterceptor):
    def __init__(self, speech: Speech, store: Store) -> None:
        self.speech = speech
        self.store = store

    def process(self, handler_input: HandlerInput) -> None:
        turn = Turn(handler_input, self.speech, self.store)
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


class LogRequest(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
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
        turn = Turn.of(handler_input)
        speech = getattr(getattr(response, "output_speech", None), "ssml", None) or ""
        log.info(
            "response id=%s ends_session=%s speech_chars=%d",
            getattr(turn.request, "request_id", None),
            getattr(response, "should_end_session", None),
            len(speech),
        )


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
