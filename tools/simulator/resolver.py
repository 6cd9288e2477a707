"""Typed utterance -> intent and slots, through our own interaction model, as Alexa would resolve it.

Two modes (docs/simulator.md says why, and what this cannot know about Alexa):

- **Alexa-like** (the default). Every sample is compared with what was said (tools.simulator.nearest:
  a weighted word alignment, similarity 0 to 1); the closest sample's intent wins when it is at least
  NEAR_ENOUGH, else a slot-only sample (`{belief}`) catches the sentence, else
  AMAZON.FallbackIntent, with no words. Custom slot types are open: a slot takes words that are not in
  its list (entity resolution ER_SUCCESS_NO_MATCH). "X, actually no, Y" is heard as Y when both are
  requests.
- **Strict** (`--strict`): word for word, for measuring how much the samples cover. A slot takes any
  words its type accepts; among samples that match, the one with the most literal words wins, then
  the one whose slots were understood best (a date read, a listed value), then our model's own
  samples over Alexa's common phrasings.

In both, AMAZON.NUMBER and AMAZON.DATE take only words they can read, AMAZON.FirstName one or two
words that are not everyday function words, and every resolution says how it was reached (`how`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tools import envelopes
from tools.simulator import nearest
from tools.simulator.builtins import PHRASINGS, parse_date, parse_number
from tools.simulator.model import InteractionModel, TypeValue

_TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-[Ww]\d{2}|[\w']+")
_PLACEHOLDER = re.compile(r"(\{\w+\})")
MAX_MATCHES = 64
FALLBACK = "AMAZON.FallbackIntent"
# The similarity from which a sentence is heard as its nearest sample (docs/simulator.md: why 0.7).
NEAR_ENOUGH = 0.7
LEADING_FILLERS = (("please",), ("um",), ("uh",), ("well",), ("oh",), ("so",), ("alexa",), ("okay", "so"))
TRAILING_FILLERS = (("please",), ("thanks",), ("thank", "you"))
OPEN_WORDS = (("open",), ("launch",), ("start",), ("begin",), ("load",), ("run",), ("play",), ("use",),
              ("talk", "to"), ("speak", "to"), ("go", "to"), ("open", "up"), ("resume",))
ASK_WORDS = (("ask",), ("tell",))
POLITE_OPENINGS = (("please",), ("hey",), ("okay",), ("ok",), ("can", "you"), ("could", "you"), ("would", "you"),
                   ("can", "you", "please"), ("could", "you", "please"))
CONNECTORS = frozenset({"to", "for", "about", "that", "if", "whether", "and"})
SUFFIX_CONNECTORS = frozenset({"using", "with", "on", "from", "in", "via"})
# Where people take back what they began to say: "start a reflection, actually no, the short one".
CHANGE_OF_MIND = (("actually", "no"), ("no", "actually"), ("no", "wait"), ("wait", "no"), ("no", "sorry"),
                  ("sorry", "no"), ("no", "no"), ("i", "mean"), ("or", "rather"), ("scratch", "that"),
                  ("make", "that"), ("on", "second", "thought"), ("on", "second", "thoughts"),
                  ("actually",), ("sorry",), ("wait",), ("rather",))


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
    aligned: tuple[nearest.Item, ...] = ()

    @property
    def literals(self) -> int:
        return sum(1 for kind, _ in self.items if kind == "lit")

    @property
    def slot_only(self) -> bool:
        return self.literals == 0


def compile_sample(intent: str, text: str, ours: bool = True) -> Sample:
    items: list[tuple[str, str]] = []
    for part in _PLACEHOLDER.split(text):
        if part.startswith("{") and part.endswith("}"):
            items.append(("slot", part[1:-1]))
        else:
            items.extend(("lit", w.norm) for w in words(part))
    return Sample(intent, text, tuple(items), ours, nearest.sample_items(tuple(items)))


@dataclass
class Resolution:
    """What Alexa understood: the intent, its slots as the request carries them, and how."""

    intent: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    sample: str | None = None
    similarity: float = 0.0
    literals: int = 0
    understood: int = 0
    ours: bool = True
    free_words: int = 0
    how: str = "no sample"
    caught: bool = False  # taken by a slot-only sample because nothing else was near

    @property
    def is_fallback(self) -> bool:
        return self.intent == FALLBACK

    @property
    def rank(self) -> tuple[float, int, int, int, int]:
        return (round(self.similarity, 4), self.literals, self.understood, int(self.ours), -self.free_words)

    def values(self) -> dict[str, str]:
        return {name: s["value"] for name, s in self.slots.items() if s.get("value") is not None}

    def as_intent(self) -> dict[str, Any]:
        return {"name": self.intent, "confirmationStatus": "NONE", "slots": self.slots}


@dataclass
class Invocation:
    """An utterance that names the skill: open it (launch) or ask it something (one-shot)."""

    kind: str  # "launch" | "one_shot"
    rest: list[Word] = field(default_factory=list)


@dataclass(frozen=True)
class _SlotType:
    """What a custom slot type knows: its values for entity resolution, their words, their length."""

    values: dict[str, TypeValue]  # normal form of a name or synonym -> value
    vocabulary: frozenset[str]
    longest: int
    bags: tuple[dict[str, float], ...]  # each name or synonym as weighted stems, for `likeness`
    edges: frozenset[str]  # the first and last words of the values

    @classmethod
    def of(cls, values: list[TypeValue]) -> _SlotType:
        names: dict[str, TypeValue] = {}
        for value in values:
            for said in (value.name, *value.synonyms):
                names.setdefault(normal(said), value)
        vocabulary = frozenset(w for name in names for w in name.split())
        bags = tuple(_bag(name.split()) for name in names)
        edges = frozenset(w for name in names if name for w in (name.split()[0], name.split()[-1]))
        return cls(names, vocabulary, max((len(name.split()) for name in names), default=1), bags, edges)

    def likeness(self, norms: list[str]) -> float:
        """How much the words look like one of the values: the best weighted overlap of their stems
        (1.0 for a value itself, 0 for words no value shares)."""
        said = _bag(norms)
        size = sum(said.values())
        best = 0.0
        for bag in self.bags:
            shared = sum(min(w, bag[t]) for t, w in said.items() if t in bag)
            if shared:
                best = max(best, 2 * shared / (size + sum(bag.values())))
        return best

    def match(self, norms: list[str]) -> TypeValue | None:
        """The value whose name or synonym is what was said (a leading article optional)."""
        found = self.values.get(" ".join(norms))
        if found is None and len(norms) > 1 and norms[0] in _ARTICLES:
            found = self.values.get(" ".join(norms[1:]))
        return found

    def shrinks_to_a_value(self, norms: list[str]) -> bool:
        """Words the values do not all use, where dropping words at the edges, a function word or filler
        among them, leaves exactly a value ("my sister | and felt safe", "safe | and I noticed"). Words
        that are all the values' own ("my friend Maya") stay together."""
        if all(w in self.vocabulary for w in norms):
            return False
        for start in range(len(norms)):
            for end in range(len(norms), start, -1):
                dropped = norms[:start] + norms[end:]
                if dropped and any(nearest.weight(w) < nearest.CONTENT for w in dropped) and (
                        self.match(norms[start:end])):
                    return True
        return False

    def occurrences(self, norms: list[str]) -> list[tuple[int, int]]:
        """Where the sentence says one of the listed values, as word spans."""
        return [(start, end) for start in range(len(norms))
                for end in range(start + 1, min(len(norms), start + self.longest + 1) + 1)
                if self.match(norms[start:end])]


