"""What the safety tests listen for: the numbers a reply speaks slowly, and where words might leak."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from tests.conftest import items_of

# Checked by hand against issue 7; deliberately not read from content/ so a typo there fails a test.
LINES = {
    "en-US": {"line": "988", "emergency": "911"},
    "en-CA": {"line": "988", "emergency": "911"},
    "en-GB": {"line": "116123", "emergency": "999", "text": "85258"},
    "en-AU": {"line": "131114", "emergency": "triple zero"},
    "en-IN": {"line": "14416", "emergency": "112"},
}
CARD_NUMBERS = {
    "en-US": ["988", "911"], "en-CA": ["988", "911"], "en-GB": ["116 123", "SHOUT", "85258", "999", "112"],
    "en-AU": ["13 11 14", "000"], "en-IN": ["14416", "112"],
}
_SLOW = re.compile(r'<prosody rate="slow">(.*?)</prosody>', re.S)
_TAG = re.compile(r"<[^>]+>")


def slow_numbers(ssml: str) -> list[str]:
    """Every number spoken slowly, digits joined: ["988", "988", "911"]."""
    found = []
    for inner in _SLOW.findall(ssml):
        said = re.findall(r"<say-as[^>]*>(.*?)</say-as>", inner)
        found.append("".join(said) if said else _TAG.sub("", inner).strip())
    return found


def assert_crisis_answer(reply: Any, locale: str) -> None:
    """The crisis answer for this locale: its line (twice), its emergency number, a card, an open session."""
    from tests.ssml import check_ssml

    check_ssml(reply.ssml)
    numbers = slow_numbers(reply.ssml)
    expected = LINES[locale]
    assert numbers.count(expected["line"]) == 2, (locale, numbers)
    assert expected["emergency"] in numbers, (locale, numbers)
    if "text" in expected:
        assert expected["text"] in numbers
    others = {LINES[other]["line"] for other in LINES} - {expected["line"]}
    assert not others & set(numbers), f"{locale} heard another country's line: {numbers}"
    assert "matter" in reply.text
    assert len(reply.ssml) < 3000, "the crisis answer is brief"
    assert not reply.ends_session and reply.reprompt
    assert "carry on" in reply.text and "stop" in reply.text
    card = reply.card or {}
    for number in CARD_NUMBERS[locale]:
        assert number in card.get("content", ""), (locale, number, card)
    assert "not a crisis service" in card["content"]


def stored_text(ddb: Any, user_id: str) -> str:
    return json.dumps(items_of(ddb, user_id)).lower()


def table() -> str:
    return os.environ["TABLE_NAME"]
