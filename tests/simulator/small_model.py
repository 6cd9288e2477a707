"""A small interaction model with what ours will grow into: a custom slot type with ids and
synonyms, a number, a date, free words, and a dialog model with prompts and confirmations."""

from __future__ import annotations

import copy
from typing import Any

_PROMPTS = [
    {"id": "Elicit.person", "variations": [
        {"type": "PlainText", "value": "Who were you with?"},
        {"type": "PlainText", "value": "Who was it with?"},
    ]},
    {"id": "Elicit.feeling", "variations": [{"type": "PlainText", "value": "How did it feel with {person}?"}]},
    {"id": "Confirm.feeling", "variations": [{"type": "PlainText", "value": "You felt {feeling}, right?"}]},
    {"id": "Valid.feeling", "variations": [{"type": "PlainText", "value": "Safe, mixed or unsafe?"}]},
    {"id": "Confirm.intent", "variations": [
        {"type": "SSML", "value": "<speak>Shall I save that you saw {person} and it felt {feeling}?</speak>"},
    ]},
]

MODEL: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "safe connections",
            "intents": [
                {"name": "AMAZON.YesIntent", "samples": []},
                {"name": "AMAZON.NoIntent", "samples": []},
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "AMAZON.HelpIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
                {
                    "name": "LogMoodIntent",
                    "slots": [
                        {"name": "person", "type": "AMAZON.FirstName", "samples": ["{person}", "with {person}"]},
                        {"name": "feeling", "type": "FEELING", "samples": ["{feeling}", "it felt {feeling}"]},
                        {"name": "when", "type": "AMAZON.DATE"},
                        {"name": "note", "type": "AMAZON.SearchQuery"},
                    ],
                    "samples": [
                        "log my mood",
                        "I saw {person}",
                        "I saw {person} {when}",
                        "I saw {person} and it felt {feeling}",
                        "I saw {person} {when} and it felt {feeling}",
                        "I felt {feeling} with {person}",
                    ],
                },
                {
                    "name": "CountIntent",
                    "slots": [{"name": "count", "type": "AMAZON.NUMBER"}],
                    "samples": ["give me {count} ideas", "read the last {count}"],
                },
                {
                    "name": "NoteIntent",
                    "slots": [{"name": "note", "type": "AMAZON.SearchQuery", "samples": ["{note}"]}],
                    "samples": ["I noticed {note}"],
                },
            ],
            "types": [
                {"name": "FEELING", "values": [
                    {"id": "safe", "name": {"value": "safe", "synonyms": ["calm", "heard", "at ease"]}},
                    {"id": "mixed", "name": {"value": "mixed", "synonyms": ["so so"]}},
                    {"id": "unsafe", "name": {"value": "unsafe", "synonyms": ["tense", "drained"]}},
                ]},
            ],
        },
        "dialog": {
            "delegationStrategy": "SKILL_RESPONSE",
            "intents": [{
                "name": "LogMoodIntent",
                "confirmationRequired": True,
                "prompts": {"confirmation": "Confirm.intent"},
                "slots": [
                    {"name": "person", "type": "AMAZON.FirstName", "elicitationRequired": True,
                     "confirmationRequired": False, "prompts": {"elicitation": "Elicit.person"}},
                    {"name": "feeling", "type": "FEELING", "elicitationRequired": True,
                     "confirmationRequired": False, "prompts": {"elicitation": "Elicit.feeling"}},
                    {"name": "when", "type": "AMAZON.DATE", "elicitationRequired": False,
                     "confirmationRequired": False, "prompts": {}},
                    {"name": "note", "type": "AMAZON.SearchQuery", "elicitationRequired": False,
                     "confirmationRequired": False, "prompts": {}},
                ],
            }],
        },
        "prompts": _PROMPTS,
    }
}


def model(**changes: Any) -> dict[str, Any]:
    """A copy of MODEL; `delegation="ALWAYS"`, `confirm_feeling=True`, `validate_feeling=True` vary it."""
    built = copy.deepcopy(MODEL)
    dialog = built["interactionModel"]["dialog"]
    if changes.get("delegation"):
        dialog["delegationStrategy"] = changes["delegation"]
    feeling = dialog["intents"][0]["slots"][1]
    if changes.get("confirm_feeling"):
        feeling["confirmationRequired"] = True
        feeling["prompts"]["confirmation"] = "Confirm.feeling"
    if changes.get("validate_feeling"):
        feeling["validations"] = [{"type": "hasEntityResolutionMatch", "prompt": "Valid.feeling"}]
    return built
