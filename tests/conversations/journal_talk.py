"""Shared steps for the journal conversations: slots as Alexa fills them, and what is stored."""

from __future__ import annotations

import os
from typing import Any

from tools.conversation import Conversation, Reply
from tools.envelopes import slot

FEELING_IDS = {"safe": "safe", "calm": "safe", "heard": "safe", "mostly safe": "mostly_safe", "okay": "mostly_safe",
               "mixed": "mixed", "so so": "mixed", "unsafe": "unsafe", "tense": "unsafe", "drained": "unsafe"}


def person(value: str | None) -> dict[str, Any]:
    return slot("person", value, slot_type="CHECKIN_PERSON")


def feeling(value: str | None) -> dict[str, Any]:
    return slot("feeling", value, slot_type="FEELING", match_id=FEELING_IDS.get(value or ""))


def note(value: str | None) -> dict[str, Any]:
    return slot("note", value)


def day(value: str | None) -> dict[str, Any]:
    return slot("date", value)


def log_slots(who: str | None = None, felt: str | None = None, said_note: str | None = None,
              when: str | None = None) -> list[dict[str, Any]]:
    """LogCheckInIntent's four slots, as Alexa sends them (empty ones present, without a value)."""
    return [person(who), feeling(felt), slot("note", said_note, slot_type="CHECKIN_NOTE"), day(when)]


def log_check_in(talk: Conversation, who: str, felt: str, said_note: str | None = None,
                 when: str | None = None) -> Reply:
    """A whole check-in said in one go, then the note (or "skip"), then "yes"."""
    asked = talk.intent("LogCheckInIntent", *log_slots(who, felt, None, when), dialog_state="STARTED")
    assert any(d["type"] == "Dialog.ElicitSlot" for d in asked.directives), asked.text
    if said_note:
        talk.intent("CheckInNoteIntent", note(said_note), dialog_state="STARTED")
    else:
        talk.intent("AMAZON.NoIntent")
    return talk.intent("AMAZON.YesIntent")


def check_ins(ddb: Any, user_id: str) -> list[dict[str, Any]]:
    """Every check-in item stored for an account (all speakers), read with one Query."""
    from tests.conftest import items_of

    return [item for item in items_of(ddb, user_id) if "#C#" in item["sk"]["S"]]


def table() -> str:
    return os.environ["TABLE_NAME"]


def directive(reply: Reply, kind: str) -> dict[str, Any] | None:
    return next((d for d in reply.directives if d["type"] == kind), None)
