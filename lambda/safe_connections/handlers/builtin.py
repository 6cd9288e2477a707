"""Help, stop, cancel, fallback and session end, when no capability's own state claims them."""

from __future__ import annotations

import logging

from ask_sdk_model import Response

from safe_connections.handlers.base import Handler
from safe_connections.state import State
from safe_connections.turn import LAST_REPROMPT_KEY, LAST_SPEECH_KEY, Turn

log = logging.getLogger(__name__)


class AskForHelp(Handler):
    intents = ("AMAZON.HelpIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.state = State.IDLE
        return turn.say("help/help").ask("help/reprompt")


class SayGoodbye(Handler):
    """Stop, cancel, and "no" to "anything else?" (the question every idle answer ends with)."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent", "AMAZON.NoIntent")

    def respond(self, turn: Turn) -> Response:
        return turn.say("goodbye/goodbye").end()


class HearItAgain(Handler):
    """"Say that again" anywhere: the last thing the skill said, word for word."""

    intents = ("AMAZON.RepeatIntent",)

    def applies(self, turn: Turn) -> bool:
        return bool(turn.session.get(LAST_SPEECH_KEY))

    def respond(self, turn: Turn) -> Response:
        last = turn.session[LAST_SPEECH_KEY]
        reprompt = turn.session.get(LAST_REPROMPT_KEY) or last
        builder = turn.handler_input.response_builder
        return builder.speak(last).ask(reprompt).set_should_end_session(False).response


class YesToAnythingElse(Handler):
    intents = ("AMAZON.YesIntent",)

    def respond(self, turn: Turn) -> Response:
        return turn.say("fallback/yes_what_then").ask("common/reprompt")


class NotUnderstood(Handler):
    intents = ("AMAZON.FallbackIntent",)

    def respond(self, turn: Turn) -> Response:
        return turn.say("fallback/fallback").ask("fallback/reprompt")


class NothingToNavigate(Handler):
    """Next, pause, go back... said when nothing is waiting for them."""

    intents = (
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
    )

    def respond(self, turn: Turn) -> Response:
        return turn.say("fallback/out_of_context").ask("fallback/reprompt")


class SessionEnded(Handler):
    request_types = ("SessionEndedRequest",)

    def respond(self, turn: Turn) -> Response:
        reason = getattr(getattr(turn.request, "reason", None), "value", None)
        error_type = getattr(getattr(getattr(turn.request, "error", None), "object_type", None), "value", None)
        log.info("session ended: reason=%s error=%s", reason, error_type)
        return turn.silent()


class AnythingElse(Handler):
    """An intent that means nothing here: an answer with no question waiting ("my answer is..." in the
    middle of a reflection), an intent from a newer model, a stale session. It is heard the way Alexa's
    FallbackIntent is heard in the current state, so the person gets the help that fits where they are."""

    request_types = ("IntentRequest",)

    def respond(self, turn: Turn) -> Response:
        from ask_sdk_model import Intent

        from safe_connections.app import ordered_handlers

        turn.request.intent = Intent(name="AMAZON.FallbackIntent", slots={})
        for handler in ordered_handlers():
            if handler is not self and handler.can_handle(turn.handler_input):
                return handler.handle(turn.handler_input)
        return turn.say("fallback/fallback").ask("fallback/reprompt")  # pragma: no cover - NotUnderstood exists


HANDLERS = [
    AskForHelp(),
    SayGoodbye(),
    HearItAgain(),
    YesToAnythingElse(),
    NotUnderstood(),
    NothingToNavigate(),
    SessionEnded(),
    AnythingElse(),
]
