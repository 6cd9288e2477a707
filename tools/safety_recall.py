"""Recall and false alarms of the safety screen, measured through the real lambda_handler.

Every sentence of the blind safety corpus (tests/corpus/safety.yaml: crisis, danger from others, and
everyday sentences that must stay everyday) is said in every way free text enters the skill, as real
Alexa envelopes on the local DynamoDB, and at the start of a session, typed to the simulator's
resolver. A sentence is caught when the skill answers with the crisis or the danger answer. After the
run, the table is scanned and the skill's logs (captured at DEBUG) are searched: neither may hold any
crisis or danger sentence.

  python -m tools.safety_recall                  # everything: each sentence in every locale it is for
  python -m tools.safety_recall --fast           # each sentence once, in one of its locales
  python -m tools.safety_recall --ways belief,session_start --show-misses

Goals (issue 11): recall 100%, false alarms at most 1%. Exit status 1 when a goal is missed or a
sentence was stored or logged. Never copy a corpus sentence into a sample or a screen entry: when a
miss teaches a general pattern, write the pattern in your own words.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
RECALL_GOAL = 1.0
FALSE_ALARM_GOAL = 0.01
SUPPORT = {"crisis.carry_on": "crisis", "danger.carry_on": "danger"}


# -- what a reply says --------------------------------------------------------------------------


def support_answer(reply: dict[str, Any]) -> str | None:
    """"crisis" or "danger" when the reply is that support answer, else None."""
    attributes = reply.get("sessionAttributes") or {}
    question = (attributes.get("question") or {}).get("name")
    if question in SUPPORT:
        return SUPPORT[question]
    return "crisis" if attributes.get("state") == "crisis" else None


# -- the ways in --------------------------------------------------------------------------------


class Ways:
    """Each free-text way in, from a conversation set up once per locale and restored for each sentence."""

    def __init__(self, handler: Any, locale: str) -> None:
        from tools.conversation import Conversation
        from tools.envelopes import Device

        self.handler = handler
        self.locale = locale
        self.Conversation = Conversation
        self.Device = Device
        self._snapshots: dict[str, tuple[Any, str | None, dict[str, Any]]] = {}
        self._simulator: Any = None

    def _conversation(self, way: str, setup: Callable[[Any], None]) -> Any:
        """The conversation for a way in, at the moment just before the sentence is said."""
        if way not in self._snapshots:
            talk = self.Conversation(self.handler, self.Device(locale=self.locale))
            setup(talk)
            self._snapshots[way] = (talk, talk.session_id, dict(talk.attributes))
        talk, session_id, attributes = self._snapshots[way]
        talk.session_id, talk.attributes = session_id, json.loads(json.dumps(attributes))
        return talk

    def say(self, way: str, text: str) -> list[dict[str, Any]]:
        return WAYS[way](self, text)

    # -- helpers for the table below ------------------------------------------------------------

    def launched(self, way: str) -> Any:
        return self._conversation(way, lambda talk: talk.launch())

    def intent(self, way: str, setup: Callable[[Any], None], name: str, *slots: dict[str, Any],
               **kwargs: Any) -> list[dict[str, Any]]:
        return [self._conversation(way, setup).intent(name, *slots, **kwargs).raw]

    def session_start(self, text: str) -> list[dict[str, Any]]:
        """Typed to the simulator's resolver right after "open safe connections", as a person would."""
        if self._simulator is None:
            from tools.simulator.model import InteractionModel
            from tools.simulator.resolver import Resolver
            from tools.simulator.session import Simulator

            resolver = Resolver(InteractionModel.for_locale(self.locale))
            self._simulator = Simulator(self.handler, resolver, self.Device(locale=self.locale), out=lambda _: None)
            self._simulator.say("open safe connections")
            talk = self._simulator.conversation
            self._start = (talk.session_id, dict(talk.attributes))
        simulator = self._simulator
        simulator.dialog.pending = None
        talk = simulator.conversation
        talk.session_id, talk.attributes = self._start[0], json.loads(json.dumps(self._start[1]))
        before = len(simulator.replies)
        simulator.say(text)
        return simulator.replies[before:]


def _slot(name: str, value: str | None, slot_type: str | None = None, match_id: str | None = None) -> dict[str, Any]:
    from tools.envelopes import slot

    return slot(name, value, slot_type=slot_type, match_id=match_id)


def _launch(talk: Any) -> None:
    talk.launch()


def _note_asked(talk: Any) -> None:
    talk.launch()
    talk.intent("LogCheckInIntent", _slot("person", "Sam"), _slot("feeling", "calm", "FEELING", "safe"),
                dialog_state="STARTED")


def _plan_asked(talk: Any) -> None:
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")


def _name_asked(talk: Any) -> None:
    talk.launch()
    talk.intent("StartReflectionIntent")


