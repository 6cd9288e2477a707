"""Every question the skill asks, declared once, with its named outcomes and who was asked.

A capability asks with `ask(turn, QUESTION)` and receives the outcome in the function it registered
with `@resolves(QUESTION)`; no capability handles "yes" or "no" itself. While a question waits, the
next request is heard against it (interceptors.HearAnswer, then handlers/answers.py):

- an intent the question lists for an outcome -> that outcome ("yes" -> save, "change the note" ->
  change, "save that" -> save even though Alexa heard the counter-belief intent);
- the question's own free-text intent -> the words, tidied (fillers trimmed), or a command said in
  them ("never mind", "skip", "what?") when the question has an outcome for it (heard.py);
- fallback -> a miss: the choices, said in the answer itself; after MAX_MISSES a gentle way out that
  keeps what was said so far (`give_up`);
- help -> the question's help, and the question again;
- an answer from another speaker scope than the one asked -> not acted on; the person hears why;
- any other intent -> the person moved on: the question ends (its `on_leave` may say what became of
  what was waiting) and the intent is handled as usual. "Say that again" never ends a question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ask_sdk_model import Response

from safe_connections.state import Pending, State
from safe_connections.turn import Turn

MAX_MISSES = 2
FALLBACK = "AMAZON.FallbackIntent"
HELP = "AMAZON.HelpIntent"
REPEAT = "AMAZON.RepeatIntent"
YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
STOP, CANCEL = "AMAZON.StopIntent", "AMAZON.CancelIntent"
# Outcomes the machinery itself gives, before any capability hears of them.
MISS, HELP_ASKED, OTHER_SPEAKER, THINKING = "_miss", "_help", "_other_speaker", "_thinking"
ANSWER = "answer"
REPEAT_OUTCOME = "repeat"  # a question that lists it hears "what?" in its free words as "say that again"
# Intents that only ever answer something: while a question waits, one it has no outcome for is a
# miss of that question, not a change of subject ("it's the park" in the middle of a reflection).
ANSWER_ONLY = frozenset({YES, NO, "SkipQuestionIntent", "SafetyPlanAnswerIntent", "CheckInNoteIntent",
                         # "I guess {name}" takes "I guess so": outside the reflection's step it answers
                         "RememberSafePersonIntent"})
# The interaction model's catch-all: a slot-only sample, so on an Echo any sentence near no other sample
# arrives here with its words in the slot, unresolved ("it was yesterday actually" at "Shall I save
# it?"). While a real question waits it is an answer in words, never a change of subject: leaving would
# drop what was waiting.
CATCH_ALL = ("CounterBeliefIntent", "belief")
# The deletions a person can ask for: while one is being confirmed, another is "delete it" misheard.
DELETIONS = frozenset({"DeleteLastCheckInIntent", "DeleteJournalIntent", "DeletePersonCheckInsIntent",
                       "DeleteAllMyDataIntent", "DeleteSafetyPlanIntent"})
# What ends even a question that holds something: stopping, going home, asking for support or help
# with a hard moment. (Crisis and danger words never reach a question at all: the screen answers first.)
# "Say that again" is in it too: it never ends a question, and is answered as usual.
STILL_LEAVES = frozenset({STOP, CANCEL, REPEAT, "AMAZON.NavigateHomeIntent", "FindSupportIntent",
                          "FeelingOverwhelmedIntent", "CrisisIntent", "DangerIntent"})
# A command said in words means what its built-in intent means to a question without that command
# ("never mind" at "Shall I save it?" is the question's cancel: let it go).
COMMAND_INTENTS = {"cancel": CANCEL, "stop": STOP, "repeat": REPEAT, "go_back": "AMAZON.PreviousIntent",
                   "skip": "SkipQuestionIntent", "yes": YES, "no": NO, "go_on": "AMAZON.NextIntent",
                   "yes_delete": CANCEL}
_YES_NO_WORDS = frozenset({"yes", "no", "go_on", "yes_delete"})


@dataclass(frozen=True)
class Question:
    name: str
    outcomes: Mapping[str, tuple[str, ...]]  # outcome -> the intents that mean it
    reprompt: str  # message key: the question again, briefly (reprompt, and after a miss)
    miss: str  # message key: "I missed that" with the choices in it
    help: str | None = None  # message key; the miss when None
    give_up: str | None = None  # outcome taken after MAX_MISSES misses; None: offer `way_out`, keep asking
    way_out: str = "questions/way_out"
    answer: tuple[str, str] | None = None  # (intent, slot) whose free words answer it: outcome "answer"
    speaker_bound: bool = True  # only the speaker who was asked can answer it
    state: State | None = None  # the conversation state while it waits
    # Whether an answer-only intent it has no outcome for (ANSWER_ONLY) is a miss: yes for a real
    # question; no for the everyday "anything else?", where "I noticed..." starts a check-in.
    strict_answers: bool = True
    # Whether the catch-all's words (CATCH_ALL) answer it; no where a thought said aloud is the point.
    hears_the_catch_all: bool = True
    # Whether it holds something unsaved that moving on would lose (a check-in read back): then only
    # an intent that plainly leaves (STILL_LEAVES) ends it; any other is a miss, asked again. Or only
    # these intents are held as misses (a delete question: another Delete intent heard for "delete it").
    holds: bool | frozenset[str] = False

    def outcome_of(self, intent: str | None) -> str | None:
        for outcome, intents in self.outcomes.items():
            if intent in intents:
                return outcome
        return None


@dataclass(frozen=True)
class Answer:
    outcome: str
    value: str | None = None  # the free words, tidied, for outcome "answer"
    context: dict[str, Any] = field(default_factory=dict)  # what the capability kept with the question


Resolver = Callable[[Turn, Answer], Response]
Leaver = Callable[[Turn], None]

_QUESTIONS: dict[str, Question] = {}
_RESOLVERS: dict[str, Resolver] = {}
_LEAVERS: dict[str, Leaver] = {}


def declare(question: Question) -> Question:
    if question.name in _QUESTIONS and _QUESTIONS[question.name] is not question:
        raise ValueError(f"question {question.name!r} declared twice")
    _QUESTIONS[question.name] = question
    return question


def resolves(question: Question) -> Callable[[Resolver], Resolver]:
    """Registers the function that receives the question's outcome."""

    def register(resolver: Resolver) -> Resolver:
        _RESOLVERS[question.name] = resolver
        return resolver

    return register


