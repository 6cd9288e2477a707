"""`python -m tools.simulator` as a user runs it: a subprocess with its own fresh local DynamoDB server,
which must be gone when the simulator exits, whether it ends normally, on a crash, or on Ctrl-C.

The runs start together (each boots its own server) so the module costs about one boot."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools import envelopes

ROOT = Path(__file__).resolve().parent.parent.parent
DIALOGS = sorted((ROOT / "tests" / "dialogs").glob("*.json"))
SERVER_LINE = re.compile(r"\(local DynamoDB at http://127\.0\.0\.1:(\d+), pid (\d+),")
DEPLOYED = ROOT / "tests" / "dialogs" / "deployed_skill.json"  # recorded against a real-looking skill id

pytestmark = pytest.mark.slow


def _start(*args: str, stdin: str | None = None) -> subprocess.Popen[str]:
    # Without the test server's settings: the simulator starts its own.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_NAME", "SKILL_ID"))}
    process = subprocess.Popen([sys.executable, "-m", "tools.simulator", *args], cwd=ROOT, env=env, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
        process.stdin = None  # all said: communicate() must not flush it again
    return process


def _finish(process: subprocess.Popen[str]) -> tuple[str, int, int]:
    out, err = process.communicate(timeout=60)
    server = SERVER_LINE.search(out)
    assert server, out + err
    return out, int(server.group(1)), int(server.group(2))


def _assert_no_server_left(port: int, pid: int) -> None:
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with socket.socket() as sock, pytest.raises(OSError):
        sock.settimeout(0.5)
        sock.connect(("127.0.0.1", port))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Iterator[dict[str, subprocess.Popen[str]]]:
    folder = tmp_path_factory.mktemp("cli")
    started = {
        "dialogs": _start("--replay", *map(str, DIALOGS), "--seed", "7", stdin=""),
        # The function deployed with another skill's id (a wrong SkillId parameter): Alexa's requests
        # carry the file's id, and the skill refuses them.
        "misdeployed": _start("--replay", str(DEPLOYED), "--lambda-skill-id", envelopes.DEFAULT_SKILL_ID, stdin=""),
        "keep": _start("--keep", str(folder / "journal.json"), "--user", "ana",
                       stdin="open safe connections\nstop\n"),
    }
    started["keep"].state = folder / "journal.json"  # type: ignore[attr-defined]
    yield started
    for process in started.values():
        if process.poll() is None:
            process.kill()


def test_the_command_line_replays_every_dialog_on_its_own_server_and_leaves_nothing_running(runs):
    out, port, pid = _finish(runs["dialogs"])
    assert runs["dialogs"].returncode == 0, out
    assert "you> open safe connections\n  -> LaunchRequest (new session)\nalexa> Welcome to Safe Connections" in out
    assert "you> help\n  (exact)\n  -> AMAZON.HelpIntent\nalexa> Here's what I can do." in out
    assert "you> stop\n  (exact)\n  -> AMAZON.StopIntent\nalexa> " in out and "(session ended)" in out
    assert "[pause 0.3s]" in out and "<" not in out
    assert out.count("== replay ") == len(DIALOGS) and "(!)" not in out
    replayed = out.split(f"== replay {DEPLOYED}")[1].split("== replay ")[0]
    assert "Welcome to Safe Connections" in replayed and "the skill crashed" not in replayed
    _assert_no_server_left(port, pid)


def test_a_replay_the_skill_fails_on_exits_non_zero(runs):
    out, port, pid = _finish(runs["misdeployed"])
    assert runs["misdeployed"].returncode == 1
    assert "the skill crashed" in out and "Skill ID Verification failed" in out
    assert "There was a problem with the requested skill's response." in out
    _assert_no_server_left(port, pid)


def test_keep_brings_a_user_back_to_their_data_and_ctrl_c_stops_the_server(runs):
    first, _, _ = _finish(runs["keep"])
    state = runs["keep"].state
    assert "not a substitute for professional care" in first and state.exists()
    process = _start("--keep", str(state), "--user", "ana")
    try:
        server = SERVER_LINE.search(process.stdout.readline())
        assert server
        process.stdin.write("open safe connections\n")
        process.stdin.flush()
        seen = _read_until(process, "alexa> ")
        assert "1 item(s) loaded" in seen and "not a substitute" not in seen  # a returning user
        process.send_signal(signal.SIGINT)  # Ctrl-C while the simulator waits for the next line
        out, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130 and "(interrupted)" in out and "saved to" in out
    _assert_no_server_left(int(server.group(1)), int(server.group(2)))


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float = 20) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        if not line or line.startswith(marker):
            break
    return "".join(seen)
