"""How well the interaction model understands the phrasing corpus (tests/corpus/), written blind, held so
it cannot silently get worse. `python -m tools.simulator.accuracy` prints the table these come from.

Issue 13's goals are 95% Alexa-like and 80% word for word on the intents a person starts. They are not
reached (the report of issue 13 says where the model stands and why); the floors below are the levels
reached, so a change that loses understanding fails here, and a change that gains should raise them."""

from __future__ import annotations

import pytest

from tools.simulator import accuracy

pytestmark = pytest.mark.slow

# Lowered once, on purpose (from 0.79, 0.73 and 0.54, to 0.78, 0.72 and 0.51): carriers that took
# the words the safety screen needs out of a slot were removed ("my partner {name}" heard "my partner
# hurts me" as the name "hurts"; "I'm scared {belief}" kept only what followed "scared"). Hearing
# danger outweighs hearing a name at step one.
ALEXA_LIKE_AT_LEAST = 0.86
HELD_OUT_AT_LEAST = 0.79  # the half of the corpus whose misses nobody read while growing the samples
WORD_FOR_WORD_AT_LEAST = 0.09
SLOTS_AT_LEAST = 0.57
CAUGHT_AT_MOST = 0.06  # the share of phrasings for other intents that the slot-only "{belief}" sample takes


@pytest.fixture(scope="module")
def measured() -> dict[str, list[accuracy.Outcome]]:
    phrasings, _ = accuracy.corpus_phrasings()
    started = [p for p in phrasings if not p.intent.startswith("AMAZON.")]
    return {"alexa": accuracy.measure(started, strict=False), "strict": accuracy.measure(started, strict=True)}


def test_the_corpus_is_measured_in_full(measured):
    intents = {o.phrasing.intent for o in measured["alexa"]}
    assert len(intents) >= 30 and len(measured["alexa"]) >= 800
    assert any(o.phrasing.one_shot for o in measured["alexa"])


def test_alexa_like_understanding_does_not_fall(measured):
    overall = accuracy.started(measured["alexa"])
    held_out = accuracy.started([o for o in measured["alexa"] if accuracy.half(o.phrasing.text) == "held-out"])
    assert overall.accuracy >= ALEXA_LIKE_AT_LEAST, accuracy.misses(measured["alexa"])[:3000]
    assert held_out.accuracy >= HELD_OUT_AT_LEAST
    assert overall.slots_right / overall.slots_expected >= SLOTS_AT_LEAST


def test_word_for_word_coverage_does_not_fall(measured):
    assert accuracy.started(measured["strict"]).accuracy >= WORD_FOR_WORD_AT_LEAST


def test_the_catch_all_takes_no_more_than_it_did(measured):
    overall = accuracy.started(measured["alexa"])
    assert overall.caught / overall.total <= CAUGHT_AT_MOST

