"""`make bench`: every figure, ours beside both baselines, then the targets met or not.

  python -m bench.run_all [--runs 15] [--calls 2000] [--no-zip] [--before DIR]

With --before (another checkout's lambda/ folder, e.g. `git archive 99e3c74 lambda content | tar -x -C
/tmp/before`), the cold start gets one more row and the import table a "before" column.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
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

    with local_server() as env, tempfile.TemporaryDirectory() as folder:
        task = None if args.no_zip else cold.unpacked_zip(Path(folder))
        zip_found = None if args.no_zip else zipsize.sizes(Path(folder) / "lambda.zip")
        cold_times = cold.measure(args.runs, env, args.before, task)
        print(f"(a) Cold start: process spawn to LaunchRequest answer, returning user, {args.runs} runs each,")
        print("    interleaved; INIT = spawn to import done (what SnapStart keeps), first invoke = the rest")
        print(cold.report(cold_times))
        print("\n    our cold start's imports (python -X importtime, cumulative ms, median of 5 runs each)")
        print(cold.import_report(cold.import_profile(env, args.before)))
        memory_found = memory.measure(env)

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
    persistence = median(cold_times["persistence"])
    ratio = median(cold_times["ours"]) / persistence

    def own(label: str) -> float:
        return warm_found[label]["ours without DynamoDB wait"]["median"] / warm_found[label]["hello-world"]["median"]

    own_worst = max(warm_found, key=own)
    launch_calls = sum(dynamo_found["LaunchRequest"]["ours"]["calls"].values())
    rss = memory_found["ours"]["maxrss_mb"]
    rows = [
        ["cold start <= 0.9x persistence baseline", f"{ratio:.2f}x", _yes(ratio <= 0.9)],
        [f"own work, every request <= 2x hello-world (worst: {own_worst})", f"{own(own_worst):.2f}x",
         _yes(own(own_worst) <= 2)],
        ["peak memory < 64 MB", f"{rss:.1f} MB", _yes(rss < 64)],
        ["one DynamoDB call for a launch", str(launch_calls), _yes(launch_calls == 1)],
    ]
    if "ours from the zip" in cold_times:
        zipped = median(cold_times["ours from the zip"]) / persistence
        rows.insert(1, ["cold start from the built zip <= 0.9x persistence", f"{zipped:.2f}x", _yes(zipped <= 0.9)])
    if zip_found:
        rows.append(["zip < 5 MB", f"{zip_found['zipped_mb']:.2f} MB", _yes(zip_found["zipped_mb"] < 5)])
    if SAVED_CHECK_IN in dynamo_found:
        calls = sum(dynamo_found[SAVED_CHECK_IN]["ours"]["calls"].values())
        rows.append(["one DynamoDB call for a saved check-in", str(calls), _yes(calls == 1)])
    return rows


def _yes(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    raise SystemExit(main())
