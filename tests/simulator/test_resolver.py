"""Typed words reach the intent and slots Alexa would send, through our own interaction models."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.simulator.small_model import model
from tools import build_models
from tools.simulator.builtins import PHRASINGS
from tools.simulator.model import InteractionModel
from tools.simulator.resolver import Resolver, words

TODAY = date(2026, 11, 26)  # a Thursday in ISO week 48
LOCALES = build_models.locales()
# A plausible thing to say for each built-in slot type, for filling sample placeholders.
SAYABLE = {"AMAZON.NUMBER": "three", "AMAZON.DATE": "yesterday", "AMAZON.SearchQuery": "she listened to me",
           "AMAZON.DURATION": "five minutes", "AMAZON.TIME": "noon"}


@pytest.fixture(scope="module")
def small() -> Resolver:
    return Resolver(model(), today=TODAY)


@pytest.fixture(scope="module")
def small_strict() -> Resolver:
    return Resolver(model(), today=TODAY, strict=True)


@pytest.fixture(scope="module", params=[False, True], ids=["alexa-like", "strict"])
def either(request) -> Resolver:
    """The small model in each mode: what both modes do alike."""
    return Resolver(model(), today=TODAY, strict=request.param)


def _say(resolver: Resolver, intent: str, sample: str) -> str:
    """A sample with every {slot} replaced by something a person would say for its type."""
    types = resolver.model.slot_types(intent)

    def value(match: re.Match[str]) -> str:
        slot_type = types.get(match.group(1), "")
        values = resolver.model.types.get(slot_type)
        return values[0].name if values else SAYABLE.get(slot_type, "Maya")

    return re.sub(r"\{(\w+)\}", value, sample)


def _intents_with_samples(locale: str) -> list[str]:
    found = InteractionModel.for_locale(locale)
    return [name for name, intent in found.intents.items() if intent.get("samples")]


@pytest.mark.parametrize("strict", [False, True], ids=["alexa-like", "strict"])
@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_with_samples_is_reached_by_at_least_three_of_them(locale, strict):
    resolver = Resolver(InteractionModel.for_locale(locale), today=TODAY, strict=strict)
    intents = _intents_with_samples(locale)
    assert intents, "the model has no samples at all"
    for intent in intents:
        samples = resolver.model.intents[intent]["samples"]
        reached: list[str] = []
        for sample in samples:  # three are enough to know; stop there
            if resolver.resolve(_say(resolver, intent, sample)).intent == intent:
                reached.append(sample)
                if len(reached) == 3:
                    break
        assert len(reached) >= min(3, len(samples)), f"{intent}: only {reached} of {samples} reach it"


@pytest.mark.parametrize("strict", [False, True], ids=["alexa-like", "strict"])
@pytest.mark.parametrize("locale", LOCALES)
def test_the_common_phrasings_of_every_declared_built_in_intent(locale, strict):
    resolver = Resolver(InteractionModel.for_locale(locale), today=TODAY, strict=strict)
    ours = {" ".join(word for _, word in s.items) for s in resolver.samples if s.ours}
    for intent in resolver.model.intents:
        for phrase in PHRASINGS.get(intent, ()):
            if " ".join(w.norm for w in words(phrase)) in ours:
                continue  # our model gives this phrase to an intent of its own: ours wins
            assert resolver.resolve(phrase).intent == intent, phrase


@pytest.mark.parametrize(("said", "intent"), [
    ("Yeah!", "AMAZON.YesIntent"), ("nope", "AMAZON.NoIntent"), ("Not now.", "AMAZON.NoIntent"),
    ("go on", "AMAZON.NextIntent"), ("go back", "AMAZON.PreviousIntent"), ("Say that again?", "AMAZON.RepeatIntent"),
    ("start over", "AMAZON.StartOverIntent"), ("hold on", "AMAZON.PauseIntent"),
    ("continue where I left off", "AMAZON.ResumeIntent"), ("quit", "AMAZON.StopIntent"),
    ("never mind", "AMAZON.CancelIntent"), ("help please", "AMAZON.HelpIntent"),
    ("go home", "AMAZON.NavigateHomeIntent"),
    ("that's enough for now", "AMAZON.StopIntent"), ("what can you do", "AMAZON.HelpIntent"),
])
def test_built_in_phrasings_on_our_english_model(said, intent):
    assert Resolver(InteractionModel.for_locale("en-US")).resolve(said).intent == intent


UNRELATED = "the quarterly sales figures for the northern region"


def test_an_unrelated_sentence_is_the_fallback_with_no_words(either):
    found = either.resolve(UNRELATED)
    assert found.intent == "AMAZON.FallbackIntent" and found.values() == {}
    assert found.how.startswith("no sample")


@pytest.mark.parametrize("strict", [False, True], ids=["alexa-like", "strict"])
@pytest.mark.parametrize("locale", LOCALES)
def test_on_our_model_the_slot_only_belief_sample_catches_an_unrelated_sentence(locale, strict):
    """As on an Echo: "{belief}" is open, so what is near no other sample arrives as a belief nobody listed."""
    found = Resolver(InteractionModel.for_locale(locale), strict=strict).resolve(UNRELATED)
    assert found.intent == "CounterBeliefIntent" and found.values() == {"belief": UNRELATED}
    assert found.slots["belief"]["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"] == (
        "ER_SUCCESS_NO_MATCH")
    assert found.how.startswith('slot-only sample "{belief}"')


def test_a_synonym_resolves_to_its_canonical_value_and_id(either):
    found = either.resolve("I saw Maya and it felt calm")
    assert found.intent == "LogMoodIntent"
    feeling = found.slots["feeling"]
    assert feeling["value"] == "calm"
    authority = feeling["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"] == {"name": "safe", "id": "safe"}
    assert authority["authority"].endswith(".FEELING")
    assert found.slots["person"]["value"] == "Maya"
    assert found.slots["when"] == {"name": "when", "confirmationStatus": "NONE"}  # declared, not said: empty


def test_an_unknown_value_of_a_custom_type_is_no_match(either):
    feeling = either.resolve("I saw Maya and it felt purple").slots["feeling"]
    assert feeling["value"] == "purple"
    assert feeling["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"] == "ER_SUCCESS_NO_MATCH"
    assert "values" not in feeling["resolutions"]["resolutionsPerAuthority"][0]


def test_case_and_punctuation_do_not_matter(either):
    found = either.resolve("I SAW maya... and it felt, AT EASE!")
    assert found.intent == "LogMoodIntent" and found.values() == {"person": "maya", "feeling": "AT EASE"}
    assert found.slots["feeling"]["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] == "safe"


@pytest.mark.parametrize(("said", "count"), [
    ("give me 3 ideas", "3"), ("give me three ideas", "3"), ("give me twenty one ideas", "21"),
    ("read the last seven", "7"), ("read the last first", "1"),
])
def test_numbers_in_digits_and_words(either, said, count):
    found = either.resolve(said)
    assert found.intent == "CountIntent" and found.slots["count"]["value"] == count


def test_a_number_slot_does_not_take_words_that_are_not_numbers(small, small_strict):
    near = small.resolve("give me banana ideas")  # Alexa sends the intent, the number left empty
    assert near.intent == "CountIntent" and near.values() == {} and near.how.startswith("nearest sample")
    assert small_strict.resolve("give me banana ideas").intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize(("when", "value"), [
    ("today", "2026-11-26"), ("yesterday", "2026-11-25"), ("on monday", "2026-11-23"),
    ("on thursday", "2026-11-26"), ("last thursday", "2026-11-19"), ("last week", "2026-W47"),
    ("this week", "2026-W48"), ("2026-11-02", "2026-11-02"), ("three days ago", "2026-11-23"),
    ("november 20th", "2026-11-20"), ("the 30th of december", "2025-12-30"),
])
def test_dates_as_alexa_fills_them(either, when, value):
    found = either.resolve(f"I saw Maya {when} and it felt calm")
    assert found.slots["when"]["value"] == value
    assert found.slots["person"]["value"] == "Maya"


def test_the_match_with_the_most_literal_words_wins(either):
    # "I saw {person}" also matches with person="Maya and it felt tense"; the longer sample wins.
    found = either.resolve("I saw Maya and it felt tense")
    assert found.sample == "I saw {person} and it felt {feeling}"
    assert found.values() == {"person": "Maya", "feeling": "tense"}


def test_a_read_date_beats_free_words(either):
    found = either.resolve("I saw Maya yesterday")
    assert found.values() == {"person": "Maya", "when": "2026-11-25"}


@pytest.mark.parametrize(("said", "kind", "rest"), [
    ("open safe connections", "launch", ""), ("Alexa, launch Safe Connections.", "launch", ""),
    ("start safe connections", "launch", ""), ("ask safe connections", "launch", ""),
    ("ask safe connections for help", "one_shot", "for help"),
    ("tell safe connections that I saw Maya", "one_shot", "that I saw Maya"),
    ("open safe connections and log my mood", "one_shot", "log my mood"),
    ("log my mood with safe connections", "one_shot", "log my mood"),
])
def test_invocations(small, said, kind, rest):
    invocation = small.invocation_of(said)
    assert invocation is not None and invocation.kind == kind
    assert " ".join(w.raw for w in invocation.rest) == rest


def test_words_without_the_invocation_name_are_not_an_invocation(small):
    assert small.invocation_of("open the window") is None
    assert small.invocation_of("help") is None


def test_a_one_shot_drops_the_connecting_word_only_when_it_helps(small):
    assert small.resolve_one_shot(small.invocation_of("ask safe connections for help").rest).intent == (
        "AMAZON.HelpIntent")
    found = small.resolve_one_shot(small.invocation_of("tell safe connections I saw Maya").rest)
    assert found.intent == "LogMoodIntent" and found.values() == {"person": "Maya"}
