"""The README's newcomer session, run as a newcomer runs it: `make run`, the same words, the same seed.

  python -m tools.simulator.newcomer           # print what `make run` answers to the README's words
  python -m tools.simulator.newcomer --write   # put that answer into the README (after a content change)

tests/simulator/test_newcomer.py fails when the README and the real run differ.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tools.simulator.model import ROOT

README = ROOT / "README.md"
SEED = "1"
_BLOCK = re.compile(r"(<!-- newcomer session -->\n```text\n)(.*?)(```\n)", re.DOTALL)
_SERVER = re.compile(r"^\(local DynamoDB at .*\)\n", re.MULTILINE)
_PORT = re.compile(r"http://127\.0\.0\.1:\d+/")  # the local servers' port, new each run


def printed() -> str:
    """The session as the README shows it."""
    found = _BLOCK.search(README.read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"{README} has no '<!-- newcomer session -->' block")
    return found.group(2)


def said(session: str) -> list[str]:
    return [line[len("you> "):] if line.startswith("you> ") else "" for line in session.splitlines()
            if line.startswith("you>")]


def run(words: list[str]) -> str:
    """What `make run ARGS="--seed 1"` prints for these words, less the server's address and with its port
    as <port> (both new each run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_NAME", "SKILL_ID"))}
    done = subprocess.run([sys.executable, "-m", "tools.simulator", "--seed", SEED], cwd=ROOT, env=env, text=True,
                          input="".join(f"{w}\n" for w in words), capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the simulator exited {done.returncode}: {done.stderr}")
    return _PORT.sub("http://127.0.0.1:<port>/", _SERVER.sub("", done.stdout))


def main(argv: list[str]) -> int:
    session = run(said(printed()))
    if "--write" in argv:
        text = README.read_text(encoding="utf-8")
        README.write_text(_BLOCK.sub(lambda m: m.group(1) + session + m.group(3), text), encoding="utf-8")
        print(f"rewrote the newcomer session in {README}")
    else:
        print(session, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
