"""Replay files (ASK CLI format): every file in tests/dialogs/ through the simulator, on the test server."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tools import build_models, envelopes
from tools.conversation import Conversation
from tools.envelopes import Device
from tools.simulator.replay import ReplayFile, replay

ROOT = Path(__file__).resolve().parent.parent.parent
DIALOGS = sorted((ROOT / "tests" / "dialogs").glob("*.json"))
SKILL_ID = re.compile(r"^amzn1\.ask\.skill\.[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$")


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_every_dialog_file_replays_without_a_problem(handler, path):
    data = json.loads(path.read_text())
    assert set(data) == {"skillId", "locale", "type", "userInput"} and data["type"] == "text"
    assert SKILL_ID.match(data["skillId"]) and data["locale"] in build_models.locales()
    lines: list[str] = []
    file = ReplayFile.load(path)
    simulator = replay(file, handler, device=Device(locale=file.locale, skill_id=file.skill_id), out=lines.append)
    transcript = "\n".join(lines)
    assert not simulator.problems, transcript
    assert transcript.count("\nyou> ") == len(file.user_input)
    for reply in simulator.replies:
        response = reply["response"]
        delegated = any(d.get("type") == "Dialog.Delegate" for d in response.get("directives") or [])
        # Alexa speaks the dialog model's prompt after a Delegate; every other answer has speech of its own.
        assert response.get("outputSpeech") or delegated or response == {}, response
    assert "(session ended)" in transcript


def test_the_first_dialogs_walk_a_new_user_through_what_the_skill_offers():
    said = [line for path in DIALOGS for line in ReplayFile.load(path).user_input]
    assert "open safe connections" in said and "help" in said and "stop" in said
    assert any(line.startswith(("ask ", "tell ")) for line in said)


def test_a_name_is_a_stable_account_and_speaker():
    from tools.simulator.__main__ import device_for

    ana, ben = device_for("ana", None, "en-US"), device_for("ben", None, "en-US")
    again = device_for("ana", "kid", "en-GB")
    assert ana.user_id == again.user_id != ben.user_id and ana.device_id == ben.device_id
    assert ana.person_id is None and again.person_id and again.person_id.startswith("amzn1.ask.person.")
    assert again.locale == "en-GB" and ana.skill_id == envelopes.DEFAULT_SKILL_ID


def test_a_replay_recorded_against_a_deployed_skill_plays_as_that_skill_and_leaves_the_process_as_it_was(
        handler, talk):
    """ASK CLI writes the deployed skill's id into the file; Alexa sends it, and the skill must accept it."""
    file = ReplayFile.load(ROOT / "tests" / "dialogs" / "deployed_skill.json")
    assert file.skill_id != envelopes.DEFAULT_SKILL_ID
    lines: list[str] = []
    simulator = replay(file, handler, out=lines.append)
    transcript = "\n".join(lines)
    assert not simulator.problems, transcript
    assert "Welcome to Safe Connections" in transcript and "StartShortReflectionIntent" in transcript
    sent = simulator.conversation.sent
    assert {e["context"]["System"]["application"]["applicationId"] for e in sent} == {file.skill_id}
    assert {e["session"]["application"]["applicationId"] for e in sent} == {file.skill_id}
    # Afterwards the process is the skill deployed for its own id again: the placeholder plays, the file's id
    # is refused as any foreign skill is.
    assert os.environ["SKILL_ID"] == envelopes.DEFAULT_SKILL_ID
    assert "Welcome" in talk.launch().text
    with pytest.raises(Exception, match="Skill ID Verification failed"):
        Conversation(handler, Device(skill_id=file.skill_id)).launch()


def test_a_function_deployed_for_another_skill_refuses_the_file_as_alexa_would_show_it(handler):
    file = ReplayFile.load(ROOT / "tests" / "dialogs" / "deployed_skill.json")
    lines: list[str] = []
    simulator = replay(file, handler, out=lines.append, lambda_skill_id=envelopes.DEFAULT_SKILL_ID)
    assert any("Skill ID Verification failed" in p for p in simulator.problems)
    assert "alexa> There was a problem with the requested skill's response." in lines
