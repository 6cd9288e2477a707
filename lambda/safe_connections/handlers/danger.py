"""Danger from someone else: first in dispatch order, with the crisis answer right after it.

The screen (interceptors.ScreenForCrisis) marks a turn DANGER when what was said, in any slot, tells
of someone hurting, threatening, controlling or following the person, or of a child at risk, or when
Alexa heard DangerIntent. This answer is fixed words: the emergency number first, the locale's line
(content/en/data/danger_lines.yaml), a child-protection line where there is one, that it is not their
fault, and a gentle choice to carry on or stop (CARRY_ON). It never mentions their safe person or
anything they saved: the person they trust may be the one hurting them, and the Echo may be shared
with them. "Carry on" goes back to what was waiting, as after the crisis answer.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.crisis import CRISIS_KEY, CRISIS_TOO_KEY, DANGER, DANGER_INTENT
from safe_connections.handler import Handler
from safe_connections.handlers.crisis_answer import (
    CARRY_ON_OUTCOMES,
    carry_on,
    crisis_lines,
    keep_where_we_were,
    left_crisis,
    lines_for,
)
from safe_connections.questions import Answer, Question
from safe_connections.state import State
from safe_connections.turn import Turn

CARRY_ON = questions.declare(Question(
    name="danger.carry_on",
    outcomes=CARRY_ON_OUTCOMES,
    reprompt="danger/reprompt",
    miss="safety/crisis_not_sure",
    way_out="safety/crisis_not_sure",
    speaker_bound=False,
    state=State.CRISIS,
))


def danger_lines(turn: Turn) -> dict[str, Any]:
    """The emergency number and lines for danger from others, for the request's locale."""
    return lines_for(turn, "danger_lines")


def danger_card(turn: Turn) -> None:
    place = danger_lines(turn)
    turn.card("danger/card_title", "danger/card_body", line=place["line"], text=place.get("text"),
              child=place.get("child"), emergency=place["emergency"], silent=place.get("silent"))


class AnswerDanger(Handler):
    """Danger words anywhere, or DangerIntent: the emergency number, the line, not your fault, a choice."""

    intents = (DANGER_INTENT,)

    def can_handle(self, handler_input: Any) -> bool:
        return handler_input.attributes_manager.request_attributes.get(CRISIS_KEY) == DANGER

    def respond(self, turn: Turn) -> Response:
        keep_where_we_were(turn)
        turn.s.question = None
        turn.state = State.CRISIS
        place = danger_lines(turn)
        turn.say("danger/heard")
        turn.say("danger/emergency_first", emergency=place["emergency"], silent=place.get("silent"))
        turn.say("danger/line", line=place["line"], text=place.get("text"), child=place.get("child"))
        if turn.handler_input.attributes_manager.request_attributes.get(CRISIS_TOO_KEY):
            turn.say("danger/crisis_too", crisis=crisis_lines(turn)["line"])
        turn.say("danger/not_your_fault")
        if turn.intent_name != DANGER_INTENT:  # caught in a note, a belief, an answer: say it was not kept
            turn.say("danger/not_saved")
        # No card yet: anyone who opens the Alexa app could see it, and a session that ends in silence
        # would leave it there unannounced. It comes with the goodbye, which says so.
        return questions.ask(turn.say("danger/choice"), CARRY_ON)


@questions.resolves(CARRY_ON)
def _carry_on_answered(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "stop":
        turn.s.before_crisis = None
        danger_card(turn)
        return turn.say("danger/goodbye").end()
    return carry_on(turn)


questions.on_leave(CARRY_ON)(left_crisis)

HANDLERS = [AnswerDanger()]
