"""Opening the skill: a warm welcome, the care disclaimer once, a shorter welcome after."""

from __future__ import annotations

from ask_sdk_model import Response

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
        else:
            turn.say("launch/welcome_back")
        return turn.ask("launch/reprompt")


HANDLERS = [OpenSkill()]