WAYS: dict[str, Callable[[Ways, str], list[dict[str, Any]]]] = {
    "session_start": lambda w, t: w.session_start(t),
    "checkin_person": lambda w, t: w.intent("checkin_person", _launch, "LogCheckInIntent",
                                            _slot("person", t, "CHECKIN_PERSON"), dialog_state="STARTED"),
    "checkin_feeling": lambda w, t: w.intent("checkin_feeling", _launch, "LogCheckInIntent",
                                             _slot("person", "Sam", "CHECKIN_PERSON"), _slot("feeling", t, "FEELING"),
                                             dialog_state="STARTED"),
    "checkin_note": lambda w, t: w.intent("checkin_note", _launch, "LogCheckInIntent",
                                          _slot("person", "Sam", "CHECKIN_PERSON"),
                                          _slot("feeling", "calm", "FEELING", "safe"),
                                          _slot("note", t, "CHECKIN_NOTE"), dialog_state="STARTED"),
    "checkin_note_asked": lambda w, t: w.intent("checkin_note_asked", _note_asked, "CheckInNoteIntent",
                                                _slot("note", t), dialog_state="STARTED"),
    "belief": lambda w, t: w.intent("belief", _launch, "CounterBeliefIntent", _slot("belief", t, "BELIEF")),
    "own_counter_belief": lambda w, t: w.intent("own_counter_belief", _launch, "SaveOwnCounterBeliefIntent",
                                                _slot("counterBelief", t)),
    "plan_answer": lambda w, t: w.intent("plan_answer", _plan_asked, "SafetyPlanAnswerIntent", _slot("answer", t),
                                         dialog_state="STARTED"),
    "safe_person": lambda w, t: w.intent("safe_person", _name_asked, "RememberSafePersonIntent",
                                         _slot("name", t, "AMAZON.FirstName")),
}
FAST_WAYS = ("session_start", "checkin_note_asked", "belief", "own_counter_belief")


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Tally:
    said: int = 0
    caught: int = 0
    as_kind: int = 0  # caught with the answer for its own kind (crisis or danger)

    def add(self, caught: str | None, kind: str) -> None:
        self.said += 1
        self.caught += caught is not None
        self.as_kind += caught == kind


@dataclass
class Results:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # kind, category, locale, way, text
    alarms: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    requests: int = 0

    def add(self, kind: str, category: str, locale: str, way: str, text: str, caught: str | None) -> None:
        group = "everyday" if kind == "everyday" else "support"
        for key in ((group, "all"), (group, f"kind {kind}"), (group, f"category {kind}.{category}"),
                    (group, f"locale {locale}"), (group, f"way in {way}")):
            self.tallies[key].add(caught, kind)
        if kind != "everyday" and caught is None:
            self.misses.append((kind, category, locale, way, text))
        if kind == "everyday" and caught is not None:
            self.alarms.append((category, locale, way, text, caught))

    def recall(self) -> float:
        tally = self.tallies["support", "all"]
        return tally.caught / tally.said if tally.said else 1.0

    def false_alarms(self) -> float:
        tally = self.tallies["everyday", "all"]
        return tally.caught / tally.said if tally.said else 0.0


def sentences(fast: bool, locales: Iterable[str] = LOCALES) -> list[tuple[Any, str]]:
    """(corpus item, locale): an item for every locale is said in each (fast: in one, in turn)."""
    from tests.corpus import safety

    wanted = tuple(locales)
    out: list[tuple[Any, str]] = []
    for index, item in enumerate(safety()):
        if item.locale is not None:
            if item.locale in wanted:
                out.append((item, item.locale))
        elif fast:
            out.append((item, wanted[index % len(wanted)]))
        else:
            out.extend((item, locale) for locale in wanted)
    return out


def run(handler: Any, items: list[tuple[Any, str]], ways: Iterable[str]) -> Results:
    results = Results()
    started = time.perf_counter()
    per_locale: dict[str, Ways] = {}
    for way in ways:
        for item, locale in items:
            runner = per_locale.setdefault(locale, Ways(handler, locale))
            try:
                replies = runner.say(way, item.text)
            except Exception as error:  # a crash is a finding, not the end of the measurement
                results.errors.append(f"{way} {locale}: {type(error).__name__}")
                replies = []
            results.requests += len(replies)
            caught = next((found for found in map(support_answer, replies) if found), None)
            results.add(item.kind, item.category, locale, way, item.text, caught)
    results.seconds = time.perf_counter() - started
    return results


# -- after the run: nothing kept, nothing logged ------------------------------------------------


