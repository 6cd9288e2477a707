"""The guided reflection: start it (full or short), move through it, pause, come back to it, and keep
the safe person's first name when offered at step one.

Where the listener is lives in the session (SessionState.reflection) while they listen, and in the
profile (Profile.reflection) once they pause, stop, walk away or feel overwhelmed, so "resume my
reflection" works in a later session. It is cleared at the closing. After each segment the skill
waits on STEP ("when you're ready, say next"), whose outcomes move through the script.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections import reflection_script as script_module
from safe_connections.handler import Handler
from safe_connections.handlers import reflection_audio
from safe_connections.questions import CANCEL, NO, STOP, YES, Answer, Question
from safe_connections.reflection_script import FIRST_STEP, FULL, LAST_STEP, SHORT, VERSIONS, Script
from safe_connections.speech import clip
from safe_connections.state import Place, State
from safe_connections.turn import Turn

MAX_NAME_CHARS = 40
# How often the welcome for a returning user mentions the short reflection (launch.py).
SHORT_MENTION_CHANCE = 1 / 3
# Step names (REFLECTION_STEP slot ids) beyond the numbered steps.
NAMED_STEPS = {"opening": 0, "closing": 8}
NEXT, PREVIOUS, PAUSE = "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.PauseIntent"
RESUME, START_OVER, REPEAT = "AMAZON.ResumeIntent", "AMAZON.StartOverIntent", "AMAZON.RepeatIntent"
HOME = "AMAZON.NavigateHomeIntent"

STEP = questions.declare(Question(
    name="reflection.step",
    outcomes={
        # "yes, I'm ready", "keep going", "skip" (step one invites skipping): all go on
        "next": (NEXT, YES, RESUME, "ResumeReflectionIntent", "SkipQuestionIntent"),
        "back": (PREVIOUS,),
        "again": (REPEAT,),
        "start_over": (START_OVER,),
        "pause": (PAUSE,),
        "stop": (STOP, CANCEL, HOME),
        "not_ready": (NO,),
        "go_to": ("GoToStepIntent",),
        "name": ("RememberSafePersonIntent",),
    },
    reprompt="reflection/reprompt",
    miss="reflection/not_understood",
    help="reflection/help",
    speaker_bound=False,
    state=State.REFLECTING,
))

REMEMBER_NAME = questions.declare(Question(
    name="reflection.remember_name",
    outcomes={"yes": (YES,), "no": (NO, CANCEL), "next": (NEXT, "SkipQuestionIntent")},
    reprompt="reflection/confirm_name_reprompt",
    miss="reflection/confirm_name_miss",
    give_up="no",
    state=State.REFLECTING,
))

RESUME_OFFER = questions.declare(Question(
    name="reflection.resume_offer",
    outcomes={"yes": (YES, RESUME, NEXT, "ResumeReflectionIntent"), "no": (NO, CANCEL),
              "start_over": (START_OVER,)},
    reprompt="reflection/offer_resume_reprompt",
    miss="reflection/offer_resume_miss",
    give_up="no",
    speaker_bound=False,
    state=State.IDLE,
))


# -- where the listener is -------------------------------------------------------------------------


def script(turn: Turn) -> Script:
    return script_module.load(turn.speech, turn.locale)


def here(turn: Turn) -> Place | None:
    place = turn.s.reflection
    return place if place is not None and place.version in VERSIONS else None


def _stored(turn: Turn) -> dict[str, Any] | None:
    stored = turn.profile.reflection
    return stored if isinstance(stored, dict) and "segment" in stored else None


def _resolve(story: Script, stored: dict[str, Any]) -> Place:
    """A saved place -> a Place; by segment id first, so an edited script still lands right."""
    version = stored.get("version") if stored.get("version") in VERSIONS else FULL
    index = story.index_of_id(version, stored.get("id"))
    if index is None:
        index = story.clamp(version, int(stored.get("segment") or 0))
    return Place(version, index)


def offerable_place(turn: Turn) -> Place | None:
    """For the welcome: an unfinished reflection the user has not declined to resume."""
    stored = _stored(turn)
    if not stored or stored.get("offer") is False:
        return None
    place = _resolve(script(turn), stored)
    return None if script(turn).is_last(place.version, place.segment) else place


def offer_resume(turn: Turn, place: Place) -> Response:
    """The welcome's "would you like to pick up where you left off?"."""
    turn.say("reflection/offer_resume", place=script(turn).segment(place.version, place.segment).place)
    return questions.ask(turn, RESUME_OFFER, context={"version": place.version, "segment": place.segment})


