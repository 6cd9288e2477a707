"""Free words that mean what was meant: a command said at a question, and the answer without its fillers.

Alexa puts whatever was said into a free-text slot: "never mind" as a check-in's note, "uh it was kind
of mixed i guess" as its feeling, "it was with Nguyen actually" as its person. The phrases live in
content/<lang>/data/heard.yaml (locale files add to them); this module only compares and trims. What it
returns keeps the person's own spelling and casing; it is never logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

_WORD = re.compile(r"[\w']+")
_CONTRACTIONS = {
    "i'm": "i am", "im": "i am", "i'd": "i would", "i've": "i have", "i'll": "i will", "it's": "it is",
    "that's": "that is", "what's": "what is", "don't": "do not", "dont": "do not", "didn't": "did not",
    "can't": "can not", "cant": "can not", "cannot": "can not", "wasn't": "was not", "isn't": "is not",
    "won't": "will not", "wouldn't": "would not", "doesn't": "does not", "there's": "there is",
}


@dataclass(frozen=True)
class _Word:
    said: str  # as Alexa wrote it
    plain: tuple[str, ...]  # lower case, contraction opened: one or two words
    start: int  # where it stands in what was said
    end: int


def _words(text: str) -> list[_Word]:
    found = []
    for match in _WORD.finditer(text.replace("\u2019", "'").replace("\u2018", "'")):
        token = match.group()
        stripped = token.strip("'_")
        if stripped:
            lower = stripped.lower()
            offset = match.start() + token.index(stripped)
            found.append(_Word(stripped, tuple(_CONTRACTIONS.get(lower, lower).split()), offset,
                               offset + len(stripped)))
    return found


def plain(text: str) -> str:
    """What a phrase in heard.yaml is compared with: lower case, no punctuation, contractions opened."""
    return " ".join(" ".join(w.plain) for w in _words(text))


@dataclass(frozen=True)
class Heard:
    commands: dict[str, str]  # plain phrase -> outcome
    softeners: tuple[tuple[str, ...], ...]
    leading: tuple[tuple[str, ...], ...]
    trailing: tuple[tuple[str, ...], ...]
    carriers: dict[str, tuple[tuple[str, ...], ...]]


def _phrases(items: Any) -> tuple[tuple[str, ...], ...]:
    found = {tuple(plain(str(item)).split()) for item in items or ()}
    # Longest first, so "no wait" is trimmed before "no".
    return tuple(sorted((p for p in found if p), key=lambda p: -len(p)))


@cache
def _load(speech: Any, locale: str) -> Heard:
    commands: dict[str, str] = {}
    softeners, leading, trailing = [], [], []
    carriers: dict[str, list[str]] = {}
    for layer in reversed(speech.data_layers("heard", locale)):  # the language first, the locale on top
        for outcome, phrases in (layer.get("commands") or {}).items():
            for phrase in phrases or ():
                commands[plain(str(phrase))] = outcome
        softeners += layer.get("softeners") or []
        leading += (layer.get("fillers") or {}).get("leading") or []
        trailing += (layer.get("fillers") or {}).get("trailing") or []
        for kind, phrases in (layer.get("carriers") or {}).items():
            carriers.setdefault(kind, []).extend(phrases or [])
    return Heard(commands, _phrases(softeners), _phrases(leading), _phrases(trailing),
                 {kind: _phrases(phrases) for kind, phrases in carriers.items()})


def _strip(words: list[_Word], phrases: tuple[tuple[str, ...], ...], *, at_end: bool = False) -> list[_Word]:
    """Drops phrases from one edge, repeatedly, never leaving nothing."""
    changed = True
    while changed and words:
        changed = False
        flat = [p for w in words for p in w.plain]
        for phrase in phrases:
            size = len(phrase)
            if size >= len(flat):
                continue
            edge = tuple(flat[-size:]) if at_end else tuple(flat[:size])
            if edge == phrase:
                words = _drop_plain_words(words, size, at_end)
                changed = True
                break
    return words


def _drop_plain_words(words: list[_Word], count: int, at_end: bool) -> list[_Word]:
    """Removes `count` plain words from one edge (a contraction counts as its opened words)."""
    words = list(words)
    while count > 0 and words:
        word = words.pop() if at_end else words.pop(0)
        count -= len(word.plain)
    return words


def command(speech: Any, locale: str, said: str | None) -> str | None:
    """The command these words are ("never mind" -> "cancel"), or None when they are an answer."""
    if not said:
        return None
    heard = _load(speech, locale)
    words = _strip(_strip(_words(said), heard.trailing, at_end=True), heard.leading)
    candidates = [words]
    while True:
        softened = _strip(candidates[-1], heard.softeners)
        if len(softened) == len(candidates[-1]):
            break
        candidates.append(softened)
    for candidate in candidates:
        found = heard.commands.get(" ".join(p for w in candidate for p in w.plain))
        if found is not None:
            return found
    return None


def tidy(speech: Any, locale: str, said: str | None, kind: str = "") -> str:
    """The answer without fillers and the words around it, in the person's own spelling."""
    if not said:
        return ""
    heard = _load(speech, locale)
    words = _words(said)
    for _ in range(3):  # "um, it was with, uh, Nguyen": fillers and carriers interleave
        words = _strip(words, heard.leading)
        words = _strip(words, heard.carriers.get(kind, ()))
        words = _strip(words, heard.trailing, at_end=True)
    if not words:
        return ""
    return _original_span(said, words)


def _original_span(said: str, words: list[_Word]) -> str:
    """The kept words as they were written, with what is written onto them ("Mary-Jane", "O'Neil",
    "<Co>"), but not a comma or full stop that ended the sentence around them."""
    start, end = words[0].start, words[-1].end
    while start > 0 and not said[start - 1].isspace():
        start -= 1
    while end < len(said) and not said[end].isspace():
        end += 1
    return said[start:end].strip().rstrip(",.;:!?").lstrip(",.;:!?")


__all__ = ["command", "plain", "tidy"]
