"""(b) Warm latency: every request answered in-process, over and over, by each skill.

One process imports all three skills, answers each request once to warm up, then times
`lambda_handler(event, None)` per call (median and p99). The launch is a returning user's and
reaches the local DynamoDB server; every intent of the committed interaction model is sent in
an open session (intents added by later capabilities are covered automatically). The Device
Settings API (the user's time zone, once a session) is the loopback stand-in tools/alexa_api.py.

"Own work" is the same requests with DynamoDB's and the Device Settings API's answers replayed from
memory: what our code costs, without the round trips hello-world never makes.

  python -m bench.warm [--calls 2000] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import marshal
import time
from typing import Any

from bench.common import SKILLS, local_server, median, percentile, requests, table
from tools.envelopes import Device


def load_skills() -> dict[str, Any]:
    return {name: importlib.import_module(module).lambda_handler for name, module in SKILLS.items()}


class Replayed:
    """Our store's client, answering from memory what the real server answered last time.

    Used for one figure only: our own work per request without the DynamoDB round trip (which
    hello-world does not make). Subtracting timed waits instead over-counts: after each socket
    wait the process resumes with cold caches. Each call gets a fresh copy of the answer (as a real
    client parses a fresh one), made with marshal: copy.deepcopy of a six-item Query answer took
    about 60 us, which this figure would have counted as ours."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.answers: dict[str, bytes] = {}

    def __getattr__(self, operation: str) -> Any:
        def answer(**params: Any) -> Any:
            if operation not in self.answers:
                self.answers[operation] = marshal.dumps(getattr(self.real, operation)(**params))
            return marshal.loads(self.answers[operation])

        return answer


class ReplayedTimeZone:
    """The Device Settings API's answer for the user's time zone, from memory (see Replayed)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.answers: dict[tuple, Any] = {}

    def __call__(self, *args: Any) -> Any:
        if args not in self.answers:
            self.answers[args] = self.real(*args)
        return self.answers[args]


def _our_store() -> Any:
    from safe_connections import app

    return app._skill().store


def measure(calls: int) -> dict[str, dict[str, list[float]]]:
    from safe_connections import alexa_settings

    handlers = load_skills()
    device = Device()
    first = handlers["ours"](requests(device, {})["LaunchRequest"], None)
    events = requests(device, first.get("sessionAttributes") or {})
    results: dict[str, dict[str, list[float]]] = {label: {} for label in events}
    for label, event in events.items():
        for name, handler in handlers.items():
            handler(event, None)  # warm: templates loaded, clients connected
            results[label][name] = _timed(handler, event, calls)
        store = _our_store()
        replayed, zone = Replayed(store.client), ReplayedTimeZone(alexa_settings.device_time_zone)
        real, store._client, alexa_settings.device_time_zone = store.client, replayed, zone
        try:
            handlers["ours"](event, None)
            waits = bool(replayed.answers or zone.answers)
            own = _timed(handlers["ours"], event, calls) if waits else results[label]["ours"]
            results[label]["ours without DynamoDB wait"] = own
        finally:
            store._client, alexa_settings.device_time_zone = real, zone.real
    return results


def _timed(handler: Any, event: dict[str, Any], calls: int) -> list[float]:
    times = []
    for _ in range(calls):
        started = time.perf_counter_ns()
        handler(event, None)
        times.append((time.perf_counter_ns() - started) / 1e6)
    return times


def summarise(results: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, dict[str, float]]]:
    return {label: {name: {"median": median(t), "p99": percentile(t, 0.99)} for name, t in by_skill.items()}
            for label, by_skill in results.items()}


def report(summary: dict[str, dict[str, dict[str, float]]]) -> str:
    rows = []
    for label, by_skill in summary.items():
        ours, hello, persistence = by_skill["ours"], by_skill["hello-world"], by_skill["persistence"]
        own = by_skill["ours without DynamoDB wait"]
        rows.append([
            label, f"{ours['median']:.3f}", f"{ours['p99']:.3f}", f"{own['median']:.3f}", f"{hello['median']:.3f}",
            f"{hello['p99']:.3f}", f"{persistence['median']:.3f}", f"{persistence['p99']:.3f}",
            f"{ours['median'] / hello['median']:.2f}x", f"{own['median'] / hello['median']:.2f}x",
            f"{ours['median'] / persistence['median']:.2f}x",
        ])
    return table(["request", "ours med ms", "ours p99", "ours own med", "hello med", "hello p99", "persist. med",
                  "persist. p99", "ours/hello", "own/hello", "ours/persist."], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with local_server():
        summary = summarise(measure(args.calls))
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"Warm latency in-process ({args.calls} calls per request and skill)")
        print(report(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