def on_leave(question: Question) -> Callable[[Leaver], Leaver]:
    """Registers what happens to what was waiting when the person moves on without answering."""

    def register(leaver: Leaver) -> Leaver:
        _LEAVERS[question.name] = leaver
        return leaver

    return register


# Every answer that finishes something ends with this one ("What would you like to do now?"). Its
# outcomes are received in handlers/builtin.py.
ANYTHING_ELSE = declare(Question(
    name="anything_else",
    outcomes={"yes": (YES,), "no": (NO,)},
    reprompt="common/reprompt",
    miss="fallback/fallback",
    help="help/help",
    speaker_bound=False,
    state=State.IDLE,
    strict_answers=False,
))


def menu(turn: Turn, reprompt: str | None = None) -> Response:
    """Ends an answer with the everyday question: what would you like to do now?"""
    return ask(turn, ANYTHING_ELSE, reprompt=reprompt)


def declared() -> dict[str, Question]:
    return dict(_QUESTIONS)


def pending(turn: Turn) -> Question | None:
    waiting = turn.s.question
    return _QUESTIONS.get(waiting.name) if waiting is not None else None


def ask(turn: Turn, question: Question, *, context: dict[str, Any] | None = None,
        slots: dict[str, str | None] | None = None, reprompt: str | None = None, **values: Any) -> Response:
    """Asks what was said (the question's words are already in the turn) and waits for its answer.

    `values` fill the reprompt's template now and again whenever the question is asked again; `slots`
    are the other slots of a free-text question's intent, handed back to Alexa with the elicitation;
    `reprompt` replaces the question's own reprompt (a message key) where a capability words it its way."""
    context = dict(context or {})
    if values:
        context["_values"] = values
    if slots:
        context["_slots"] = slots
    if reprompt:
        context["_reprompt"] = reprompt
    turn.s.question = Pending(question.name, turn.user.scope, 0, context)
    if question.state is not None:
        turn.state = question.state
    return _listen(turn, question, values)


def ask_again(turn: Turn, question: Question, *, aloud: bool = False) -> Response:
    """The same question once more (after a miss, help, or a word from another speaker). `aloud`: say
    it too, where nothing said this turn asks it (coming back to it after the crisis answer)."""
    if aloud:
        turn.say(_reprompt(turn, question), **_values(turn))
    return _listen(turn, question, _values(turn))


def _values(turn: Turn) -> dict[str, Any]:
    waiting = turn.s.question
    return (waiting.context.get("_values") if waiting else None) or {}


def _reprompt(turn: Turn, question: Question) -> str:
    """The question again, briefly: the capability's own wording if it gave one, else the question's."""
    waiting = turn.s.question
    return (waiting.context.get("_reprompt") if waiting else None) or question.reprompt


def _listen(turn: Turn, question: Question, values: dict[str, Any]) -> Response:
    reprompt = _reprompt(turn, question)
    if question.answer is not None:
        intent, slot = question.answer
        return turn.elicit_slot(slot, reprompt, intent_name=intent, slots=_slots_for(turn, intent, slot), **values)
    return turn.ask(reprompt, **values)


def _slots_for(turn: Turn, intent: str, slot: str) -> dict[str, str | None]:
    """The elicited intent's slots: the one asked for empty, the others as the capability left them."""
    kept = (turn.s.question.context.get("_slots") if turn.s.question else None) or {}
    return {**{k: v for k, v in kept.items() if isinstance(v, str) or v is None}, slot: None}


