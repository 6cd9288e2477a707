"""The person's own safety plan: four short questions, one a turn, each skippable (PLAN_ANSWER), kept
in their profile; read back only when asked, through the privacy gate; changed or deleted on request.
After Stanley & Brown's Safety Planning Intervention, shortened."""

from __future__ import annotations

from ask_sdk_model import Response

from safe_connections import privacy, questions
from safe_connections.handler import Handler
from safe_connections.handlers.crisis_answer import PLAN_PARTS, plan_of
from safe_connections.questions import CANCEL, NO, STOP, YES, Answer, Question
from safe_connections.state import State
from safe_connections.turn import Turn

PLAN_READING = "safety_plan"
ANSWER_INTENT = "SafetyPlanAnswerIntent"
PLAN_QUESTIONS = {
    "calm": "safety/plan_question_calm",
    "person": "safety/plan_question_person",
    "place": "safety/plan_question_place",
    "professional": "safety/plan_question_professional",
}

PLAN_ANSWER = questions.declare(Question(
    name="safety_plan.answer",
    outcomes={"skip": ("SkipQuestionIntent", "AMAZON.NextIntent", NO), "not_sure": (),
              "stop": (STOP, CANCEL), "repeat": ("AMAZON.RepeatIntent",)},
    reprompt="safety/plan_reprompt",
    miss="safety/plan_not_caught",
    answer=(ANSWER_INTENT, "answer"),
    state=State.SAFETY_PLAN,
))
DELETE_PLAN = questions.declare(Question(
    name="safety_plan.delete",
    outcomes={"yes": (YES,), "no": (NO, CANCEL), "yes_delete": ()},
    reprompt="safety/plan_delete_reprompt",
    miss="safety/plan_delete_miss",
    give_up="no",
    holds=questions.DELETIONS,  # a Delete intent heard for "delete it" must not start a bigger deletion
))


def _plan(turn: Turn) -> dict[str, str]:
    return plan_of(turn.profile)


def _ask_next_part(turn: Turn) -> Response:
    queue = [part for part in turn.s.plan_queue if part in PLAN_PARTS]
    turn.s.plan_queue = queue
    if not queue:
        turn.state = State.IDLE
        return questions.menu(turn.say("safety/plan_saved" if _plan(turn) else "safety/plan_empty"))
    turn.say(PLAN_QUESTIONS[queue[0]])
    return questions.ask(turn, PLAN_ANSWER, slots={"answer": None})


class MakeSafetyPlan(Handler):
    """"Make my safety plan" (or "redo" it)."""

    intents = ("MakeSafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.say("safety/plan_intro_again" if _plan(turn) else "safety/plan_intro")
        turn.s.plan_queue = list(PLAN_PARTS)
        return _ask_next_part(turn)


class ChangeSafetyPlan(Handler):
    """"Change the safe place in my safety plan": that one question; without a part, all of them."""

    intents = ("ChangeSafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        part = turn.slot_id("part")
        if part in PLAN_PARTS:
            turn.s.plan_queue = [part]
            turn.say("safety/plan_change_one")
        else:
            turn.s.plan_queue = list(PLAN_PARTS)
            turn.say("safety/plan_intro_again")
        return _ask_next_part(turn)


@questions.resolves(PLAN_ANSWER)
def _plan_answered(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "stop":
        turn.s.plan_queue = []
        turn.state = State.IDLE
        return turn.say("safety/plan_paused").end()
    part, *rest = turn.s.plan_queue or [""]
    turn.s.plan_queue = rest
    if answer.outcome in ("skip", "not_sure"):
        turn.say("safety/plan_skipped")
    elif part in PLAN_PARTS and answer.value:
        plan = {**_plan(turn), part: answer.value}
        shortened = turn.store.update_profile(turn.user, safety_plan=plan)
        turn.profile.safety_plan = plan
        turn.say("safety/plan_thanks")
        if shortened:
            turn.say("common/kept_shorter")
    return _ask_next_part(turn)


@questions.on_leave(PLAN_ANSWER)
def _left_plan(turn: Turn) -> None:
    turn.s.plan_queue = []
    turn.state = State.IDLE


@privacy.personal(PLAN_READING)
def _read_plan(turn: Turn) -> Response:
    plan = _plan(turn)
    if not plan:
        return questions.menu(turn.say("safety/plan_none"))
    return questions.menu(turn.say("safety/plan_read", plan=plan), reprompt="safety/plan_read_reprompt")


class HearSafetyPlan(Handler):
    intents = ("MySafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        if not _plan(turn):
            return questions.menu(turn.say("safety/plan_none"))
        return privacy.read_personal(turn, PLAN_READING)


class DeleteSafetyPlan(Handler):
    intents = ("DeleteSafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        if not _plan(turn):
            return questions.menu(turn.say("safety/plan_nothing_to_delete"))
        return questions.ask(turn.say("safety/plan_delete_confirm"), DELETE_PLAN)


@questions.resolves(DELETE_PLAN)
def _delete_plan_answered(turn: Turn, answer: Answer) -> Response:
    if answer.outcome in ("yes", "yes_delete"):
        turn.store.update_profile(turn.user, safety_plan=None)
        return questions.menu(turn.say("safety/plan_deleted"))
    return questions.menu(turn.say("safety/plan_kept"))


HANDLERS = [MakeSafetyPlan(), ChangeSafetyPlan(), HearSafetyPlan(), DeleteSafetyPlan()]
