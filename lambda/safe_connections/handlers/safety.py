"""Safety first in dispatch order: the crisis answer, the user's own safety plan, private mode, leaving.

The crisis screen (interceptors.ScreenForCrisis) marks a turn before any handler runs; AnswerCrisis,
the first handler of all, then answers instead of whatever would have stored the words.
"""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_model import Response
from markupsafe import Markup

from safe_connections import privacy
from safe_connections.crisis import CRISIS_INTENT, CRISIS_KEY, normalise
from safe_connections.handlers.base import Handler
from safe_connections.state import State
from safe_connections.store import Profile, StoreError
from safe_connections.turn import LAST_REPROMPT_KEY, LAST_SPEECH_KEY, Turn

log = logging.getLogger(__name__)

BEFORE_CRISIS_KEY = "before_crisis"
PLAN_QUEUE_KEY = "plan_queue"
CRISIS_READING = "crisis_personal"
PLAN_READING = "safety_plan"
ANSWER_INTENT = "SafetyPlanAnswerIntent"
ANSWER_SLOT = "answer"
# Where "carry on" after a crisis answer can sensibly return to: the last question asked there.
RESUMABLE = {State.REFLECTING, State.OFFERED_RESUME, State.GROUNDING, State.BELIEF, State.CHECKIN,
             State.READING_JOURNAL, State.SAFETY_PLAN}
# The safety plan, in the order asked (after Stanley & Brown's Safety Planning Intervention, shortened).
PLAN_PARTS = ("calm", "person", "place", "professional")
# Said while a slot was being elicited, these land in the answer; they mean "skip".
SKIP_WORDS = {"skip", "skip it", "skip this one", "pass", "next", "next question", "i do not know", "not sure",
              "i am not sure", "no idea", "nothing", "no one", "nobody", "none", "i would rather not say"}
PLAN_QUESTIONS = {
    "calm": "safety/plan_question_calm",
    "person": "safety/plan_question_person",
    "place": "safety/plan_question_place",
    "professional": "safety/plan_question_professional",
}


# -- crisis ------------------------------------------------------------------------------------


def crisis_lines(turn: Turn) -> dict[str, Any]:
    """The crisis line and emergency number for the request's locale (content/en/data/crisis_lines.yaml)."""
    data = turn.speech.data("crisis_lines", turn.locale)
    return data["locales"].get(turn.locale) or data["locales"][data["fallback"]]


def _profile_or_none(turn: Turn) -> Profile | None:
    """The crisis answer must never fail because the database does: without it, no personal part."""
    try:
        return turn.profile
    except StoreError:
        return None


