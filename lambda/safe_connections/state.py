"""Explicit conversation state: one enum under one session key, named predicates, no ad-hoc flags."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

STATE_KEY = "state"


class State(StrEnum):
    """Where the conversation is. Each capability adds the states it needs here."""

    IDLE = "idle"
    # reflection (issue 4)
    REFLECTING = "reflecting"
    OFFERED_RESUME = "offered_resume"
    GROUNDING = "grounding"
    CONFIRM_SAFE_PERSON = "confirm_safe_person"
    # counter-beliefs (issue 5)
    BELIEF = "belief"
    # journal (issue 6)
    CHECKIN = "checkin"
    CONFIRM_DELETE = "confirm_delete"
    READING_JOURNAL = "reading_journal"
    # safety (issue 7)
    CRISIS = "crisis"
    SAFETY_PLAN = "safety_plan"
    CONFIRM_PERSONAL = "confirm_personal"
    CONFIRM_DELETE_PLAN = "confirm_delete_plan"


def current_state(session: dict[str, Any]) -> State:
    try:
        return State(session.get(STATE_KEY, State.IDLE))
    except ValueError:  # a state from an older version of the skill, or tampering
        return State.IDLE


def set_state(session: dict[str, Any], state: State) -> None:
    session[STATE_KEY] = state.value
