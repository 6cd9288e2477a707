"""Counter-beliefs: a person names the thought weighing on them, in their own words, and hears a
realistic counter-belief from the article (step 3: "Say your chosen counter-belief out loud or
write it where you'll see it"). They can ask for another, hear it again or slowly, hear how the
belief can affect life and work, and keep one (or their own words) in their profile.

The library is content/<lang>/data/beliefs.yaml; the same file gives the BELIEF slot type its
values. When entity resolution finds no match, belief_match compares the raw words with it.
Session: `beliefs` = {"current": belief id or "OWN", "heard": [belief ids heard this round]}.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ask_sdk_model import Response

from safe_connections import privacy
from safe_connections.belief_match import Matcher, is_saying
from safe_connections.handlers.base import Handler
from safe_connections.speech import Speech, clip
from safe_connections.state import State
from safe_connections.turn import Turn

SESSION_KEY = "beliefs"
OWN = "OWN"
EXAMPLES_IN_NO_MATCH = 3


@dataclass(frozen=True)
class Belief:
    id: str
    belief: str
    counter: str
    impact: dict[str, str] | None

    @property
    def spoken(self) -> str:
        """The belief as said inside a sentence: the templates place the punctuation."""
        return self.belief.rstrip(".")


@dataclass(frozen=True)
class Library:
    beliefs: dict[str, Belief]
    general: Belief
    matcher: Matcher

    def resolve(self, matched_id: str | None, said: str | None) -> Belief | None:
        """Entity resolution's id first; then the raw words against every wording of every belief."""
        if matched_id in self.beliefs:
            return self.beliefs[matched_id]
        match = self.matcher.best(said)
        return self.beliefs[match.id] if match else None


@cache
def _library(speech: Speech, locale: str) -> Library:
    data = speech.data("beliefs", locale)
    beliefs = {
        item["id"]: Belief(item["id"], item["belief"], item["counter"], item.get("impact"))
        for item in data["beliefs"]
    }
    wordings = {item["id"]: [item["belief"], *item.get("synonyms", [])] for item in data["beliefs"]}
    return Library(beliefs, beliefs[data["general"]], Matcher(wordings))


def library(turn: Turn) -> Library:
    return _library(turn.speech, turn.locale)


# -- what this session remembers ----------------------------------------------------------------

def _memory(turn: Turn) -> dict[str, Any]:
    memory = turn.session.get(SESSION_KEY)
    if not isinstance(memory, dict) or not isinstance(memory.get("heard"), list):
        memory = turn.session[SESSION_KEY] = {"current": None, "heard": []}
    return memory


def _remember(turn: Turn, belief_id: str) -> None:
    memory = _memory(turn)
    memory["current"] = belief_id
    if belief_id != OWN and belief_id not in memory["heard"]:
        memory["heard"].append(belief_id)
    turn.state = State.BELIEF


def _current(turn: Turn) -> tuple[Belief | None, str | None]:
    """The counter-belief being talked about: (library belief or None for the user's own, its text)."""
    current = _memory(turn).get("current")
    if current == OWN:
        return None, turn.profile.own_counter_belief
    belief = library(turn).beliefs.get(current or "")
    return belief, belief.counter if belief else None


def _examples(turn: Turn, lib: Library) -> list[str]:
    others = [b.spoken for b in lib.beliefs.values() if b.id != lib.general.id]
    return turn.speech.rng.sample(others, min(EXAMPLES_IN_NO_MATCH, len(others)))


# -- answers shared by several handlers ---------------------------------------------------------

def offer(turn: Turn, belief: Belief, intro_key: str) -> Response:
    """A counter-belief, warmly, with its card and an invitation to say it out loud."""
    _remember(turn, belief.id)
    turn.say(intro_key).say("beliefs/counter_belief", belief=belief.spoken, counter=belief.counter)
    turn.card("beliefs/card_title", "beliefs/card_body", belief=belief.belief, counter=belief.counter)
    return turn.say("beliefs/invite").ask("beliefs/reprompt")


