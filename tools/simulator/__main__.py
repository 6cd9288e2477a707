"""Talk to Safe Connections in the terminal, offline: the real lambda_handler on a local DynamoDB.

  python -m tools.simulator                      # type what you would say; Ctrl-D leaves
  python -m tools.simulator --replay tests/dialogs/first_visit.json
  python -m tools.simulator --keep               # keep your journal in .local/journal.json
  python -m tools.simulator --no-audio           # a device without an AudioPlayer: the reflection is spoken

The simulated Echo has an AudioPlayer: the reflection plays as audio (tools/simulator/audio.py). While
it plays, an empty line listens to the end of the segment, "(wait 40)" or "(wait 2 days)" lets time pass,
and "pause", "resume", "next" reach the skill without its name.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import re
import shutil
import signal
import sys
import textwrap
from pathlib import Path
from typing import Any

from tools import envelopes, local_audio
from tools.audio_envelopes import AudioDevice
from tools.envelopes import Device
from tools.local_dynamodb import DEFAULT_TABLE, LocalDynamoDB
from tools.local_queues import WorkerRunner, create_queues
from tools.simulator.model import ROOT, InteractionModel
from tools.simulator.replay import ReplayFile, replay
from tools.simulator.resolver import Resolver
from tools.simulator.session import Simulator
from tools.simulator.transcript import Speaker

DEFAULT_KEEP = ROOT / ".local" / "journal.json"
DEVICE_ID = "amzn1.ask.device.simulator-echo"
# What a newcomer can say first, shown when `make run` starts: (what to type, the intent it reaches,
# what it does). tests/simulator/test_newcomer.py holds that each reaches its intent, word for word.
SUGGESTIONS = (
    ("open safe connections", None, "start (Alexa opens the skill)"),
    ("start a short reflection", "StartShortReflectionIntent", "a 3-minute guided reflection (or the full 10)"),
    ("give me a counter belief", "GiveCounterBeliefIntent", "a kinder thought, or say the thought you have"),
    ("log a check-in", "LogCheckInIntent", "a moment with someone, in your connection journal"),
    ("read my journal", "ReadJournalIntent", "hear your journal back"),
    ("help", "AMAZON.HelpIntent", "what else you can do; \"stop\" leaves"),
)


def _stable_id(kind: str, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "user"
    digest = hashlib.sha256(f"{kind}:{name}".encode()).hexdigest()[:16]
    return f"amzn1.ask.{kind}.sim-{slug}-{digest}"


def device_for(user: str, person: str | None, locale: str, skill_id: str = envelopes.DEFAULT_SKILL_ID,
               audio: bool = False) -> Device:
    """The same name always gives the same account (and recognised speaker), so data comes back.
    `audio`: an Echo with an AudioPlayer."""
    return (AudioDevice if audio else Device)(
        _stable_id("account", user),
        person_id=_stable_id("person", person) if person else None,
        device_id=DEVICE_ID,
        locale=locale,
        skill_id=skill_id,
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.simulator", description=__doc__.splitlines()[0])
    parser.add_argument("--locale", help="en-US (default), en-GB, en-CA, en-AU or en-IN")
    parser.add_argument("--user", help="a name: the same name is the same Alexa account (default: me)")
    parser.add_argument("--person", help="a recognised speaker on the account (voice profile), by name")
    parser.add_argument("--verbose", action="store_true", help="print the JSON envelopes and the skill's logs")
    parser.add_argument("--speak", action="store_true", help="speak each answer with espeak-ng, if installed")
    parser.add_argument("--replay", nargs="+", type=Path, metavar="FILE", help="ASK CLI replay file(s)")
    parser.add_argument("--keep", nargs="?", const=DEFAULT_KEEP, type=Path, metavar="FILE",
                        help="keep the local DynamoDB data between runs (default: .local/journal.json)")
    parser.add_argument("--seed", type=int, help="fix the choice of phrasing variants (reproducible transcripts)")
    parser.add_argument("--no-audio", action="store_true",
                        help="a device without an AudioPlayer: the reflection is spoken, step by step")
    parser.add_argument("--strict", action="store_true",
                        help="understand only sentences that match a sample word for word (default: Alexa-like)")
    parser.add_argument("--lambda-skill-id", metavar="ID",
                        help="play the function as deployed for another skill id (default: the replay's skillId)")
    return parser.parse_args(argv)


def _stop_on_signal(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _import_handler() -> Any:
    lambda_dir = str(ROOT / "lambda")
    if lambda_dir not in sys.path:
        sys.path.insert(0, lambda_dir)
    import boto3  # noqa: F401 - imported now, while the server boots, rather than on the first request
    from lambda_function import lambda_handler

    return lambda_handler


def _print(line: str) -> None:
    """One transcript line; wrapped to the terminal's width when a person is reading it there."""
    if sys.stdout.isatty() and "\n" not in line:
        width = min(shutil.get_terminal_size().columns, 110)
        indent = " " * 7 if line.startswith("alexa> ") else "    "
        line = textwrap.fill(line, width=width, subsequent_indent=indent, break_on_hyphens=False)
    print(line, flush=True)


def _options(args: argparse.Namespace, locale: str) -> dict[str, Any]:
    return {
        "out": _print,
        "verbose": args.verbose,
        "speaker": Speaker(locale, print) if args.speak else None,
        "rng": random.Random(args.seed) if args.seed is not None else None,
    }


