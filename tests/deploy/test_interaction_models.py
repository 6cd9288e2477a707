"""The interaction models ASK CLI uploads agree with their source and with the handlers."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from safe_connections.app import ordered_handlers

from tools import build_models

MODELS = Path(build_models.OUT)
LOCALES = build_models.locales()
REQUIRED_BUILTINS = {"AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                     "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent"}


def _model(locale: str) -> dict:
    return json.loads((MODELS / f"{locale}.json").read_text())["interactionModel"]


def test_all_five_english_locales_exist():
    assert set(LOCALES) == {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}


@pytest.mark.parametrize("locale", LOCALES)
def test_committed_model_is_what_the_source_builds(locale):
    assert (MODELS / f"{locale}.json").read_text() == build_models.render(locale), "run `make models`"


@pytest.mark.parametrize("locale", LOCALES)
def test_invocation_name_and_required_builtins(locale):
    language = _model(locale)["languageModel"]
    assert language["invocationName"] == "safe connections"
    assert {intent["name"] for intent in language["intents"]} >= REQUIRED_BUILTINS


@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_has_a_handler_and_every_handled_intent_exists(locale):
    declared = {intent["name"] for intent in _model(locale)["languageModel"]["intents"]}
    handled = {name for handler in ordered_handlers() for name in getattr(handler, "intents", ())}
    assert not (declared - handled), f"intents with no handler: {sorted(declared - handled)}"
    assert not (handled - declared), f"handlers for undeclared intents: {sorted(handled - declared)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sample_utterance_belongs_to_two_intents(locale):
    """Compared by shape: "it's {name}" and "it's {answer}" are the same utterance to Alexa."""
    owners = Counter()
    for intent in _model(locale)["languageModel"]["intents"]:
        for sample in {re.sub(r"\{[^}]+\}", "{}", s.lower().strip()) for s in intent.get("samples", [])}:
            owners[sample] += 1
    assert not [s for s, n in owners.items() if n > 1]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_slot_type_used_is_defined_and_every_sample_slot_exists(locale):
    language = _model(locale)["languageModel"]
    defined = {t["name"] for t in language.get("types", [])}
    for intent in language["intents"]:
        slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for slot_type in slots.values():
            assert slot_type.startswith("AMAZON.") or slot_type in defined, slot_type
        for sample in intent.get("samples", []):
            for name in [part.split("}")[0] for part in sample.split("{")[1:]]:
                assert name in slots, f"{intent['name']}: {{{name}}} in '{sample}' is not a slot"


@pytest.mark.parametrize("locale", LOCALES)
def test_dialog_model_refers_to_real_intents_slots_and_prompts(locale):
    model = _model(locale)
    intents = {i["name"]: {s["name"] for s in i.get("slots", [])} for i in model["languageModel"]["intents"]}
    prompts = {p["id"] for p in model.get("prompts", [])}
    # The schema's values: ALWAYS (auto delegation) or SKILL_RESPONSE (the skill answers each turn).
    assert model.get("dialog", {}).get("delegationStrategy", "ALWAYS") in {"ALWAYS", "SKILL_RESPONSE"}
    for dialog_intent in model.get("dialog", {}).get("intents", []):
        assert dialog_intent.get("delegationStrategy", "ALWAYS") in {"ALWAYS", "SKILL_RESPONSE"}
        assert dialog_intent["name"] in intents
        for prompt_id in (dialog_intent.get("prompts") or {}).values():
            assert prompt_id in prompts
        for slot in dialog_intent.get("slots", []):
            assert slot["name"] in intents[dialog_intent["name"]]
            for prompt_id in (slot.get("prompts") or {}).values():
                assert prompt_id in prompts


def test_skill_manifest_names_the_skill_and_carries_the_disclaimer():
    manifest = json.loads((MODELS.parents[1] / "skill.json").read_text())["manifest"]
    locales = manifest["publishingInformation"]["locales"]
    assert set(locales) == set(LOCALES)
    for info in locales.values():
        assert info["name"] == "Safe Connections"
        assert "not a substitute for professional care" in info["description"]
    assert set(manifest["privacyAndCompliance"]["locales"]) == set(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_use_only_what_alexa_accepts(locale):
    """Letters, spaces, and the punctuation Alexa allows in samples: periods for abbreviations,
    underscores, possessive apostrophes, hyphens; numbers spelled out; slots in braces."""
    allowed = re.compile(r"^[^\W\d]+$|^[\w' .\-{}]+$")
    for intent in _model(locale)["languageModel"]["intents"]:
        samples = list(intent.get("samples", []))
        samples += [s for slot in intent.get("slots", []) for s in slot.get("samples", [])]
        for sample in samples:
            assert allowed.match(sample) and not re.search(r"\d", sample), f"{intent['name']}: {sample!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_search_query_slot_has_a_carrier_phrase_and_is_alone_in_its_intent(locale):
    for intent in _model(locale)["languageModel"]["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        queries = [name for name, kind in types.items() if kind == "AMAZON.SearchQuery"]
        if not queries:
            continue
        assert len(types) == 1, f"{intent['name']}: AMAZON.SearchQuery must be the intent's only slot"
        for sample in intent.get("samples", []):
            assert sample.strip() != f"{{{queries[0]}}}", f"{intent['name']}: {sample!r} needs a carrier phrase"
