"""The guided reflection: start it (full or short), move through it, pause, come back, and a
grounding minute when it gets to be too much.

Where the listener is lives in the session (`reflection`: version and segment index) while they
listen, and in the profile (`Profile.reflection`) once they pause, stop, walk away or feel
overwhelmed, so "resume my reflection" works in a later session. It is cleared at the closing.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from safe_connections import reflection_script as script_module
from safe_connections.handlers import reflection_audio
from safe_connections.handlers.base import Handler
from safe_connections.reflection_script import FIRST_STEP, FULL, LAST_STEP, SHORT, VERSIONS, Script
from safe_connections.speech import clip
from safe_connections.state import State
from safe_connections.turn import Turn

SESSION_KEY = "reflection"
OFFERED_KEY = "reflection_offered"
IN_REFLECTION = (State.REFLECTING, State.CONFIRM_SAFE_PERSON)
PAUSABLE = (*IN_REFLECTION, State.GROUNDING)
MAX_NAME_CHARS = 40
# How often the welcome for a returning user mentions the short reflection (launch.py).
SHORT_MENTION_CHANCE = 1 / 3

# Step names (REFLECTION_STEP slot ids) beyond the numbered steps.
NAMED_STEPS = {"opening": 0, "closing": 8}


# -- where the listener is -------------------------------------------------------------------------


def _script(turn: Turn) -> Script:
    return script_module.load(turn.speech, turn.locale)


def _place(turn: Turn) -> dict[str, Any] | None:
    place = turn.session.get(SESSION_KEY)
    return place if isinstance(place, dict) and place.get("version") in VERSIONS else None


def _stored(turn: Turn) -> dict[str, Any] | None:
    stored = turn.profile.reflection
    return stored if isinstance(stored, dict) and "segment" in stored else None


def _resolve(script: Script, stored: dict[str, Any]) -> tuple[str, int]:
    """A saved place -> (version, index); by segment id first, so an edited script still lands right."""
    version = stored.get("version") if stored.get("version") in VERSIONS else FULL
    index = script.index_of_id(version, stored.get("id"))
    if index is None:
        index = script.clamp(version, int(stored.get("segment") or 0))
    return version, index


def offerable_place(turn: Turn) -> str | None:
    """For the welcome: the place of an unfinished reflection the user has not declined to resume."""
    stored = _stored(turn)
    if not stored or stored.get("offer") is False:
        return None
    script = _script(turn)
    version, index = _resolve(script, stored)
    if script.is_last(version, index):
        return None
    turn.session[OFFERED_KEY] = {"version": version, "segment": index}
    return script.segment(version, index).place


def save_place(turn: Turn, offer: bool = True) -> bool:
    """Writes where the listener is to the profile. False when there is no reflection to save."""
    place = _place(turn)
    if place is None:
        return False
    script = _script(turn)
    index = script.clamp(place["version"], place["segment"])
    saved = {
        "version": place["version"],
        "segment": index,
        "id": script.segment(place["version"], index).id,
        "saved": turn.now.isoformat(timespec="seconds"),
    }
    if not offer:
        saved["offer"] = False
    turn.store.update_profile(turn.user, reflection=saved)
    return True




def play(turn: Turn, version: str, index: int, lead: str | None = None, *, resume: bool = False,
         **lead_values: Any) -> Response:
    """Speaks one segment and waits for "next"; the closing ends the reflection and the session. On a
    device with an AudioPlayer the reflection plays as audio from here instead (`resume`: from where it
    stopped within the segment), see handlers/reflection_audio.py."""
    played = reflection_audio.play(turn, version, index, lead, resume=resume, **lead_values)
    if played is not None:
        return played
    script = _script(turn)
    index = script.clamp(version, index)
    segment = script.segment(version, index)
    if lead:
        turn.say(lead, **lead_values)
    safe_person, name_kept = None, False
    if segment.asks_name or segment.uses_safe_person:
        profile = turn.profile
        name_kept = bool(profile.safe_person)
        # Private mode (shared Echo): the kept name is never spoken unasked.
        safe_person = None if profile.private_mode else profile.safe_person
    turn.say_ssml(script_module.render(turn.speech, turn.locale, segment, safe_person, name_kept))
    if script.is_last(version, index):
        turn.session.pop(SESSION_KEY, None)
        turn.state = State.IDLE
        if _stored(turn):
            turn.store.update_profile(turn.user, reflection=None)
        return turn.end()
    turn.session[SESSION_KEY] = {"version": version, "segment": index}
    turn.state = State.REFLECTING
    return turn.say("reflection/invite_next").ask("reflection/reprompt")


def _current(turn: Turn) -> tuple[str, int]:
    place = _place(turn) or {"version": FULL, "segment": 0}
    return place["version"], int(place["segment"])


def _here(turn: Turn) -> str:
    version, index = _current(turn)
    return _script(turn).segment(version, index).place


# -- starting and coming back ----------------------------------------------------------------------


class StartReflection(Handler):
    intents = ("StartReflectionIntent",)

    def respond(self, turn: Turn) -> Response:
        return play(turn, FULL, 0)


class StartShortReflection(Handler):
    intents = ("StartShortReflectionIntent",)

    def respond(self, turn: Turn) -> Response:
        return play(turn, SHORT, 0)


class AcceptResumeOffer(Handler):
    """"Yes" to the welcome's "would you like to pick up where you left off?"."""

    intents = ("AMAZON.YesIntent", "AMAZON.ResumeIntent", "AMAZON.NextIntent", "ResumeReflectionIntent")
    states = (State.OFFERED_RESUME,)

    def applies(self, turn: Turn) -> bool:
        return isinstance(turn.session.get(OFFERED_KEY), dict)

    def respond(self, turn: Turn) -> Response:
        offered = turn.session.pop(OFFERED_KEY)
        version, index = offered["version"], offered["segment"]
        return play(turn, version, index, "reflection/resumed", resume=True)


