"""The reflection's intents are said in many genuinely different ways, and step names resolve to steps."""

from __future__ import annotations

import re

import pytest

from tools import build_models

INTENTS = ["StartReflectionIntent", "StartShortReflectionIntent", "ResumeReflectionIntent", "GoToStepIntent",
           "RememberSafePersonIntent", "FeelingOverwhelmedIntent", "FindSupportIntent"]
FILLER = {"please", "the", "a", "an", "my", "i", "i'd", "i'm", "can", "we", "let's", "to", "me", "you", "just",
          "want", "like", "would", "do", "it's", "is", "of", "with", "some", "for", "about", "that"}


def _language(locale: str = "en-US") -> dict:
    return build_models.build(locale)["interactionModel"]["languageModel"]


def _gist(sample: str) -> frozenset[str]:
    words = re.sub(r"\{[^}]+\}", "", sample.lower()).split()
    return frozenset(w for w in words if w not in FILLER)


@pytest.mark.parametrize("name", INTENTS)
def test_each_intent_has_at_least_fifteen_genuinely_different_samples(name):
    intent = next(i for i in _language()["intents"] if i["name"] == name)
    samples = intent["samples"]
    gists = {_gist(sample) for sample in samples}
    assert len(gists) >= 15, f"{name} has {len(gists)} samples that differ in more than filler words"
    first_words = {sample.lower().split()[0] for sample in samples}
    assert len(first_words) >= 6, f"{name}'s samples mostly start the same way: {sorted(first_words)}"


def test_every_step_from_one_to_seven_has_a_name_people_can_say():
    step_type = next(t for t in _language()["types"] if t["name"] == "REFLECTION_STEP")
    ids = {value["id"] for value in step_type["values"]}
    assert ids >= {str(n) for n in range(1, 8)} | {"opening", "closing"}
    journal = next(v for v in step_type["values"] if v["id"] == "6")
    assert journal["name"]["value"] == "journal"


def test_the_handlers_understand_every_step_id():
    from safe_connections.handlers.reflection import NAMED_STEPS, _number

    step_type = next(t for t in _language()["types"] if t["name"] == "REFLECTION_STEP")
    for value in step_type["values"]:
        assert value["id"] in NAMED_STEPS or _number(value["id"]) is not None, value["id"]