def _personal_parts(profile: Profile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    plan = {k: v for k, v in (profile.safety_plan or {}).items() if k in PLAN_PARTS and isinstance(v, str) and v}
    parts = {
        "safe_person": profile.safe_person if isinstance(profile.safe_person, str) else "",
        "counter_belief": profile.own_counter_belief if isinstance(profile.own_counter_belief, str) else "",
        "plan": plan,
    }
    return parts if any(parts.values()) else {}


def _crisis_card(turn: Turn) -> None:
    place = crisis_lines(turn)
    turn.card("safety/card_title", "safety/card_body", line=place["line"], text=place.get("text"),
              emergency=place["emergency"])


def _ask_crisis_choice(turn: Turn) -> Response:
    turn.state = State.CRISIS
    return turn.say("safety/crisis_choice").ask("safety/crisis_reprompt")


def _listen_for_answer(turn: Turn) -> Response:
    """Asks the plan question just said; the next utterance is heard as its answer (Dialog.ElicitSlot)."""
    return turn.elicit_slot(ANSWER_SLOT, "safety/plan_reprompt", intent_name=ANSWER_INTENT, slots={ANSWER_SLOT: None})


class AnswerCrisis(Handler):
    """Crisis words anywhere, or CrisisIntent: calm words, the locale's line, their own plan, a choice."""

    intents = (CRISIS_INTENT,)

    def can_handle(self, handler_input: Any) -> bool:
        return bool(handler_input.attributes_manager.request_attributes.get(CRISIS_KEY))

    def respond(self, turn: Turn) -> Response:
        if turn.state not in (State.CRISIS, State.CONFIRM_PERSONAL):
            turn.session[BEFORE_CRISIS_KEY] = {"state": turn.state.value,
                                               "reprompt": turn.session.get(LAST_REPROMPT_KEY)}
        turn.session.pop(privacy.PENDING_KEY, None)
        place = crisis_lines(turn)
        turn.say("safety/crisis_heard")
        turn.say("safety/crisis_line", line=place["line"], text=place.get("text"), emergency=place["emergency"])
        _crisis_card(turn)
        profile = _profile_or_none(turn)
        if turn.intent_name != CRISIS_INTENT:  # caught in a note, a belief, an answer: say it was not kept
            turn.say("safety/crisis_not_saved")
        if _personal_parts(profile):
            if profile is not None and profile.private_mode:
                turn.session[privacy.PENDING_KEY] = CRISIS_READING
                turn.state = State.CONFIRM_PERSONAL
                return turn.say("safety/crisis_offer_personal").ask("privacy/confirm_personal_reprompt")
            turn.say("safety/crisis_personal", **_personal_parts(profile))
        return _ask_crisis_choice(turn)


@privacy.personal(CRISIS_READING)
def _read_crisis_personal(turn: Turn) -> Response:
    turn.say("safety/crisis_personal", **_personal_parts(_profile_or_none(turn)))
    return _ask_crisis_choice(turn)


class CarryOnAfterCrisis(Handler):
    """"Carry on": back to the question they were answering if that makes sense, else the main choices."""

    intents = ("AMAZON.YesIntent", "AMAZON.ResumeIntent", "AMAZON.NextIntent")
    states = (State.CRISIS,)

    def respond(self, turn: Turn) -> Response:
        before = turn.session.pop(BEFORE_CRISIS_KEY, None) or {}
        previous = _state_or_none(before.get("state"))
        reprompt = before.get("reprompt")
        if previous in RESUMABLE and isinstance(reprompt, str) and reprompt:
            turn.state = previous
            turn.say("safety/carry_on").say_ssml(Markup(reprompt))
            turn.session[LAST_SPEECH_KEY] = turn.spoken
            turn.session[LAST_REPROMPT_KEY] = reprompt
            builder = turn.handler_input.response_builder
            return builder.speak(turn.spoken).ask(reprompt).set_should_end_session(False).response
        turn.state = State.IDLE
        return turn.say("safety/carry_on").say("common/choices").ask("common/reprompt")


def _state_or_none(value: Any) -> State | None:
    try:
        return State(value)
    except ValueError:
        return None


class StopAfterCrisis(Handler):
    intents = ("AMAZON.NoIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
    states = (State.CRISIS,)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop(BEFORE_CRISIS_KEY, None)
        place = crisis_lines(turn)
        _crisis_card(turn)
        return turn.say("safety/crisis_goodbye", line=place["line"]).end()


class NotSureAfterCrisis(Handler):
    intents = ("AMAZON.FallbackIntent",)
    states = (State.CRISIS,)

    def respond(self, turn: Turn) -> Response:
        return turn.say("safety/crisis_not_sure").ask("safety/crisis_reprompt")


# -- reading personal things: the private-mode question ---------------------------------------


class ConfirmPersonalReading(Handler):
    intents = ("AMAZON.YesIntent",)
    states = (State.CONFIRM_PERSONAL,)

    def respond(self, turn: Turn) -> Response:
        response = privacy.confirmed(turn)
        if response is not None:
            return response
        return turn.say("fallback/out_of_context").ask("common/reprompt")


class DeclinePersonalReading(Handler):
    intents = ("AMAZON.NoIntent",)
    states = (State.CONFIRM_PERSONAL,)

    def respond(self, turn: Turn) -> Response:
        waited = privacy.declined(turn)
        turn.say("privacy/not_now")
        if waited == CRISIS_READING:
            return _ask_crisis_choice(turn)
        return turn.say("common/choices").ask("common/reprompt")


# -- the safety plan ---------------------------------------------------------------------------


def _plan(turn: Turn) -> dict[str, str]:
    stored = turn.profile.safety_plan or {}
    return {k: v for k, v in stored.items() if k in PLAN_PARTS and isinstance(v, str) and v}


def _ask_next_part(turn: Turn) -> Response:
    queue = [part for part in turn.session.get(PLAN_QUEUE_KEY) or [] if part in PLAN_PARTS]
    if not queue:
        turn.session.pop(PLAN_QUEUE_KEY, None)
        turn.state = State.IDLE
        done = "safety/plan_saved" if _plan(turn) else "safety/plan_empty"
        return turn.say(done).ask("common/reprompt")
    turn.state = State.SAFETY_PLAN
    turn.session[PLAN_QUEUE_KEY] = queue
    return _listen_for_answer(turn.say(PLAN_QUESTIONS[queue[0]]))


def _advance(turn: Turn) -> list[str]:
    queue = list(turn.session.get(PLAN_QUEUE_KEY) or [])
    turn.session[PLAN_QUEUE_KEY] = queue[1:]
    return queue


class MakeSafetyPlan(Handler):
    """"Make my safety plan" (or "redo" it): four short questions, one a turn, each skippable."""

    intents = ("MakeSafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.say("safety/plan_intro_again" if _plan(turn) else "safety/plan_intro")
        turn.session[PLAN_QUEUE_KEY] = list(PLAN_PARTS)
        return _ask_next_part(turn)


class ChangeSafetyPlan(Handler):
    """"Change the safe place in my safety plan": that one question; without a part, all of them."""

    intents = ("ChangeSafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        part = turn.slot_id("part")
        if part in PLAN_PARTS:
            turn.session[PLAN_QUEUE_KEY] = [part]
            turn.say("safety/plan_change_one")
        else:
            turn.session[PLAN_QUEUE_KEY] = list(PLAN_PARTS)
            turn.say("safety/plan_intro_again")
        return _ask_next_part(turn)


class AnswerPlanQuestion(Handler):
    intents = (ANSWER_INTENT,)
    states = (State.SAFETY_PLAN,)

    def respond(self, turn: Turn) -> Response:
        answer = turn.slot(ANSWER_SLOT)
        if answer and normalise(answer) in SKIP_WORDS:  # "skip" heard as the answer itself
            return SkipPlanQuestion().respond(turn)
        if not answer:
            return _listen_for_answer(turn.say("safety/plan_not_caught"))
        queue = _advance(turn)
        if queue and queue[0] in PLAN_PARTS:
            plan = dict(turn.profile.safety_plan or {})
            plan[queue[0]] = answer
            shortened = turn.store.update_profile(turn.user, safety_plan=plan)
            turn.profile.safety_plan = plan
            turn.say("safety/plan_thanks")
            if shortened:
                turn.say("common/kept_shorter")
        return _ask_next_part(turn)


class SkipPlanQuestion(Handler):
    intents = ("SkipQuestionIntent", "AMAZON.NextIntent")
    states = (State.SAFETY_PLAN,)

    def respond(self, turn: Turn) -> Response:
        _advance(turn)
        turn.say("safety/plan_skipped")
        return _ask_next_part(turn)


class PausePlan(Handler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")
    states = (State.SAFETY_PLAN,)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop(PLAN_QUEUE_KEY, None)
        turn.state = State.IDLE
        return turn.say("safety/plan_paused").end()


class PlanNotCaught(Handler):
    intents = ("AMAZON.FallbackIntent",)
    states = (State.SAFETY_PLAN,)

    def respond(self, turn: Turn) -> Response:
        return _listen_for_answer(turn.say("safety/plan_not_caught"))


@privacy.personal(PLAN_READING)
def _read_plan(turn: Turn) -> Response:
    plan = _plan(turn)
    if not plan:
        return turn.say("safety/plan_none").ask("common/reprompt")
    return turn.say("safety/plan_read", plan=plan).ask("safety/plan_read_reprompt")


class HearSafetyPlan(Handler):
    intents = ("MySafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.state = State.IDLE
        if not _plan(turn):
            return turn.say("safety/plan_none").ask("common/reprompt")
        return privacy.read_personal(turn, PLAN_READING)


class DeleteSafetyPlan(Handler):
    intents = ("DeleteSafetyPlanIntent",)

    def respond(self, turn: Turn) -> Response:
        if not _plan(turn):
            turn.state = State.IDLE
            return turn.say("safety/plan_nothing_to_delete").ask("common/reprompt")
        turn.state = State.CONFIRM_DELETE_PLAN
        return turn.say("safety/plan_delete_confirm").ask("safety/plan_delete_reprompt")


class ConfirmDeletePlan(Handler):
    intents = ("AMAZON.YesIntent",)
    states = (State.CONFIRM_DELETE_PLAN,)

    def respond(self, turn: Turn) -> Response:
        turn.store.update_profile(turn.user, safety_plan=None)
        turn.state = State.IDLE
        return turn.say("safety/plan_deleted").ask("common/reprompt")


class KeepPlan(Handler):
    intents = ("AMAZON.NoIntent", "AMAZON.CancelIntent")
    states = (State.CONFIRM_DELETE_PLAN,)

    def respond(self, turn: Turn) -> Response:
        turn.state = State.IDLE
        return turn.say("safety/plan_kept").ask("common/reprompt")


# -- private mode, what is stored, leaving -----------------------------------------------------


class SetPrivateMode(Handler):
    """"Turn on private mode": before anything personal is read aloud, the skill asks first."""

    intents = ("PrivateModeOnIntent", "PrivateModeOffIntent")

    def respond(self, turn: Turn) -> Response:
        on = turn.intent_name == "PrivateModeOnIntent"
        turn.store.update_profile(turn.user, private_mode=on)
        turn.state = State.IDLE
        return turn.say("privacy/private_mode_on" if on else "privacy/private_mode_off").ask("common/reprompt")


class SayWhatIsStored(Handler):
    intents = ("WhatDoYouStoreIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.state = State.IDLE
        return turn.say("privacy/what_is_stored").ask("common/reprompt")


def _persistence_status(request: Any) -> str | None:
    body = getattr(request, "body", None)
    status = body.get("userInformationPersistenceStatus") if isinstance(body, dict) else getattr(
        body, "user_information_persistence_status", None)
    return getattr(status, "value", status)


class ForgetOnDisable(Handler):
    """The skill was disabled: when Alexa says the user's information is not kept, neither is ours."""

    request_types = ("AlexaSkillEvent.SkillDisabled",)

    def respond(self, turn: Turn) -> Response:
        status = _persistence_status(turn.request)
        if status == "NOT_PERSISTED":  # queued for the deletion worker; raises (the invocation fails) if it can't be
            turn.store.forget_account(turn.user, turn.request_id)
        log.info("skill disabled: persistence=%s deletion_queued=%s", status, status == "NOT_PERSISTED")
        return turn.silent()


HANDLERS = [
    AnswerCrisis(),
    ForgetOnDisable(),
    CarryOnAfterCrisis(),
    StopAfterCrisis(),
    NotSureAfterCrisis(),
    ConfirmPersonalReading(),
    DeclinePersonalReading(),
    AnswerPlanQuestion(),
    SkipPlanQuestion(),
    PausePlan(),
    PlanNotCaught(),
    MakeSafetyPlan(),
    ChangeSafetyPlan(),
    HearSafetyPlan(),
    DeleteSafetyPlan(),
    ConfirmDeletePlan(),
    KeepPlan(),
    SetPrivateMode(),
    SayWhatIsStored(),
]