def run_replays(args: argparse.Namespace, handler: Any) -> int:
    failed = 0
    for path in args.replay:
        file = ReplayFile.load(path)
        locale = args.locale or file.locale
        device = device_for(args.user or f"replay-{path.stem}", args.person, locale, file.skill_id,
                            audio=not args.no_audio)
        simulator = replay(file, handler, device=device, locale=locale, strict=args.strict,
                           lambda_skill_id=args.lambda_skill_id, **_options(args, locale))
        if simulator.problems:
            failed += 1
            print(f"== {path}: {len(simulator.problems)} problem(s)")
            for problem in simulator.problems:
                print(f"   - {problem}")
        print()
    return 1 if failed else 0


def run_interactive(args: argparse.Namespace, handler: Any) -> int:
    locale = args.locale or "en-US"
    resolver = Resolver(InteractionModel.for_locale(locale), strict=args.strict)
    device = device_for(args.user or "me", args.person, locale, audio=not args.no_audio)
    simulator = Simulator(handler, resolver, device, **_options(args, locale))
    tty = sys.stdin.isatty()
    if tty:
        import readline  # noqa: F401 - line editing and history for input()
    print(greeting(locale, resolver.mode), flush=True)
    while True:
        if tty:
            try:
                line = input("you> ")
            except EOFError:
                print()
                break
        else:
            line = sys.stdin.readline()
            if not line:
                break
            line = line.rstrip("\n")
            print(f"you> {line}", flush=True)
        simulator.say(line)
    simulator.finish()
    return 1 if simulator.problems and not tty else 0


def greeting(locale: str, mode: str) -> str:
    """What a newcomer reads first: what to type, and how to read what comes back."""
    width = max(len(said) for said, _, _ in SUGGESTIONS) + 4
    lines = [f"Safe Connections ({locale}), offline: the real skill on a local DynamoDB, no Amazon account.",
             "Type what you would say to an Echo, for example:"]
    lines += [f"  {chr(34) + said + chr(34):<{width}}{what}" for said, _, what in SUGGESTIONS]
    lines += [f"Each turn shows what Alexa understood and how ({mode}: \"exact\", or the nearest sample and",
              "how near it is). An empty line is silence. Ctrl-D leaves."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_on_signal)
    if args.seed is not None:
        os.environ["SAFE_CONNECTIONS_VARIANT_SEED"] = str(args.seed)
    server = LocalDynamoDB()
    code = 0
    keep_to: Path | None = None
    worker: WorkerRunner | None = None
    try:
        server.launch()
        handler = _import_handler()  # while the server boots
        server.wait_ready()
        server.create_table(DEFAULT_TABLE)
        pid = server.process.pid if server.process else None
        print(f"(local DynamoDB at {server.endpoint}, pid {pid}, table {DEFAULT_TABLE})", flush=True)
        if args.keep:
            count = server.load_state(args.keep)
            print(f"(--keep: {count} item(s) loaded from {args.keep})")
            keep_to = args.keep  # saved at the end only once it loaded: a bad file is never overwritten
        os.environ.update(server.env(DEFAULT_TABLE))
        # The deletion queue on the same server, drained in the background as Lambda would drain it.
        queues = create_queues(server.endpoint)
        os.environ.update(queues.env())
        worker = WorkerRunner(queues).start()
        os.environ["SKILL_ID"] = envelopes.DEFAULT_SKILL_ID
        if not args.no_audio:
            _prepare_audio(server, args)
        if args.verbose:
            _show_skill_logs()
        code = run_replays(args, handler) if args.replay else run_interactive(args, handler)
    except KeyboardInterrupt:
        print("\n(interrupted)")
        code = 130
    except (OSError, ValueError) as error:  # a missing or malformed replay or --keep file, an unknown locale
        print(f"error: {error}", file=sys.stderr)
        code = 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _save_and_stop(keep_to, server, worker)
    return code


def _prepare_audio(server: LocalDynamoDB, args: argparse.Namespace) -> None:
    """The audio bucket beside the table, rendered through moto's Polly for the locales about to be heard."""
    locales = sorted({args.locale or ReplayFile.load(path).locale for path in args.replay} if args.replay
                     else {args.locale or "en-US"})
    os.environ.update(local_audio.prepare(server, locales=locales))
    print(f"(local S3 and Polly on the same server: bucket {os.environ['AUDIO_BUCKET']}, the reflection rendered "
          f"for {', '.join(locales)}; --no-audio for a device without an AudioPlayer)", flush=True)


def _save_and_stop(keep_to: Path | None, server: LocalDynamoDB, worker: WorkerRunner | None = None) -> None:
    try:
        if worker is not None:
            worker.stop()
            if keep_to:  # a deletion asked for just before leaving finishes before the journal is saved
                try:
                    worker.drain(timeout=10)
                except (TimeoutError, OSError):
                    print("(a deletion did not finish: it will not be in the saved journal's queue)")
        if keep_to and server.process is not None and server.process.poll() is None:
            server.save_state(keep_to)
            print(f"(--keep: saved to {keep_to})")
    finally:
        server.stop()


def _show_skill_logs() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("  log: %(levelname)s %(message)s"))
    logging.getLogger("safe_connections").addHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
