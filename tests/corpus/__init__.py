"""The phrasing corpora: how people would say things to Safe Connections, written blind (README.md).

Loaded here for measuring the interaction model, the simulator, the conversation layer and the
safety screen against words nobody on the team tuned them to. Never copy a corpus sentence into a
sample utterance or a pattern: `test_corpus.py` fails when one is.

    intent_phrasings()  -> [Phrasing(intent, text, slots, locale, one_shot)]
    answers()           -> {question: {outcome: [Answer(text, value, intent, locale)]}}
    safety()            -> [SafetySentence(kind, category, locale, text)]

A locale of None means every English locale; `in_locale()` says whether an item is tested in one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LOCALES = ("en-US", "en-GB", "en-AU", "en-IN", "en-CA")
ANY_LOCALE = "en"
KINDS = ("crisis", "danger", "everyday")

_NAME = r"safe\s+connections"
_LAUNCH = r"(?:ask|tell|open|launch|start|begin|use|talk\s+to|load|run)"
_CONNECT = r"(?:to|for|and|about|if|whether|that)"
# "ask safe connections to ...", "open safe connections and ...", "... using safe connections"
_ONE_SHOT = re.compile(rf"\b{_LAUNCH}\s+{_NAME}\b|\b(?:using|with|from)\s+{_NAME}\s*\W*$", re.IGNORECASE)
_WAKE_WORD = re.compile(r"^alexa\s+")
_WRAPPER_START = re.compile(rf"^{_LAUNCH}\s+{_NAME}(?:\s+{_CONNECT})?(?:\s+|$)")
_WRAPPER_END = re.compile(rf"\s+(?:using|with|from)\s+{_NAME}$")


@dataclass(frozen=True)
class Phrasing:
    intent: str
    text: str
    slots: Mapping[str, str] = field(default_factory=dict)
    locale: str | None = None
    one_shot: bool = False

    def in_locale(self, locale: str) -> bool:
        return self.locale in (None, locale)


@dataclass(frozen=True)
class Answer:
    text: str
    value: str | None = None
    intent: str | None = None
    locale: str | None = None

    def in_locale(self, locale: str) -> bool:
        return self.locale in (None, locale)


@dataclass(frozen=True)
class SafetySentence:
    kind: str
    category: str
    locale: str | None
    text: str

    def in_locale(self, locale: str) -> bool:
        return self.locale in (None, locale)


def is_one_shot(text: str) -> bool:
    """Said with the invocation name: "alexa, ask safe connections to ...", "... using safe connections"."""
    return bool(_ONE_SHOT.search(text))


def normalise(text: str) -> str:
    """Compare-ready text: lower case, apostrophes dropped ("i'm" = "im"), other punctuation a space,
    spaces collapsed, and a leading "alexa" and the one-shot wrapper ("ask safe connections to")
    removed, so "Alexa, ask Safe Connections to log a check-in" compares as "log a check in"."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    text = _WAKE_WORD.sub("", text)
    text = _WRAPPER_START.sub("", text)
    return _WRAPPER_END.sub("", text).strip()


def _load(name: str) -> Any:
    with (HERE / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _locale(value: Any) -> str | None:
    return None if value in (None, ANY_LOCALE) else str(value)


@functools.cache
def _phrasings() -> tuple[Phrasing, ...]:
    out: list[Phrasing] = []
    for key, entry in _load("intents.yaml").items():
        intent, items = (entry["intent"], entry["phrasings"]) if isinstance(entry, dict) else (key, entry)
        for item in items:
            item = {"text": item} if isinstance(item, str) else item
            out.append(Phrasing(
                intent=intent,
                text=item["text"],
                slots=dict(item.get("slots") or {}),
                locale=_locale(item.get("locale")),
                one_shot=is_one_shot(item["text"]),
            ))
    return tuple(out)


def intent_phrasings() -> list[Phrasing]:
    return list(_phrasings())


@functools.cache
def _answers() -> dict[str, dict[str, tuple[Answer, ...]]]:
    out: dict[str, dict[str, tuple[Answer, ...]]] = {}
    for question, entry in _load("answers.yaml").items():
        out[question] = {
            str(outcome): tuple(_answer(item) for item in items) for outcome, items in entry["outcomes"].items()
        }
    return out


def _answer(item: str | Mapping[str, Any]) -> Answer:
    if isinstance(item, str):
        return Answer(item)
    return Answer(item["text"], item.get("value"), item.get("intent"), _locale(item.get("locale")))


def answers() -> dict[str, dict[str, list[Answer]]]:
    return {q: {o: list(items) for o, items in outcomes.items()} for q, outcomes in _answers().items()}


@functools.cache
def asked() -> Mapping[str, str]:
    """What the skill asked, per question of answers.yaml."""
    return {question: entry["asked"] for question, entry in _load("answers.yaml").items()}


@functools.cache
def _safety() -> tuple[SafetySentence, ...]:
    data = _load("safety.yaml")
    out: list[SafetySentence] = []
    for kind in ("crisis", "danger"):
        for category, by_locale in data[kind].items():
            for locale, texts in by_locale.items():
                out.extend(SafetySentence(kind, category, _locale(locale), text) for text in texts)
    for category, items in data["everyday"].items():
        for item in items:
            item = {"text": item} if isinstance(item, str) else item
            out.append(SafetySentence("everyday", category, _locale(item.get("locale")), item["text"]))
    return tuple(out)


def safety() -> list[SafetySentence]:
    return list(_safety())


HELDOUT_SAFETY = ("heldout_safety.yaml", "heldout2_safety.yaml", "heldout3_safety.yaml", "heldout4_safety.yaml")


@functools.cache
def _heldout_safety(name: str) -> tuple[SafetySentence, ...]:
    """kind: category: locale: [sentences], everyday categories without locales."""
    out: list[SafetySentence] = []
    for kind, categories in _load(name).items():
        for category, by_locale in categories.items():
            groups = by_locale.items() if isinstance(by_locale, dict) else [("en", by_locale)]
            for locale, texts in groups:
                out.extend(SafetySentence(kind, category, _locale(locale), str(text)) for text in texts or ())
    return tuple(out)


def heldout_safety(name: str = "heldout_safety.yaml") -> list[SafetySentence]:
    """A later safety set, written blind after the screen was built (README.md)."""
    return list(_heldout_safety(name))


def every_text() -> Iterable[tuple[str, str]]:
    """(where, text) for every sentence in the three corpora, for checks that span them all."""
    for p in _phrasings():
        yield f"intents.yaml {p.intent}", p.text
    for question, outcomes in _answers().items():
        for outcome, items in outcomes.items():
            for a in items:
                yield f"answers.yaml {question}.{outcome}", a.text
    for s in _safety():
        yield f"safety.yaml {s.kind}.{s.category}", s.text


@functools.cache
def seen_before() -> frozenset[str]:
    """Corpus sentences (normalised) that were already samples when the corpus was written: kept in the
    corpus, never counted as unseen (samples_before_the_corpus.txt)."""
    path = Path(__file__).with_name("samples_before_the_corpus.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def unseen(text: str) -> bool:
    return normalise(text) not in seen_before()
