"""Which belief do these words mean? Used when Alexa's entity resolution finds no match.

Small and explainable on purpose: the words are normalised (contractions opened, "nobody" read
as "no one", a light suffix stemmer), carrier and filler words dropped, and what is left is
compared with every wording of every belief by a weighted Dice coefficient. A word's weight is how
distinctive it is across the library (a word every belief uses, like "people", counts little; one
only a single belief uses, like "burden", counts a lot). A wording only counts when two of its
words are said, or when it is a single word (then it is a keyword: "I'm a burden"). The best
belief wins if it clears `THRESHOLD` and no other belief ties with it. Pure functions, no
dependencies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 0.5
# How close a person's words must be to a counter-belief to count as saying it back.
ECHO_THRESHOLD = 0.6
UNKNOWN_WEIGHT = 1.0

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)
_NO_ONE = re.compile(r"\bno[\s-]one\b")
_NOT_WORD = re.compile(r"[^a-z\s]")
_IRREGULAR = {
    "nobody": "noone",
    "anybody": "anyone",
    "everybody": "everyone",
    "somebody": "someone",
    "left": "leave",
    "understood": "understand",
    "felt": "feel",
    "ought": "should",
    "hurting": "hurt",
    "lied": "lie",
    "lying": "lie",
    "myself": "self",
}
# Function words, and the carrier words people wrap a belief in ("I feel like...", "the thought
# that...", "a counter belief for..."), which can leak into the slot value, and words too common
# to tell beliefs apart ("always", "everything"). Negations, "should", "help", "need" and the like
# are kept: they carry meaning here.
_STOP_WORDS = """
    a an the and or but so if then than that this these those it its i me my mine you your we us our
    they them their he she him her his am is are was were be been being will would shall could can
    may might must do does did doing have has had having get gets got getting to of for in on at by
    with from about as into up just really very quite some such like feel feeling think
    thinking thought thoughts believe belief beliefs counter reframe keep kind sort what whats
    there here oh um uh well ok okay yeah maybe sometimes always lot lots all again everything anything
    something
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, contractions opened, "no one" as one word, letters only."""
    text = text.lower().translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _NO_ONE.sub("noone", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def stem(word: str) -> str:
    """A light suffix stemmer: enough to meet "leaves"/"leaving"/"leave", "needing"/"need"."""
    word = _IRREGULAR.get(word, word)
    for suffix in ("ness", "ing", "ies", "ed", "es", "s", "ly", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def tokens(text: str) -> frozenset[str]:
    """The content words of a text, stemmed."""
    return frozenset(stem(word) for word in normalise(text).split() if word not in STOP_WORDS)


def dice(first: frozenset[str], second: frozenset[str], weight: Mapping[str, float] | None = None) -> float:
    """Weighted Dice coefficient: 2 * shared weight / total weight, 0.0 for empty input."""
    def total(words: Iterable[str]) -> float:
        return sum(weight.get(w, UNKNOWN_WEIGHT) if weight else 1.0 for w in words)

    whole = total(first) + total(second)
    return 2 * total(first & second) / whole if whole else 0.0


def similarity(said: str, text: str) -> float:
    """How alike two texts are in content words (unweighted): 1.0 the same, 0.0 nothing shared."""
    return dice(tokens(said), tokens(text))


def is_saying(said: str | None, text: str) -> bool:
    """Whether the person is saying `text` back (e.g. repeating a counter-belief out loud)."""
    return bool(said) and similarity(said, text) >= ECHO_THRESHOLD


_NEGATIONS = frozenset({"not", "no", "never", "noone", "nobody", "nothing", "none", "nor", "neither", "nowhere"})


def negated(text: str) -> bool:
    """Whether a sentence is turned around an odd number of times ("I don't deserve love" vs "I deserve
    love"): the content words alone cannot tell a belief from its counter-belief."""
    return sum(word in _NEGATIONS for word in normalise(text).split()) % 2 == 1


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    wording: str


class Matcher:
    """Matches free words against beliefs, each given as an id and its wordings."""

    def __init__(self, wordings: Mapping[str, Iterable[str]], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._phrases = [(belief_id, text, tokens(text)) for belief_id, texts in wordings.items() for text in texts]
        self.weight = _distinctiveness(wordings.keys(), self._phrases)

    def scores(self, said: str) -> list[Match]:
        """The best-scoring wording of each belief, best first."""
        words = tokens(said)
        best: dict[str, Match] = {}
        for belief_id, text, phrase in self._phrases:
            score = dice(words, phrase, self.weight) if _enough_shared(words, phrase) else 0.0
            if belief_id not in best or score > best[belief_id].score:
                best[belief_id] = Match(belief_id, round(score, 4), text)
        return sorted(best.values(), key=lambda match: -match.score)

    def best(self, said: str | None) -> Match | None:
        """The belief these words mean, or None when nothing clears the threshold or two tie."""
        if not said or not said.strip():
            return None
        ranked = self.scores(said)
        if not ranked or ranked[0].score < self.threshold:
            return None
        if len(ranked) > 1 and ranked[1].score == ranked[0].score:
            return None
        return ranked[0]


def _enough_shared(said: frozenset[str], phrase: frozenset[str]) -> bool:
    """Two shared words, or all of a one-word wording: one rare word alone is not a match
    ("I'm tired" is not "people are tired of me"), but a one-word wording ("I'm a burden") is
    a keyword of its belief."""
    return len(said & phrase) >= min(2, len(phrase)) and bool(phrase)


def _distinctiveness(ids: Iterable[str], phrases: list[tuple[str, str, frozenset[str]]]) -> dict[str, float]:
    """log(1 + beliefs / beliefs using the word): rare words weigh more than shared ones."""
    count = len(set(ids)) or 1
    used_by: dict[str, set[str]] = {}
    for belief_id, _text, words in phrases:
        for word in words:
            used_by.setdefault(word, set()).add(belief_id)
    return {word: math.log(1 + count / len(owners)) for word, owners in used_by.items()}


__all__ = ["Match", "Matcher", "is_saying", "negated", "similarity", "tokens"]
