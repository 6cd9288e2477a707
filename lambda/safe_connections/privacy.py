"""The one gate in front of anything personal read aloud: journal, safety plan, safe person, own counter-belief.

Echo devices are shared. With private mode off, a personal reading happens only because the user asked
for it in this session. With private mode on (Profile.private_mode), or where a reading is sensitive in
itself (`ask_first`), the skill first asks "Is it okay to read it out loud now?" (READ_ALOUD); only the
speaker who asked can answer, "yes" reads exactly what was asked, "no" keeps it unsaid.

A capability registers its reading under a name, then asks for it with one line:

    @privacy.personal("journal")
    def read_journal(turn: Turn, when: str | None = None) -> Response: ...

    class HearMyJournal(Handler):
        def respond(self, turn): return privacy.read_personal(turn, "journal", when=...)

A reading's answer is marked personal (Turn.personal), so "say that again" replays it only to the same
speaker and asks again in private mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.questions import CANCEL, NO, YES, Answer, Question
from safe_connections.turn import Turn

Reading = Callable[..., Response]

READ_ALOUD = questions.declare(Question(
    name="read_aloud",
    outcomes={"yes": (YES, "AMAZON.ResumeIntent", "AMAZON.NextIntent"), "no": (NO, CANCEL)},
    reprompt="privacy/confirm_personal_reprompt",
    miss="privacy/confirm_personal_miss",
    give_up="no",
))

_READINGS: dict[str, Reading] = {}
_DECLINED: dict[str, Callable[[Turn], Response]] = {}


def personal(name: str, *, declined: Callable[[Turn], Response] | None = None) -> Callable[[Reading], Reading]:
    """Registers a function that reads something personal aloud; `declined` answers a "no" (else the menu)."""

    def register(reading: Reading) -> Reading:
        _READINGS[name] = reading
        if declined is not None:
            _DECLINED[name] = declined
        return reading

    return register


def read_personal(turn: Turn, name: str, *, ask_first: bool = False, question_key: str = "privacy/confirm_personal",
                  **what: Any) -> Response:
    """Reads it now, or, in private mode or when `ask_first`, asks first and reads it on "yes".

    `what` narrows the reading ("this week", "with Maya"); it waits with the question, since the
    "yes" that follows carries none of the first request's slots."""
    if name not in _READINGS:
        raise KeyError(f"no personal reading registered as {name!r}")
    if not (ask_first or turn.profile.private_mode):
        return read(turn, name, what)
    turn.say(question_key)
    return questions.ask(turn, READ_ALOUD, context={"reading": name, "what": what})


def read(turn: Turn, name: str, what: dict[str, Any] | None = None, *, confirmed: bool = False) -> Response:
    """The reading itself, marked personal. `confirmed`: the person just said yes to hearing it aloud."""
    turn.personal = True
    turn.aloud_confirmed = confirmed
    return _READINGS[name](turn, **(what or {}))


@questions.resolves(READ_ALOUD)
def _answered(turn: Turn, answer: Answer) -> Response:
    name = answer.context.get("reading")
    what = answer.context.get("what")
    if not isinstance(name, str) or name not in _READINGS:
        return questions.menu(turn.say("fallback/out_of_context"))
    if answer.outcome == "yes":
        return read(turn, name, what if isinstance(what, dict) else None, confirmed=True)
    turn.say("privacy/not_now")
    declined = _DECLINED.get(name)
    return declined(turn) if declined else questions.menu(turn.say("common/reprompt"))


__all__ = ["READ_ALOUD", "personal", "read", "read_personal"]