class DeclineResumeOffer(Handler):
    """"No": keep the place for "resume my reflection", but don't ask again at every welcome."""

    intents = ("AMAZON.NoIntent",)
    states = (State.OFFERED_RESUME,)

    def respond(self, turn: Turn) -> Response:
        offered = turn.session.pop(OFFERED_KEY, None)
        if isinstance(offered, dict):
            turn.session[SESSION_KEY] = offered
            save_place(turn, offer=False)
            turn.session.pop(SESSION_KEY, None)
        turn.state = State.IDLE
        return turn.say("reflection/resume_declined").ask("common/reprompt")


class ResumeMyReflection(Handler):
    """"Resume my reflection": this session's place, else the saved one, else say there is none."""

    intents = ("ResumeReflectionIntent", "AMAZON.ResumeIntent")

    def applies(self, turn: Turn) -> bool:
        return turn.intent_name == "ResumeReflectionIntent" or turn.state in (
            State.IDLE, State.OFFERED_RESUME, *IN_REFLECTION)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop(OFFERED_KEY, None)
        place = _place(turn)
        if place is not None:
            version, index = place["version"], int(place["segment"])
        else:
            stored = _stored(turn)
            if stored is None:
                turn.state = State.IDLE
                return turn.say("reflection/nothing_to_resume").ask("reflection/nothing_to_resume_reprompt")
            version, index = _resolve(_script(turn), stored)
        return play(turn, version, index, "reflection/resumed", resume=True)


class GoToStep(Handler):
    """"Skip to step five", "take me to the journal step": from anywhere, in the version being heard."""

    intents = ("GoToStepIntent",)

    def respond(self, turn: Turn) -> Response:
        step = _requested_step(turn)
        if step is None:
            return turn.say("reflection/unknown_step").ask("reflection/unknown_step_reprompt")
        script = _script(turn)
        version = (_place(turn) or {}).get("version", FULL)
        index = script.index_of_step(version, step)
        if index is not None:
            return play(turn, version, index)
        return play(turn, FULL, script.index_of_step(FULL, step) or 0, "reflection/full_step_from_short")


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


