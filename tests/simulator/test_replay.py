"""Replay files (ASK CLI format) through the simulator: every file in tests/dialogs/, in process on the
test server, and the command line itself as a subprocess on its own fresh server."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools import build_models, envelopes
from tools.envelopes import Device
from tools.simulator.replay import ReplayFile, replay

ROOT = Path(__file__).resolve().parent.parent.parent
DIALOGS = sorted((ROOT / "tests" / "dialogs").glob("*.json"))
SERVER_LINE = re.compile(r"\(local DynamoDB at http://127\.0\.0\.1:(\d+), pid (\d+),")


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_every_dialog_file_replays_without_a_problem(handler, path):
    data = json.loads(path.read_text())
    assert set(data) == {"skillId", "locale", "type", "userInput"} and data["type"] == "text"
    assert data["skillId"] == envelopes.DEFAULT_SKILL_ID and data["locale"] in build_models.locales()
    lines: list[str] = []
    file = ReplayFile.load(path)
    simulator = replay(file, handler, device=Device(locale=file.locale), out=lines.append)
    transcript = "\n".join(lines)
    assert not simulator.problems, transcript
    assert transcript.count("\nyou> ") == len(file.user_input)
    assert all(reply["response"].get("outputSpeech") or reply["response"] == {} for reply in simulator.replies)
    assert "(session ended)" in transcript


def test_the_first_dialogs_walk_a_new_user_through_what_the_skill_offers():
    said = [line for path in DIALOGS for line in ReplayFile.load(path).user_input]
    assert "open safe connections" in said and "help" in said and "stop" in said
    assert any(line.startswith(("ask ", "tell ")) for line in said)


def _env() -> dict[str, str]:
    """The environment without the test server's settings: the simulator starts its own."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_NAME", "SKILL_ID"))}


def _run(*args: str, stdin: str = "") -> tuple[subprocess.CompletedProcess[str], int, int]:
    done = subprocess.run([sys.executable, "-m", "tools.simulator", *args], cwd=ROOT, env=_env(), input=stdin,
                          capture_output=True, text=True, timeout=60)
    server = SERVER_LINE.search(done.stdout)
    assert server, done.stdout + done.stderr
    return done, int(server.group(1)), int(server.group(2))


def _assert_no_server_left(port: int, pid: int) -> None:
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with socket.socket() as sock, pytest.raises(OSError):
        sock.settimeout(0.5)
        sock.connect(("127.0.0.1", port))


def test_the_command_line_replays_every_dialog_on_its_own_server_and_leaves_nothing_running():
    done, port, pid = _run("--replay", *map(str, DIALOGS), "--seed", "7")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "you> open safe connections\n  -> LaunchRequest (new session)\nalexa> Welcome to Safe Connections." in out
    assert "you> help\n  -> AMAZON.HelpIntent\nalexa> Here's what I can do." in out
    assert "you> stop\n  -> AMAZON.StopIntent\nalexa> " in out and "(session ended)" in out
    assert "[pause 0.3s]" in out and "<" not in out.replace("<<", "")
    assert out.count("== replay ") == len(DIALOGS) and "(!)" not in out
    _assert_no_server_left(port, pid)


def test_a_replay_the_skill_fails_on_exits_non_zero(tmp_path):
    stranger = tmp_path / "other_skill.json"
    stranger.write_text(json.dumps({"skillId": "amzn1.ask.skill.11111111-2222-3333-4444-555555555555",
                                    "locale": "en-US", "type": "text", "userInput": ["open safe connections"]}))
    done, port, pid = _run("--replay", str(stranger))
    assert done.returncode == 1
    assert "the skill crashed" in done.stdout and "Skill ID Verification failed" in done.stdout
    assert "There was a problem with the requested skill's response." in done.stdout
    _assert_no_server_left(port, pid)


def test_keep_brings_a_user_back_to_their_data_and_ctrl_c_stops_the_server(tmp_path):
    state = tmp_path / "journal.json"
    first, _, _ = _run("--keep", str(state), "--user", "ana", stdin="open safe connections\nstop\n")
    assert "not a substitute for professional care" in first.stdout and state.exists()
    process = subprocess.Popen([sys.executable, "-m", "tools.simulator", "--keep", str(state), "--user", "ana"],
                               cwd=ROOT, env=_env(), text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
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


def test_a_name_is_a_stable_account_and_speaker():
    from tools.simulator.__main__ import device_for

    ana, ben = device_for("ana", None, "en-US"), device_for("ben", None, "en-US")
    again = device_for("ana", "kid", "en-GB")
    assert ana.user_id == again.user_id != ben.user_id and ana.device_id == ben.device_id
    assert ana.person_id is None and again.person_id and again.person_id.startswith("amzn1.ask.person.")
    assert again.locale == "en-GB" and ana.skill_id == envelopes.DEFAULT_SKILL_ID
