"""The safety screen against the blind corpus (tests/corpus/safety.yaml), sentences no one on the team
tuned it to: recall 100%, false alarms at most 1% (issue 11), and nothing of what it caught is kept in
DynamoDB or written to the logs at DEBUG.

Fast, so it runs with everything else: every sentence in every locale it is for through the screen
itself, and each sentence through lambda_handler in two of the free-text ways in, taken in turn (every
way in hears a share of every kind and locale). The whole run is `python -m tools.safety_recall`
(every sentence, every locale, every way in, and the start of a session through the simulator).
"""

from __future__ import annotations

import os

import pytest

from tests.corpus import LOCALES, safety
from tools import safety_recall

SLOT_WAYS = [w for w in safety_recall.WAYS if w != "session_start"]


def _locales(item) -> list[str]:
    return [item.locale] if item.locale else list(LOCALES)


def test_the_screen_catches_every_crisis_and_danger_sentence_and_leaves_the_everyday_alone():
    from safe_connections.screen import category_of

    missed, alarms, everyday = [], [], 0
    for item in safety():
        for locale in _locales(item):
            found = category_of(item.text, locale)
            if item.kind == "everyday":
                everyday += 1
                if found:
                    alarms.append((locale, item.category, found))
            elif found is None:
                missed.append((locale, item.kind, item.category))  # never the words: they are the corpus's
    assert not missed, f"{len(missed)} missed: {missed[:10]}"
    assert len(alarms) <= 0.01 * everyday, f"{len(alarms)} false alarms of {everyday}: {alarms[:10]}"


def test_the_danger_sentences_get_the_danger_answer_and_the_crisis_sentences_a_support_answer():
    """A danger sentence that only gets the crisis answer leaves out the domestic-abuse line. The one kind
    allowed to: "I'm not safe" said with no one named, which gets the crisis answer by design (it holds
    the emergency number too, and the crisis line hears either); the corpus files some under unsafe_home."""
    from safe_connections.screen import categories_of

    wrong = [(i.category, locale) for i in safety() if i.kind == "danger" for locale in _locales(i)
             if "danger" not in categories_of([i.text], locale)]
    assert len(wrong) <= 0.03 * sum(len(_locales(i)) for i in safety() if i.kind == "danger"), wrong[:10]


def test_through_lambda_handler_in_every_free_text_way_in_nothing_kept_nothing_logged(handler):
    said = safety_recall.in_turn(safety_recall.sentences(fast=True), SLOT_WAYS, each=2)
    found = safety_recall.measure(handler, said, os.environ["TABLE_NAME"])
    results = found.results
    lines: list[str] = []
    safety_recall.report(results, found.stored, found.logged, False, lines.append)
    summary = "\n".join(lines)
    assert not results.errors, summary
    for way in SLOT_WAYS:
        caught = results.tallies["support", f"way in {way}"]
        alarms = results.tallies["everyday", f"way in {way}"]
        assert caught.said >= 50 and alarms.said >= 50, f"{way} heard too little of the corpus"
        assert caught.caught == caught.said, f"{way}: {caught.said - caught.caught} missed\n{summary}"
        assert alarms.caught <= 0.01 * alarms.said, f"{way}: {alarms.caught} false alarms\n{summary}"
    assert found.stored == [] and found.logged == [], "crisis or danger words were kept or logged"


def test_the_leak_check_finds_what_it_looks_for():
    """Guards the two checks above against passing because they could not see anything."""
    stored = '{"note": {"S": "so he hit me again, ok"}}'
    assert safety_recall.leaks(["He hit me again."], stored) == ["He hit me again."]
    assert safety_recall.leaks(["he hit me"], '{"note": {"S": "he hit the ball"}}') == []


@pytest.mark.parametrize("way", SLOT_WAYS)
def test_each_way_in_reaches_the_skill_with_the_words_in_a_slot(handler, way):
    """A way in that silently lost the words would pass every recall test: this one must not."""
    runner = safety_recall.Ways(handler, "en-US")
    replies = runner.say(way, "I want to end my life")
    assert safety_recall.support_answer(replies[-1]) == "crisis"
    replies = runner.say(way, "my mum rang and we laughed about the dog")
    assert safety_recall.support_answer(replies[-1]) is None
