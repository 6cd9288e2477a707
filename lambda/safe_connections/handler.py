"""The shape every handler shares: declare what it handles, answer through a Turn."""

from __future__ import annotations

from collections.abc import Iterable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from safe_connections.state import State
from safe_connections.turn import Turn


class Handler(AbstractRequestHandler):
    """Handles `request_types`, or IntentRequests named in `intents`, in `states` (None: any state).

    Subclasses declare what they handle and implement `respond`; `applies` refines the match
    when a class attribute is not enough.
    """

    intents: tuple[str, ...] = ()
    request_types: tuple[str, ...] = ()
    states: tuple[State, ...] | None = None

    def can_handle(self, handler_input: HandlerInput) -> bool:
        turn = Turn.of(handler_input)
        request_type = getattr(turn.request, "object_type", None)
        if self.intents:
            if request_type != "IntentRequest" or turn.intent_name not in self.intents:
                return False
        elif request_type not in self.request_types:
            return False
        if self.states is not None and turn.state not in self.states:
            return False
        return self.applies(turn)

    def applies(self, turn: Turn) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.respond(Turn.of(handler_input))

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError


def names(handlers: Iterable[type[Handler]]) -> list[str]:
    return [handler.__name__ for handler in handlers]