# -- grounding: it's too much ----------------------------------------------------------------------


class FeelingOverwhelmed(Handler):
    """"I don't feel okay", "this is too much": stop the script at once, save the place, ground."""

    intents = ("FeelingOverwhelmedIntent",)

    def respond(self, turn: Turn) -> Response:
        place = _place(turn)
        if place is not None:
            place.pop("name", None)
            save_place(turn)
        turn.state = State.GROUNDING
        return turn.say("reflection/grounding", in_reflection=place is not None).ask("reflection/grounding_reprompt")


class ContinueAfterGrounding(Handler):
    intents = ("AMAZON.ResumeIntent", "AMAZON.NextIntent", "AMAZON.YesIntent", "ResumeReflectionIntent")
    states = (State.GROUNDING,)

    def respond(self, turn: Turn) -> Response:
        if _place(turn) is None:
            turn.state = State.IDLE
            return turn.say("reflection/after_grounding_idle").ask("common/reprompt")
        version, index = _current(turn)
        return play(turn, version, index, "reflection/back_after_grounding")


class RestAfterGrounding(Handler):
    """"Stop" or "no" after the grounding minute: the place is kept, the goodbye is soft."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NoIntent", "AMAZON.PauseIntent",
               "AMAZON.NavigateHomeIntent")
    states = (State.GROUNDING,)

    def respond(self, turn: Turn) -> Response:
        if not save_place(turn):
            return turn.say("goodbye/goodbye").end()
        return turn.say("reflection/rest_after_grounding").end()


class FindSupport(Handler):
    intents = ("FindSupportIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.say("reflection/support")
        if _place(turn) is not None and turn.state in PAUSABLE:
            turn.state = State.GROUNDING
            return turn.say("reflection/support_then_reflection").ask("reflection/grounding_reprompt")
        turn.state = State.IDLE
        return turn.say("reflection/support_then").ask("common/reprompt")


class GroundingHelp(Handler):
    intents = ("AMAZON.HelpIntent", "AMAZON.FallbackIntent")
    states = (State.GROUNDING,)

    def respond(self, turn: Turn) -> Response:
        return turn.say("reflection/grounding_help").ask("reflection/grounding_reprompt")


# -- the safe person's first name (step one) -------------------------------------------------------


class OfferSafePersonName(Handler):
    """"It's my sister Maya" at step one: ask before keeping anything."""

    intents = ("RememberSafePersonIntent",)
    states = IN_REFLECTION

    def applies(self, turn: Turn) -> bool:
        place = _place(turn)
        return place is not None and _script(turn).segment(place["version"], int(place["segment"])).asks_name

    def respond(self, turn: Turn) -> Response:
        name = clip(turn.slot("name") or "", MAX_NAME_CHARS)
        if not name:
            return turn.say("reflection/name_missing").ask("reflection/reprompt")
        _place(turn)["name"] = name  # applies() made sure there is a place
        turn.state = State.CONFIRM_SAFE_PERSON
        return turn.say("reflection/confirm_name", name=name).ask("reflection/confirm_name_reprompt", name=name)


class KeepSafePersonName(Handler):
    intents = ("AMAZON.YesIntent",)
    states = (State.CONFIRM_SAFE_PERSON,)

    def respond(self, turn: Turn) -> Response:
        name = (_place(turn) or {}).pop("name", None)
        turn.state = State.REFLECTING
        if not name:
            return turn.say("reflection/invite_next").ask("reflection/reprompt")
        turn.store.update_profile(turn.user, safe_person=name)
        return turn.say("reflection/name_kept", name=name).say("reflection/invite_next").ask("reflection/reprompt")


class DontKeepSafePersonName(Handler):
    intents = ("AMAZON.NoIntent",)
    states = (State.CONFIRM_SAFE_PERSON,)

    def respond(self, turn: Turn) -> Response:
        (_place(turn) or {}).pop("name", None)
        turn.state = State.REFLECTING
        return turn.say("reflection/name_not_kept").say("reflection/invite_next").ask("reflection/reprompt")


class SafePersonNameElsewhere(Handler):
    intents = ("RememberSafePersonIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.state in IN_REFLECTION:
            return turn.say("reflection/not_understood").ask("reflection/reprompt")
        return turn.say("reflection/name_out_of_context").ask("common/reprompt")


# -- moving through the reflection -----------------------------------------------------------------


class Next(Handler):
    """"Next" (or "yes, I'm ready"); in the name question, "next" skips it and nothing is kept."""

    intents = ("AMAZON.NextIntent", "AMAZON.YesIntent")
    states = IN_REFLECTION

    def respond(self, turn: Turn) -> Response:
        version, index = _current(turn)
        return play(turn, version, index + 1)


class GoBack(Handler):
    intents = ("AMAZON.PreviousIntent",)
    states = PAUSABLE

    def applies(self, turn: Turn) -> bool:
        return _place(turn) is not None

    def respond(self, turn: Turn) -> Response:
        version, index = _current(turn)
        if index == 0:
            return play(turn, version, 0, "reflection/at_start")
        return play(turn, version, index - 1)


class RepeatSegment(Handler):
    intents = ("AMAZON.RepeatIntent",)
    states = IN_REFLECTION

    def respond(self, turn: Turn) -> Response:
        version, index = _current(turn)
        return play(turn, version, index)


class StartOver(Handler):
    intents = ("AMAZON.StartOverIntent",)
    states = PAUSABLE

    def applies(self, turn: Turn) -> bool:
        return _place(turn) is not None

    def respond(self, turn: Turn) -> Response:
        version, _ = _current(turn)
        return play(turn, version, 0, "reflection/starting_over")


class PauseReflection(Handler):
    """Saves the place and closes the session: a voice session can't wait quietly, it would reprompt."""

    intents = ("AMAZON.PauseIntent",)
    states = IN_REFLECTION

    def respond(self, turn: Turn) -> Response:
        save_place(turn)
        return turn.say("reflection/paused").end()