class _Heard:
    """One utterance being resolved: its words, its tokens, and what each slot type made of each span."""

    def __init__(self, said: list[Word]) -> None:
        self.said = said
        self.norms = [w.norm for w in said]
        self.tokens = nearest.tokens(self.norms)
        self.spans: dict[tuple[str, int, int], float | None] = {}
        self.values: dict[str, list[tuple[int, int]]] = {}  # slot type -> where a listed value is said


class Resolver:
    """Resolves typed text through one interaction model (a locale file or any model dict)."""

    def __init__(self, model: InteractionModel | dict[str, Any], skill_id: str = envelopes.DEFAULT_SKILL_ID,
                 today: date | None = None, *, strict: bool = False, near_enough: float = NEAR_ENOUGH) -> None:
        self.model = model if isinstance(model, InteractionModel) else InteractionModel.from_dict(model)
        self.skill_id = skill_id
        self.strict = strict
        self.near_enough = near_enough
        self._today = today
        self.samples: list[Sample] = []
        for name, intent in self.model.intents.items():
            for text in PHRASINGS.get(name, ()):
                self.samples.append(compile_sample(name, text, ours=False))
            for text in intent.get("samples") or []:
                self.samples.append(compile_sample(name, text))
        self.invocation = [w.norm for w in words(self.model.invocation_name)]
        self._types = {name: _SlotType.of(values) for name, values in self.model.types.items()}
        # The words samples use around their slots: the tagger learned these as carrier words, not values.
        self._carriers = frozenset(word for sample in self.samples for kind, word in sample.items if kind == "lit")
        self._phrases: dict[tuple[str, str], bool] = {}

    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def mode(self) -> str:
        return "strict" if self.strict else "Alexa-like"

    # -- the public questions ---------------------------------------------------------------------

    def resolve(self, text: str | list[Word]) -> Resolution:
        """The best intent for an utterance said inside the skill's session."""
        said = words(text) if isinstance(text, str) else text
        if self.strict:
            return self._strict(said)
        return self._change_of_mind(said) or self._alexa_like(said)

    def invocation_of(self, text: str) -> Invocation | None:
        """"open safe connections" -> launch; "ask safe connections to ..." -> one-shot; else None."""
        said = _strip_start(words(text), (("alexa",), ("hey", "alexa"), ("okay", "alexa")))
        said = _strip_start(said, POLITE_OPENINGS)
        names = [w.norm for w in said]
        size = len(self.invocation)
        at = next((i for i in range(len(names) - size + 1) if names[i:i + size] == self.invocation), None)
        if at is None:
            return None
        before, after = said[:at], _trim_fillers(said[at + size:])
        verb = tuple(w.norm for w in before)
        if not after and (not verb or verb in OPEN_WORDS or verb in ASK_WORDS):
            return Invocation("launch")
        if verb in OPEN_WORDS and after:  # "open safe connections and ...", or without the "and"
            return Invocation("one_shot", after[1:] if after[0].norm == "and" else after)
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
        return max(options, key=lambda r: (not r.is_fallback, not r.caught, r.rank))

    def fill(self, intent: str, slot: str, said: list[Word]) -> Resolution | None:
        """An answer to "which {slot}?": the slot's own samples, then the intent's; None if neither."""
        own = [compile_sample(intent, text) for text in self.model.slot_samples(intent, slot)]
        return self.best(said, own) or self.best(said, [s for s in self.samples if s.intent == intent])

    def best(self, said: list[Word], samples: list[Sample]) -> Resolution | None:
        """The best of these samples for the words: word for word (strict), else the nearest close enough."""
        if self.strict:
            return self._exact(said, samples)
        found = self._nearest(_Heard(said), samples)
        return self._named(said, found) if found and found.similarity >= self.near_enough else None

    def empty(self, intent: str) -> Resolution:
        return Resolution(intent, {name: envelopes.slot(name, None) for name in self.model.slot_types(intent)})

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
        if slot_type not in self._types:
            return envelopes.slot(name, value, slot_type=slot_type, skill_id=self.skill_id)
        match = self._types[slot_type].match(norms)
        return envelopes.slot(
            name, value, slot_type=slot_type, skill_id=self.skill_id,
            match_id=(match.id or match.name) if match else None, match_name=match.name if match else None,
        )

    # -- strict: word for word --------------------------------------------------------------------

    def _strict(self, said: list[Word]) -> Resolution:
        found = self._exact(said, self.samples)
        if found is None:
            trimmed = _trim_fillers(said)
            if trimmed != said:
                found = self._exact(trimmed, self.samples)
        return found or self._fallback("no sample matches word for word")

    def _exact(self, said: list[Word], samples: list[Sample]) -> Resolution | None:
        norms = [w.norm for w in said]
        best: Resolution | None = None
        for sample in samples:
            types = self.model.slot_types(sample.intent)
            for spans in _match(sample.items, 0, norms, 0, types, {}, [], self.today):
                found = self._resolution(sample, spans, said, 1.0)
                found.caught = sample.slot_only and not found.understood  # a listed value is exact
                found.how = f'slot-only sample "{sample.text}"' if found.caught else "exact"
                if best is None or found.rank > best.rank:
                    best = found
        return best

    # -- Alexa-like: the nearest sample -----------------------------------------------------------

    def _alexa_like(self, said: list[Word]) -> Resolution:
        heard = _Heard(said)
        found = self._nearest(heard, [s for s in self.samples if not s.slot_only])
        caught = [c for c in (self._caught(said, s) for s in self.samples if s.slot_only) if c is not None]
        for listed in caught:
            # A slot-only sample said as one of its listed values is as exact as any other sample.
            near = listed.understood and listed.similarity >= self.near_enough
            if near and (found is None or listed.rank > found.rank):
                found = listed
        if found is not None and found.similarity >= self.near_enough:
            return self._named(said, found)
        nearest_other = f'nearest "{found.sample}", {found.similarity:.2f}' if found else "no sample shares a word"
        if caught and said:
            best = max(caught, key=lambda r: r.rank)
            best.how = f'slot-only sample "{best.sample}" (nothing nearer: {nearest_other})'
            best.caught = True
            return best
        return self._fallback(f"no sample close enough ({nearest_other})")

    def _caught(self, said: list[Word], sample: Sample) -> Resolution | None:
        """A slot-only sample takes the whole sentence, less hesitation and politeness at its edges."""
        start, end = 0, len(said)
        while start < end and said[start].norm in nearest.HESITATIONS:
            start += 1
        while end > start and said[end - 1].norm in nearest.HESITATIONS:
            end -= 1
        if start == end:
            return None
        (name,) = [value for _, value in sample.items]
        trimmed = sum(nearest.weight(w.norm) for w in said[:start] + said[end:]) * nearest.INSERTED
        return self._resolution(sample, {name: (start, end)}, said, 2 / (2 + trimmed))

    def _named(self, said: list[Word], found: Resolution) -> Resolution:
        """Says how: `exact` when the sample is what was said word for word, contractions spelled out
        (an unlisted name is still exact, though it weighs a little less), else the nearest sample."""
        sample = compile_sample(found.intent, found.sample or "")
        items = tuple(("lit", item.text) if isinstance(item, nearest.Token) else ("slot", item)
                      for item in sample.aligned)
        heard = [t.text for t in nearest.tokens([w.norm for w in said])]
        exact = _match(items, 0, heard, 0, self.model.slot_types(found.intent), {}, [], self.today)
        found.how = "exact" if exact else f'nearest sample "{found.sample}", {found.similarity:.2f}'
        return found

    def _nearest(self, heard: _Heard, samples: list[Sample]) -> Resolution | None:
        bounds = sorted(((nearest.upper_bound(s.aligned, heard.tokens), i) for i, s in enumerate(samples)
                         if nearest.carrier_heard(s.aligned, heard.tokens, self._phrase(s))), reverse=True)
        best: Resolution | None = None
        for bound, index in bounds:
            if best is not None and bound < best.similarity - 1e-9:
                break
            found = self._scored(heard, samples[index])
            if found is not None and (best is None or found.rank > best.rank):
                best = found
        return best

    def _phrase(self, sample: Sample) -> bool:
        """Whether the sample has a phrase slot (AMAZON.SearchQuery), which takes any words."""
        key = (sample.intent, sample.text)
        if key not in self._phrases:
            types = self.model.slot_types(sample.intent)
            self._phrases[key] = any(types.get(value) == "AMAZON.SearchQuery"
                                     for kind, value in sample.items if kind == "slot")
        return self._phrases[key]

    def _scored(self, heard: _Heard, sample: Sample) -> Resolution | None:
        types = self.model.slot_types(sample.intent)

        def accept(name: str, start: int, end: int) -> float | None:
            first, last = heard.tokens[start], heard.tokens[end - 1]
            if not (first.first and last.last):
                return None  # a slot starts and ends at a word, not inside "what's"
            return self._span_cost(heard, types.get(name, "AMAZON.SearchQuery"), first.source, last.source + 1)

        alignment = nearest.align(sample.aligned, heard.tokens, accept)
        if alignment is None or alignment.matched == 0:
            return None
        spans = {name: (heard.tokens[s].source, heard.tokens[e - 1].source + 1)
                 for name, (s, e) in alignment.spans.items()}
        return self._resolution(sample, spans, heard.said, alignment.similarity)

    def _span_cost(self, heard: _Heard, slot_type: str, start: int, end: int) -> float | None:
        """What it costs a slot of this type to take these words; None when it cannot take them."""
        key = (slot_type, start, end)
        if key not in heard.spans:
            heard.spans[key] = self._cost_of(slot_type, heard.norms[start:end])
            known = self._types.get(slot_type)
            if heard.spans[key] is not None and known is not None:
                if slot_type not in heard.values:
                    heard.values[slot_type] = known.occurrences(heard.norms)
                if any(s < end and start < e and not (start <= s and e <= end) for s, e in heard.values[slot_type]):
                    heard.spans[key] = None  # "[sister and felt safe]" cuts through "my sister", a listed value
        return heard.spans[key]

    def _cost_of(self, slot_type: str, norms: list[str]) -> float | None:
        if not _accepts(slot_type, norms, self.today):
            return None
        if slot_type == "AMAZON.FirstName" and any(w in self._carriers for w in norms):
            return None  # a word the samples say around their slots ("[work]", "[support]") is not a name
        known = self._types.get(slot_type)
        if slot_type in _TYPED or (known is not None and known.match(norms)):
            return 0.0
        if norms[0] in nearest.FILLERS or norms[-1] in nearest.FILLERS:
            return None  # "um", "please", "lately" at the edge of a slot are heard around it, not in it
        if known is None:
            return 0.0
        if {norms[0], norms[-1]} & (nearest.JOINS - known.edges):
            return None  # "[and I noticed I could cry]": no value begins or ends like that
        if known.shrinks_to_a_value(norms):
            return None  # "my sister and felt safe": a tagger trained on "my sister" takes "my sister"
        # Open, but the less the words look like any value, the less likely this reading ("I think {belief}"
        # for "I think I need someone to talk to"): up to UNLIKE a word, for three words at most; a slot of
        # one word that samples use as a carrier and no value uses ("[logged]", "[me]") costs its weight;
        # and every word beyond the longest value costs as much as a word said outside the slot.
        over = max(0, len(norms) - known.longest - 1)
        carried = nearest.weight(norms[0]) if len(norms) == 1 and norms[0] in self._carriers - known.vocabulary else 0
        unlike = nearest.UNLIKE * (1 - known.likeness(norms)) * min(len(norms), 3)
        return unlike + carried + over * nearest.CONTENT

    def _change_of_mind(self, said: list[Word]) -> Resolution | None:
        """"start a reflection, actually no, the short one": the later request, when the words before the
        change ("actually no", "sorry", "I mean", "no wait") were another request."""
        norms = [w.norm for w in said]
        for at in range(len(norms) - 1, 0, -1):
            marker = next((m for m in CHANGE_OF_MIND if tuple(norms[at:at + len(m)]) == m), None)
            if marker is None or at + len(marker) >= len(norms) or (at == 1 and len(marker) == 1):
                continue  # "I'd actually like ...": one word and "actually" are no request taken back
            before, after = said[:at], said[at + len(marker):]
            later = self._alexa_like(after)
            if later.is_fallback or later.caught:
                continue
            first = self._alexa_like(before)
            if first.is_fallback or first.caught or (first.intent == later.intent and not later.values()):
                continue  # the same request twice is no change ("go to step four, no, step six" is one)
            later.how = f'change of mind, heard "{" ".join(w.raw for w in after)}": {later.how}'
            return later
        return None

    # -- shared -----------------------------------------------------------------------------------

    def _fallback(self, how: str) -> Resolution:
        found = self.empty(FALLBACK)
        found.how = how
        return found

    def _resolution(self, sample: Sample, spans: dict[str, tuple[int, int]], said: list[Word],
                    similarity: float) -> Resolution:
        found = self.empty(sample.intent)
        types = self.model.slot_types(sample.intent)
        for name, (start, end) in spans.items():
            if not self.strict:
                start = _after_change_of_mind(said, start, end)
            slot = self.slot(sample.intent, name, said[start:end])
            found.slots[name] = slot
            if _er_status(slot) == "ER_SUCCESS_MATCH" or types.get(name) in _TYPED:
                found.understood += 1
            else:
                found.free_words += end - start
        found.sample = sample.text
        found.similarity = similarity
        found.literals = sample.literals
        found.ours = sample.ours
        return found