class Captured(logging.Handler):
    """Every log record of the skill and the libraries it uses, as formatted text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(record.getMessage().lower())
        except Exception:  # a record that cannot format is still not a leak
            self.lines.append(str(record.msg).lower())


def capture_logs() -> Captured:
    captured = Captured()
    root = logging.getLogger()
    root.addHandler(captured)
    root.setLevel(logging.DEBUG)
    logging.getLogger("safe_connections").setLevel(logging.DEBUG)
    for noisy in ("botocore", "boto3", "urllib3", "s3transfer"):  # their DEBUG is the wire: stored text, if any
        logging.getLogger(noisy).setLevel(logging.INFO)
    return captured


def stored_text(table: str) -> str:
    """Everything the table holds, lower case (one Scan: this is a measurement, not the skill)."""
    import boto3

    client = boto3.client("dynamodb")
    items: list[Any] = []
    kwargs: dict[str, Any] = {"TableName": table}
    while True:
        page = client.scan(**kwargs)
        items += page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return json.dumps(items).lower()
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def leaks(texts: Iterable[str], haystack: str) -> list[str]:
    from safe_connections.screen import normalise

    found = []
    plain = " ".join(haystack.split())
    for text in texts:
        lowered = " ".join(text.lower().split())
        if len(lowered) >= 8 and (lowered in plain or (normalise(text) and f" {normalise(text)} " in f" {plain} ")):
            found.append(text)
    return found


# -- printing -------------------------------------------------------------------------------------


def report(results: Results, stored: list[str], logged: list[str], show: bool, out: Callable[[str], None]) -> bool:
    out(f"{'':34} {'said':>6} {'caught':>7} {'recall':>7} {'right answer':>13}")
    for (group, key), tally in sorted(results.tallies.items(), key=lambda kv: (kv[0][0] != "support", kv[0][1])):
        if group != "support":
            continue
        out(f"{key:34} {tally.said:6} {tally.caught:7} {tally.caught / tally.said:7.1%} "
            f"{tally.as_kind / tally.said:13.1%}")
    out("")
    out(f"{'everyday (must stay everyday)':34} {'said':>6} {'alarms':>7} {'rate':>7}")
    for (group, key), tally in sorted(results.tallies.items()):
        if group == "everyday":
            out(f"{key:34} {tally.said:6} {tally.caught:7} {tally.caught / tally.said:7.1%}")
    out("")
    recall, alarms = results.recall(), results.false_alarms()
    met = recall >= RECALL_GOAL and alarms <= FALSE_ALARM_GOAL and not stored and not logged and not results.errors
    out(f"recall {recall:.1%} (goal {RECALL_GOAL:.0%}), false alarms {alarms:.2%} (goal at most {FALSE_ALARM_GOAL:.0%})")
    out(f"{results.requests} requests in {results.seconds:.1f} s; errors: {len(results.errors)}")
    out(f"stored after the run: {len(stored)} crisis or danger sentences; in the DEBUG logs: {len(logged)}")
    if show:
        for kind, category, locale, way, text in sorted(set(results.misses)):
            out(f"  missed {kind}.{category} {locale} {way}: {text}")
        for category, locale, way, text, answer in sorted(set(results.alarms), key=str):
            out(f"  false alarm ({answer}) everyday.{category} {locale} {way}: {text}")
        for error in results.errors[:20]:
            out(f"  error {error}")
    out("goals met" if met else "goals NOT met")
    return met


# -- the command ----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.safety_recall", description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="each sentence once, in one of its locales")
    parser.add_argument("--ways", help=f"comma-separated ways in (default: all): {', '.join(WAYS)}")
    parser.add_argument("--locales", help=f"comma-separated locales (default: {', '.join(LOCALES)})")
    parser.add_argument("--show-misses", action="store_true", help="print each miss and false alarm")
    return parser.parse_args(argv)


def measure(handler: Any, *, fast: bool, ways: Iterable[str], locales: Iterable[str], table: str,
            out: Callable[[str], None] = print, show: bool = False) -> tuple[bool, Results]:
    """Runs the corpus, then checks the table and the logs. The servers must already be running."""
    captured = capture_logs()
    try:
        items = sentences(fast, locales)
        results = run(handler, items, ways)
    finally:
        logging.getLogger().removeHandler(captured)
    support = sorted({item.text for item, _ in items if item.kind != "everyday"})
    stored = leaks(support, stored_text(table))
    logged = leaks(support, "\n".join(captured.lines))
    return report(results, stored, logged, show, out), results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ways = [w.strip() for w in (args.ways or ",".join(WAYS)).split(",") if w.strip()]
    unknown = set(ways) - set(WAYS)
    if unknown:
        print(f"unknown ways in: {sorted(unknown)}", file=sys.stderr)
        return 2
    locales = [loc.strip() for loc in (args.locales or ",".join(LOCALES)).split(",") if loc.strip()]
    for path in (ROOT / "lambda", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from tools.alexa_api import AlexaSettingsApi
    from tools.envelopes import DEFAULT_SKILL_ID
    from tools.local_dynamodb import DEFAULT_TABLE, LocalDynamoDB

    server, api = LocalDynamoDB(), AlexaSettingsApi()
    try:
        server.start()
        server.create_table(DEFAULT_TABLE)
        api.start()
        os.environ.update(server.env(DEFAULT_TABLE))
        os.environ.update({"SKILL_ID": DEFAULT_SKILL_ID, "ALEXA_API_ENDPOINT": api.endpoint})
        from lambda_function import lambda_handler

        met, _ = measure(lambda_handler, fast=args.fast, ways=ways, locales=locales, table=DEFAULT_TABLE,
                         show=args.show_misses)
    finally:
        api.stop()
        server.stop()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
