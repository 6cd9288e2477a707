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


# The danger-from-others lines, checked by hand against content/en/data/danger_lines.yaml's sources;
# deliberately not read from content/ so a typo there fails a test. "line" is spoken twice, slowly.
DANGER_LINES = {
    "en-US": {"emergency": "911", "line": "18007997233", "text": "88788", "child": "18004224453"},
    "en-CA": {"emergency": "911", "child": "18006686868"},
    "en-GB": {"emergency": "999", "line": "08082000247", "child": "08001111"},
    "en-AU": {"emergency": "triple zero", "line": "737732", "child": "55"},
    "en-IN": {"emergency": "112", "line": "181", "child": "1098"},
}
DANGER_CARD = {
    "en-US": ["911", "1-800-799-7233", "START", "88788", "1-800-422-4453"],
    "en-CA": ["911", "sheltersafe.ca", "1-800-668-6868"],
    "en-GB": ["999", "0808 2000 247", "0800 1111", "55"],
    "en-AU": ["000", "1800 737 732", "1800 55 1800"],
    "en-IN": ["112", "181", "1098"],
}


def assert_danger_answer(reply: Any, locale: str) -> None:
    """The danger answer: the emergency number first, the locale's line (twice), a child line, not their
    fault, no counter-belief or praise, no card yet (anyone who opens the Alexa app could see it: it
    comes with the goodbye, which says so), a choice to carry on or stop."""
    from tests.ssml import check_ssml

    check_ssml(reply.ssml)
    numbers = slow_numbers(reply.ssml)
    expected = DANGER_LINES[locale]
    assert numbers[0] == expected["emergency"], f"{locale}: the emergency number comes first: {numbers}"
    if "line" in expected:
        assert numbers.count(expected["line"]) == 2, (locale, numbers)
    assert expected["child"] in numbers, (locale, numbers)
    others = {DANGER_LINES[o].get("line") for o in DANGER_LINES} - {expected.get("line"), None}
    assert not others & set(numbers), f"{locale} heard another country's line: {numbers}"
    assert "not your fault" in reply.text
    for never in ("counter-belief", "journal", "safe person", "well done", "worth doing"):
        assert never not in reply.text.lower(), never
    assert not reply.ends_session and reply.reprompt
    assert "carry on" in reply.text and "stop" in reply.text
    assert reply.card is None, "no card in the Alexa app before the person has heard it may be seen"
