"""Opening the skill: a warm welcome, the care disclaimer once, a shorter welcome after.

A returning user with an unfinished reflection is offered to pick it up (reflection.RESUME_OFFER);
sometimes the welcome mentions the short reflection.
"""

from __future__ import annotations

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.handler import Handler
from safe_connections.handlers import reflection
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
            return questions.menu(turn.say("launch/welcome_new"), reprompt="launch/reprompt")
        place = reflection.offerable_place(turn)
        if place:
            return reflection.offer_resume(turn, place)
        if turn.speech.rng.random() < reflection.SHORT_MENTION_CHANCE:
            turn.say("reflection/welcome_back_short")
        else:
            turn.say("launch/welcome_back")
        return questions.menu(turn, reprompt="launch/reprompt")


HANDLERS = [OpenSkill()]