def save_place(turn: Turn, offer: bool = True, place: Place | None = None) -> bool:
    """Writes where the listener is to the profile. False when there is no reflection to save."""
    place = place or here(turn)
    if place is None:
        return False
    story = script(turn)
    index = story.clamp(place.version, place.segment)
    saved = {
        "version": place.version,
        "segment": index,
        "id": story.segment(place.version, index).id,
        "saved": turn.now.isoformat(timespec="seconds"),
    }
    if not offer:
        saved["offer"] = False
    turn.store.update_profile(turn.user, reflection=saved)
    return True


def play(turn: Turn, version: str, index: int, lead: str | None = None, *, resume: bool = False,
         **lead_values: Any) -> Response:
    """Speaks one segment and waits on STEP; the closing ends the reflection and the session. On a device
    with an AudioPlayer the reflection plays as audio from here instead (`resume`: from where it stopped
    within the segment), see handlers/reflection_audio.py."""
    played = reflection_audio.play(turn, version, index, lead, resume=resume, **lead_values)
    if played is not None:
        return played
    story = script(turn)
    index = story.clamp(version, index)
    segment = story.segment(version, index)
    if lead:
        turn.say(lead, **lead_values)
    safe_person, name_kept = None, False
    if segment.asks_name or segment.uses_safe_person:
        profile = turn.profile
        name_kept = bool(profile.safe_person)
        # Private mode (shared Echo): the kept name is never spoken unasked.
        safe_person = None if profile.private_mode else profile.safe_person
        turn.personal = turn.personal or bool(safe_person and segment.uses_safe_person)
    turn.say_ssml(script_module.render(turn.speech, turn.locale, segment, safe_person, name_kept))
    if story.is_last(version, index):
        turn.s.reflection = None
        turn.state = State.IDLE
        if _stored(turn):
            turn.store.update_profile(turn.user, reflection=None)
        return turn.end()
    turn.s.reflection = Place(version, index)
    return questions.ask(turn.say("reflection/invite_next"), STEP, place=segment.place)


def _current(turn: Turn) -> Place:
    return here(turn) or Place(FULL, 0)


# -- the step's outcomes ---------------------------------------------------------------------------


@questions.resolves(STEP)
def _step_answered(turn: Turn, answer: Answer) -> Response:
    place = _current(turn)
    outcome = answer.outcome
    if outcome == "next":
        return play(turn, place.version, place.segment + 1)
    if outcome == "back":
        if place.segment == 0:
            return play(turn, place.version, 0, "reflection/at_start")
        return play(turn, place.version, place.segment - 1)
    if outcome == "again":
        return play(turn, place.version, place.segment)
    if outcome == "start_over":
        return play(turn, place.version, 0, "reflection/starting_over")
    if outcome in ("pause", "stop"):
        save_place(turn)
        return turn.say("reflection/paused" if outcome == "pause" else "reflection/stopped").end()
    if outcome == "not_ready":
        return questions.ask(turn.say("reflection/not_ready"), STEP, place=_place_name(turn, place))
    if outcome == "go_to":
        return go_to_step(turn)
    return offer_to_remember(turn, place)


@questions.on_leave(STEP)
def _left_reflection(turn: Turn) -> None:
    """Moving on to something else mid-reflection: the place is kept for "resume my reflection"."""
    if here(turn) is not None:
        save_place(turn)
    turn.state = State.IDLE


def _place_name(turn: Turn, place: Place) -> str:
    return script(turn).segment(place.version, place.segment).place


# -- starting and coming back ----------------------------------------------------------------------


class StartReflection(Handler):
    intents = ("StartReflectionIntent",)

    def respond(self, turn: Turn) -> Response:
        return play(turn, FULL, 0)


class StartShortReflection(Handler):
    intents = ("StartShortReflectionIntent",)

    def respond(self, turn: Turn) -> Response:
        return play(turn, SHORT, 0)


@questions.resolves(RESUME_OFFER)
def _resume_offer_answered(turn: Turn, answer: Answer) -> Response:
    offered = Place(str(answer.context.get("version", FULL)), int(answer.context.get("segment") or 0))
    if answer.outcome == "yes":
        return play(turn, offered.version, offered.segment, "reflection/resumed", resume=True)
    if answer.outcome == "start_over":
        return play(turn, offered.version, 0, "reflection/starting_over")
    # "No": keep the place for "resume my reflection", but don't ask again at every welcome.
    save_place(turn, offer=False, place=offered)
    return questions.menu(turn.say("reflection/resume_declined"))


