"""The corpora are well formed, big and varied enough to measure against, and kept apart from the model.

The last test is the rule that keeps them honest: a corpus sentence copied into a sample utterance, a
slot value or the safety screen's lexicon makes any measurement against it meaningless.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.corpus import (
    HELDOUT_SAFETY,
    KINDS,
    LOCALES,
    answers,
    asked,
    heldout_safety,
    intent_phrasings,
    is_one_shot,
    normalise,
    safety,
    seen_before,
)

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "skill" / "interactionModels" / "custom").glob("*.json"))

STARTED_INTENTS = (
    "StartReflectionIntent", "StartShortReflectionIntent", "ResumeReflectionIntent", "GoToStepIntent",
    "RememberSafePersonIntent", "FeelingOverwhelmedIntent", "FindSupportIntent", "CounterBeliefIntent",
    "GiveCounterBeliefIntent", "AnotherCounterBeliefIntent", "SayItSlowlyIntent", "BeliefImpactIntent",
    "SaveCounterBeliefIntent", "SaveOwnCounterBeliefIntent", "MyCounterBeliefIntent", "LogCheckInIntent",
    "ReadJournalIntent", "PersonJournalIntent", "JournalPatternsIntent", "DeleteLastCheckInIntent",
    "DeletePersonCheckInsIntent", "DeleteJournalIntent", "DeleteAllMyDataIntent", "SendJournalIntent",
    "MakeSafetyPlanIntent", "ChangeSafetyPlanIntent", "MySafetyPlanIntent", "DeleteSafetyPlanIntent",
    "PrivateModeOnIntent", "PrivateModeOffIntent", "WhatDoYouStoreIntent",
)
SLOTS = {
    "GoToStepIntent": {"number", "stepName"},
    "RememberSafePersonIntent": {"name"},
    "CounterBeliefIntent": {"belief"},
    "BeliefImpactIntent": {"belief", "area"},
    "SaveOwnCounterBeliefIntent": {"counterBelief"},
    "LogCheckInIntent": {"person", "feeling", "note", "date"},
    "ReadJournalIntent": {"count", "when"},
    "PersonJournalIntent": {"person"},
    "JournalPatternsIntent": {"when"},
    "DeletePersonCheckInsIntent": {"person"},
    "ChangeSafetyPlanIntent": {"part"},
}
# Intents whose every phrasing must name the slot's words.
SLOT_ALWAYS = {"RememberSafePersonIntent": "name", "PersonJournalIntent": "person",
               "DeletePersonCheckInsIntent": "person", "SaveOwnCounterBeliefIntent": "counterBelief",
               "CounterBeliefIntent": "belief"}
QUESTIONS = {
    "save_check_in": {"save", "discard", "change_person", "change_feeling", "change_note", "change_date"},
    "confirm_delete": {"yes", "no"},
    "read_aloud_now": {"yes", "no"},
    "resume_offer": {"yes", "no", "start_over"},
    "remember_name": {"yes", "no"},
    "carry_on": {"carry_on", "stop"},
    "hear_more": {"yes", "no"},
    "say_it_together": {"slowly", "another", "no"},
    "person_prompt": {"answer", "not_sure", "cancel", "repeat"},
    "feeling_prompt": {"answer", "not_sure", "change_person", "go_back", "cancel"},
    "note_prompt": {"answer", "skip", "cancel", "new_check_in"},
    "reflection_step": {"next", "skip", "back", "repeat", "pause", "stop"},
    "anything_else": {"no", "yes", "a_new_request"},
}
VALUED_OUTCOMES = {("person_prompt", "answer"), ("feeling_prompt", "answer"), ("note_prompt", "answer")}
# The slot an answer's value would fill, for comparing answers with the samples of that slot.
VALUE_SLOT = {
    ("person_prompt", "answer"): "person", ("feeling_prompt", "answer"): "feeling", ("note_prompt", "answer"): "note",
    ("save_check_in", "change_person"): "person", ("save_check_in", "change_feeling"): "feeling",
    ("save_check_in", "change_note"): "note", ("save_check_in", "change_date"): "date",
    ("feeling_prompt", "change_person"): "person",
}
CATEGORIES = {
    "crisis": {"ideation_direct", "ideation_indirect", "passive_wish", "plan_means", "self_harm_present",
               "self_harm_past", "hopelessness_risk", "slang"},
    "danger": {"hit_hurt", "threatened", "unsafe_home", "sexual_violence", "stalking", "child_at_risk",
               "controlling_coercion"},
    "everyday": {"violent_idioms", "check_in_notes", "beliefs", "people", "ordinary"},
}

# On the lower-cased text as written: "read my journal, um, no, read my counter belief" is a change of mind.
CHANGE_OF_MIND = re.compile(
    r"\b(actually|no wait|wait,? no|i mean|i meant|sorry|or rather|scratch that)\b|,\s*(?:(?:um|uh|hmm|wait),?\s*)?no,"
)
FILLER_OR_POLITE = re.compile(
    r"\b(um|uh|hmm|erm|like|so|okay|right|please|could you|would you|can you|would you mind|kindly|cheers|ta)\b"
)


def _slot_text(value: str) -> str:
    return normalise(value)


# -- intents.yaml --------------------------------------------------------------------------------

def test_every_started_intent_has_enough_phrasings() -> None:
    counts = Counter(p.intent for p in intent_phrasings())
    short = {i: counts[i] for i in STARTED_INTENTS if counts[i] < 25}
    assert not short, f"fewer than 25 phrasings: {short}"
    unknown = set(counts) - set(STARTED_INTENTS) - {"AMAZON.HelpIntent", "AMAZON.RepeatIntent"}
    assert not unknown, f"intents the brief does not name: {unknown}"
    assert counts["AMAZON.HelpIntent"] >= 25
    assert counts["AMAZON.RepeatIntent"] >= 15


@pytest.mark.parametrize("intent", STARTED_INTENTS)
def test_each_intent_is_said_in_many_ways(intent: str) -> None:
    items = [p for p in intent_phrasings() if p.intent == intent]
    one_shots = [p for p in items if p.one_shot]
    regional = [p for p in items if p.locale]
    changes = [p for p in items if CHANGE_OF_MIND.search(p.text.lower())]
    fillers = [p for p in items if FILLER_OR_POLITE.search(normalise(p.text))]
    assert len(one_shots) >= 5, f"{intent}: {len(one_shots)} one-shots"
    assert len(regional) >= 3, f"{intent}: {len(regional)} regional phrasings"
    assert len({p.locale for p in regional}) >= 3, f"{intent}: regional phrasings from fewer than 3 locales"
    assert len(changes) >= 2, f"{intent}: {len(changes)} changes of mind"
    assert len(fillers) >= 3, f"{intent}: {len(fillers)} with fillers or politeness"
    lengths = {len(normalise(p.text).split()) for p in items}
    assert max(lengths) - min(lengths) >= 5, f"{intent}: every phrasing is about the same length"


def test_phrasings_are_well_formed() -> None:
    raw = yaml.safe_load((ROOT / "tests" / "corpus" / "intents.yaml").read_text(encoding="utf-8"))
    for key, entry in raw.items():
        items = entry["phrasings"] if key.startswith("_") else entry
        assert isinstance(items, list), key
        for item in items:
            if isinstance(item, dict):
                assert set(item) <= {"text", "slots", "locale"}, (key, item)
                assert isinstance(item.get("slots", {}), dict), (key, item)
            else:
                assert isinstance(item, str), f"{key}: not a string (quote yes/no/on/off): {item!r}"
    for p in intent_phrasings():
        assert isinstance(p.text, str) and p.text.strip() and p.text == p.text.strip(), p
        assert p.locale is None or p.locale in LOCALES, p
        assert set(p.slots) <= SLOTS.get(p.intent, set()), f"{p.intent} has no slot {set(p.slots)}: {p.text}"
        for name, value in p.slots.items():
            assert isinstance(value, str) and value, (p.text, name)
            assert f" {_slot_text(value)} " in f" {normalise(p.text)} ", f"slot {name}={value!r} not in {p.text!r}"


@pytest.mark.parametrize(("intent", "slot"), sorted(SLOT_ALWAYS.items()))
def test_phrasings_say_what_their_slot_should_hold(intent: str, slot: str) -> None:
    missing = [p.text for p in intent_phrasings() if p.intent == intent and slot not in p.slots]
    assert not missing, f"{intent} phrasings without {slot}: {missing}"


def test_log_check_in_phrasings_give_people_and_feelings() -> None:
    items = [p for p in intent_phrasings() if p.intent == "LogCheckInIntent"]
    assert sum("person" in p.slots for p in items) >= 20
    assert sum("feeling" in p.slots for p in items) >= 15
    assert sum("date" in p.slots for p in items) >= 5
    assert sum("note" in p.slots for p in items) >= 2


def test_go_to_step_names_steps_by_number_and_by_name() -> None:
    items = [p for p in intent_phrasings() if p.intent == "GoToStepIntent"]
    assert sum("number" in p.slots for p in items) >= 10
    assert sum("stepName" in p.slots for p in items) >= 10


def test_one_shot_detection() -> None:
    assert is_one_shot("alexa ask safe connections to start the full reflection please")
    assert is_one_shot("open safe connections and log a check in")
    assert is_one_shot("tell Safe Connections i need a break")
    assert is_one_shot("start a guided reflection using safe connections")
    assert not is_one_shot("what is safe connections")
    assert not is_one_shot("i feel safe with my sister")


def test_normalise() -> None:
    assert normalise("Alexa, ask Safe Connections to log a check-in.") == "log a check in"
    assert normalise("open safe connections and I'm    okay") == "im okay"
    assert normalise("tell safe connections i need a break") == "i need a break"
    assert normalise("start a guided reflection using safe connections") == "start a guided reflection"
    assert normalise("What?") == "what"
    assert normalise("I\u2019d rather not say") == "id rather not say"


# -- answers.yaml --------------------------------------------------------------------------------

def test_every_question_has_its_outcomes_and_unclear() -> None:
    data = answers()
    assert set(data) == set(QUESTIONS)
    for question, outcomes in QUESTIONS.items():
        assert set(data[question]) == outcomes | {"unclear"}, question
        assert isinstance(asked()[question], str) and asked()[question].strip()


def test_every_outcome_has_enough_natural_answers() -> None:
    short = {f"{q}.{o}": len(items) for q, outs in answers().items() for o, items in outs.items() if len(items) < 10}
    assert not short, f"fewer than 10 answers: {short}"


def test_answers_are_well_formed() -> None:
    intents = set(STARTED_INTENTS)
    raw = yaml.safe_load((ROOT / "tests" / "corpus" / "answers.yaml").read_text(encoding="utf-8"))
    for question, entry in raw.items():
        assert set(entry) == {"asked", "outcomes"}, question
        for outcome, items in entry["outcomes"].items():
            assert isinstance(outcome, str), f"{question}: outcome {outcome!r} is not a name (quote yes/no)"
            for item in items:
                if isinstance(item, dict):
                    assert set(item) <= {"text", "value", "intent", "locale"}, (question, item)
                else:
                    assert isinstance(item, str), f"{question}.{outcome}: not a string: {item!r}"
    for question, outcomes in answers().items():
        for items in outcomes.values():
            for a in items:
                assert a.text.strip() and a.text == a.text.strip(), (question, a)
                assert a.locale is None or a.locale in LOCALES, (question, a)
                assert a.intent is None or a.intent in intents, (question, a)
                if a.value is not None:
                    assert f" {normalise(a.value)} " in f" {normalise(a.text)} ", f"{a.value!r} not in {a.text!r}"


@pytest.mark.parametrize(("question", "outcome"), sorted(VALUED_OUTCOMES))
def test_free_text_answers_say_what_to_keep(question: str, outcome: str) -> None:
    missing = [a.text for a in answers()[question][outcome] if a.value is None]
    assert not missing, f"{question}.{outcome} answers without a value: {missing}"


def test_new_requests_name_the_intent_they_should_reach() -> None:
    for question, outcome in (("anything_else", "a_new_request"), ("note_prompt", "new_check_in")):
        missing = [a.text for a in answers()[question][outcome] if a.intent is None]
        assert not missing, f"{question}.{outcome} without an intent: {missing}"


# -- safety.yaml ---------------------------------------------------------------------------------

def test_safety_categories_and_counts() -> None:
    by = defaultdict(list)
    for s in safety():
        by[s.kind, s.category].append(s)
    for kind in KINDS:
        assert {c for k, c in by if k == kind} == CATEGORIES[kind], kind
    for kind in ("crisis", "danger"):
        small = {c: len(by[kind, c]) for c in CATEGORIES[kind] if len(by[kind, c]) < 15}
        assert not small, f"{kind} categories with fewer than 15 sentences: {small}"
    harmful = [s for s in safety() if s.kind != "everyday"]
    everyday = [s for s in safety() if s.kind == "everyday"]
    assert len(harmful) >= 330, len(harmful)
    assert sum(s.locale not in (None, "en-US") for s in harmful) >= 40
    assert len(everyday) >= 330, len(everyday)
    assert len(by["everyday", "violent_idioms"]) >= 80


@pytest.mark.parametrize("kind", KINDS)
def test_every_locale_appears_in_every_section(kind: str) -> None:
    locales = {s.locale for s in safety() if s.kind == kind}
    assert locales >= {None, *LOCALES}, f"{kind}: missing {set(LOCALES) - locales}"


def test_safety_file_is_well_formed() -> None:
    raw = yaml.safe_load((ROOT / "tests" / "corpus" / "safety.yaml").read_text(encoding="utf-8"))
    assert set(raw) == set(KINDS)
    for kind in ("crisis", "danger"):
        for category, by_locale in raw[kind].items():
            assert set(by_locale) <= {"en", *LOCALES}, (kind, category)
            for texts in by_locale.values():
                assert all(isinstance(t, str) and t.strip() for t in texts), (kind, category)
    for category, items in raw["everyday"].items():
        for item in items:
            if isinstance(item, dict):
                assert set(item) <= {"text", "locale"} and item.get("locale") in LOCALES, (category, item)
            else:
                assert isinstance(item, str) and item.strip(), (category, item)


# -- no repeats ----------------------------------------------------------------------------------

def _repeats(texts: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = defaultdict(list)
    for where, text in texts:
        seen[normalise(text)].append(f"{where}: {text!r}")
    return {n: wheres for n, wheres in seen.items() if len(wheres) > 1}


def test_no_sentence_repeats() -> None:
    """Within the intents and the safety corpus together (one sentence cannot mean two things), and
    within each question's answers. The same short answer ("no thanks") may answer two questions."""
    texts = [(f"intents {p.intent}", p.text) for p in intent_phrasings()]
    texts += [(f"safety {s.kind}.{s.category}", s.text) for s in safety()]
    repeats = _repeats(texts)
    for question, outcomes in answers().items():
        repeats |= _repeats((f"answers {question}.{o}", a.text) for o, items in outcomes.items() for a in items)
    assert not repeats, "\n".join(" | ".join(w) for w in repeats.values())


