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
    "let's": "let us", "lets": "let us",
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


Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Heard:
    commands: dict[str, str]  # plain phrase -> outcome
    cues: tuple[tuple[str, Phrases], ...]  # (outcome, phrases), in the order they are tried
    cue_words: int
    openers: tuple[tuple[str, Phrases], ...]
    softeners: Phrases
    leading: Phrases
    trailing: Phrases
    carriers: dict[str, Phrases]
    corrections: Phrases
    not_a_person: frozenset[str]
    the_journal: frozenset[str]
    feelings: tuple[tuple[str, Phrases], ...]
    correcting: dict[str, Phrases]
    old_one_after: frozenset[str]
    story: re.Pattern[str] | None


def _phrases(items: Any) -> Phrases:
    found = {tuple(plain(str(item)).split()) for item in items or ()}
    # Longest first, so "no wait" is trimmed before "no".
    return tuple(sorted((p for p in found if p), key=lambda p: -len(p)))


@cache
def _load(speech: Any, locale: str) -> Heard:
    commands: dict[str, str] = {}
    softeners, leading, trailing, corrections, not_a_person, the_journal = [], [], [], [], [], []
    carriers: dict[str, list[str]] = {}
    correcting: dict[str, list[str]] = {}
    feelings: dict[str, list[str]] = {}
    old_one_after: list[str] = []
    story_joins: list[str] = []
    story_subjects: list[str] = []
    cues: dict[str, list[str]] = {}
    openers: dict[str, list[str]] = {}
    cue_words = 0
    for layer in reversed(speech.data_layers("heard", locale)):  # the language first, the locale on top
        for outcome, phrases in (layer.get("commands") or {}).items():
            for phrase in phrases or ():
                commands[plain(str(phrase))] = outcome
        for outcome, phrases in (layer.get("cues") or {}).items():
            cues.setdefault(outcome, []).extend(phrases or [])
        for outcome, phrases in (layer.get("openers") or {}).items():
            openers.setdefault(outcome, []).extend(phrases or [])
        cue_words = int(layer.get("cue_words") or cue_words)
        softeners += layer.get("softeners") or []
        corrections += layer.get("corrections") or []
        not_a_person += layer.get("not_a_person") or []
        the_journal += layer.get("the_journal") or []
        leading += (layer.get("fillers") or {}).get("leading") or []
        trailing += (layer.get("fillers") or {}).get("trailing") or []
        for kind, phrases in (layer.get("carriers") or {}).items():
            carriers.setdefault(kind, []).extend(phrases or [])
        for kind, phrases in (layer.get("correcting") or {}).items():
            correcting.setdefault(kind, []).extend(phrases or [])
        for feeling, phrases in (layer.get("feelings_in_words") or {}).items():
            feelings.setdefault(feeling, []).extend(phrases or [])
        old_one_after += layer.get("old_one_after") or []
        story_joins += (layer.get("story_after_the_person") or {}).get("joins") or []
        story_subjects += (layer.get("story_after_the_person") or {}).get("subjects") or []
    return Heard(
        commands=commands,
        cues=tuple((outcome, _phrases(p)) for outcome, p in cues.items()),
        cue_words=cue_words,
        openers=tuple((outcome, _phrases(p)) for outcome, p in openers.items()),
        softeners=_phrases(softeners),
        leading=_phrases(leading),
        trailing=_phrases(trailing),
        carriers={kind: _phrases(phrases) for kind, phrases in carriers.items()},
        corrections=_phrases(corrections),
        not_a_person=frozenset(plain(str(p)) for p in not_a_person),
        the_journal=frozenset(plain(str(p)) for p in the_journal),
        correcting={kind: _phrases(phrases) for kind, phrases in correcting.items()},
        feelings=tuple((feeling, _phrases(phrases)) for feeling, phrases in feelings.items()),
        old_one_after=frozenset(plain(str(w)) for w in old_one_after),
        story=_story_pattern(story_joins, story_subjects),
    )


def _story_pattern(joins: list[str], subjects: list[str]) -> re.Pattern[str] | None:
    """Where a story begins after a person ("my friend jess like we got lunch"): optional joining words,
    then a subject and a word after it."""
    if not subjects:
        return None
    join = "|".join(map(re.escape, joins)) or "(?!)"
    subject = "|".join(map(re.escape, subjects))
    return re.compile(rf"[,\s]+(?:(?:{join})[,\s]+)*(?:{subject})\s+\w", re.IGNORECASE)


def person_before_story(speech: Any, locale: str, said: str) -> str:
    """The words before a story told where the person was asked for ("my friend jess like we got lunch"
    -> "my friend jess")."""
    story = _load(speech, locale).story
    return story.split(said, maxsplit=1)[0] if story else said


def feeling_in(speech: Any, locale: str, said: str) -> str | None:
    """The FEELING id a longer answer names ("like mostly safe i guess" -> "mostly_safe"), or None."""
    words = tuple(plain(said).split())
    for feeling, phrases in _load(speech, locale).feelings:
        if any(_contains(words, phrase) for phrase in phrases):
            return feeling
    return None


def correction(speech: Any, locale: str, said: str | None) -> tuple[str, str] | None:
    """("person", "Sam") for "wait, it was with Sam, not Maya": a part and its new words, or None."""
    if not said:
        return None
    heard = _load(speech, locale)
    words = _strip(_words(said), heard.softeners)
    flat = tuple(p for w in words for p in w.plain)
    for kind, phrases in heard.correcting.items():
        for phrase in phrases:
            if flat[:len(phrase)] == phrase and len(flat) > len(phrase):
                rest = _drop_plain_words(words, len(phrase), at_end=False)
                rest = _before_the_old_one(rest, heard.old_one_after)
                rest = _strip(rest, heard.trailing, at_end=True)
                return (kind, _original_span(said, rest)) if rest else None
    return None


