"""The crisis screen: every way of saying "I'm not safe" we know of is caught; everyday idioms are not."""

from __future__ import annotations

import json

import pytest
from safe_connections.crisis import category_of, normalise, sounds_like_crisis

from tools.build_models import OUT, locales

# Said to the skill, as a CrisisIntent utterance or inside any free-text value. Each is also a
# CrisisIntent sample in every locale's model (checked below), so the conversation tests use them all.
PHRASINGS = [
    "I want to hurt myself",
    "I want to harm myself",
    "I'm going to hurt myself",
    "I feel like hurting myself",
    "I've been hurting myself",
    "I've been cutting myself",
    "I want to cut myself",
    "I'm thinking about suicide",
    "I'm thinking about killing myself",
    "I've been thinking about suicide",
    "I'm having suicidal thoughts",
    "I feel suicidal",
    "I'm suicidal",
    "I want to kill myself",
    "I want to end my life",
    "I want to end it all",
    "I want to die",
    "I wish I was dead",
    "I wish I were dead",
    "I don't want to be here anymore",
    "I don't want to be alive anymore",
    "I don't want to live anymore",
    "I don't want to wake up",
    "I'm not safe right now",
    "I'm not safe",
    "I don't feel safe right now",
    "I'm in danger",
    "I can't go on",
    "I can't keep going",
    "I can't take it anymore",
    "I can't do this anymore",
    "there's no reason to live",
    "I have nothing to live for",
    "everyone would be better off without me",
    "I'd be better off dead",
    "life isn't worth living",
    "I want to take an overdose",
    "I'm in crisis",
]

# The same things as people also type or Alexa transcribes them: other spellings, inside longer notes.
VARIANTS = [
    "im not safe",
    "I’m thinking about suicide",
    "i dont want to be here any more",
    "I DON'T WANT TO BE HERE ANYMORE.",
    "had a long talk with mum but honestly i want to die",
    "Sam was kind, and I still can't go on like this",
    "i cant keep going",
    "sometimes I think about ending my life",
    "I keep wanting to hurt myself",
    "self-harm",
    "I've been self harming again",
    "I wanna die",
    "I'm gonna kill myself",
    "suicidal thoughts again today",
    "I'd be better off dead, that's what I believe",
    "I wish I had never been born",
    "I just want to go to sleep and never wake up",
    "I am not suicidal but I'm not okay",  # the screen answers gently rather than guess at a negation
    "I want to unalive myself",
    "I might jump off a bridge",
]

# Everyday words that share a word with a crisis; the screen leaves them alone.
NOT_CRISIS = [
    "I hurt my knee at the gym",
    "I cut myself cooking",
    "this job is killing me",
    "I'd kill for a coffee",
    "I'm dying to see her",
    "I want to dye my hair",
    "I want to die my hair",
    "I don't want to die alone",
    "I didn't feel safe with my boss",
    "I felt unsafe at the party",
    "I feel safe right now",
    "I'm safe now",
    "I don't want to live with my parents",
    "I don't want to be here at this party",
    "I don't want to wake up early tomorrow",
    "my sister called and we laughed",
    "People who care about me want to support me.",
    "I'll be a burden",
    "",
]

# DangerIntent samples in every locale's model, also used by the conversation tests.
DANGER_PHRASINGS = [
    "somebody is hurting me",
    "my partner hit me",
    "he hit me",
    "I'm being abused",
    "he threatened to kill me",
    "I am not safe in my own home",
    "I was sexually assaulted",
    "somebody has been stalking me",
    "my partner is hurting my kids",
    "he won't let me leave the house",
]


@pytest.mark.parametrize("text", PHRASINGS + VARIANTS)
def test_crisis_words_are_caught(text):
    assert sounds_like_crisis(text)


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_everyday_words_are_left_alone(text):
    assert not sounds_like_crisis(text)


def test_nothing_is_not_a_crisis():
    assert not sounds_like_crisis(None)


def test_normalising_spells_out_contractions_and_drops_punctuation():
    assert normalise("I’m NOT okay... I can't; I won't!") == "i am not okay i cannot i will not"
    assert normalise("self-harm/ending") == "self harm ending"


@pytest.mark.parametrize("locale", locales())
def test_every_phrasing_is_a_sample_and_every_sample_is_screened_as_its_own_category(locale):
    """The words that route to CrisisIntent or DangerIntent are caught as the same category when said
    inside any free-text slot, in that locale."""
    model = json.loads((OUT / f"{locale}.json").read_text())["interactionModel"]["languageModel"]
    samples = {i["name"]: i["samples"] for i in model["intents"] if i["name"] in ("CrisisIntent", "DangerIntent")}
    assert set(PHRASINGS) <= set(samples["CrisisIntent"])
    assert set(DANGER_PHRASINGS) <= set(samples["DangerIntent"])
    for intent, category in (("CrisisIntent", "crisis"), ("DangerIntent", "danger")):
        wrong = [s for s in samples[intent] if category_of(s, locale) != category]
        assert not wrong, (intent, wrong)


def test_plan_answer_carriers_cannot_hide_a_crisis():
    """A safety-plan answer or a note is screened as a whole, carrier phrase included."""
    assert sounds_like_crisis("it's that I want to die")
    assert sounds_like_crisis("what helps is nothing, I can't go on")



@pytest.mark.parametrize("locale", locales())
def test_nothing_the_model_means_for_another_intent_is_caught(locale):
    """No sample of any other intent, no slot value or synonym (a belief, a plan part like "crisis line")
    sends someone to the crisis or danger answer when they use the skill as it invites them to."""
    model = json.loads((OUT / f"{locale}.json").read_text())["interactionModel"]["languageModel"]
    said = [(i["name"], s.replace("{", "").replace("}", "")) for i in model["intents"]
            if i["name"] not in ("CrisisIntent", "DangerIntent") for s in i.get("samples", [])]
    said += [(t["name"], w) for t in model.get("types", []) for v in t["values"]
             for w in [v["name"]["value"], *v["name"].get("synonyms", [])]]
    assert [(owner, words) for owner, words in said if category_of(words, locale)] == []


@pytest.mark.parametrize("answer", ["the crisis line", "I can call the crisis line", "988", "calling the hotline",
                                    "my therapist", "Samaritans", "a warm shower", "my sister"])
def test_a_safety_plan_answer_about_support_is_not_a_crisis(answer):
    assert category_of(answer) is None
