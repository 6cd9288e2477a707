"""The only wiring: which handlers, in which order, with which interceptors. Built once per process."""

from __future__ import annotations

import logging
import random
from functools import cache
from typing import Any

from safe_connections.config import Config, load_config

log = logging.getLogger("safe_connections")


def handler_modules() -> list[Any]:
    """Capabilities in dispatch order: the danger and crisis answers first (what the screen caught wins
    everywhere), then the answer to a waiting question (a "yes" means what was asked), then the
    reflection's audio (playback events, and "pause" or "next" while its stream plays), then what people
    start, builtins last. tests/unit/test_handler_order.py holds this order."""
    from safe_connections.handlers import (
        answers,
        beliefs,
        builtin,
        crisis_answer,
        danger,
        journal_deleting,
        journal_logging,
        journal_patterns,
        journal_reading,
        launch,
        my_data,
        reflection,
        reflection_audio,
        reflection_care,
        safety_plan,
    )

    return [danger, crisis_answer, my_data, answers, reflection_audio, reflection_care, reflection, beliefs,
            journal_logging, journal_reading, journal_patterns, journal_deleting, safety_plan, launch, builtin]


def ordered_handlers() -> list[Any]:
    return [handler for module in handler_modules() for handler in module.HANDLERS]


def build_skill(config: Config, store: Any = None, rng: random.Random | None = None, deletion_queue: Any = None) -> Any:
    from ask_sdk_core.skill_builder import SkillBuilder

    from safe_connections import errors, interceptors
    from safe_connections.handlers import reflection_audio
    from safe_connections.speech import Speech
    from safe_connections.store import Store

    speech = Speech(config.content_dir, rng or random.Random(config.variant_seed))
    store = store or Store(config.table_name)
    builder = SkillBuilder()
    builder.skill_id = config.skill_id
    for handler in ordered_handlers():
        builder.add_request_handler(handler)
    builder.add_global_request_interceptor(interceptors.BuildTurn(speech, store, deletion_queue))
    builder.add_global_request_interceptor(interceptors.ScreenForCrisis())
    builder.add_global_request_interceptor(interceptors.HearAnswer())
    builder.add_global_request_interceptor(interceptors.LogRequest())
    for interceptor in reflection_audio.REQUEST_INTERCEPTORS:
        builder.add_global_request_interceptor(interceptor)
    for interceptor in reflection_audio.RESPONSE_INTERCEPTORS:
        builder.add_global_response_interceptor(interceptor)
    builder.add_global_response_interceptor(interceptors.SaveSession())
    builder.add_global_response_interceptor(interceptors.LogResponse())
    builder.add_exception_handler(errors.QuietEvents())
    builder.add_exception_handler(errors.StoreUnavailable())
    builder.add_exception_handler(errors.SorryCatchAll(strict=config.strict_errors))
    return builder.create()


@cache
def _skill() -> Any:
    logging.getLogger().setLevel(logging.INFO)
    return build_skill(load_config())


@cache
def _serializer() -> Any:
    from ask_sdk_core.serialize import DefaultSerializer

    return DefaultSerializer()


def handle_event(event: dict[str, Any], context: Any, skill: Any = None) -> dict[str, Any]:
    """Alexa's envelope in, a valid response envelope out, whatever the envelope holds.

    A foreign skill id is refused by raising (envelope.ForeignSkill) before anything is read or
    written. Everything else is read leniently (envelope.read) so the SDK never sees what it
    would reject. Every call the turn makes shares one deadline (deadline.turn). A failure outside
    the SDK's own exception handlers ends in an empty, valid response, except in strict mode (tests)
    where it raises so the bug is seen, and except a skill event's lost deletion, which must fail
    the invocation (deletions.DeletionLost)."""
    from safe_connections import deadline, envelope
    from safe_connections.deletions import DeletionLost

    skill = skill or _skill()
    envelope.refuse_foreign(event, skill.skill_id)
    try:
        request_envelope = envelope.read(event)
        with deadline.turn(context):
            response = skill.invoke(request_envelope=request_envelope, context=context)
        return _serializer().serialize(response)
    except DeletionLost:
        log.error("skill event failed: its deletion could not be queued")
        raise
    except Exception as error:
        if load_config().strict_errors:
            raise
        log.error("unhandled error type=%s", type(error).__name__)
        return envelope.empty_response()