def _before_the_old_one(words: list[_Word], old_one_after: frozenset[str]) -> list[_Word]:
    """The words before a "not ..." that names what was wrong ("Sam, not Maya" -> "Sam")."""
    for index, word in enumerate(words[1:], start=1):
        if word.plain[0] in old_one_after:
            return words[:index]
    return words


def names_the_journal(speech: Any, locale: str, person: str) -> bool:
    """"my journal", "my check ins": words in a person's place that name the journal itself."""
    return plain(person) in _load(speech, locale).the_journal


def names_nobody(speech: Any, locale: str, person: str) -> bool:
    """"someone", "a person": words where a name belongs that name nobody."""
    return plain(person) in _load(speech, locale).not_a_person


def _strip(words: list[_Word], phrases: tuple[tuple[str, ...], ...], *, at_end: bool = False) -> list[_Word]:
    """Drops phrases from one edge, repeatedly, never leaving nothing. At each step the first phrase
    (in the file's order) that is the edge goes: looked up by its length, not tried one by one."""
    first, sizes = _phrase_index(phrases)
    changed = True
    while changed and words:
        changed = False
        flat = [p for w in words for p in w.plain]
        found: tuple[int, int] | None = None  # (its place in the order, its length)
        for size in sizes:
            if size >= len(flat):
                break
            place = first.get(tuple(flat[-size:]) if at_end else tuple(flat[:size]))
            if place is not None and (found is None or place < found[0]):
                found = (place, size)
        if found is not None:
            words = _drop_plain_words(words, found[1], at_end)
            changed = True
    return words


_indexes: dict[int, tuple[Phrases, dict[tuple[str, ...], int], tuple[int, ...]]] = {}


def _phrase_index(phrases: Phrases) -> tuple[dict[tuple[str, ...], int], tuple[int, ...]]:
    """Each phrase's first place in the order, and the lengths there are (shortest first). Phrases
    are read once per locale and kept, so this is made once for each."""
    known = _indexes.get(id(phrases))
    if known is None or known[0] is not phrases:
        first: dict[tuple[str, ...], int] = {}
        for place, phrase in enumerate(phrases):
            first.setdefault(phrase, place)
        known = _indexes[id(phrases)] = (phrases, first, tuple(sorted({len(p) for p in phrases})))
    return known[1], known[2]


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
    candidates = _softened(heard, _words(said))
    for candidate in candidates:
        found = heard.commands.get(" ".join(p for w in candidate for p in w.plain))
        if found is not None:
            return found
    flat = tuple(p for w in candidates[-1] for p in w.plain)
    for outcome, phrases in heard.openers:
        if any(flat[:len(phrase)] == phrase for phrase in phrases):
            return outcome
    if len(flat) <= heard.cue_words:
        for outcome, phrases in heard.cues:
            if any(_contains(flat, phrase) for phrase in phrases):
                return outcome
    return None


def _softened(heard: Heard, raw: list[_Word]) -> list[list[_Word]]:
    """The words as said, then without fillers, each with its softeners dropped one by one."""
    trimmed = _strip(_strip(raw, heard.trailing, at_end=True), heard.leading)
    candidates: list[list[_Word]] = []
    for start in (raw, trimmed):
        candidates.append(start)
        while True:
            softened = _strip(candidates[-1], heard.softeners)
            if len(softened) == len(candidates[-1]):
                break
            candidates.append(softened)
    return candidates


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


def tidy(speech: Any, locale: str, said: str | None, kind: str = "") -> str:
    """The answer without fillers and the words around it, in the person's own spelling."""
    if not said:
        return ""
    heard = _load(speech, locale)
    words = _words(said)
    if kind in _CORRECTED:
        words = _after_correction(words, heard.corrections)
    for _ in range(3):  # "um, it was with, uh, Nguyen": fillers and carriers interleave
        words = _strip(words, heard.leading)
        words = _strip(words, heard.carriers.get(kind, ()))
        words = _strip(words, heard.trailing, at_end=True)
    if not words:
        return ""
    return _original_span(said, words)


# Short answers where "X, no, Y" means Y; a note may well say "no one listened".
_CORRECTED = frozenset({"person", "feeling"})


def _after_correction(words: list[_Word], corrections: Phrases) -> list[_Word]:
    """What follows the last correction ("my brother, no, my cousin" -> "my cousin"), when something does."""
    flat = [(i, p) for i, w in enumerate(words) for p in w.plain]
    plain_words = tuple(p for _, p in flat)
    cut = None
    for phrase in corrections:
        size = len(phrase)
        for start in range(1, len(plain_words) - size):
            if plain_words[start:start + size] == phrase:
                end = start + size
                if cut is None or end > cut:
                    cut = end
    if cut is None:
        return words
    first_word = flat[cut][0]
    return words[first_word:]


def _original_span(said: str, words: list[_Word]) -> str:
    """The kept words as they were written, with what is written onto them ("Mary-Jane", "O'Neil",
    "<Co>"), but not a comma or full stop that ended the sentence around them."""
    start, end = words[0].start, words[-1].end
    while start > 0 and not said[start - 1].isspace():
        start -= 1
    while end < len(said) and not said[end].isspace():
        end += 1
    return said[start:end].strip().rstrip(",.;:!?").lstrip(",.;:!?")


__all__ = ["command", "correction", "feeling_in", "names_nobody", "names_the_journal", "person_before_story", "plain",
           "tidy"]