def offer_next(turn: Turn) -> Response:
    """One the person has not heard this round (never the last one); when all are heard, start again."""
    lib = library(turn)
    memory = _memory(turn)
    last = memory.get("current")
    fresh = [i for i in lib.beliefs if i not in memory["heard"] and i != last]
    if not fresh:
        turn.say("beliefs/all_heard", count=len(lib.beliefs))
        memory["heard"] = []
        fresh = [i for i in lib.beliefs if i != last]
    return offer(turn, lib.beliefs[turn.speech.rng.choice(fresh)], "beliefs/pick_intro")


def nothing_yet(turn: Turn) -> Response:
    return turn.say("beliefs/nothing_yet", examples=_examples(turn, library(turn))).ask("beliefs/nothing_yet_reprompt")


# -- handlers -----------------------------------------------------------------------------------

class BeliefHandler(Handler):
    """Claims `in_belief` intents (built-ins like yes or next) only while a counter-belief is open."""

    in_belief: tuple[str, ...] = ()

    def applies(self, turn: Turn) -> bool:
        return turn.intent_name not in self.in_belief or turn.state == State.BELIEF


class NameABelief(BeliefHandler):
    """"I feel like I'm too much": the belief's counter-belief, or a kind one for everyone."""

    intents = ("CounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        said = turn.slot("belief")
        lib = library(turn)
        resolved = lib.beliefs.get(turn.slot_id("belief") or "")
        if not resolved and turn.state == State.BELIEF and self._saying_it_back(turn, said):
            return turn.say("beliefs/echoed").ask("beliefs/reprompt")
        belief = resolved or lib.resolve(None, said)
        if belief:
            return offer(turn, belief, "beliefs/heard_you")
        if not said:
            return offer_next(turn)
        _remember(turn, lib.general.id)
        turn.say("beliefs/no_match", counter=lib.general.counter, examples=_examples(turn, lib))
        turn.card("beliefs/card_title_general", "beliefs/card_body_general", counter=lib.general.counter)
        return turn.ask("beliefs/reprompt")

    @staticmethod
    def _saying_it_back(turn: Turn, said: str | None) -> bool:
        """After "say it slowly" people say the counter-belief aloud; Alexa hears it as a belief."""
        _belief, text = _current(turn)
        return bool(text) and is_saying(said, text)


class GiveACounterBelief(BeliefHandler):
    """"Give me a counter belief", "another one", "next": one not heard yet this round."""

    intents = ("GiveCounterBeliefIntent", "AnotherCounterBeliefIntent", "AMAZON.NextIntent")
    in_belief = ("AMAZON.NextIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_next(turn)


class SayItAgain(BeliefHandler):
    intents = ("AMAZON.RepeatIntent",)
    states = (State.BELIEF,)

    def applies(self, turn: Turn) -> bool:
        return _memory(turn).get("current") is not None

    def respond(self, turn: Turn) -> Response:
        _belief, text = _current(turn)
        if not text:
            return nothing_yet(turn)
        return turn.say("beliefs/again", counter=text).say("beliefs/invite").ask("beliefs/reprompt")


class SayItSlowly(BeliefHandler):
    """Slower, with room after it, so the person can say it out loud with Alexa (the article's step 3).
    "Yes" to the invitation to say it together means the same."""

    intents = ("SayItSlowlyIntent", "AMAZON.YesIntent")
    in_belief = ("AMAZON.YesIntent",)

    def respond(self, turn: Turn) -> Response:
        _belief, text = _current(turn)
        if not text:
            return nothing_yet(turn)
        turn.state = State.BELIEF
        return turn.say("beliefs/slowly", counter=text).ask("beliefs/slowly_reprompt")


class HowItAffects(BeliefHandler):
    """The article's impact on life and/or work, then the counter-belief: never the impact alone."""

    intents = ("BeliefImpactIntent",)

    def respond(self, turn: Turn) -> Response:
        named = library(turn).resolve(turn.slot_id("belief"), turn.slot("belief"))
        belief = named or _current(turn)[0]
        if belief is None:
            if _memory(turn).get("current") == OWN:
                return turn.say("beliefs/own_no_impact").ask("beliefs/reprompt")
            return nothing_yet(turn)
        _remember(turn, belief.id)
        turn.card("beliefs/card_title", "beliefs/card_body", belief=belief.belief, counter=belief.counter)
        if not belief.impact:
            turn.say("beliefs/no_impact", belief=belief.spoken, counter=belief.counter)
            return turn.say("beliefs/invite").ask("beliefs/reprompt")
        impact = belief.impact
        key = {"LIFE": "beliefs/impact_life", "WORK": "beliefs/impact_work"}.get(turn.slot_id("area") or "")
        turn.say(
            key or "beliefs/impact",
            impact_belief=impact["belief"].rstrip("."),
            life=impact["life"].split(", "),
            work=impact["work"].split(", "),
            counter=belief.counter,
        )
        return turn.say("beliefs/invite").ask("beliefs/reprompt")


class SaveThatOne(BeliefHandler):
    """"Save that as my counter belief": the one just heard goes into the profile."""

    intents = ("SaveCounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        belief, text = _current(turn)
        if not text:
            return nothing_yet(turn)
        if belief is not None:
            turn.store.update_profile(turn.user, own_counter_belief=belief.counter)
        turn.state = State.BELIEF
        return turn.say("beliefs/saved").ask("beliefs/own_reprompt")


class SaveMyOwn(BeliefHandler):
    """"My counter belief is I am enough": the person's own words, kept (clipped) in the profile."""

    intents = ("SaveOwnCounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        words = turn.slot("counterBelief")
        if not words:
            return turn.say("beliefs/own_needs_words").ask("beliefs/reprompt")
        turn.store.update_profile(turn.user, own_counter_belief=clip(words))
        _remember(turn, OWN)
        return turn.say("beliefs/own_saved").ask("beliefs/own_reprompt")


class ReadMyOwn(BeliefHandler):
    """"What's my counter belief?": read back only because it was asked for (Echoes are shared)."""

    intents = ("MyCounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        return privacy.read_personal(turn, "own_counter_belief")


@privacy.personal("own_counter_belief")
def _read_own(turn: Turn) -> Response:
    own = turn.profile.own_counter_belief
    if not own:
        return turn.say("beliefs/own_none").ask("common/reprompt")
    _remember(turn, OWN)
    return turn.say("beliefs/own_read", own=own).ask("beliefs/own_reprompt")


class NotNow(BeliefHandler):
    intents = ("AMAZON.NoIntent",)
    states = (State.BELIEF,)

    def respond(self, turn: Turn) -> Response:
        return turn.say("beliefs/not_now").ask("beliefs/reprompt")


class HelpWithBeliefs(BeliefHandler):
    intents = ("AMAZON.HelpIntent",)
    states = (State.BELIEF,)

    def respond(self, turn: Turn) -> Response:
        return turn.say("beliefs/help").ask("beliefs/reprompt")


class NotCaughtInBelief(BeliefHandler):
    """Often the person saying the counter-belief out loud: thank them, without pretending to know."""

    intents = ("AMAZON.FallbackIntent",)
    states = (State.BELIEF,)

    def respond(self, turn: Turn) -> Response:
        return turn.say("beliefs/fallback").ask("beliefs/reprompt")


HANDLERS = [
    NameABelief(),
    GiveACounterBelief(),
    SayItAgain(),
    SayItSlowly(),
    HowItAffects(),
    SaveThatOne(),
    SaveMyOwn(),
    ReadMyOwn(),
    NotNow(),
    HelpWithBeliefs(),
    NotCaughtInBelief(),
]
