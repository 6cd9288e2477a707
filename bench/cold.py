"""(a) Cold start: a fresh Python process imports a skill and answers one LaunchRequest for a
returning user, against the local DynamoDB server. Timed from spawning the process to the
response line on its stdout; the three skills run interleaved in one loop, same interpreter,
same environment, same server.

  python -m bench.cold [--runs 15] [--imports]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from typing import Any

from bench.common import SKILLS, local_server, median, percentile, session, table
from tools.envelopes import Device, launch_request

LAST_CPU = 0.0
CHILD = """
import importlib, json, sys
event = json.loads(sys.stdin.readline())
answer = importlib.import_module(sys.argv[1]).lambda_handler(event, None)
sys.stdout.write(json.dumps(answer) + "\\n")
sys.stdout.flush()
"""


def answer_once(module: str, event: dict[str, Any], env: dict[str, str], *flags: str) -> tuple[float, dict, str]:
    """(wall seconds from spawn to the answer, the answer, stderr); CPU seconds go to LAST_CPU."""
    global LAST_CPU
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *flags, "-c", CHILD, module], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**env, "PATH": "/usr/bin:/bin"}, text=True,
    )
    assert process.stdin and process.stdout
    process.stdin.write(json.dumps(event) + "\n")
    process.stdin.flush()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.stdout.read()
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    LAST_CPU = usage.ru_utime + usage.ru_stime
    if not line:
        raise RuntimeError(f"{module} did not answer:\n{stderr[-2000:]}")
    return elapsed, json.loads(line), stderr


def variants(env: dict[str, str], before: str | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """name -> (module, environment). Extra rows: ours with the botocore client (the store's
    fallback), and ours from another checkout's lambda/ folder (--before)."""
    found = {name: (module, env) for name, module in SKILLS.items()}
    if before:
        found["ours before (--before)"] = (SKILLS["ours"], {**env, "PYTHONPATH": f"{before}:{env['PYTHONPATH']}"})
    return found


def measure(runs: int, env: dict[str, str], before: str | None = None) -> dict[str, list[float]]:
    """name -> wall ms per run; name + " cpu" -> CPU ms (user + system) of the same runs."""
    skills = variants(env, before)
    devices = {name: Device() for name in skills}
    event = {name: devices[name].envelope(launch_request(), session(new=True)) for name in skills}
    for name, (module, environment) in skills.items():  # first visit: the user becomes a returning user
        answer_once(module, event[name], environment)
    times: dict[str, list[float]] = {key: [] for name in skills for key in (name, f"{name} cpu")}
    order = list(skills)
    for _ in range(runs):
        random.shuffle(order)
        for name in order:
            module, environment = skills[name]
            elapsed, answer, _ = answer_once(module, event[name], environment)
            assert "outputSpeech" in answer["response"], answer
            times[name].append(elapsed * 1000)
            times[f"{name} cpu"].append(LAST_CPU * 1000)
    return times


def import_profile(env: dict[str, str], top: int = 12) -> list[tuple[str, float]]:
    """Our cold start's most expensive top-level imports (python -X importtime), in ms."""
    device = Device()
    event = device.envelope(launch_request(), session(new=True))
    _, _, stderr = answer_once(SKILLS["ours"], event, env, "-X", "importtime")
    found = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and len(name) - len(name.lstrip()) <= 3:
            found.append((name.strip(), int(cumulative) / 1000))
    return sorted(found, key=lambda item: -item[1])[:top]


def report(times: dict[str, list[float]]) -> str:
    wall, cpu = median(times["persistence"]), median(times["persistence cpu"])
    rows = [[name, f"{median(times[name]):.0f}", f"{min(times[name]):.0f}", f"{percentile(times[name], 0.9):.0f}",
             f"{median(times[name]) / wall:.2f}x", f"{median(times[name + ' cpu']):.0f}",
             f"{median(times[name + ' cpu']) / cpu:.2f}x"] for name in times if not name.endswith(" cpu")]
    return table(["skill", "wall median ms", "wall min", "wall p90", "wall vs persistence", "CPU median ms",
                  "CPU vs persistence"], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--imports", action="store_true", help="also print our costliest imports")
    parser.add_argument("--before", help="a lambda/ folder of another checkout, measured as one more row")
    args = parser.parse_args()
    with local_server() as env:
        times = measure(args.runs, env, args.before)
        print(f"Cold start, process spawn to LaunchRequest answer, returning user ({args.runs} runs each)")
        print(report(times))
        if args.imports:
            print("\nOur costliest top-level imports at cold start (-X importtime, cumulative ms)")
            print(table(["module", "ms"], [[n, f"{ms:.1f}"] for n, ms in import_profile(env)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
