"""Every message in content/, in every locale, rendered with hostile values, is SSML Alexa speaks.

A content file may give `_examples: {message: {value: ...}}` for messages that take structured
values; every string in an example is replaced by each hostile value in turn.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import pytest
import yaml

from tests.ssml import check_ssml
from tools.build_models import locales

CONTENT = Path(__file__).resolve().parents[2] / "content"
HOSTILE = ["me & my brother <3", "\"quoted\" & 'single' </speak>", "<break time='60s'/>", "x" * 2000,
           "word " * 400, "]]> &amp; &#x0;", "control\x00chars\x1b and \ufffe"]
LOCALES = locales()


def _message_files() -> list[Path]:
    return sorted(CONTENT.glob("*/messages/*.yaml"))


def _examples() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in _message_files():
        data = yaml.safe_load(path.read_text()) or {}
        for name, values in (data.get("_examples") or {}).items():
            found[f"{path.stem}/{name}"] = values
    return found


def _swap_strings(value: Any, hostile: str) -> Any:
    if isinstance(value, str):
        return hostile
    if isinstance(value, dict):
        return {k: _swap_strings(v, hostile) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap_strings(v, hostile) for v in value]
    return value


def _variables(speech: Any, key: str, locale: str) -> set[str]:
    env = jinja2.Environment()
    found: set[str] = set()
    for source in speech._variants(key, locale):
        found |= jinja2.meta.find_undeclared_variables(env.parse(source))
    return found - {"pause", "say", "_locale"}


def _all_keys(speech: Any) -> list[tuple[str, str]]:
    return [(locale, key) for locale in LOCALES for key in sorted(speech.keys(locale)) if "/_" not in key]


def test_content_has_messages(speech):
    assert len(_all_keys(speech)) > 10


@pytest.mark.parametrize(
    "hostile", HOSTILE, ids=["ampersand", "quotes", "tag", "2000x", "400words", "cdata", "control"])
def test_every_message_is_valid_ssml_with_hostile_values(speech, hostile):
    examples = _examples()
    for locale, key in _all_keys(speech):
        values = {name: hostile for name in _variables(speech, key, locale)}
        values.update(_swap_strings(examples.get(key, {}), hostile))
        for rendered in speech.variants(key, locale, **values):
            root = check_ssml(f"<speak>{rendered}</speak>")
            spoken = "".join(root.itertext())
            assert hostile not in spoken or len(hostile) <= 250, f"{key} passed a long value through"


def test_a_value_can_never_add_a_tag(speech):
    rendered = speech._ssml.from_string("{{ name }}").render(name="</speak><audio src='x'/>")
    assert "<" not in rendered and "&lt;/speak&gt;" in rendered


def test_message_files_parse_and_have_no_empty_messages():
    for path in _message_files():
        data = yaml.safe_load(path.read_text())
        assert isinstance(data, dict), path
        for name, message in data.items():
            if name.startswith("_"):
                continue
            variants = message if isinstance(message, list) else [message]
            assert variants and all(isinstance(v, str) and v.strip() for v in variants), f"{path.stem}/{name}"


def test_messages_heard_often_have_several_phrasings(speech):
    for key in ("launch/welcome_back", "launch/reprompt", "common/reprompt", "goodbye/goodbye",
                "fallback/reprompt", "help/reprompt"):
        assert len(speech._variants(key, "en-US")) >= 2, key


def test_every_key_the_code_uses_exists(speech):
    """Message keys named in the handlers' code exist in every locale."""
    code = "\n".join(p.read_text() for p in (CONTENT.parent / "lambda").rglob("*.py"))
    used = set(re.findall(r'"([a-z_]+/[a-z0-9_]+)"', code))
    assert used, "no message keys found in the code"
    for locale in LOCALES:
        missing = sorted(key for key in used if key not in speech.keys(locale) and not key.startswith("data/"))
        assert not missing, f"{locale} lacks {missing}"


def test_no_break_is_ever_longer_than_ten_seconds(speech):
    assert speech._ssml.from_string("{{ pause(60) }}").render() == '<break time="10s"/>'
