"""Opening the skill: a warm welcome, the care disclaimer once, a shorter welcome after.

A returning user with an unfinished reflection is offered to pick it up (the yes or no that
follows is answered in handlers/reflection.py); sometimes the welcome mentions the short reflection.
"""

from __future__ import annotations

from ask_sdk_model import Response

from safe_connections.handlers import reflection
from safe_connections.handlers.base import Handler
from safe_connections.state import State
from safe_connections.turn import Turn


class OpenSkill(Handler):
    request_types = ("LaunchRequest",)

    def respond(self, turn: Turn) -> Response:
        # One UpdateItem both marks the visit and tells us whether this person is new.
        profile = turn.store.open_profile(turn.user, turn.now.isoformat(timespec="seconds"))
        turn.profile = profile
        turn.state = State.IDLE
        if not profile.exists:
            turn.say("launch/welcome_new")
            return turn.ask("launch/reprompt")
        place = reflection.offerable_place(turn)
        if place:
            turn.state = State.OFFERED_RESUME
            return turn.say("reflection/offer_resume", place=place).ask("reflection/offer_resume_reprompt")
        if turn.speech.rng.random() < reflection.SHORT_MENTION_CHANCE:
            turn.say("reflection/welcome_back_short")
        else:
            turn.say("launch/welcome_back")
        return turn.ask("launch/reprompt")


HANDLERS = [OpenSkill()]
