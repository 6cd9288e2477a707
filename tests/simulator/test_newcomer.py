"""A newcomer's first five minutes: `make run` says what to say, and the README's session is what it prints."""

from __future__ import annotations

import pytest

from tools import build_models
from tools.simulator import newcomer
from tools.simulator.__main__ import SUGGESTIONS, greeting
from tools.simulator.model import InteractionModel
from tools.simulator.resolver import Resolver


@pytest.mark.parametrize("locale", build_models.locales())
def test_every_suggestion_in_the_greeting_reaches_its_intent_word_for_word(locale):
    for strict in (True, False):
        resolver = Resolver(InteractionModel.for_locale(locale), strict=strict)
        for said, intent, _ in SUGGESTIONS:
            if intent is None:
                assert resolver.invocation_of(said).kind == "launch"
                continue
            found = resolver.resolve(said)
            assert (found.intent, found.how) == (intent, "exact"), said


def test_the_greeting_says_what_to_type_and_how_to_read_the_answers():
    text = greeting("en-GB", "Alexa-like")
    assert text.startswith("Safe Connections (en-GB), offline")
    for said, _, what in SUGGESTIONS:
        assert f'"{said}"' in text and what in text
    assert "An empty line is silence" in text and "Ctrl-D" in text


@pytest.mark.slow
def test_the_readme_session_is_exactly_what_make_run_prints():
    printed = newcomer.printed()
    words = newcomer.said(printed)
    assert words[0] == "open safe connections" and "" in words and words[-1] == "stop"
    assert newcomer.run(words) == printed, "run `python -m tools.simulator.newcomer --write` after a wording change"