class StopReflection(Handler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
    states = IN_REFLECTION

    def respond(self, turn: Turn) -> Response:
        save_place(turn)
        return turn.say("reflection/stopped").end()


class NotReadyYet(Handler):
    intents = ("AMAZON.NoIntent",)
    states = (State.REFLECTING,)

    def respond(self, turn: Turn) -> Response:
        return turn.say("reflection/not_ready").ask("reflection/reprompt")


class ReflectionHelp(Handler):
    intents = ("AMAZON.HelpIntent",)
    states = IN_REFLECTION

    def respond(self, turn: Turn) -> Response:
        return turn.say("reflection/help", place=_here(turn)).ask("reflection/help_reprompt")


class NotUnderstoodInReflection(Handler):
    intents = ("AMAZON.FallbackIntent",)
    states = IN_REFLECTION

    def respond(self, turn: Turn) -> Response:
        return turn.say("reflection/not_understood").ask("reflection/reprompt")


class WalkedAway(Handler):
    """The session timed out or was closed mid-reflection: keep the place for next time."""

    request_types = ("SessionEndedRequest",)
    states = PAUSABLE

    def respond(self, turn: Turn) -> Response:
        save_place(turn)
        return turn.silent()


HANDLERS = [
    # Grounding and offers first: they give "yes", "next" and "stop" their own meaning.
    FeelingOverwhelmed(),
    ContinueAfterGrounding(),
    RestAfterGrounding(),
    GroundingHelp(),
    FindSupport(),
    AcceptResumeOffer(),
    DeclineResumeOffer(),
    KeepSafePersonName(),
    DontKeepSafePersonName(),
    OfferSafePersonName(),
    SafePersonNameElsewhere(),
    StartReflection(),
    StartShortReflection(),
    ResumeMyReflection(),
    GoToStep(),
    Next(),
    GoBack(),
    RepeatSegment(),
    StartOver(),
    PauseReflection(),
    StopReflection(),
    NotReadyYet(),
    ReflectionHelp(),
    NotUnderstoodInReflection(),
    WalkedAway(),
]
