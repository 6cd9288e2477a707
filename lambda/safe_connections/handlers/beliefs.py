"""Counter-beliefs: a person names the thought weighing on them, in their own words, and hears a
realistic counter-belief from the article (step 3: "Say your chosen counter-belief out loud or
write it where you'll see it"). They can ask for another for the same thought, hear it again or
slowly, hear how the belief can affect life and work, and keep one (or their own words).

The skill never speaks a negative belief the person did not say: asked for "a counter belief" with no
thought named, it gives a counter-belief alone; "another one" gives another counter-belief for the
same thought, never a different painful thought.

The library is content/<lang>/data/beliefs.yaml; the same file gives the BELIEF slot type its
values. When entity resolution finds no match, belief_match compares the raw words with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ask_sdk_model import Response

from safe_connections import crisis, heard, privacy, questions
from safe_connections.belief_match import Matcher, is_saying
from safe_connections.handler import Handler
from safe_connections.questions import NO, YES, Answer, Question
from safe_connections.speech import Speech, clip
from safe_connections.state import State
from safe_connections.turn import Turn

OWN = "OWN"

# After a counter-belief: "say it slowly together, or hear another?"
AFTER_COUNTER = questions.declare(Question(
    name="beliefs.after_counter",
    outcomes={
        "slowly": (YES, "SayItSlowlyIntent"),
        "another": ("AnotherCounterBeliefIntent", "AMAZON.NextIntent"),
        "not_now": (NO,),
        "save": ("SaveCounterBeliefIntent",),
        "again": ("AMAZON.RepeatIntent",),
    },
    reprompt="beliefs/reprompt",
    miss="beliefs/fallback",
    help="beliefs/help",
    speaker_bound=False,
    state=State.BELIEF,
    hears_the_catch_all=False,
))


@dataclass(frozen=True)
class Belief:
    id: str
    belief: str
    counters: tuple[str, ...]
    impact: dict[str, str] | None

    @property
    def spoken(self) -> str:
        """The belief as said inside a sentence: the templates place the punctuation."""
        return self.belief.rstrip(".")

    @property
    def counter(self) -> str:
        return self.counters[0]


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


def _counters(item: dict) -> tuple[str, ...]:
    more = [m["counter"] if isinstance(m, dict) else m for m in item.get("more_counters") or []]
    return tuple(c for c in (item["counter"], *more) if isinstance(c, str) and c)


@cache
def _library(speech: Speech, locale: str) -> Library:
    data = speech.data("beliefs", locale)
    beliefs = {
        item["id"]: Belief(item["id"], item["belief"], _counters(item), item.get("impact"))
        for item in data["beliefs"]
    }
    wordings = {item["id"]: [item["belief"], *item.get("synonyms", [])] for item in data["beliefs"]}
    return Library(beliefs, beliefs[data["general"]], Matcher(wordings))


def library(turn: Turn) -> Library:
    return _library(turn.speech, turn.locale)


def is_a_belief(turn: Turn, words: str | None) -> bool:
    """Whether these words are a painful thought (so never to be kept as a counter-belief): one of the
    library's beliefs in any wording, or negative self-talk the screen's lexicon knows."""
    return crisis.is_negative_belief(words, turn.locale)


# -- what this session remembers ----------------------------------------------------------------

def _remember(turn: Turn, belief_id: str, counter: int = 0, *, named: bool = False) -> None:
    turn.s.belief, turn.s.belief_counter, turn.s.belief_named = belief_id, counter, named
    if belief_id != OWN:
        heard = turn.s.beliefs_heard.setdefault(belief_id, [])
        if counter not in heard:
            heard.append(counter)
    turn.state = State.BELIEF


def _current(turn: Turn) -> tuple[Belief | None, str | None]:
    """The counter-belief being talked about: (library belief or None for the user's own, its text)."""
    if turn.s.belief == OWN:
        return None, turn.profile.own_counter_belief
    belief = library(turn).beliefs.get(turn.s.belief or "")
    if belief is None:
        return None, None
    return belief, belief.counters[min(turn.s.belief_counter, len(belief.counters) - 1)]


def _ask_next(turn: Turn) -> Response:
    return questions.ask(turn, AFTER_COUNTER)


# -- answers shared by several handlers ---------------------------------------------------------

def offer(turn: Turn, belief: Belief, intro_key: str) -> Response:
    """The counter-belief for a belief the person named, warmly, with its card and an invitation."""
    _remember(turn, belief.id, 0, named=True)
    turn.say(intro_key).say("beliefs/counter_belief", belief=belief.spoken, counter=belief.counter)
    turn.card("beliefs/card_title", "beliefs/card_body", belief=belief.belief, counter=belief.counter)
    return _ask_next(turn.say("beliefs/invite"))


def offer_counter_only(turn: Turn, belief: Belief, index: int, intro_key: str) -> Response:
    """A counter-belief said on its own: the belief it answers is not spoken (the person didn't say it)."""
    _remember(turn, belief.id, index, named=turn.s.belief == belief.id and turn.s.belief_named)
    counter = belief.counters[index]
    turn.say(intro_key).say("beliefs/counter_only", counter=counter)
    turn.card("beliefs/card_title_general", "beliefs/card_body_general", counter=counter)
    return _ask_next(turn.say("beliefs/invite"))


def offer_another(turn: Turn) -> Response:
    """Another counter-belief for the thought being talked about; with none named, any one not heard."""
    lib = library(turn)
    belief = lib.beliefs.get(turn.s.belief or "")
    if belief is not None:
        heard = turn.s.beliefs_heard.get(belief.id, [])
        fresh = [i for i in range(len(belief.counters)) if i not in heard]
        if fresh:
            return offer_counter_only(turn, belief, fresh[0], "beliefs/another_intro")
        if turn.s.belief_named:
            turn.s.beliefs_heard[belief.id] = []
            turn.say("beliefs/all_heard_for_this", count=len(belief.counters))
            index = (turn.s.belief_counter + 1) % len(belief.counters)
            return offer_counter_only(turn, belief, index, "beliefs/pick_intro")
    return offer_any(turn)


def offer_any(turn: Turn) -> Response:
    """A counter-belief with no thought named: one not heard this session, the belief left unsaid."""
    lib = library(turn)
    options = [(b, i) for b in lib.beliefs.values() for i in range(len(b.counters))
               if i not in turn.s.beliefs_heard.get(b.id, []) and not (b.id == turn.s.belief and
                                                                       i == turn.s.belief_counter)]
    if not options:
        turn.say("beliefs/all_heard", count=sum(len(b.counters) for b in lib.beliefs.values()))
        turn.s.beliefs_heard = {}
        options = [(b, i) for b in lib.beliefs.values() for i in range(len(b.counters))
                   if not (b.id == turn.s.belief and i == turn.s.belief_counter)]
    belief, index = turn.speech.rng.choice(options)
    turn.s.belief_named = False
    return offer_counter_only(turn, belief, index, "beliefs/pick_intro")


def nothing_yet(turn: Turn) -> Response:
    return turn.say("beliefs/nothing_yet").ask("beliefs/nothing_yet_reprompt")


def say_slowly(turn: Turn) -> Response:
    _belief, text = _current(turn)
    if not text:
        return nothing_yet(turn)
    turn.state = State.BELIEF
    turn.personal = turn.s.belief == OWN
    return questions.ask(turn.say("beliefs/slowly", counter=text), AFTER_COUNTER, reprompt="beliefs/slowly_reprompt")


def say_again(turn: Turn) -> Response:
    _belief, text = _current(turn)
    if not text:
        return nothing_yet(turn)
    turn.personal = turn.s.belief == OWN
    return _ask_next(turn.say("beliefs/again", counter=text).say("beliefs/invite"))


def save_current(turn: Turn) -> Response:
    belief, text = _current(turn)
    if not text:
        return nothing_yet(turn)
    if belief is not None:
        turn.store.update_profile(turn.user, own_counter_belief=text)
    return questions.ask(turn.say("beliefs/saved"), AFTER_COUNTER, reprompt="beliefs/own_reprompt")


@questions.resolves(AFTER_COUNTER)
def _after_counter(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "slowly":
        return say_slowly(turn)
    if answer.outcome == "another":
        return offer_another(turn)
    if answer.outcome == "save":
        return save_current(turn)
    if answer.outcome == "again":
        return say_again(turn)
    return _ask_next(turn.say("beliefs/not_now"))


# -- handlers -----------------------------------------------------------------------------------

class NameABelief(Handler):
    """"I feel like I'm too much": the belief's counter-belief, or a kind one for everyone."""

    intents = ("CounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        said = turn.slot("belief")
        lib = library(turn)
        resolved = lib.beliefs.get(turn.slot_id("belief") or "")
        if not resolved and turn.state == State.BELIEF and self._saying_it_back(turn, said):
            return _ask_next(turn.say("beliefs/echoed"))
        belief = resolved or lib.resolve(None, said)
        if belief:
            return offer(turn, belief, "beliefs/heard_you")
        if not said:
            return offer_any(turn)
        if heard.command(turn.speech, turn.locale, said) == "thanks":
            return questions.menu(turn.say("common/you_are_welcome"))
        if turn.state != State.BELIEF and not _sounds_like_a_thought(turn, said):
            # The slot-only sample takes any sentence near no other ("what's this exactly"): outside a
            # talk about beliefs, a question or a request is not understood, and is said to be.
            return questions.menu(turn.say("fallback/fallback"))
        # An unrecognised thought: a counter-belief that fits most people, and no other painful thought named.
        _remember(turn, lib.general.id, 0, named=False)
        turn.say("beliefs/no_match", counter=lib.general.counter)
        turn.card("beliefs/card_title_general", "beliefs/card_body_general", counter=lib.general.counter)
        return _ask_next(turn)

    @staticmethod
    def _saying_it_back(turn: Turn, said: str | None) -> bool:
        """After "say it slowly" people say the counter-belief aloud; Alexa hears it as a belief."""
        _belief, text = _current(turn)
        return bool(text) and is_saying(said, text)


_QUESTION_WORDS = frozenset({
    "what", "whats", "where", "when", "why", "how", "who", "can", "could", "would", "will", "is", "are", "do",
    "does", "tell", "give", "play", "open", "start", "show",
})
_ABOUT_ME_OR_PEOPLE = frozenset({
    "i", "im", "me", "my", "myself", "mine", "nobody", "noone", "everyone", "everybody", "people", "they",
})


def _sounds_like_a_thought(turn: Turn, said: str) -> bool:
    """A hard thought the lexicon knows, or a statement about oneself or about people; not a question
    or a request ("what is this exactly", "tell me the weather")."""
    if crisis.is_painful_thought(said, turn.locale):
        return True
    words = heard.plain(said).replace("no one", "noone").split()
    return bool(words) and words[0] not in _QUESTION_WORDS and bool(_ABOUT_ME_OR_PEOPLE & set(words))


class GiveACounterBelief(Handler):
    """"Give me a counter belief", "another one": another for the same thought, or one not heard yet."""

    intents = ("GiveCounterBeliefIntent", "AnotherCounterBeliefIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.intent_name == "AnotherCounterBeliefIntent":
            return offer_another(turn)
        return offer_any(turn)


class SayItSlowly(Handler):
    """Slower, with room after it, so the person can say it out loud with Alexa (the article's step 3)."""

    intents = ("SayItSlowlyIntent",)

    def respond(self, turn: Turn) -> Response:
        return say_slowly(turn)


class HowItAffects(Handler):
    """The article's impact on life and/or work, then the counter-belief: never the impact alone, and
    only for a belief the person named."""

    intents = ("BeliefImpactIntent",)

    def respond(self, turn: Turn) -> Response:
        named = library(turn).resolve(turn.slot_id("belief"), turn.slot("belief"))
        current, _text = _current(turn)
        belief = named or (current if turn.s.belief_named else None)
        if belief is None:
            if turn.s.belief == OWN:
                return _ask_next(turn.say("beliefs/own_no_impact"))
            if turn.s.belief is not None:
                return _ask_next(turn.say("beliefs/impact_needs_the_thought"))
            return nothing_yet(turn)
        _remember(turn, belief.id, 0, named=True)
        turn.card("beliefs/card_title", "beliefs/card_body", belief=belief.belief, counter=belief.counter)
        if not belief.impact:
            turn.say("beliefs/no_impact", belief=belief.spoken, counter=belief.counter)
            return _ask_next(turn.say("beliefs/invite"))
        impact = belief.impact
        key = {"LIFE": "beliefs/impact_life", "WORK": "beliefs/impact_work"}.get(turn.slot_id("area") or "")
        turn.say(
            key or "beliefs/impact",
            impact_belief=impact["belief"].rstrip("."),
            life=impact["life"].split(", "),
            work=impact["work"].split(", "),
            counter=belief.counter,
        )
        return _ask_next(turn.say("beliefs/invite"))


class SaveThatOne(Handler):
    """"Save that as my counter belief": the one just heard goes into the profile."""

    intents = ("SaveCounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        return save_current(turn)


class SaveMyOwn(Handler):
    """"My counter belief is I am enough": the person's own words, kept (clipped) in the profile.

    Words that are themselves one of the painful beliefs are not kept as a counter-belief: read back
    later, they would put that thought in the person's head again. (Crisis and danger words never get
    here: the screen answers them first and blanks the slot.)"""

    intents = ("SaveOwnCounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        words = turn.slot("counterBelief")
        if not words:
            return turn.say("beliefs/own_needs_words").ask("beliefs/reprompt")
        if is_a_belief(turn, words):
            return offer_any(turn.say("beliefs/own_is_a_painful_thought"))
        turn.store.update_profile(turn.user, own_counter_belief=clip(words))
        _remember(turn, OWN)
        return questions.ask(turn.say("beliefs/own_saved"), AFTER_COUNTER, reprompt="beliefs/own_reprompt")


class ReadMyOwn(Handler):
    """"What's my counter belief?": read back only because it was asked for (Echoes are shared)."""

    intents = ("MyCounterBeliefIntent",)

    def respond(self, turn: Turn) -> Response:
        return privacy.read_personal(turn, "own_counter_belief")


@privacy.personal("own_counter_belief")
def _read_own(turn: Turn) -> Response:
    own = turn.profile.own_counter_belief
    if not own:
        return questions.menu(turn.say("beliefs/own_none"))
    _remember(turn, OWN)
    return questions.ask(turn.say("beliefs/own_read", own=own), AFTER_COUNTER, reprompt="beliefs/own_reprompt")


HANDLERS = [
    NameABelief(),
    GiveACounterBelief(),
    SayItSlowly(),
    HowItAffects(),
    SaveThatOne(),
    SaveMyOwn(),
    ReadMyOwn(),
]
