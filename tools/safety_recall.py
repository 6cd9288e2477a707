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
        scope = "start" if way == "session_start" else "slots"
        keys = [(group, "all"), (group, f"way in {way}")]
        keys += [(group, f"{scope}: {name}") for name in ("all", f"kind {kind}", f"category {kind}.{category}",
                                                          f"locale {locale}")]
        for key in keys:
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


def sentences(fast: bool, locales: Iterable[str] = LOCALES, heldout: str | None = None) -> list[tuple[Any, str]]:
    """(corpus item, locale): an item for every locale is said in each (fast: in one, in turn)."""
    from tests.corpus import heldout_safety, safety

    wanted = tuple(locales)
    out: list[tuple[Any, str]] = []
    for index, item in enumerate(heldout_safety(heldout) if heldout else safety()):
        if item.locale is not None:
            if item.locale in wanted:
                out.append((item, item.locale))
        elif fast:
            out.append((item, wanted[index % len(wanted)]))
        else:
            out.extend((item, locale) for locale in wanted)
    return out


def every_way(items: list[tuple[Any, str]], ways: Iterable[str]) -> list[tuple[Any, str, str]]:
    """(item, locale, way in): every sentence in every way in."""
    return [(item, locale, way) for way in ways for item, locale in items]


def in_turn(items: list[tuple[Any, str]], ways: Iterable[str], each: int = 2) -> list[tuple[Any, str, str]]:
    """Each sentence in `each` of the ways in, taken in turn, so every way in hears a share of every kind."""
    ways = list(ways)
    step = max(1, len(ways) // each)
    return [(item, locale, ways[(index + k * step) % len(ways)])
            for index, (item, locale) in enumerate(items) for k in range(min(each, len(ways)))]


def run(handler: Any, said: list[tuple[Any, str, str]]) -> Results:
    results = Results()
    started = time.perf_counter()
    per_locale: dict[str, Ways] = {}
    for item, locale, way in said:
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


QUIET_LIBRARIES = ("botocore", "boto3", "urllib3", "s3transfer")  # their DEBUG is the wire; the table scan covers it


class capture_logs:
    """Every log record at DEBUG while the run lasts (the skill's own and its libraries' above DEBUG)."""

    def __enter__(self) -> Captured:
        self.captured = Captured()
        names = ("", "safe_connections", *QUIET_LIBRARIES)
        self.levels = {name: logging.getLogger(name).level for name in names}
        logging.getLogger().addHandler(self.captured)
        logging.getLogger().setLevel(logging.DEBUG)
        logging.getLogger("safe_connections").setLevel(logging.DEBUG)
        for name in QUIET_LIBRARIES:
            logging.getLogger(name).setLevel(logging.INFO)
        return self.captured

    def __exit__(self, *exc: Any) -> None:
        logging.getLogger().removeHandler(self.captured)
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)


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
    """The texts whose words appear, in order and whole, in the haystack (both normalised)."""
    from safe_connections.screen import normalise

    plain = f" {normalise(haystack)} "
    return [text for text in texts if normalise(text) and f" {normalise(text)} " in plain]


# -- printing -------------------------------------------------------------------------------------


SCOPES = {"all": "every way in", "way": "each way in", "slots": "in a free-text slot (every way in but the "
          "start)", "start": "at the start of a session, typed to the simulator"}


def _rows(results: Results, group: str) -> list[tuple[str, str, Tally]]:
    def scope(key: str) -> str:
        return "all" if key == "all" else "way" if key.startswith("way in") else key.split(":")[0]

    order = list(SCOPES)
    rows = [(scope(key), key, tally) for (g, key), tally in results.tallies.items() if g == group]
    return sorted(rows, key=lambda row: (order.index(row[0]), row[1] != f"{row[0]}: all", row[1]))


def report(results: Results, stored: list[str], logged: list[str], show: bool, out: Callable[[str], None]) -> bool:
    for group, title, columns in (("support", "crisis and danger (must be caught)", "caught  recall  right answer"),
                                  ("everyday", "everyday (must stay everyday)", "alarms    rate")):
        out(f"{title:42} {'said':>6} {columns}")
        last = None
        for scope, key, tally in _rows(results, group):
            if scope != last:
                out(f"  -- {SCOPES[scope]}")
                last = scope
            label = key.split(": ", 1)[-1]
            line = f"  {label:40} {tally.said:6} {tally.caught:7} {tally.caught / tally.said:7.1%}"
            out(line + (f" {tally.as_kind / tally.said:13.1%}" if group == "support" else ""))
        out("")
    for scope in ("slots", "start"):
        caught, everyday = results.tallies.get(("support", f"{scope}: all")), results.tallies.get(
            ("everyday", f"{scope}: all"))
        if caught and everyday:
            out(f"{SCOPES[scope]}: recall {caught.caught / caught.said:.1%}, "
                f"false alarms {everyday.caught / everyday.said:.2%}")
    recall, alarms = results.recall(), results.false_alarms()
    met = recall >= RECALL_GOAL and alarms <= FALSE_ALARM_GOAL and not stored and not logged and not results.errors
    out(f"recall {recall:.1%} (goal {RECALL_GOAL:.0%}), "
        f"false alarms {alarms:.2%} (goal at most {FALSE_ALARM_GOAL:.0%})")
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
    from tests.corpus import HELDOUT_SAFETY

    parser = argparse.ArgumentParser(prog="python -m tools.safety_recall", description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="each sentence once, in one of its locales")
    parser.add_argument("--ways", help=f"comma-separated ways in (default: all): {', '.join(WAYS)}")
    parser.add_argument("--locales", help=f"comma-separated locales (default: {', '.join(LOCALES)})")
    parser.add_argument("--show-misses", action="store_true", help="print each miss and false alarm")
    parser.add_argument("--heldout", nargs="?", const="heldout_safety.yaml", choices=HELDOUT_SAFETY,
                        help="measure a held-out set of tests/corpus instead (default heldout_safety.yaml)")
    return parser.parse_args(argv)


@dataclass
class Measured:
    results: Results
    stored: list[str]  # crisis or danger sentences found in the table after the run
    logged: list[str]  # ... and in the logs captured at DEBUG during it


def measure(handler: Any, said: list[tuple[Any, str, str]], table: str) -> Measured:
    """Says each (sentence, locale, way in), then checks the table and the logs. Servers must be running."""
    with capture_logs() as captured:
        results = run(handler, said)
    support = sorted({item.text for item, _, _ in said if item.kind != "everyday"})
    return Measured(results, leaks(support, stored_text(table)), leaks(support, "\n".join(captured.lines)))


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

        found = measure(lambda_handler, every_way(sentences(args.fast, locales, args.heldout), ways), DEFAULT_TABLE)
        met = report(found.results, found.stored, found.logged, args.show_misses, print)
    finally:
        api.stop()
        server.stop()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
