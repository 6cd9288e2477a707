"""(c) Peak memory of a fresh process that answers a launch and a few intents.

The peak resident set (VmHWM) is what Lambda reports as "Max Memory Used" (the whole process:
interpreter, libraries, buffers); the tracemalloc peak is what Python objects alone took at most.
AWS_LAMBDA_FUNCTION_NAME is set, so each skill does at INIT what it does in Lambda.

  python -m bench.memory
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.common import SKILLS, local_server, requests, table
from tools.envelopes import Device

CHILD = """
import importlib, json, sys, tracemalloc
events = json.loads(sys.stdin.read())
handler = importlib.import_module(sys.argv[1]).lambda_handler
for event in events:
    handler(event, None)
peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"maxrss_kb": hwm, "traced_peak": peak}))
"""
SEQUENCE = ["LaunchRequest", "AMAZON.HelpIntent", "AMAZON.FallbackIntent", "AMAZON.YesIntent",
            "AMAZON.RepeatIntent", "AMAZON.StopIntent"]


def _run(module: str, events: list[dict[str, Any]], env: dict[str, str], traced: bool) -> dict[str, Any]:
    from bench.cold import LAMBDA_ENV

    extra = {**LAMBDA_ENV, **({"PYTHONTRACEMALLOC": "1"} if traced else {})}
    result = subprocess.run([sys.executable, "-c", CHILD, module], input=json.dumps(events), capture_output=True,
                            text=True, env={**env, **extra, "PATH": "/usr/bin:/bin"}, timeout=120)
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout)


def measure(env: dict[str, str]) -> dict[str, dict[str, float]]:
    found = {}
    for name, module in SKILLS.items():
        by_label = requests(Device(), {})
        events = [by_label[label] for label in SEQUENCE]
        rss = _run(module, events, env, traced=False)["maxrss_kb"] / 1024
        traced = _run(module, events, env, traced=True)["traced_peak"] / 2**20
        found[name] = {"maxrss_mb": rss, "traced_peak_mb": traced}
    return found


def report(found: dict[str, dict[str, float]]) -> str:
    rows = [[name, f"{m['maxrss_mb']:.1f}", f"{m['traced_peak_mb']:.1f}",
             ("met" if m["maxrss_mb"] < 64 else "NOT met") if name == "ours" else ""] for name, m in found.items()]
    return table(["skill", "peak RSS MB", "tracemalloc peak MB", "< 64 MB"], rows)


def main() -> int:
    with local_server() as env:
        print(f"Peak memory: a fresh process answering {', '.join(SEQUENCE)}")
        print(report(measure(env)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
