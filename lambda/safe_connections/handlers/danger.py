"""Danger from someone else: first in dispatch order, with the crisis answer right after it.

The screen (interceptors.ScreenForCrisis) marks a turn DANGER when what was said, in any slot, tells
of someone hurting, threatening, controlling or following the person, or of a child at risk, or when
Alexa heard DangerIntent. This answer is fixed words: the emergency number first, the locale's line
(content/en/data/danger_lines.yaml), a child-protection line where there is one, that it is not their
fault, and a gentle choice to carry on or stop. It never mentions their safe person or anything they
saved: the person they trust may be the one hurting them, and the Echo may be shared with them.

"Carry on" (safety.CarryOnAfterCrisis), "say that again" and "not sure" work as after the crisis
answer; stopping gets this answer's own goodbye and card.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from safe_connections import privacy
from safe_connections.crisis import CRISIS_KEY, CRISIS_TOO_KEY, DANGER, DANGER_INTENT, SUPPORT_KEY
from safe_connections.handlers.base import Handler
from safe_connections.handlers.safety import BEFORE_CRISIS_KEY, crisis_lines
from safe_connections.state import State
from safe_connections.turn import LAST_REPROMPT_KEY, Turn


def danger_lines(turn: Turn) -> dict[str, Any]:
    """The emergency number and lines for danger from others, for the request's locale."""
    data = turn.speech.data("danger_lines", turn.locale)
    return data["locales"].get(turn.locale) or data["locales"][data["fallback"]]


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
        if turn.state not in (State.CRISIS, State.CONFIRM_PERSONAL):
            turn.session[BEFORE_CRISIS_KEY] = {"state": turn.state.value,
                                               "reprompt": turn.session.get(LAST_REPROMPT_KEY)}
        turn.session.pop(privacy.PENDING_KEY, None)
        turn.session[SUPPORT_KEY] = DANGER
        place = danger_lines(turn)
        turn.say("danger/heard")
        turn.say("danger/emergency_first", emergency=place["emergency"], silent=place.get("silent"))
        turn.say("danger/line", line=place["line"], text=place.get("text"), child=place.get("child"))
        if turn.handler_input.attributes_manager.request_attributes.get(CRISIS_TOO_KEY):
            turn.say("danger/crisis_too", crisis=crisis_lines(turn)["line"])
        turn.say("danger/not_your_fault")
        if turn.intent_name != DANGER_INTENT:  # caught in a note, a belief, an answer: say it was not kept
            turn.say("danger/not_saved")
        danger_card(turn)
        turn.state = State.CRISIS
        return turn.say("danger/choice").ask("danger/reprompt")


class StopAfterDanger(Handler):
    """"Stop" after the danger answer: its own goodbye, the numbers in the app, and a word about that card."""

    intents = ("AMAZON.NoIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
    states = (State.CRISIS,)

    def applies(self, turn: Turn) -> bool:
        return turn.session.get(SUPPORT_KEY) == DANGER

    def respond(self, turn: Turn) -> Response:
        turn.session.pop(BEFORE_CRISIS_KEY, None)
        danger_card(turn)
        return turn.say("danger/goodbye").end()


HANDLERS = [
    AnswerDanger(),
    StopAfterDanger(),
]
