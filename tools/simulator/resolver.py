"""Typed utterance -> intent and slots, through our own interaction model, roughly as Alexa would.

Samples with `{slot}` placeholders are matched word by word against what was typed (case and
punctuation do not matter). A slot takes one or more words; AMAZON.NUMBER and AMAZON.DATE only
take words they can read. Among the samples that match, the one with the most literal words wins,
then the one whose slots were understood best (a date read, a custom value found), then our
model's own samples over Alexa's common phrasings. Nothing matched: AMAZON.FallbackIntent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tools import envelopes
from tools.simulator.builtins import PHRASINGS, parse_date, parse_number
from tools.simulator.model import InteractionModel, TypeValue

_TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-[Ww]\d{2}|[\w']+")
_PLACEHOLDER = re.compile(r"(\{\w+\})")
MAX_MATCHES = 64
FALLBACK = "AMAZON.FallbackIntent"
LEADING_FILLERS = (("please",), ("um",), ("uh",), ("well",), ("oh",), ("so",), ("alexa",), ("okay", "so"))
TRAILING_FILLERS = (("please",), ("thanks",), ("thank", "you"))
OPEN_WORDS = (("open",), ("launch",), ("start",), ("begin",), ("load",), ("run",), ("play",), ("use",),
              ("talk", "to"), ("speak", "to"), ("go", "to"))
ASK_WORDS = (("ask",), ("tell",))
CONNECTORS = frozenset({"to", "for", "about", "that", "if", "whether", "and"})
SUFFIX_CONNECTORS = frozenset({"using", "with", "on", "from", "in", "via"})


@dataclass(frozen=True)
class Word:
    norm: str  # lower case, no apostrophes: what matching compares
    raw: str  # as typed: what a slot value carries


def words(text: str) -> list[Word]:
    text = text.replace("’", "'").replace("‘", "'")
    found = []
    for raw in _TOKEN.findall(text):
        raw = raw.strip("'_")
        if raw:
            found.append(Word(raw.lower().replace("'", ""), raw))
    return found


def normal(text: str) -> str:
    return " ".join(w.norm for w in words(text))


@dataclass(frozen=True)
class Sample:
    intent: str
    text: str
    items: tuple[tuple[str, str], ...]  # ("lit", word) | ("slot", name)
    ours: bool  # from our model (True) or Alexa's common phrasings (False)

    @property
    def literals(self) -> int:
        return sum(1 for kind, _ in self.items if kind == "lit")


def compile_sample(intent: str, text: str, ours: bool = True) -> Sample:
    items: list[tuple[str, str]] = []
    for part in _PLACEHOLDER.split(text):
        if part.startswith("{") and part.endswith("}"):
            items.append(("slot", part[1:-1]))
        else:
            items.extend(("lit", w.norm) for w in words(part))
    return Sample(intent, text, tuple(items), ours)


@dataclass
class Resolution:
    """What Alexa understood: the intent, its slots as the request carries them, and why."""

    intent: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    sample: str | None = None
    score: tuple[int, ...] = (0,)

    @property
    def is_fallback(self) -> bool:
        return self.intent == FALLBACK

    def values(self) -> dict[str, str]:
        return {name: s["value"] for name, s in self.slots.items() if s.get("value") is not None}

    def as_intent(self) -> dict[str, Any]:
        return {"name": self.intent, "confirmationStatus": "NONE", "slots": self.slots}


@dataclass
class Invocation:
    """An utterance that names the skill: open it (launch) or ask it something (one-shot)."""

    kind: str  # "launch" | "one_shot"
    rest: list[Word] = field(default_factory=list)


class Resolver:
    """Resolves typed text through one interaction model (a locale file or any model dict)."""

    def __init__(self, model: InteractionModel | dict[str, Any], skill_id: str = envelopes.DEFAULT_SKILL_ID,
                 today: date | None = None) -> None:
        self.model = model if isinstance(model, InteractionModel) else InteractionModel.from_dict(model)
        self.skill_id = skill_id
        self._today = today
        self.samples: list[Sample] = []
        for name, intent in self.model.intents.items():
            for text in PHRASINGS.get(name, ()):
                self.samples.append(compile_sample(name, text, ours=False))
            for text in intent.get("samples") or []:
                self.samples.append(compile_sample(name, text))
        self.invocation = [w.norm for w in words(self.model.invocation_name)]

    @property
    def today(self) -> date:
        return self._today or date.today()

    # -- the public questions ---------------------------------------------------------------------

    def resolve(self, text: str | list[Word]) -> Resolution:
        """The best intent for an utterance said inside the skill's session."""
        said = words(text) if isinstance(text, str) else text
        found = self.best(said, self.samples)
        if found is None:
            trimmed = _trim_fillers(said)
            if trimmed != said:
                found = self.best(trimmed, self.samples)
        return found or self.empty(FALLBACK)

    def invocation_of(self, text: str) -> Invocation | None:
        """"open safe connections" -> launch; "ask safe connections to ..." -> one-shot; else None."""
        said = _strip_start(words(text), (("alexa",),))
        names = [w.norm for w in said]
        size = len(self.invocation)
        at = next((i for i in range(len(names) - size + 1) if names[i:i + size] == self.invocation), None)
        if at is None:
            return None
        before, after = said[:at], said[at + size:]
        verb = tuple(w.norm for w in before)
        if not after and (not verb or verb in OPEN_WORDS or verb in ASK_WORDS):
            return Invocation("launch")
        if verb in OPEN_WORDS and after and after[0].norm == "and":
            return Invocation("one_shot", after[1:])
        if verb in ASK_WORDS and after:
            return Invocation("one_shot", after)
        if not after and len(before) > 1 and before[-1].norm in SUFFIX_CONNECTORS:
            return Invocation("one_shot", before[:-1])
        return None

    def resolve_one_shot(self, rest: list[Word]) -> Resolution:
        """"ask safe connections FOR a counter belief": with or without the connecting word."""
        options = [self.resolve(rest)]
        if rest and rest[0].norm in CONNECTORS:
            options.append(self.resolve(rest[1:]))
        return max(options, key=lambda r: (not r.is_fallback, r.score))

    def fill(self, intent: str, slot: str, said: list[Word]) -> Resolution | None:
        """An answer to "which {slot}?": the slot's own samples, then the intent's; None if neither."""
        own = [compile_sample(intent, text) for text in self.model.slot_samples(intent, slot)]
        return self.best(said, own) or self.best(said, [s for s in self.samples if s.intent == intent])

    def empty(self, intent: str) -> Resolution:
        return Resolution(intent, {name: envelopes.slot(name, None) for name in self.model.slot_types(intent)})

    # -- matching ---------------------------------------------------------------------------------

    def best(self, said: list[Word], samples: list[Sample]) -> Resolution | None:
        norms = [w.norm for w in said]
        best: Resolution | None = None
        for sample in samples:
            types = self.model.slot_types(sample.intent)
            for spans in _match(sample.items, 0, norms, 0, types, {}, [], self.today):
                resolution = self._resolution(sample, spans, said)
                if sample.literals == 0 and resolution.score[1] == 0:
                    # A sample that is only a slot ("{belief}") takes words Alexa recognises as one of
                    # the slot's values; otherwise every unrelated sentence would land in that intent.
                    continue
                if best is None or resolution.score > best.score:
                    best = resolution
        return best

    def _resolution(self, sample: Sample, spans: dict[str, tuple[int, int]], said: list[Word]) -> Resolution:
        found = self.empty(sample.intent)
        understood = 0
        free_words = 0
        for name, (start, end) in spans.items():
            slot = self.slot(sample.intent, name, said[start:end])
            found.slots[name] = slot
            status = _er_status(slot)
            if status == "ER_SUCCESS_MATCH" or self.model.slot_types(sample.intent).get(name) in _TYPED:
                understood += 1
            else:
                free_words += end - start
        found.sample = sample.text
        found.score = (sample.literals, understood, int(sample.ours), -free_words)
        return found

    def slot(self, intent: str, name: str, said: list[Word]) -> dict[str, Any]:
        """One filled slot as the request carries it, with entity resolution for custom types."""
        slot_type = self.model.slot_types(intent).get(name, "AMAZON.SearchQuery")
        norms = [w.norm for w in said]
        value: str | None = " ".join(w.raw for w in said)
        if slot_type == "AMAZON.NUMBER":
            number = parse_number(norms)
            value = str(number) if number is not None else "?"
        elif slot_type == "AMAZON.DATE":
            value = parse_date(norms, self.today)  # Alexa leaves a date it cannot read empty
        if slot_type.startswith("AMAZON.") or slot_type not in self.model.types:
            return envelopes.slot(name, value, slot_type=slot_type, skill_id=self.skill_id)
        match = entity_match(self.model.types[slot_type], norms)
        return envelopes.slot(
            name, value, slot_type=slot_type, skill_id=self.skill_id,
            match_id=(match.id or match.name) if match else None, match_name=match.name if match else None,
        )


