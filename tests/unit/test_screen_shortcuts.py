"""The screen's shortcuts never change what it hears: a request reads the lexicon as compiled with the
content, a text is tried only with the patterns whose trigger words it has, and two slots joined only
with the patterns that can reach across the break. Held against the reference (every pattern at every
word of every candidate) on sentences nobody tuned the screen to: the corpus, alone, and split into
two slots at every word, in both orders."""

from __future__ import annotations

import random

import pytest
from safe_connections import screen

from tests import corpus


def _texts() -> list[str]:
    found = [item.text for item in corpus.safety()] + [item.text for item in corpus.intent_phrasings()]
    for outcomes in corpus.answers().values():
        found += [answer.text for answers in outcomes.values() for answer in answers]
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "en-AU", "en-IN", "en-CA"])
def test_the_lexicon_a_request_reads_is_the_one_the_yaml_makes(locale):
    from safe_connections.config import load_config

    compiled = screen.lexicon(locale)
    built = screen.Lexicon(screen.read_lexicon(load_config().content_dir, locale))
    assert compiled.regexes == built.regexes and compiled.triggers == built.triggers
    assert compiled.vocabulary == built.vocabulary and compiled.patterns == built.patterns


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "en-AU", "en-IN", "en-CA"])
def test_every_text_alone_is_heard_as_the_full_scan_hears_it(locale):
    lexicon = screen.lexicon(locale)
    for text in _texts():
        plain = screen.normalise(text, lexicon.vocabulary)
        assert lexicon.categories(plain) == lexicon.categories(plain, every_word=True), text
        assert lexicon.matches(plain, screen.PAINFUL) == lexicon.matches(plain, screen.PAINFUL, every_word=True), text


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_a_sentence_split_across_two_slots_is_heard_as_the_full_scan_hears_it(locale):
    unsafe = [item.text for item in corpus.safety() if item.kind != "everyday"]
    everyday = [item.text for item in corpus.safety() if item.kind == "everyday"]
    checked = caught = 0
    for text in unsafe:
        words = text.split()
        for cut in range(1, len(words)):
            for slots in ([" ".join(words[:cut]), " ".join(words[cut:])],
                          [" ".join(words[cut:]), " ".join(words[:cut])]):
                expected = screen.categories_of(slots, locale, every_word=True)
                assert screen.categories_of(slots, locale) == expected, slots
                checked += 1
                caught += bool(expected)
    rng = random.Random(16)
    for _ in range(300):  # three slots: everyday words around unsafe ones
        slots = [rng.choice(everyday), rng.choice(unsafe), rng.choice(everyday)]
        rng.shuffle(slots)
        assert screen.categories_of(slots, locale) == screen.categories_of(slots, locale, every_word=True), slots
    assert checked > 1000 and caught > checked // 2, (checked, caught)
