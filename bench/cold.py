"""(a) Cold start: a fresh Python process imports a skill and answers one LaunchRequest for a
returning user, against the local DynamoDB server. Timed from spawning the process to the
response line on its stdout; every skill (and variant) runs interleaved in one loop, in random
order, with the same interpreter, environment and server.

The child reports when its import is done, so each run is split as Lambda splits it: INIT (spawn
to import done: what SnapStart keeps in its snapshot) and the first invoke (the event in, the
answer out: what a SnapStart restore still pays, besides restoring). AWS_LAMBDA_FUNCTION_NAME is
set as Lambda sets it, so each skill does at INIT what it would do in Lambda.

  python -m bench.cold [--runs 15] [--imports] [--before DIR] [--zip]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import SKILLS, local_server, median, percentile, session, table
from tools.envelopes import Device, launch_request

LAST_CPU = 0.0
LAST_INIT = 0.0
CHILD = """
import importlib, json, sys, time
handler = importlib.import_module(sys.argv[1]).lambda_handler
sys.stdout.write("ready\\n")
sys.stdout.flush()
event = json.loads(sys.stdin.readline())
answer = handler(event, None)
sys.stdout.write(json.dumps({"cpu": time.process_time(), "answer": answer}) + "\\n")
sys.stdout.flush()
"""
LAMBDA_ENV = {"AWS_LAMBDA_FUNCTION_NAME": "bench-skill"}


def answer_once(module: str, event: dict[str, Any], env: dict[str, str], *flags: str) -> tuple[float, dict, str]:
    """(wall seconds from spawn to the answer, the answer, stderr); the INIT part of the wall time goes
    to LAST_INIT, the CPU seconds (user + system) the process had used when it answered to LAST_CPU
    (not its exit: a Lambda process does not exit after a request, and exiting costs a full
    garbage collection that would be counted for some skills and not others)."""
    global LAST_CPU, LAST_INIT
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *flags, "-c", CHILD, module], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**env, **LAMBDA_ENV, "PATH": "/usr/bin:/bin"}, text=True,
    )
    assert process.stdin and process.stdout
    ready = process.stdout.readline()
    LAST_INIT = time.perf_counter() - started
    line = ""
    if ready == "ready\n":
        process.stdin.write(json.dumps(event) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.stdin.close()
    process.stdout.read()
    stderr = process.stderr.read() if process.stderr else ""
    process.wait()
    if not line:
        raise RuntimeError(f"{module} did not answer:\n{stderr[-2000:]}")
    found = json.loads(line)
    LAST_CPU = found["cpu"]
    return elapsed, found["answer"], stderr


def variants(env: dict[str, str], before: str | None = None, task: Path | None = None
             ) -> dict[str, tuple[str, dict[str, str]]]:
    """name -> (module, environment). Extra rows: ours from the unpacked zip, read-only like /var/task
    (--zip), and ours from another checkout's lambda/ folder (--before)."""
    found = {name: (module, env) for name, module in SKILLS.items()}
    if task is not None:
        found["ours from the zip"] = (SKILLS["ours"], {**env, "PYTHONPATH": f"{task}:{env['PYTHONPATH']}",
                                                       "PYTHONDONTWRITEBYTECODE": "1"})
    if before:
        found["ours before (--before)"] = (SKILLS["ours"], {**env, "PYTHONPATH": f"{before}:{env['PYTHONPATH']}"})
    return found


def measure(runs: int, env: dict[str, str], before: str | None = None, task: Path | None = None
            ) -> dict[str, list[float]]:
    """name -> wall ms per run; name + " cpu" -> CPU ms; name + " init" -> INIT ms of the same runs."""
    skills = variants(env, before, task)
    devices = {name: Device() for name in skills}
    event = {name: devices[name].envelope(launch_request(), session(new=True)) for name in skills}
    for name, (module, environment) in skills.items():  # first visit: the user becomes a returning user
        answer_once(module, event[name], environment)
    times: dict[str, list[float]] = {key: [] for name in skills for key in (name, f"{name} cpu", f"{name} init")}
    order = list(skills)
    for _ in range(runs):
        random.shuffle(order)
        for name in order:
            module, environment = skills[name]
            elapsed, answer, _ = answer_once(module, event[name], environment)
            assert "outputSpeech" in answer["response"], answer
            times[name].append(elapsed * 1000)
            times[f"{name} cpu"].append(LAST_CPU * 1000)
            times[f"{name} init"].append(LAST_INIT * 1000)
    return times


