"""tests/dialogs/short_reflection.json, the ASK CLI replay of the short reflection, plays through lambda_handler.

Each utterance is matched to the intent whose sample it is in the built en-US model (or to the
built-in intent Alexa gives that phrase), so the file stays true to the interaction model.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.ssml import check_ssml
from tools import build_models

REPLAY = Path(__file__).resolve().parents[1] / "dialogs" / "short_reflection.json"
BUILT_IN_PHRASES = {"next": "AMAZON.NextIntent", "repeat": "AMAZON.RepeatIntent", "stop": "AMAZON.StopIntent",
                    "yes": "AMAZON.YesIntent", "no": "AMAZON.NoIntent", "pause": "AMAZON.PauseIntent"}


def _intent_for(utterance: str) -> str:
    model = build_models.build("en-US")["interactionModel"]["languageModel"]
    for intent in model["intents"]:
        if utterance.lower() in (s.lower() for s in intent["samples"]):
            return intent["name"]
    return BUILT_IN_PHRASES[utterance.lower()]


def test_the_replay_file_is_in_ask_cli_format():
    replay = json.loads(REPLAY.read_text())
    assert replay["type"] == "text" and replay["locale"] == "en-US" and replay["skillId"].startswith("amzn1.ask.skill.")
    assert replay["userInput"][0] == "open safe connections"


def test_the_short_reflection_replay_plays_to_its_end(talk):
    utterances = json.loads(REPLAY.read_text())["userInput"]
    replies = [talk.launch()]
    for utterance in utterances[1:]:
        replies.append(talk.intent(_intent_for(utterance)))
    for reply in replies:
        check_ssml(reply.ssml)
    heard = [reply.text for reply in replies]
    assert "about three minutes" in heard[1]
    assert heard[2].startswith("First, one safe person") and heard[3].startswith("This is a short reflection")
    assert heard[5].startswith("Next, nourishing a connection") and heard[6].startswith("And last, giving support")
    assert "end of this short reflection" in heard[7] and replies[7].ends_session
