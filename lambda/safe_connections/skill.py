"""The skill object: ask-sdk's dispatcher, handler input and model, without what this skill never uses.

`SkillBuilder().create()` builds an `ask_sdk_core.skill.CustomSkill`, whose module imports every
Alexa service client of ask_sdk_model (reminders, lists, monetization, ... about 150 modules, about
20 ms of a cold start) for an API client this skill does not configure; its serializer imports them
too. This is the same dispatch (ask_sdk_runtime's GenericRequestDispatcher, the same interceptors,
handlers, exception handlers, HandlerInput and AttributesManager) and the same response envelope,
without them. Two differences, both deliberate:
- the skill id is checked once, on the raw event, before anything is read (envelope.refuse_foreign);
- the handlers asked are only those that could claim the request (IndexedRequestMapper), in order.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.__version__ import __version__ as SDK_VERSION
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import RequestEnvelope, ResponseEnvelope
from ask_sdk_runtime.dispatch import GenericRequestDispatcher
from ask_sdk_runtime.dispatch_components import (
    GenericExceptionMapper,
    GenericHandlerAdapter,
    GenericRequestHandlerChain,
    GenericRequestMapper,
)
from ask_sdk_runtime.skill import RuntimeConfiguration
from ask_sdk_runtime.utils import user_agent_info

RESPONSE_FORMAT_VERSION = "1.0"
USER_AGENT = user_agent_info(sdk_version=SDK_VERSION)
_OTHER = "\0other"  # any request type or intent name no handler declares


class IndexedRequestMapper(GenericRequestMapper):
    """The SDK's request mapper, asking only handlers that could claim the request, in the same order.

    A handler that keeps `Handler.can_handle` and declares `intents` never claims another intent, nor
    one with `request_types` another request type; every other handler is always asked. So the first
    handler that claims a request is the one the SDK's linear scan finds (tests/unit/test_skill.py)."""

    def __init__(self, handlers: list[Any]) -> None:
        super().__init__([GenericRequestHandlerChain(request_handler=handler) for handler in handlers])
        from safe_connections.handler import Handler

        self._base_can_handle = Handler.can_handle
        handlers = [chain.request_handler for chain in self.request_handler_chains]
        self._declared_types = {"IntentRequest"} | {
            kind for handler in handlers for kind in getattr(handler, "request_types", ())}
        self._declared_intents = {name for handler in handlers for name in getattr(handler, "intents", ())}
        self._candidates: dict[tuple[str, str], list[GenericRequestHandlerChain]] = {}

    def _could_claim(self, handler: Any, kind: str, name: str) -> bool:
        if getattr(type(handler), "can_handle", None) is not self._base_can_handle:
            return True
        if handler.intents:
            return kind == "IntentRequest" and name in handler.intents
        return kind in handler.request_types

    def get_request_handler_chain(self, handler_input: Any) -> GenericRequestHandlerChain | None:
        request = handler_input.request_envelope.request
        kind = getattr(request, "object_type", None)
        kind = kind if kind in self._declared_types else _OTHER
        name = getattr(getattr(request, "intent", None), "name", None) if kind == "IntentRequest" else None
        name = name if name in self._declared_intents else _OTHER
        chains = self._candidates.get((kind, name))
        if chains is None:  # keys are declared names only, so this stays as small as the model
            chains = self._candidates[(kind, name)] = [
                chain for chain in self.request_handler_chains if self._could_claim(chain.request_handler, kind, name)]
        for chain in chains:
            if chain.request_handler.can_handle(handler_input=handler_input):
                return chain
        return None


class Skill:
    """Answers a request envelope with a response envelope, as ask-sdk's CustomSkill does."""

    def __init__(self, skill_id: str | None, speech: Any, store: Any, handlers: list[Any],
                 request_interceptors: list[Any], response_interceptors: list[Any],
                 exception_handlers: list[Any]) -> None:
        self.skill_id = skill_id
        self.speech = speech
        self.store = store
        self.request_dispatcher = GenericRequestDispatcher(RuntimeConfiguration(
            request_mappers=[IndexedRequestMapper(handlers)],
            handler_adapters=[GenericHandlerAdapter()],
            request_interceptors=list(request_interceptors),
            response_interceptors=list(response_interceptors),
            exception_mapper=GenericExceptionMapper(exception_handlers=list(exception_handlers)),
        ))

    def invoke(self, request_envelope: RequestEnvelope, context: Any) -> ResponseEnvelope:
        handler_input = HandlerInput(request_envelope=request_envelope,
                                     attributes_manager=AttributesManager(request_envelope=request_envelope),
                                     context=context)
        response = self.request_dispatcher.dispatch(handler_input=handler_input)
        session = handler_input.attributes_manager.session_attributes if request_envelope.session is not None else None
        return ResponseEnvelope(response=response, version=RESPONSE_FORMAT_VERSION, session_attributes=session,
                                user_agent=USER_AGENT)
