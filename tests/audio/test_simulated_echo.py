"""A simulated Echo with an AudioPlayer (tools/simulator/audio.py) plays the reflection as Alexa would: it
streams what the skill asks for, sends the events on a clock, and routes "pause", "resume", "next" said
without the skill's name. Run with -s to print the transcript of the full reflection (README)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import items_of
from tools.audio_envelopes import AudioDevice
from tools.envelopes import Device
from tools.simulator.audio import wait_seconds
from tools.simulator.model import InteractionModel
from tools.simulator.resolver import Resolver
from tools.simulator.session import Simulator

FULL = ["opening", "question", "step1", "step2", "step3", "step4", "step5", "step6", "step7", "closing"]


def _echo(handler: Any, device: Device | None = None) -> tuple[Simulator, list[str]]:
    lines: list[str] = []
    simulator = Simulator(handler, Resolver(InteractionModel.for_locale("en-US")), device or AudioDevice(),
                          out=lines.append)
    return simulator, lines


def _say(simulator: Simulator, lines: list[str], *said: str) -> None:
    for text in said:
        lines.append(f"you> {text}")
        simulator.say(text)


def _started(simulator: Simulator) -> list[str]:
    return [e["request"]["request"]["token"].split(".")[2] for e in simulator.audio.events
            if e["request"]["request"]["type"] == "AudioPlayer.PlaybackStarted"]


def test_waiting_is_typed_in_seconds_minutes_hours_or_days():
    assert wait_seconds("(wait 40)") == 40 and wait_seconds("(wait 5 min)") == 300
    assert wait_seconds("(wait 2 days)") == 172_800 and wait_seconds("( wait 1 h )") == 3600
    assert wait_seconds("wait for me") is None and wait_seconds("(wait)") == 60


def test_a_full_reflection_with_one_pause_and_a_resume_two_days_later(handler, ddb):
    """The issue's "done when": silence plays it all; "Alexa, pause" at a known second, and two days later
    "resume my reflection" continues within a second of it; it ends gently."""
    simulator, lines = _echo(handler)
    _say(simulator, lines, "open safe connections", "start the reflection", *[""] * 5, "(wait 40)", "pause")
    stopped = [e for e in simulator.audio.events if e["request"]["request"]["type"] == "AudioPlayer.PlaybackStopped"]
    assert stopped[-1]["request"]["request"]["token"].split(".")[2] == "step4"
    paused_at = stopped[-1]["request"]["request"]["offsetInMilliseconds"]
    assert paused_at == 40_000, "the pause lands where the clock says"
    _say(simulator, lines, "(wait 2 days)", "ask safe connections to resume my reflection")
    resumed = [e for e in simulator.audio.events if e["request"]["request"]["type"] == "AudioPlayer.PlaybackStarted"]
    assert resumed[-1]["request"]["request"]["token"].split(".")[2] == "step4"
    assert abs(resumed[-1]["request"]["request"]["offsetInMilliseconds"] - paused_at) < 1_000
    _say(simulator, lines, *[""] * 6)
    simulator.finish()
    transcript = "\n".join(lines)
    print("\n" + transcript)
    assert not simulator.problems, transcript
    assert _started(simulator) == [*FULL[:6], "step4", *FULL[6:]] and simulator.audio.activity == "FINISHED"
    assert "closing has played to its end" in transcript and "(2 days pass)" in transcript
    assert "next" not in " ".join(line for line in lines if line.startswith("you>"))
    profile = next(i for i in items_of(ddb, simulator.conversation.device.user_id) if i["sk"]["S"].endswith("profile"))
    assert "reflection" not in profile, "played to the end: nothing left to resume"


def test_typed_playback_commands_reach_the_skill_without_its_name_and_stop_is_a_pause(handler):
    simulator, lines = _echo(handler)
    _say(simulator, lines, "start a short reflection", "(wait 10)", "next", "(wait 5)", "go back", "(wait 3)",
         "stop", "resume", "shuffle", "cancel")
    sent = [e["request"]["intent"]["name"] for e in simulator.conversation.sent
            if e["request"]["type"] == "IntentRequest"]
    assert sent == ["StartShortReflectionIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.PauseIntent",
                    "AMAZON.ResumeIntent", "AMAZON.ShuffleOnIntent", "AMAZON.CancelIntent"]
    transcript = "\n".join(lines)
    assert transcript.count("no name needed") == 6 and not simulator.problems, transcript
    assert _started(simulator) == ["short_opening", "short_step1", "short_opening", "short_opening"]
    assert "in order" in transcript and "kept your place" in transcript
    assert simulator.audio.activity == "STOPPED"


def test_distress_said_to_the_skill_stops_the_audio_and_the_grounding_is_heard(handler):
    simulator, lines = _echo(handler)
    _say(simulator, lines, "start the reflection", "(wait 30)", "tell safe connections this is too much")
    transcript = "\n".join(lines)
    assert "♪ stops at 0:30 of full/opening" in transcript and "I've paused the reflection" in transcript
    assert simulator.in_session and not simulator.problems, transcript
    _say(simulator, lines, "continue")
    assert "♪ plays full/opening from 0:00" in "\n".join(lines), "gently, from the start of that part"


def test_a_stream_the_echo_cannot_fetch_is_reported_and_the_skill_answers_it(handler):
    simulator, lines = _echo(handler)
    _say(simulator, lines, "start the reflection")
    player = simulator.audio
    stream = player.current
    stream.url = stream.url.replace("/reflection/", "/reflection/missing-")
    player._start(stream)
    transcript = "\n".join(lines)
    assert "AudioPlayer.PlaybackFailed" in transcript and "cannot fetch" in transcript
    assert player.activity == "PLAYING", "the skill's second try, under a fresh URL, plays"


@pytest.mark.parametrize("text", ["(wait 20)", ""])
def test_without_an_audio_player_the_steps_are_spoken_as_before(handler, text):
    simulator, lines = _echo(handler, Device())
    _say(simulator, lines, "open safe connections", "start the reflection")
    assert simulator.audio is None and "AudioPlayer" not in "\n".join(lines)
    assert re.search(r'say "next"', lines[-3] + lines[-2] + lines[-1])
    _say(simulator, lines, "next")
    assert "Let's begin with a simple question" in "\n".join(lines)