# -- kept apart from the model -------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Quoted words in what the skill says ("say "next" when you're ready"): the skill asks people to say
# exactly these, so they are samples by design, not corpus sentences copied into the model.
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d{}<>]{1,60})[\"\u201d]")


@dataclass(frozen=True)
class Sample:
    where: str
    text: str


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def model_samples() -> list[Sample]:
    """Every sample utterance (intents' and slots'), slot value and synonym of the interaction models."""
    out: list[Sample] = []
    for path in MODELS:
        lm = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        locale = path.stem
        for intent in lm.get("intents", []):
            out += [Sample(f"{locale} {intent['name']} sample", s) for s in intent.get("samples") or []]
            for slot in intent.get("slots") or []:
                where = f"{locale} {intent['name']}.{slot['name']} slot sample"
                out += [Sample(where, s) for s in slot.get("samples") or []]
        for slot_type in lm.get("types") or []:
            for value in slot_type.get("values") or []:
                name = value.get("name") or {}
                for s in [name.get("value"), *(name.get("synonyms") or [])]:
                    if s:
                        out.append(Sample(f"{locale} slot type {slot_type['name']} value", s))
    return out


def screen_strings() -> list[Sample]:
    out: list[Sample] = []
    for path in sorted(ROOT.glob("content/*/data/screen*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [Sample(str(path.relative_to(ROOT)), s) for s in _strings(data)]
    return out


def prompted_phrases() -> set[str]:
    out: set[str] = set()
    for path in sorted(ROOT.glob("content/*/messages/*.yaml")):
        for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            out |= {normalise(m) for m in _QUOTED.findall(s)}
    return out - {""}


def fill(template: str, values: Mapping[str, str]) -> str | None:
    """The template with its {slots} replaced by these values, or None if a slot has no value."""
    names = _PLACEHOLDER.findall(template)
    if not names or any(n not in values for n in names):
        return None
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _echoes(answer: str, question: str) -> bool:
    """The answer repeats words of the question itself ("safe" to "safe, mostly safe, mixed or unsafe?")."""
    return f" {normalise(answer)} " in f" {normalise(question)} "


def _corpus_items() -> Iterator[tuple[str, str, Mapping[str, str]]]:
    """(where, text, the slot values a template may be filled with) for every corpus sentence that
    does not just repeat what the skill asked."""
    for p in intent_phrasings():
        yield f"intents.yaml {p.intent}", p.text, p.slots
    for question, outcomes in answers().items():
        for outcome, items in outcomes.items():
            slot = VALUE_SLOT.get((question, outcome))
            for a in items:
                if not _echoes(a.text, asked()[question]):
                    values = {slot: a.value} if slot and a.value else {}
                    yield f"answers.yaml {question}.{outcome}", a.text, values
    for s in safety():
        yield f"safety.yaml {s.kind}.{s.category}", s.text, {}
    for name in HELDOUT_SAFETY:
        for s in heldout_safety(name):
            yield f"{name} {s.kind}.{s.category}", s.text, {}


def _index() -> tuple[dict[str, list[Sample]], dict[str, list[Sample]]]:
    """Literal strings by their normalised text, and samples with {slots} by their template."""
    literal: dict[str, list[Sample]] = defaultdict(list)
    templates: dict[str, list[Sample]] = defaultdict(list)
    for sample in model_samples():
        if not _PLACEHOLDER.search(sample.text):
            literal[normalise(sample.text)].append(sample)
        elif _PLACEHOLDER.sub("", sample.text).strip():
            templates[sample.text].append(sample)
        # A slot-only sample ("{belief}") has no words of its own that could have been copied.
    for sample in screen_strings():
        literal[normalise(sample.text)].append(sample)
    return literal, templates


def collisions() -> list[str]:
    """Every corpus sentence that equals, normalised, a sample, a filled sample, a slot value or a
    lexicon string. Words the skill itself tells people to say (see _QUOTED), and answers that repeat
    the question's own words, are samples by design and not counted."""
    literal, templates = _index()
    prefixes = {t: normalise(t.split("{", 1)[0]) for t in templates}
    prompted = prompted_phrases()
    found: list[str] = []
    for where, text, slot_values in _corpus_items():
        said = normalise(text)
        if not said or said in prompted:
            continue
        hits = [f"{s.where} {s.text!r}" for s in literal.get(said, [])]
        for template in (t for t in templates if slot_values and said.startswith(prefixes[t])):
            filled = fill(template, slot_values)
            if filled is not None and normalise(filled) == said:
                hits += [f"{s.where} {s.text!r}" for s in templates[template]]
        if hits:
            found.append(f"{where}: {text!r} == " + "; ".join(sorted(set(hits))))
    return found


def test_the_sample_check_reads_the_models() -> None:
    """Guards the rule below against passing because it read nothing."""
    samples = model_samples()
    assert MODELS, "no interaction models found"
    assert len(samples) > 100
    assert any(_PLACEHOLDER.search(s.text) for s in samples)
    assert len(prompted_phrases()) > 10
    assert fill("log that i saw {person} and felt {feeling}", {"person": "my mum", "feeling": "safe"}) == (
        "log that i saw my mum and felt safe"
    )
    assert fill("how did it go with {person}", {"feeling": "safe"}) is None


def _collided_sentences() -> dict[str, str]:
    """Normalised corpus sentence -> the collision report, for every current collision."""
    found: dict[str, str] = {}
    for line in collisions():
        text = re.match(r"[^:]+: (['\"])(.*?)\1 == ", line)
        found[normalise(text.group(2) if text else line)] = line
    return found


def test_no_corpus_sentence_is_a_sample() -> None:
    """A corpus sentence copied into the model (or the screen) proves nothing when measured against it.
    Fix a failure by changing the sample or pattern, never the corpus. The sentences that were samples
    before the corpus was written are listed in samples_before_the_corpus.txt; that list only shrinks."""
    current = _collided_sentences()
    known = seen_before()
    new = [current[s] for s in sorted(set(current) - known)]
    assert not new, f"{len(new)} corpus sentences are also samples, slot values or lexicon entries:\n" + "\n".join(new)
    gone = sorted(known - set(current))
    assert not gone, "no longer samples: remove these lines from samples_before_the_corpus.txt:\n" + "\n".join(gone)
