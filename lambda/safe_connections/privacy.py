"""The one gate in front of anything personal read aloud: journal, safety plan, safe person, own counter-belief.

Echo devices are shared. With private mode off, a personal reading happens only because the user asked
for it in this session. With private mode on (Profile.private_mode), the skill first asks "Is it okay to
read it out loud now?"; "yes" reads it, "no" keeps it unsaid.

A capability registers its reading under a name, then asks for it with one line:

    @privacy.personal("journal")
    def read_journal(turn: Turn) -> Response: ...

    class HearMyJournal(Handler):
        def respond(self, turn): return privacy.read_personal(turn, "journal")

The yes/no that follows the question is answered by handlers/safety.py (ConfirmPersonalReading).
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model import Response

from safe_connections.state import State
from safe_connections.turn import Turn

Reading = Callable[..., Response]
PENDING_KEY = "personal_pending"
PENDING_ARGS_KEY = "personal_pending_args"

_READINGS: dict[str, Reading] = {}


def personal(name: str) -> Callable[[Reading], Reading]:
    """Registers a function that reads something personal aloud, under a name kept in the session."""

    def register(reading: Reading) -> Reading:
        _READINGS[name] = reading
        return reading

    return register


def read_personal(turn: Turn, name: str, **what: str | None) -> Response:
    """Reads it now, or, in private mode, asks first and reads it on "yes".

    `what` narrows the reading ("this week", "with Maya"); it waits in the session with the question,
    since the "yes" that follows carries none of the first request's slots.
    """
    if name not in _READINGS:
        raise KeyError(f"no personal reading registered as {name!r}")
    if not turn.profile.private_mode:
        return _READINGS[name](turn, **what)
    turn.session[PENDING_KEY] = name
    turn.session[PENDING_ARGS_KEY] = what
    turn.state = State.CONFIRM_PERSONAL
    return turn.say("privacy/confirm_personal").ask("privacy/confirm_personal_reprompt")


def confirmed(turn: Turn) -> Response | None:
    """The user said yes: read what was waiting. None when nothing was (a stale session)."""
    name = turn.session.pop(PENDING_KEY, None)
    what = turn.session.pop(PENDING_ARGS_KEY, None)
    turn.state = State.IDLE
    reading = _READINGS.get(name) if isinstance(name, str) else None
    if reading is None:
        return None
    return reading(turn, **what) if isinstance(what, dict) else reading(turn)


def declined(turn: Turn) -> str | None:
    """The user said no: nothing is read. Returns the name of the reading that waited."""
    name = turn.session.pop(PENDING_KEY, None)
    turn.session.pop(PENDING_ARGS_KEY, None)
    turn.state = State.IDLE
    return name if isinstance(name, str) else None


__all__ = ["confirmed", "declined", "personal", "read_personal"]
