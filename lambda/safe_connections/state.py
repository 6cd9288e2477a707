"""The conversation's state, typed, read from and written to Alexa's session attributes in one place.

Alexa hands session attributes back verbatim on the next request, so this is the skill's only memory
within a session. Everything a capability keeps there is a field of `SessionState`; nothing reads or
writes the raw attributes elsewhere. Reading is lenient: a field of the wrong shape (an older version of
the skill, or tampering) reads as its default, never as an error. Values are the skill's own words or
the user's; a value is never trusted to name another user's data (keys come from the request's ids).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class State(StrEnum):
    """Where the conversation is. A pending question (SessionState.question) refines it."""

    IDLE = "idle"
    REFLECTING = "reflecting"
    GROUNDING = "grounding"
    BELIEF = "belief"
    CHECKIN = "checkin"
    READING_JOURNAL = "reading_journal"
    CRISIS = "crisis"
    SAFETY_PLAN = "safety_plan"


@dataclass
class Pending:
    """A question the skill asked and is waiting to hear answered (questions.py)."""

    name: str
    asked_by: str  # the speaker scope that was asked (UserRef.scope): only their answer counts
    misses: int = 0
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class LastSaid:
    """What the skill said last, for "say that again": replayed only to the speaker it was said to,
    and, when personal, only after private mode is applied again."""

    speech: str
    reprompt: str
    scope: str
    personal: bool = False


@dataclass
class Draft:
    """A check-in being logged. `id` is fixed by the first save attempt, so retries name one item.

    `stored` is what we know of that item: "no", "maybe" (the save's answer was lost and could not be
    checked) or "yes"; `stored_day` is the day it was stored under (the item's key) when not "no".
    `revision` counts changes, so a save can tell whether the stored item holds this version."""

    person: str = ""
    felt_as: str = ""
    feeling: str = ""
    note: str = ""
    note_asked: bool = False
    day: str = ""
    id: str = ""
    stored: str = "no"
    stored_day: str = ""
    revision: int = 0


@dataclass
class Place:
    """Where a listener is in the reflection: a version ("full", "short") and a segment index."""

    version: str
    segment: int


@dataclass
class SessionState:
    state: State = State.IDLE
    question: Pending | None = None
    last: LastSaid | None = None
    draft: Draft | None = None
    reflection: Place | None = None
    # counter-beliefs this session: the belief being talked about (a library id, or "OWN"), which of
    # its counter-beliefs was said, whether the person named that belief, and what was heard of each
    belief: str | None = None
    belief_counter: int = 0
    belief_named: bool = False
    beliefs_heard: dict[str, list[int]] = field(default_factory=dict)
    # journal paging: what the last reading was and where the next page starts
    reading: dict[str, Any] | None = None
    plan_queue: list[str] = field(default_factory=list)
    # where a conversation was when a crisis answer interrupted it, to carry on from there
    before_crisis: dict[str, Any] | None = None
    journal_privacy_said: bool = False
    time_zone: str | None = None
    # the last speaker Alexa recognised this session (its personId): a session's end names nobody
    speaker: str | None = None

    # -- from and to the session attributes ----------------------------------------------------

    @classmethod
    def from_attributes(cls, attributes: Any) -> SessionState:
        raw = attributes if isinstance(attributes, dict) else {}
        found = cls()
        found.state = _enum(State, raw.get("state"), State.IDLE)
        found.question = record(Pending, raw.get("question"))
        found.last = record(LastSaid, raw.get("last"))
        found.draft = record(Draft, raw.get("draft"))
        found.reflection = record(Place, raw.get("reflection"))
        found.belief = _text(raw.get("belief"))
        counter = raw.get("belief_counter")
        found.belief_counter = counter if isinstance(counter, int) and not isinstance(counter, bool) else 0
        found.belief_named = raw.get("belief_named") is True
        heard = raw.get("beliefs_heard")
        if isinstance(heard, dict):
            found.beliefs_heard = {k: [i for i in v if isinstance(i, int)] for k, v in heard.items()
                                   if isinstance(k, str) and isinstance(v, list)}
        found.reading = raw.get("reading") if isinstance(raw.get("reading"), dict) else None
        queue = raw.get("plan_queue")
        found.plan_queue = [p for p in queue if isinstance(p, str)] if isinstance(queue, list) else []
        found.before_crisis = raw.get("before_crisis") if isinstance(raw.get("before_crisis"), dict) else None
        found.journal_privacy_said = raw.get("journal_privacy_said") is True
        found.time_zone = _text(raw.get("time_zone"))
        found.speaker = _text(raw.get("speaker"))
        return found

    def to_attributes(self) -> dict[str, Any]:
        """Only what differs from a fresh session: the response stays small (Alexa's 24 KB)."""
        out: dict[str, Any] = {"state": self.state.value}
        for name in ("question", "last", "draft", "reflection"):
            value = getattr(self, name)
            if value is not None:
                out[name] = asdict(value)
        for name in ("belief", "reading", "before_crisis", "time_zone", "speaker"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.belief is not None:
            out["belief_counter"] = self.belief_counter
            out["belief_named"] = self.belief_named
        if self.beliefs_heard:
            out["beliefs_heard"] = self.beliefs_heard
        if self.plan_queue:
            out["plan_queue"] = self.plan_queue
        if self.journal_privacy_said:
            out["journal_privacy_said"] = True
        return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _enum(kind: type[StrEnum], value: Any, default: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return default


_SCALARS = {"str": str, "int": int, "bool": bool}


def record(kind: type, value: Any) -> Any:
    """A dataclass from a dict, or None when any field has the wrong type (nothing half-read)."""
    if not isinstance(value, dict):
        return None
    values: dict[str, Any] = {}
    for spec in fields(kind):
        if spec.name not in value:
            continue
        item = value[spec.name]
        expected = _SCALARS.get(str(spec.type))
        if expected is not None:
            if not isinstance(item, expected) or (expected is int and isinstance(item, bool)):
                return None
        elif "dict" in str(spec.type) and not isinstance(item, dict):
            return None
        values[spec.name] = item
    try:
        return kind(**values)
    except TypeError:  # a required field is missing
        return None


__all__ = ["Draft", "LastSaid", "Pending", "Place", "SessionState", "State", "record"]
