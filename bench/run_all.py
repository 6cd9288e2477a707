"""`make bench`: every figure, ours beside both baselines, then the targets met or not.

  python -m bench.run_all [--runs 15] [--calls 2000] [--no-zip]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from typing import Any

from bench import cold, dynamo, memory, warm, zipsize
from bench.common import local_server, median, table
from bench.dynamo import SAVED_CHECK_IN


def _json_of(module: str, *args: str) -> Any:
    result = subprocess.run([sys.executable, "-m", module, "--json", *args], capture_output=True, text=True,
                            timeout=1800)
    if result.returncode:
        raise RuntimeError(f"{module} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold starts per skill")
    parser.add_argument("--calls", type=int, default=2000, help="warm calls per request and skill")
    parser.add_argument("--no-zip", action="store_true", help="skip building the zip (needs pip's index)")
    parser.add_argument("--before", help="a lambda/ folder of another checkout: one more cold-start row")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}; local moto DynamoDB\n")

    with local_server() as env:
        cold_times = cold.measure(args.runs, env, args.before)
        print(f"(a) Cold start: process spawn to LaunchRequest answer, returning user, {args.runs} runs each")
        print(cold.report(cold_times))
        print("\n    our costliest top-level imports (-X importtime, cumulative ms, one run)")
        print(table(["module", "ms"], [[n, f"{ms:.1f}"] for n, ms in cold.import_profile(env, top=8)]))
        memory_found = memory.measure(env)
        zip_found = None if args.no_zip else zipsize.measure(env, runs=args.runs)

    warm_found = _json_of("bench.warm", "--calls", str(args.calls))
    print(f"\n(b) Warm latency in-process, {args.calls} calls per request and skill (ms)")
    print(warm.report(warm_found))

    print("\n(c) Peak memory: a fresh process answering " + ", ".join(memory.SEQUENCE))
    print(memory.report(memory_found))

    if zip_found:
        print("\n(d) Lambda zip (python3.13 arm64 wheels; boto3 comes with the runtime)")
        print(zipsize.report(zip_found))

    dynamo_found = _json_of("bench.dynamo")
    print("\n(e) DynamoDB calls per request, counted on the wire (CU as the local server reports them)")
    print(dynamo.report(dynamo_found))

    print("\nTargets")
    print(table(["target", "figure", "met"], _targets(cold_times, warm_found, memory_found, zip_found, dynamo_found)))
    return 0


def _targets(cold_times: Any, warm_found: Any, memory_found: Any, zip_found: Any, dynamo_found: Any) -> list:
    ratio = median(cold_times["ours"]) / median(cold_times["persistence"])
    worst = max(warm_found, key=lambda label: warm_found[label]["ours"]["median"] / warm_found[label]["hello-world"][
        "median"])
    worst_ratio = warm_found[worst]["ours"]["median"] / warm_found[worst]["hello-world"]["median"]
    intents = [label for label in warm_found if label != "LaunchRequest"]
    intent_worst = max(warm_found[label]["ours"]["median"] / warm_found[label]["hello-world"]["median"]
                       for label in intents)
    own_launch = warm_found["LaunchRequest"]["ours without DynamoDB wait"]["median"] / warm_found["LaunchRequest"][
        "hello-world"]["median"]
    launch_calls = sum(dynamo_found["LaunchRequest"]["ours"]["calls"].values())
    rss = memory_found["ours"]["maxrss_mb"]
    rows = [
        ["cold start <= 0.6x persistence baseline", f"{ratio:.2f}x", _yes(ratio <= 0.6)],
        ["warm median per intent <= 2x hello-world (worst intent)", f"{intent_worst:.2f}x", _yes(intent_worst <= 2)],
        [f"warm median, worst request overall ({worst})", f"{worst_ratio:.2f}x", _yes(worst_ratio <= 2)],
        ["  launch, DynamoDB answer replayed in memory, vs hello-world", f"{own_launch:.2f}x", _yes(own_launch <= 2)],
        ["peak memory < 64 MB", f"{rss:.1f} MB", _yes(rss < 64)],
        ["one DynamoDB call for a launch", str(launch_calls), _yes(launch_calls == 1)],
    ]
    if zip_found:
        rows.insert(4, ["zip < 5 MB", f"{zip_found['zipped_mb']:.2f} MB", _yes(zip_found["zipped_mb"] < 5)])
    if SAVED_CHECK_IN in dynamo_found:
        calls = sum(dynamo_found[SAVED_CHECK_IN]["ours"]["calls"].values())
        rows.append(["one DynamoDB call for a saved check-in", str(calls), _yes(calls == 1)])
    return rows


def _yes(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    raise SystemExit(main())
