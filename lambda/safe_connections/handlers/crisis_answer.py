"""The crisis answer, first in dispatch order: calm words, the locale's line and emergency number,
the person's own plan and safe person, then a gentle choice to carry on or stop (CARRY_ON).

The crisis screen (interceptors.ScreenForCrisis) marks a turn before any handler runs and blanks every
slot; AnswerCrisis then answers instead of whatever would have stored the words. A question that was
waiting stays waiting: "carry on" goes back to it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ask_sdk_model import Response

from safe_connections import privacy, questions
from safe_connections.crisis import CRISIS, CRISIS_INTENT, CRISIS_KEY
from safe_connections.handler import Handler
from safe_connections.questions import CANCEL, NO, STOP, YES, Answer, Question
from safe_connections.state import Pending, State, record
from safe_connections.store import Profile, StoreError
from safe_connections.turn import Turn

CRISIS_READING = "crisis_personal"
PLAN_PARTS = ("calm", "person", "place", "professional")

# After a crisis or danger answer: carry on with what was waiting, or stop for now.
CARRY_ON_OUTCOMES = {"carry_on": (YES, "AMAZON.ResumeIntent", "AMAZON.NextIntent"),
                     "stop": (NO, STOP, CANCEL, "AMAZON.NavigateHomeIntent")}
CARRY_ON = questions.declare(Question(
    name="crisis.carry_on",
    outcomes=CARRY_ON_OUTCOMES,
    reprompt="safety/crisis_reprompt",
    miss="safety/crisis_not_sure",
    way_out="safety/crisis_not_sure",
    speaker_bound=False,
    state=State.CRISIS,
))


def lines_for(turn: Turn, name: str) -> dict[str, Any]:
    """The lines of a data file (crisis_lines, danger_lines) for the request's locale, else its fallback's."""
    data = turn.speech.data(name, turn.locale)
    return data["locales"].get(turn.locale) or data["locales"][data["fallback"]]


def crisis_lines(turn: Turn) -> dict[str, Any]:
    """The crisis line and emergency number for the request's locale (content/en/data/crisis_lines.yaml)."""
    return lines_for(turn, "crisis_lines")


def _profile_or_none(turn: Turn) -> Profile | None:
    """The crisis answer must never fail because the database does: without it, no personal part."""
    try:
        return turn.profile
    except StoreError:
        return None


def plan_of(profile: Profile | None) -> dict[str, str]:
    stored = (profile.safety_plan if profile else None) or {}
    return {k: v for k, v in stored.items() if k in PLAN_PARTS and isinstance(v, str) and v}


def _personal_parts(profile: Profile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    parts = {
        "safe_person": profile.safe_person if isinstance(profile.safe_person, str) else "",
        "counter_belief": profile.own_counter_belief if isinstance(profile.own_counter_belief, str) else "",
        "plan": plan_of(profile),
    }
    return parts if any(parts.values()) else {}


def _crisis_card(turn: Turn) -> None:
    place = crisis_lines(turn)
    turn.card("safety/card_title", "safety/card_body", line=place["line"], text=place.get("text"),
              emergency=place["emergency"])


def _ask_crisis_choice(turn: Turn) -> Response:
    return questions.ask(turn.say("safety/crisis_choice"), CARRY_ON)


def keep_where_we_were(turn: Turn) -> None:
    """Once per crisis: the state and the question that waited, to carry on with afterwards. (The danger
    answer, handlers/danger.py, keeps it the same way.)"""
    if turn.state == State.CRISIS or turn.s.before_crisis is not None:
        return
    waiting = turn.s.question
    support = {CARRY_ON.name, "danger.carry_on"}
    turn.s.before_crisis = {"state": turn.state.value,
                            "question": asdict(waiting) if waiting and waiting.name not in support else None}


class AnswerCrisis(Handler):
    """Crisis words anywhere, or CrisisIntent."""

    intents = (CRISIS_INTENT,)

    def can_handle(self, handler_input: Any) -> bool:
        return handler_input.attributes_manager.request_attributes.get(CRISIS_KEY) == CRISIS

    def respond(self, turn: Turn) -> Response:
        keep_where_we_were(turn)
        turn.s.question = None
        turn.state = State.CRISIS
        place = crisis_lines(turn)
        turn.say("safety/crisis_heard")
        turn.say("safety/crisis_line", line=place["line"], text=place.get("text"), emergency=place["emergency"])
        _crisis_card(turn)
        profile = _profile_or_none(turn)
        if turn.intent_name != CRISIS_INTENT:  # caught in a note, a belief, an answer: say it was not kept
            turn.say("safety/crisis_not_saved")
        if _personal_parts(profile):
            if profile is not None and profile.private_mode:
                return privacy.read_personal(turn, CRISIS_READING, ask_first=True,
                                             question_key="safety/crisis_offer_personal")
            turn.personal = True
            turn.say("safety/crisis_personal", **_personal_parts(profile))
        return _ask_crisis_choice(turn)


def _declined_personal(turn: Turn) -> Response:
    turn.state = State.CRISIS
    return _ask_crisis_choice(turn)


@privacy.personal(CRISIS_READING, declined=_declined_personal)
def _read_crisis_personal(turn: Turn) -> Response:
    turn.state = State.CRISIS
    turn.say("safety/crisis_personal", **_personal_parts(_profile_or_none(turn)))
    return _ask_crisis_choice(turn)


@questions.resolves(CARRY_ON)
def _carry_on_answered(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "stop":
        turn.s.before_crisis = None
        place = crisis_lines(turn)
        _crisis_card(turn)
        return turn.say("safety/crisis_goodbye", line=place["line"]).end()
    return carry_on(turn)


def carry_on(turn: Turn) -> Response:
    """"Carry on" after a crisis or danger answer: back to the question that waited, else the choices."""
    before = turn.s.before_crisis or {}
    turn.s.before_crisis = None
    turn.say("safety/carry_on")
    waiting = before.get("question")
    question = questions.declared().get(waiting.get("name")) if isinstance(waiting, dict) else None
    restored = record(Pending, waiting) if question is not None else None
    if question is not None and restored is not None and question is not questions.ANYTHING_ELSE:
        turn.s.question = restored
        turn.state = question.state or _state(before.get("state"))
        return questions.ask_again(turn, question, aloud=True)
    turn.state = State.IDLE
    return questions.menu(turn.say("common/choices"))


@questions.on_leave(CARRY_ON)
def left_crisis(turn: Turn) -> None:
    turn.s.before_crisis = None
    turn.state = State.IDLE


def _state(value: Any) -> State:
    try:
        return State(value)
    except ValueError:
        return State.IDLE


HANDLERS = [AnswerCrisis()]
