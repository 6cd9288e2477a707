"""What every benchmark shares: the local DynamoDB server, the three skills, the requests."""

from __future__ import annotations

import json
import os
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tools.envelopes import DEFAULT_SKILL_ID, Device, intent_request, launch_request, session_ended_request, slot
from tools.local_dynamodb import DEFAULT_TABLE, LocalDynamoDB

ROOT = Path(__file__).resolve().parent.parent
PERSISTENCE_TABLE = "bench-persistence"
# name -> module answering lambda_handler(event, context). Every process gets the same sys.path.
SKILLS = {"ours": "lambda_function", "hello-world": "hello_world", "persistence": "persistence"}
PATHS = [str(ROOT / "lambda"), str(ROOT / "bench" / "baselines"), str(ROOT)]


@contextmanager
def local_server() -> Iterator[dict[str, str]]:
    """A moto server with our table and the persistence baseline's table, and the Device Settings
    API stand-in; yields the environment. Our content is compiled first if it changed."""
    from tools.alexa_api import AlexaSettingsApi
    from tools.compile_content import ensure_current

    ensure_current()
    server = LocalDynamoDB().start()
    api = AlexaSettingsApi().start()
    try:
        server.create_table(DEFAULT_TABLE)
        server.client().create_table(
            TableName=PERSISTENCE_TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        env = {
            **server.env(DEFAULT_TABLE),
            "PERSISTENCE_TABLE_NAME": PERSISTENCE_TABLE,
            "SKILL_ID": DEFAULT_SKILL_ID,
            "ALEXA_API_ENDPOINT": api.endpoint,
            "PYTHONPATH": os.pathsep.join(PATHS),
        }
        saved = {key: os.environ.get(key) for key in env}
        os.environ.update(env)
        for path in reversed(PATHS):
            if path not in sys.path:
                sys.path.insert(0, path)
        try:
            yield env
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    finally:
        api.stop()
        server.stop()


def session(attributes: dict[str, Any] | None = None, new: bool = False) -> dict[str, Any]:
    return {"new": new, "sessionId": "amzn1.echo-api.session.bench", "attributes": dict(attributes or {})}


def model_intents(locale: str = "en-US") -> list[dict[str, Any]]:
    """Every intent of the committed interaction model, with a plausible value in each slot."""
    model = json.loads((ROOT / f"skill/interactionModels/custom/{locale}.json").read_text())
    language = model["interactionModel"]["languageModel"]
    types = {t["name"]: t for t in language.get("types", [])}
    examples = {"AMAZON.DATE": "2026-11-26", "AMAZON.FirstName": "Sam", "AMAZON.NUMBER": "2"}
    found = []
    for intent in language["intents"]:
        slots = []
        for declared in intent.get("slots", []):
            values = types.get(declared["type"], {}).get("values", [])
            if values:
                value = values[0]
                slots.append(slot(declared["name"], value["name"]["value"], slot_type=declared["type"],
                                  match_id=value.get("id") or value["name"]["value"]))
            else:
                said = examples.get(declared["type"], "we talked about the weekend and it felt calm")
                slots.append(slot(declared["name"], said, slot_type=declared["type"]))
        found.append({"name": intent["name"], "slots": slots})
    return found


def requests(device: Device, attributes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """label -> envelope: a launch of a returning user, every model intent in an open session,
    an intent the model does not have, and a session end."""
    events = {"LaunchRequest": device.envelope(launch_request(), session(new=True))}
    for intent in model_intents():
        events[intent["name"]] = device.envelope(intent_request(intent["name"], intent["slots"]), session(attributes))
    events["UnknownIntent"] = device.envelope(intent_request("SomeIntentFromANewerModel"), session(attributes))
    events["SessionEndedRequest"] = device.envelope(session_ended_request(), session(attributes))
    return events


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