def hear(turn: Turn) -> Answer | None:
    """What this request answers, or None when it is not for the waiting question (or none waits)."""
    question = pending(turn)
    waiting = turn.s.question
    if question is None or waiting is None:
        return None
    intent = turn.intent_name
    context = waiting.context
    outcome = question.outcome_of(intent)
    free = question.answer is not None and intent == question.answer[0]
    stray = question.strict_answers and intent in ANSWER_ONLY
    caught = (outcome is None and question.strict_answers and question.hears_the_catch_all
              and _caught_by_the_catch_all(turn))
    held = (intent in question.holds if isinstance(question.holds, frozenset)
            else question.holds and intent not in STILL_LEAVES)
    if outcome is None and not free and intent not in (FALLBACK, HELP) and not stray and not caught and not held:
        return None
    if question.speaker_bound and turn.user.scope != waiting.asked_by:
        if intent in (STOP, CANCEL):
            return None  # anyone may stop the skill; what was waiting is let go as when moving on
        return Answer(OTHER_SPEAKER, context=context)
    if outcome is not None:
        return Answer(outcome, context=context)
    if intent == HELP:
        return Answer(HELP_ASKED, context=context)
    return _in_words(turn, question, context, free=free, caught=caught)


def _in_words(turn: Turn, question: Question, context: dict[str, Any], *, free: bool, caught: bool) -> Answer:
    """A free-text answer or the catch-all's words: a command the question offers, the tidied words
    (free-text questions only), or a miss."""
    from safe_connections import heard

    slot = question.answer[1] if free and question.answer else CATCH_ALL[1] if caught else None
    said = turn.slot(slot) if slot else None
    if said is None:
        return Answer(MISS, context=context)
    command = heard.command(turn.speech, turn.locale, said)
    if command == "thinking" and command not in question.outcomes:
        return Answer(THINKING, context=context)
    # Free words at a free-text question are the answer itself ("perfect" can be a feeling), unless the
    # question names the command; yes and no in words are read only where no answer in words is asked for.
    as_intent = None if free and command in _YES_NO_WORDS else COMMAND_INTENTS.get(command or "")
    outcome = command if command in question.outcomes else question.outcome_of(as_intent)
    if outcome is not None:
        return Answer(outcome, context=context)
    fix = None if free else heard.correction(turn.speech, turn.locale, said)
    if fix is not None and f"change_{fix[0]}" in question.outcomes:
        return Answer(f"change_{fix[0]}", value=fix[1], context=context)
    if free:
        value = heard.tidy(turn.speech, turn.locale, said, slot)
        if value:
            return Answer(ANSWER, value=value, context=context)
    return Answer(MISS, context=context)


def _caught_by_the_catch_all(turn: Turn) -> bool:
    intent, slot = CATCH_ALL
    return turn.intent_name == intent and turn.slot(slot) is not None and turn.slot_id(slot) is None


def respond(turn: Turn, answer: Answer) -> Response:
    """Acts on what `hear` found: the machinery's own outcomes here, the rest by the capability."""
    question = pending(turn)
    waiting = turn.s.question
    assert question is not None and waiting is not None, "respond() without a waiting question"
    if answer.outcome == OTHER_SPEAKER:
        # Not a miss: another voice must not use up the chances of the person who was asked.
        turn.say("questions/not_your_answer")
        return ask_again(turn, question)
    if answer.outcome == HELP_ASKED:
        turn.say(question.help or question.miss, **_values(turn))
        return ask_again(turn, question)
    if answer.outcome == MISS:
        return _missed(turn, question, waiting)
    if answer.outcome == THINKING:
        turn.say("questions/take_your_time")
        return ask_again(turn, question)
    if answer.outcome == REPEAT_OUTCOME and turn.s.last is not None:
        # "What?" said as the answer: the question again, as it was said.
        from markupsafe import Markup

        turn.personal = turn.s.last.personal
        turn.say_ssml(Markup(turn.s.last.speech))
        return ask_again(turn, question)
    turn.s.question = None
    return _RESOLVERS[question.name](turn, answer)


def _missed(turn: Turn, question: Question, waiting: Pending) -> Response:
    waiting.misses += 1
    if waiting.misses < MAX_MISSES:
        turn.say(question.miss, **_values(turn))
        return ask_again(turn, question)
    if question.give_up is not None:
        turn.s.question = None
        return _RESOLVERS[question.name](turn, Answer(question.give_up, context=waiting.context))
    waiting.misses = 0
    turn.say(question.way_out)
    return ask_again(turn, question)


def leave(turn: Turn) -> None:
    """The person moved on: the question ends, and its capability tidies what was waiting."""
    question = pending(turn)
    if turn.s.question is None:
        return
    turn.s.question = None
    if question is not None and question.name in _LEAVERS:
        _LEAVERS[question.name](turn)


__all__ = ["ANSWER", "Answer", "Question", "ask", "ask_again", "declare", "hear", "leave", "on_leave", "pending",
           "resolves", "respond"]
