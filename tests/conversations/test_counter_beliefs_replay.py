"""tests/dialogs/counter_belief.json, the ASK CLI replay of the issue's "done when": a new user says a
belief in their own words, hears its counter-belief, asks for another, and saves one.

Each typed line is routed the way the interaction model would route it (a small stand-in for
Alexa's NLU: the sample utterance it fully matches, slot values resolved against the slot type's
values and synonyms), then sent through lambda_handler.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import items_of
from tests.conversations.counter_beliefs_support import beliefs_spoken, counters_in, heard
from tests.ssml import check_ssml
from tools import build_models
from tools.conversation import Conversation
from tools.envelopes import slot

REPLAY = Path(__file__).resolve().parents[1] / "dialogs" / "counter_belief.json"
BUILT_INS = {"stop": "AMAZON.StopIntent", "help": "AMAZON.HelpIntent", "yes": "AMAZON.YesIntent",
             "no": "AMAZON.NoIntent"}


def _pattern(sample: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", sample)
    body = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(body + r"$", re.IGNORECASE)


def _resolve(value: str, slot_type: str, types: dict[str, Any]) -> dict[str, Any]:
    for entry in types.get(slot_type, []):
        names = [entry["name"]["value"], *entry["name"].get("synonyms", [])]
        if value.lower() in {n.lower() for n in names}:
            return {"slot_type": slot_type, "match_id": entry["id"]}
    return {"slot_type": slot_type}


def route(utterance: str, model: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The intent and slots the model gives a typed line (the most literal matching sample wins)."""
    said = utterance.strip()
    if said.lower() in BUILT_INS:
        return BUILT_INS[said.lower()], []
    types = {t["name"]: t["values"] for t in model["types"]}
    found = []
    for intent in model["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            match = _pattern(sample).match(said)
            if match:
                literal = len(re.sub(r"\{\w+\}", "", sample))
                found.append((literal, intent["name"], match.groupdict(), slot_types))
    assert found, f"no sample utterance routes {utterance!r}"
    _literal, name, values, slot_types = max(found, key=lambda f: f[0])
    slots = [slot(n, v, **_resolve(v, slot_types[n], types)) for n, v in values.items()]
    return name, slots


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    return build_models.build("en-US")["interactionModel"]["languageModel"]


def test_the_replay_file_is_in_ask_cli_format():
    replay = json.loads(REPLAY.read_text())
    assert set(replay) == {"skillId", "locale", "type", "userInput"}
    assert replay["type"] == "text" and replay["locale"] == "en-US"
    assert replay["userInput"][0] == "open safe connections"


def test_every_line_of_the_replay_routes_to_a_counter_belief_intent(model):
    lines = json.loads(REPLAY.read_text())["userInput"][1:]
    intents = [route(line, model)[0] for line in lines]
    assert intents == ["CounterBeliefIntent", "SayItSlowlyIntent", "AnotherCounterBeliefIntent",
                       "BeliefImpactIntent", "SaveCounterBeliefIntent", "MyCounterBeliefIntent",
                       "SaveOwnCounterBeliefIntent", "MyCounterBeliefIntent", "AMAZON.StopIntent"]


def test_a_new_user_plays_the_replay_through_the_skill(handler, ddb, model):
    lines = json.loads(REPLAY.read_text())["userInput"]
    talk = Conversation(handler)
    replies = [talk.launch()]
    for line in lines[1:]:
        name, slots = route(line, model)
        replies.append(talk.intent(name, *slots))
    for reply in replies[:-1]:
        check_ssml(reply.ssml)
        assert not reply.ends_session and reply.reprompt
    _launch, named, slowly, another, impact, save, read, own, read_own, stop = replies
    assert counters_in(named) == ["BURDEN"], "their own words, caught by the word matcher"
    assert "<prosody" in slowly.ssml
    assert another.said("beliefs/counter_only") and beliefs_spoken(another, except_id="BURDEN") == [], \
        "another one for the same thought, never a new painful one"
    assert impact.said("beliefs/impact_work") and "difficulty asking for help" in heard(impact)
    assert "saved" in heard(save)
    kept = re.search(r"(?:you saved|counter-belief is): (.+?) Would you like", heard(read)).group(1).strip()
    assert kept and kept in heard(impact), "what was saved is the counter-belief just heard (the impact's)"
    assert "allowed to ask for help" not in heard(own)
    assert "I am allowed to ask for help" in heard(read_own)
    assert stop.ends_session
    profile = next(i for i in items_of(ddb, talk.device.user_id) if i["sk"]["S"].endswith("#profile"))
    assert profile["ownCounterBelief"]["S"] == "I am allowed to ask for help"