def import_profile(env: dict[str, str], before: str | None = None, runs: int = 5) -> dict[str, dict[str, float]]:
    """Our cold start under `python -X importtime`: module -> cumulative ms, for every module (at any
    depth, where it was first imported), the median of `runs` runs; now and, with --before, before."""
    found = {}
    for label, (module, environment) in variants(env, before).items():
        if not label.startswith("ours") or "zip" in label:
            continue
        device = Device()
        event = device.envelope(launch_request(), session(new=True))
        answer_once(module, event, environment)
        samples: dict[str, list[float]] = {}
        for _ in range(runs):
            _, _, stderr = answer_once(module, event, environment, "-X", "importtime")
            for name, ms in _cumulative(stderr).items():
                samples.setdefault(name, []).append(ms)
        found["before" if "before" in label else "now"] = {name: median(ms) for name, ms in samples.items()}
    return found


def _cumulative(stderr: str) -> dict[str, float]:
    cumulative: dict[str, float] = {ALL_IMPORTS: 0.0}
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, total, name = line.split("|")
            if total.strip().isdigit():
                cumulative.setdefault(name.strip(), int(total) / 1000)
                if len(name) - len(name.lstrip()) == 1:  # a top-level import: the sum is every import
                    cumulative[ALL_IMPORTS] += int(total) / 1000
    return cumulative


# What the issue named, and what replaced it, in the order a launch imports them.
ALL_IMPORTS = "every import of the launch (sum of top-level)"
WATCHED = [
    ALL_IMPORTS, "lambda_function", "safe_connections.app", "safe_connections.config",
    "safe_connections.interceptors", "safe_connections.speech", "safe_connections.envelope", "safe_connections.skill",
    "safe_connections.crisis", "safe_connections.store", "safe_connections.state", "safe_connections.questions",
    "safe_connections.heard", "ask_sdk_core.skill_builder", "ask_sdk_core.skill", "ask_sdk_model.services",
    "ask_sdk_core.serialize", "ask_sdk_core.handler_input", "ask_sdk_model", "jinja2", "jinja2.compiler",
    "jinja2.lexer", "jinja2.parser", "yaml", "boto3", "botocore.session",
]


def import_report(profiles: dict[str, dict[str, float]]) -> str:
    columns = [label for label in ("before", "now") if label in profiles]
    rows = [[name, *(f"{profiles[c][name]:.1f}" if name in profiles[c] else "-" for c in columns)]
            for name in WATCHED if any(name in profiles[c] for c in columns)]
    return table(["module (cumulative ms, -X importtime)", *columns], rows)


def report(times: dict[str, list[float]]) -> str:
    wall, cpu = median(times["persistence"]), median(times["persistence cpu"])
    rows = []
    for name in times:
        if name.endswith((" cpu", " init")):
            continue
        init = median(times[f"{name} init"])
        rows.append([name, f"{median(times[name]):.0f}", f"{min(times[name]):.0f}",
                     f"{percentile(times[name], 0.9):.0f}", f"{median(times[name]) / wall:.2f}x",
                     f"{median(times[name + ' cpu']):.0f}", f"{median(times[name + ' cpu']) / cpu:.2f}x",
                     f"{init:.0f}", f"{median(times[name]) - init:.0f}"])
    return table(["skill", "wall median ms", "wall min", "wall p90", "wall vs persistence", "CPU median ms",
                  "CPU vs persistence", "INIT ms", "first invoke ms"], rows)


def unpacked_zip(folder: Path) -> Path:
    """Builds the deployable zip and unpacks it into folder/task, as Lambda's /var/task."""
    import zipfile

    from tools import build_zip

    archive = build_zip.build(folder / "lambda.zip")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder / "task")
    return folder / "task"


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--imports", action="store_true", help="also print the import-time table")
    parser.add_argument("--before", help="a lambda/ folder of another checkout, measured as one more row")
    parser.add_argument("--zip", action="store_true", help="also measure the built zip, unpacked")
    args = parser.parse_args()
    with local_server() as env, tempfile.TemporaryDirectory() as folder:
        task = unpacked_zip(Path(folder)) if args.zip else None
        times = measure(args.runs, env, args.before, task)
        print(f"Cold start, process spawn to LaunchRequest answer, returning user ({args.runs} runs each)")
        print(report(times))
        if args.imports:
            print("\nOur cold start's imports (python -X importtime, cumulative ms, median of 5 runs each)")
            print(import_report(import_profile(env, args.before)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