# In a slot, only the markers that cannot be part of what was meant ("I'm sorry I'm a burden" is a belief).
_SLOT_CHANGE_OF_MIND = (*(m for m in CHANGE_OF_MIND if len(m) > 1), ("make", "it"))


def _after_change_of_mind(said: list[Word], start: int, end: int) -> int:
    """Where a slot's words begin after "no wait", "I mean", "make it": what the person ended up meaning."""
    norms = [w.norm for w in said]
    for at in range(end - 2, start - 1, -1):
        for marker in _SLOT_CHANGE_OF_MIND:
            if tuple(norms[at:at + len(marker)]) == marker and at + len(marker) < end:
                return at + len(marker)
    return start


def _bag(norms: list[str]) -> dict[str, float]:
    return {t.stem: t.weight for t in nearest.tokens(norms)}


_TYPED = frozenset({"AMAZON.NUMBER", "AMAZON.DATE"})
_ARTICLES = frozenset({"a", "an", "the"})
# Everyday words no first name is (AMAZON.FirstName is trained on names; these are our guess at its misses).
_NOT_A_NAME = nearest.FILLERS | nearest.FUNCTION_WORDS | nearest.words_of("""
    no yes not what who how why when where which much many more most very all lot lots bit right wrong
    good bad fine hard easy hurt sad happy safe unsafe scared tired okay too here there now today tonight
    one two three someone somebody anyone anybody everyone nobody nothing something everything thing things
    mom mum dad mother father sister brother friend partner husband wife son daughter aunt uncle cousin
    boss therapist doctor neighbor colleague coworker family people person time day week really again
    grandma grandmother grandpa grandfather nan nana gran granny mate buddy pal group called named name
    names feels feel steady lovely kind nice dead end cold hot late later over down out off whole married
    law home work school phone
""")


def entity_match(values: list[TypeValue], norms: list[str]) -> TypeValue | None:
    """The slot type value whose name or synonym is what was said (leading article optional)."""
    return _SlotType.of(values).match(norms)


def _er_status(slot: dict[str, Any]) -> str | None:
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
        return authority["status"]["code"]
    return None


def _accepts(slot_type: str | None, norms: list[str], today: date) -> bool:
    """What a built-in slot type can hold at all (Alexa leaves a slot it cannot read empty)."""
    if slot_type == "AMAZON.NUMBER":
        return parse_number(norms) is not None
    if slot_type == "AMAZON.DATE":
        return parse_date(norms, today) is not None
    if slot_type == "AMAZON.FirstName":  # one or two words, no everyday word, no verb in -ing
        return len(norms) <= 2 and not any(w in _NOT_A_NAME or w.endswith("ing") for w in norms)
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
    for prefix in sorted(prefixes, key=len, reverse=True):
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
