"""How well the interaction model understands the phrasing corpus (tests/corpus/), in both modes.

  python -m tools.simulator.accuracy                 # per intent: Alexa-like and word-for-word accuracy
  python -m tools.simulator.accuracy --locale en-GB  # only that locale's phrasings
  python -m tools.simulator.accuracy --misses        # and the misses of the half samples may be tuned on

The corpus is split in two halves by a hash of each sentence. Misses are only ever listed for the
"tuning" half, the one a person growing the samples may read; the "held-out" half is only counted, so
its figure says how the model does on sentences nobody tuned it to.

Every phrasing goes through the resolver as typed inside an open session, or, for a one-shot ("ask
safe connections to ..."), through the invocation first, in its own locale's model. A phrasing is
right when it reaches its intent; its slots are right when each slot the corpus expects holds what
the corpus says (as said, or as entity resolution names it). "Caught" counts phrasings that belong to
another intent but land in a slot-only sample's intent ("{belief}"): on an Echo they would too.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from tools import build_models
from tools.simulator.model import MODELS, InteractionModel
from tools.simulator.resolver import NEAR_ENOUGH, Resolution, Resolver, words

LAUNCH = "LaunchRequest"


class Phrasing(Protocol):
    intent: str
    text: str
    slots: dict[str, str] | None
    locale: str
    one_shot: bool


@dataclass
class Outcome:
    phrasing: Any
    resolution: Resolution
    slots_right: bool | None  # None: the corpus expects no slots here

    @property
    def right(self) -> bool:
        return self.resolution.intent == self.phrasing.intent

    @property
    def caught(self) -> bool:
        """Belongs elsewhere, but a slot-only sample took it."""
        return not self.right and self.resolution.caught


@cache
def resolver_for(locale: str, strict: bool, near_enough: float = NEAR_ENOUGH) -> Resolver:
    return Resolver(InteractionModel.for_locale(locale), strict=strict, near_enough=near_enough)


def understand(resolver: Resolver, phrasing: Phrasing) -> Resolution:
    """What Alexa would send for this phrasing: through the invocation if it is a one-shot."""
    if not phrasing.one_shot:
        return resolver.resolve(phrasing.text)
    invocation = resolver.invocation_of(phrasing.text)
    if invocation is None:
        return Resolution("(not heard as an invocation)", how="the invocation name or its verb was not heard")
    if invocation.kind == "launch":
        return Resolution(LAUNCH, how="the skill opens; nothing was asked")
    return resolver.resolve_one_shot(invocation.rest)


def slots_right(resolver: Resolver, phrasing: Phrasing, found: Resolution) -> bool | None:
    expected = dict(getattr(phrasing, "slots", None) or {})
    if not expected:
        return None
    if found.intent != phrasing.intent:
        return False
    for name, value in expected.items():
        got = found.slots.get(name) or {}
        want = resolver.slot(phrasing.intent, name, words(str(value)))
        if not _same(got, want):
            return False
    return True


def _same(got: dict[str, Any], want: dict[str, Any]) -> bool:
    if got.get("value") is None:
        return False
    if " ".join(w.norm for w in words(str(got["value"]))) == " ".join(w.norm for w in words(str(want["value"]))):
        return True
    return bool(_resolved_id(got)) and _resolved_id(got) == _resolved_id(want)


def _resolved_id(slot: dict[str, Any]) -> str | None:
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
        if authority["status"]["code"] == "ER_SUCCESS_MATCH":
            return authority["values"][0]["value"]["id"]
    return None


def measure(phrasings: Iterable[Phrasing], strict: bool, near_enough: float = NEAR_ENOUGH) -> list[Outcome]:
    outcomes = []
    for phrasing in phrasings:
        resolver = resolver_for(phrasing.locale, strict, near_enough)
        found = understand(resolver, phrasing)
        outcomes.append(Outcome(phrasing, found, slots_right(resolver, phrasing, found)))
    return outcomes


@dataclass
class Tally:
    total: int = 0
    right: int = 0
    slots_expected: int = 0
    slots_right: int = 0
    caught: int = 0

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.right += outcome.right
        self.caught += outcome.caught
        if outcome.slots_right is not None:
            self.slots_expected += 1
            self.slots_right += outcome.slots_right

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def tallies(outcomes: list[Outcome]) -> tuple[dict[str, Tally], Tally]:
    per_intent: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    for outcome in outcomes:
        per_intent[outcome.phrasing.intent].add(outcome)
        overall.add(outcome)
    return dict(per_intent), overall


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    - "


def table(alexa: list[Outcome], strict: list[Outcome]) -> str:
    """Per intent and overall: accuracy and slot accuracy in both modes, and slot-only catches."""
    a_intents, a_all = tallies(alexa)
    s_intents, s_all = tallies(strict)
    width = max([len(name) for name in a_intents] + [len("intents people start")])
    head = (f"{'intent':<{width}}  {'n':>4}  {'Alexa-like':>10}  {'slots':>6}  {'caught':>6}"
            f"  {'strict':>7}  {'slots':>6}  {'caught':>6}")
    lines = [head, "-" * len(head)]

    def row(name: str, a: Tally, s: Tally) -> str:
        return (f"{name:<{width}}  {a.total:>4}  {_percent(a.right, a.total):>10}  "
                f"{_percent(a.slots_right, a.slots_expected):>6}  {a.caught:>6}  "
                f"{_percent(s.right, s.total):>7}  {_percent(s.slots_right, s.slots_expected):>6}  {s.caught:>6}")

    ours = sorted(name for name in a_intents if not name.startswith("AMAZON."))
    builtin = sorted(name for name in a_intents if name.startswith("AMAZON."))
    lines += [row(name, a_intents[name], s_intents[name]) for name in ours]
    lines += ["-" * len(head), row("intents people start", started(alexa), started(strict))]
    if builtin:
        lines += [row(name, a_intents[name], s_intents[name]) for name in builtin]
        lines += [row("everything", a_all, s_all)]
    return "\n".join(lines)


def started(outcomes: list[Outcome]) -> Tally:
    """The intents a person starts (ours, not Alexa's built-ins): what issue 13's goals are about."""
    return tallies([o for o in outcomes if not o.phrasing.intent.startswith("AMAZON.")])[1]


def tuning(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if half(o.phrasing.text) == "tuning"]


def misses(outcomes: list[Outcome]) -> str:
    lines = []
    for outcome in outcomes:
        if outcome.right and outcome.slots_right is not False:
            continue
        phrasing, found = outcome.phrasing, outcome.resolution
        got = f"{found.intent} {found.values()}" if found.values() else found.intent
        lines.append(f"  [{phrasing.locale}] {phrasing.intent}: {phrasing.text!r}\n      -> {got} ({found.how})")
    return "\n".join(lines)


def sweep(phrasings: list[Any], thresholds: tuple[float, ...] = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)) -> str:
    """What another threshold would do: right, wrong intent, caught by a slot-only sample, fallback."""
    lines = [f"{'threshold':>9}  {'right':>6}  {'wrong':>5}  {'caught':>6}  {'fallback':>8}"]
    for threshold in thresholds:
        outcomes = measure(phrasings, strict=False, near_enough=threshold)
        right = sum(o.right for o in outcomes)
        caught = sum(o.caught for o in outcomes)
        fallback = sum(1 for o in outcomes if not o.right and o.resolution.is_fallback)
        mark = "  <- ours" if threshold == NEAR_ENOUGH else ""
        lines.append(f"{threshold:>9.2f}  {right:>6}  {len(outcomes) - right - caught - fallback:>5}  {caught:>6}"
                     f"  {fallback:>8}{mark}")
    return "\n".join(lines)


def half(text: str) -> str:
    """"tuning" or "held-out", fixed by the sentence itself (the same split on every machine)."""
    return "tuning" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "held-out"


@dataclass(frozen=True)
class Placed:
    """A corpus phrasing, placed in one locale whose model it is measured with."""

    intent: str
    text: str
    slots: dict[str, str] | None
    locale: str
    one_shot: bool


def _distinct_models() -> dict[str, str]:
    """Each locale -> the first locale with the same interaction model (they are measured once)."""
    seen: dict[str, str] = {}
    same: dict[str, str] = {}
    for locale in build_models.locales():
        text = (MODELS / f"{locale}.json").read_text(encoding="utf-8")
        same[locale] = seen.setdefault(text, locale)
    return same


def corpus_phrasings(locale: str | None = None) -> tuple[list[Placed], int]:
    """The corpus's unseen phrasings, each in every locale it is for (once per distinct model), and how
    many were left out because they were already samples before the corpus was written."""
    from tests.corpus import intent_phrasings, unseen

    models = _distinct_models()
    placed: list[Placed] = []
    skipped = 0
    for phrasing in intent_phrasings():
        if not unseen(phrasing.text):
            skipped += 1
            continue
        wanted = [phrasing.locale] if phrasing.locale else list(models)
        for where in sorted({models[w] if not locale else w for w in wanted if not locale or w == locale}):
            placed.append(Placed(phrasing.intent, phrasing.text, dict(phrasing.slots or {}), where, phrasing.one_shot))
    return placed, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.simulator.accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("--locale", help="only this locale's phrasings")
    parser.add_argument("--intent", help="only this intent's phrasings")
    parser.add_argument("--misses", action="store_true", help="list what the tuning half missed (Alexa-like)")
    parser.add_argument("--strict-misses", action="store_true", help="list what the tuning half missed word for word")
    parser.add_argument("--sweep", action="store_true", help="Alexa-like accuracy at other thresholds than ours")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    everything, skipped = corpus_phrasings(args.locale)
    phrasings = [p for p in everything if not args.intent or p.intent == args.intent]
    if not phrasings:
        print("no phrasings in the corpus for that choice", file=sys.stderr)
        return 2
    alexa, strict = measure(phrasings, strict=False), measure(phrasings, strict=True)
    locales = ", ".join(sorted({p.locale for p in phrasings}))
    print(f"{len(phrasings)} unseen phrasings measured in {locales} (locales with the same model once); "
          f"{sum(1 for p in phrasings if p.one_shot)} one-shots; {skipped} left out: samples before the corpus\n")
    print(table(alexa, strict))
    print(f"\nslot-only samples catch {started(alexa).caught} phrasings that belong elsewhere (Alexa-like), "
          f"{started(strict).caught} word for word")
    for name in ("tuning", "held-out"):
        a = started([o for o in alexa if half(o.phrasing.text) == name])
        w = started([o for o in strict if half(o.phrasing.text) == name])
        print(f"{name:>8} half: {a.total} phrasings, Alexa-like {_percent(a.right, a.total).strip()}, "
              f"word for word {_percent(w.right, w.total).strip()}")
    if args.sweep:
        print("\n" + sweep(phrasings))
    if args.misses:
        print("\nnot understood, Alexa-like (tuning half):\n" + misses(tuning(alexa)))
    if args.strict_misses:
        print("\nnot understood, word for word (tuning half):\n" + misses(tuning(strict)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
