"""When it gets to be too much: a grounding minute (pausing any reflection at once), and where to find
support. First among the capabilities in dispatch order: "this is too much" wins over "next"."""

from __future__ import annotations

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.handler import Handler
from safe_connections.handlers.reflection import RESUME, here, play, save_place
from safe_connections.questions import CANCEL, NO, STOP, YES, Answer, Question
from safe_connections.state import State
from safe_connections.turn import Turn

AFTER_GROUNDING = questions.declare(Question(
    name="reflection.after_grounding",
    outcomes={
        "continue": (RESUME, "AMAZON.NextIntent", YES, "ResumeReflectionIntent"),
        "rest": (STOP, CANCEL, NO, "AMAZON.PauseIntent", "AMAZON.NavigateHomeIntent"),
        "support": ("FindSupportIntent",),
    },
    reprompt="reflection/grounding_reprompt",
    miss="reflection/grounding_help",
    speaker_bound=False,
    state=State.GROUNDING,
))


class FeelingOverwhelmed(Handler):
    """"I don't feel okay", "this is too much": stop the script at once, save the place, ground."""

    intents = ("FeelingOverwhelmedIntent",)

    def respond(self, turn: Turn) -> Response:
        in_reflection = save_place(turn)
        turn.say("reflection/grounding", in_reflection=in_reflection)
        return questions.ask(turn, AFTER_GROUNDING, context={"in_reflection": in_reflection})


@questions.resolves(AFTER_GROUNDING)
def _after_grounding(turn: Turn, answer: Answer) -> Response:
    place = here(turn)
    if answer.outcome == "support":
        return support(turn)
    if answer.outcome == "rest":
        if place is None:
            return turn.say("goodbye/goodbye").end()
        return turn.say("reflection/rest_after_grounding").end()
    if place is None:
        return questions.menu(turn.say("reflection/after_grounding_idle"))
    return play(turn, place.version, place.segment, "reflection/back_after_grounding")


def support(turn: Turn) -> Response:
    turn.say("reflection/support")
    if here(turn) is not None:
        turn.say("reflection/support_then_reflection")
        return questions.ask(turn, AFTER_GROUNDING)
    return questions.menu(turn.say("reflection/support_then"))


class FindSupport(Handler):
    intents = ("FindSupportIntent",)

    def respond(self, turn: Turn) -> Response:
        return support(turn)


HANDLERS = [FeelingOverwhelmed(), FindSupport()]
