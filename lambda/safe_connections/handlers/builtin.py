"""Help, stop, fallback, "say that again", the everyday "anything else?" question, and session end:
what is left when no capability and no waiting question claims a request. Last in dispatch order."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from ask_sdk_model import Response
from markupsafe import Markup

from safe_connections import privacy, questions
from safe_connections.handler import Handler
from safe_connections.questions import ANYTHING_ELSE, NO, YES, Answer
from safe_connections.state import LastSaid, record
from safe_connections.turn import Turn

log = logging.getLogger(__name__)


@questions.resolves(ANYTHING_ELSE)
def _anything_else(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "no":
        return turn.say("goodbye/goodbye").end()
    return questions.menu(turn.say("fallback/yes_what_then"))


class AskForHelp(Handler):
    intents = ("AMAZON.HelpIntent",)

    def respond(self, turn: Turn) -> Response:
        return questions.menu(turn.say("help/help"))


class SayGoodbye(Handler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def respond(self, turn: Turn) -> Response:
        return turn.say("goodbye/goodbye").end()


class HearItAgain(Handler):
    """"Say that again": the last answer, to the speaker it was said to; personal words are asked
    about again in private mode, and never replayed to another voice."""

    intents = ("AMAZON.RepeatIntent",)

    def applies(self, turn: Turn) -> bool:
        return turn.s.last is not None

    def respond(self, turn: Turn) -> Response:
        last = turn.s.last
        assert last is not None
        if last.personal and last.scope != turn.user.scope:
            response = questions.menu(turn.say("privacy/repeat_not_for_you"))
            turn.s.last = last  # still theirs to hear again
            return response
        if last.personal and turn.profile.private_mode:
            return privacy.read_personal(turn, REPEAT_READING, said=asdict(last))
        return replay(turn, asdict(last))


REPEAT_READING = "repeat"


@privacy.personal(REPEAT_READING)
def replay(turn: Turn, said: dict[str, Any]) -> Response:
    last = record(LastSaid, said)
    if last is None:
        return questions.menu(turn.say("fallback/out_of_context"))
    turn.personal = last.personal
    return turn.say_ssml(Markup(last.speech)).ask_ssml(last.reprompt)


class NothingWaitingForAnswer(Handler):
    """"Yes", "no", "skip" or an answer when nothing was asked (a one-shot, a stale session)."""

    intents = (YES, NO, "SkipQuestionIntent", "SafetyPlanAnswerIntent", "CheckInNoteIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.intent_name == NO:
            return turn.say("goodbye/goodbye").end()
        return questions.menu(turn.say("fallback/yes_what_then"))


class NotUnderstood(Handler):
    intents = ("AMAZON.FallbackIntent",)

    def respond(self, turn: Turn) -> Response:
        return questions.menu(turn.say("fallback/fallback"))


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
        return questions.menu(turn.say("fallback/out_of_context"))


class SessionEnded(Handler):
    request_types = ("SessionEndedRequest",)

    def respond(self, turn: Turn) -> Response:
        reason = getattr(getattr(turn.request, "reason", None), "value", None)
        error_type = getattr(getattr(getattr(turn.request, "error", None), "object_type", None), "value", None)
        log.info("session ended: reason=%s error=%s", reason, error_type)
        return turn.silent()


class AnythingElse(Handler):
    """An intent nothing here claims (an intent from a newer model, a stale session): not understood,
    said as such, never a crash and never a guess."""

    request_types = ("IntentRequest",)

    def respond(self, turn: Turn) -> Response:
        return questions.menu(turn.say("fallback/fallback"))


HANDLERS = [
    AskForHelp(),
    SayGoodbye(),
    HearItAgain(),
    NothingWaitingForAnswer(),
    NotUnderstood(),
    NothingToNavigate(),
    SessionEnded(),
    AnythingElse(),
]