class ResumeMyReflection(Handler):
    """"Resume my reflection": this session's place, else the saved one, else say there is none."""

    intents = ("ResumeReflectionIntent", RESUME)

    def applies(self, turn: Turn) -> bool:
        return turn.intent_name == "ResumeReflectionIntent" or turn.state in (State.IDLE, State.REFLECTING)

    def respond(self, turn: Turn) -> Response:
        place = here(turn)
        if place is None:
            stored = _stored(turn)
            if stored is None:
                turn.state = State.IDLE
                return turn.say("reflection/nothing_to_resume").ask("reflection/nothing_to_resume_reprompt")
            place = _resolve(script(turn), stored)
        return play(turn, place.version, place.segment, "reflection/resumed", resume=True)


def go_to_step(turn: Turn) -> Response:
    """"Skip to step five", "take me to the journal step": in the version being heard."""
    step = _requested_step(turn)
    if step is None:
        turn.say("reflection/unknown_step")
        place = here(turn)
        if place is not None:
            return questions.ask(turn, STEP, reprompt="reflection/unknown_step_reprompt",
                                 place=_place_name(turn, place))
        return questions.menu(turn, reprompt="reflection/unknown_step_reprompt")
    story = script(turn)
    version = (here(turn) or Place(FULL, 0)).version
    index = story.index_of_step(version, step)
    if index is not None:
        return play(turn, version, index)
    return play(turn, FULL, story.index_of_step(FULL, step) or 0, "reflection/full_step_from_short")


class GoToStep(Handler):
    intents = ("GoToStepIntent",)

    def respond(self, turn: Turn) -> Response:
        return go_to_step(turn)


def _requested_step(turn: Turn) -> int | None:
    named = turn.slot_id("stepName")
    if named is not None:
        return NAMED_STEPS.get(named) if named in NAMED_STEPS else _number(named)
    return _number(turn.slot("number"))


def _number(value: str | None) -> int | None:
    try:
        step = int(value or "")
    except ValueError:
        return None
    return step if FIRST_STEP <= step <= LAST_STEP else None


# -- the safe person's first name (step one) -------------------------------------------------------


def offer_to_remember(turn: Turn, place: Place) -> Response:
    """"It's my sister Maya" at step one: ask before keeping anything; elsewhere, keep nothing."""
    if not script(turn).segment(place.version, place.segment).asks_name:
        return questions.ask(turn.say("reflection/not_understood"), STEP, place=_place_name(turn, place))
    name = clip(turn.slot("name") or "", MAX_NAME_CHARS)
    if not name:
        return questions.ask(turn.say("reflection/name_missing"), STEP, place=_place_name(turn, place))
    turn.say("reflection/confirm_name", name=name)
    return questions.ask(turn, REMEMBER_NAME, context={"name": name}, name=name)


@questions.resolves(REMEMBER_NAME)
def _name_answered(turn: Turn, answer: Answer) -> Response:
    place = _current(turn)
    name = answer.context.get("name")
    if answer.outcome == "next":
        return play(turn, place.version, place.segment + 1)
    if answer.outcome == "yes" and isinstance(name, str) and name:
        turn.store.update_profile(turn.user, safe_person=name)
        turn.say("reflection/name_kept", name=name)
    else:
        turn.say("reflection/name_not_kept")
    return questions.ask(turn.say("reflection/invite_next"), STEP, place=_place_name(turn, place))


class SafePersonNameElsewhere(Handler):
    intents = ("RememberSafePersonIntent",)

    def respond(self, turn: Turn) -> Response:
        return questions.menu(turn.say("reflection/name_out_of_context"))


class WalkedAway(Handler):
    """The session timed out or was closed with a reflection under way: keep the place for next time."""

    request_types = ("SessionEndedRequest",)

    def applies(self, turn: Turn) -> bool:
        return here(turn) is not None

    def respond(self, turn: Turn) -> Response:
        save_place(turn)
        return turn.silent()


HANDLERS = [
    StartReflection(),
    StartShortReflection(),
    ResumeMyReflection(),
    GoToStep(),
    SafePersonNameElsewhere(),
    WalkedAway(),
]