_TYPED = frozenset({"AMAZON.NUMBER", "AMAZON.DATE"})
_ARTICLES = frozenset({"a", "an", "the"})


def entity_match(values: list[TypeValue], norms: list[str]) -> TypeValue | None:
    """The slot type value whose name or synonym is what was said (leading article optional)."""
    candidates = [" ".join(norms)]
    if norms and norms[0] in _ARTICLES:
        candidates.append(" ".join(norms[1:]))
    for said in candidates:
        for value in values:
            if said in (normal(value.name), *(normal(s) for s in value.synonyms)):
                return value
    return None


def _er_status(slot: dict[str, Any]) -> str | None:
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
        return authority["status"]["code"]
    return None


def _accepts(slot_type: str | None, norms: list[str], today: date) -> bool:
    if slot_type == "AMAZON.NUMBER":
        return parse_number(norms) is not None
    if slot_type == "AMAZON.DATE":
        return parse_date(norms, today) is not None
    return True


def _match(items: tuple[tuple[str, str], ...], k: int, norms: list[str], j: int, types: dict[str, str],
           spans: dict[str, tuple[int, int]], found: list[dict[str, tuple[int, int]]],
           today: date) -> list[dict[str, tuple[int, int]]]:
    """Every way the sample's items cover the words exactly (bounded), as slot -> (start, end)."""
    if len(found) >= MAX_MATCHES:
        return found
    if k == len(items):
        if j == len(norms):
            found.append(dict(spans))
        return found
    kind, value = items[k]
    remaining = len(items) - k - 1  # each later item needs at least one word
    if kind == "lit":
        if j < len(norms) and norms[j] == value:
            _match(items, k + 1, norms, j + 1, types, spans, found, today)
        return found
    for end in range(j + 1, len(norms) - remaining + 1):
        if _accepts(types.get(value), norms[j:end], today):
            spans[value] = (j, end)
            _match(items, k + 1, norms, end, types, spans, found, today)
            del spans[value]
    return found


def _strip_start(said: list[Word], prefixes: tuple[tuple[str, ...], ...]) -> list[Word]:
    names = tuple(w.norm for w in said)
    for prefix in prefixes:
        if names[:len(prefix)] == prefix:
            return said[len(prefix):]
    return said


def _trim_fillers(said: list[Word]) -> list[Word]:
    said = _strip_start(said, LEADING_FILLERS)
    names = tuple(w.norm for w in said)
    for suffix in TRAILING_FILLERS:
        if len(names) > len(suffix) and names[-len(suffix):] == suffix:
            return said[:-len(suffix)]
    return said
