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
    from safe_connections import errors, interceptors
    from safe_connections.handlers import reflection_audio
    from safe_connections.skill import Skill
    from safe_connections.speech import Speech
    from safe_connections.store import Store

    speech = Speech(config.content_dir, rng or random.Random(config.variant_seed))
    store = store or Store(config.table_name)
    return Skill(
        skill_id=config.skill_id,
        speech=speech,
        store=store,
        handlers=ordered_handlers(),
        request_interceptors=[interceptors.BuildTurn(speech, store, deletion_queue), interceptors.ScreenForCrisis(),
                              interceptors.HearAnswer(), interceptors.LogRequest(),
                              *reflection_audio.REQUEST_INTERCEPTORS],
        response_interceptors=[*reflection_audio.RESPONSE_INTERCEPTORS, interceptors.SaveSession(),
                               interceptors.LogResponse()],
        exception_handlers=[errors.QuietEvents(), errors.StoreUnavailable(),
                            errors.SorryCatchAll(strict=config.strict_errors)],
    )


@cache
def _skill() -> Any:
    logging.getLogger().setLevel(logging.INFO)
    return build_skill(load_config())


def prepare() -> Any:
    """What Lambda's INIT phase does (lambda_function, on import): the skill, the compiled content's
    index and the DynamoDB client (boto3's import and client are most of a cold start). INIT runs
    with Lambda's burst CPU, and SnapStart keeps what it built; see bench/README.md for the figures."""
    skill = _skill()
    _ = skill.store.client
    from safe_connections import snapstart

    snapstart.register(skill, reseed=load_config().variant_seed is None)
    return skill


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
        return envelope.write(response)
    except DeletionLost:
        log.error("skill event failed: its deletion could not be queued")
        raise
    except Exception as error:
        if load_config().strict_errors:
            raise
        log.error("unhandled error type=%s", type(error).__name__)
        return envelope.empty_response()
