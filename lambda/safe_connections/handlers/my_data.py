"""The person's data as theirs to control: private mode, what the skill keeps, deleting all of it, and
forgetting everything when the skill is disabled. Early in dispatch order: a skill event has no
session and nobody waiting."""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.handler import Handler
from safe_connections.handlers.journal_deleting import ask_to_delete
from safe_connections.interceptors import ANSWER_KEY
from safe_connections.turn import Turn

log = logging.getLogger(__name__)


class SetPrivateMode(Handler):
    """"Turn on private mode": before anything personal is read aloud, the skill asks first."""

    intents = ("PrivateModeOnIntent", "PrivateModeOffIntent")

    def respond(self, turn: Turn) -> Response:
        on = turn.intent_name == "PrivateModeOnIntent"
        turn.store.update_profile(turn.user, private_mode=on)
        return questions.menu(turn.say("privacy/private_mode_on" if on else "privacy/private_mode_off"))


class SayWhatIsStored(Handler):
    intents = ("WhatDoYouStoreIntent",)

    def respond(self, turn: Turn) -> Response:
        return questions.menu(turn.say("privacy/what_is_stored"))


class DeleteAllMyData(Handler):
    intents = ("DeleteAllMyDataIntent",)

    def applies(self, turn: Turn) -> bool:
        # Ahead of the answers in dispatch order; but while another deletion is being confirmed this is
        # "delete it" misheard, and the question that waits hears it (questions.DELETIONS).
        return ANSWER_KEY not in turn.handler_input.attributes_manager.request_attributes

    def respond(self, turn: Turn) -> Response:
        return ask_to_delete(turn, {"what": "all"}, "journal/confirm_delete_all")


def _persistence_status(request: Any) -> str | None:
    body = getattr(request, "body", None)
    status = body.get("userInformationPersistenceStatus") if isinstance(body, dict) else getattr(
        body, "user_information_persistence_status", None)
    return getattr(status, "value", status)


class ForgetOnDisable(Handler):
    """The skill was disabled: when Alexa says the user's information is not kept, neither is ours."""

    request_types = ("AlexaSkillEvent.SkillDisabled",)

    def respond(self, turn: Turn) -> Response:
        status = _persistence_status(turn.request)
        if status == "NOT_PERSISTED":  # queued for the deletion worker; raises (the invocation fails) if it can't be
            turn.store.forget_account(turn.user, turn.request_id)
        log.info("skill disabled: persistence=%s deletion_queued=%s", status, status == "NOT_PERSISTED")
        return turn.silent()


HANDLERS = [ForgetOnDisable(), SetPrivateMode(), SayWhatIsStored(), DeleteAllMyData()]
