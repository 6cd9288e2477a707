"""Whatever an Echo with an AudioPlayer sends (events with junk tokens, offsets, players, errors; playback
intents in any player state) gets an answer Alexa accepts there: events never speak, nothing crashes."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.audio_envelopes import AudioDevice

EVENTS = ["AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFinished",
          "AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackFailed", "PlaybackController.PlayCommandIssued",
          "PlaybackController.PauseCommandIssued", "PlaybackController.NextCommandIssued",
          "PlaybackController.PreviousCommandIssued", "System.ExceptionEncountered"]
INTENTS = ["AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent",
           "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.CancelIntent", "AMAZON.StopIntent",
           "AMAZON.LoopOnIntent", "AMAZON.ShuffleOffIntent", "FeelingOverwhelmedIntent", "RememberSafePersonIntent",
           "ResumeReflectionIntent", "StartReflectionIntent"]
SCOPE = "-"
tokens = st.one_of(
    st.sampled_from([f"sc1.full.step4.{SCOPE}.0.ab", f"sc1.short.short_closing.{SCOPE}.1.ff",
                     f"sc1.full.closing.{SCOPE}.0.1", f"sc1.notice.trouble.{SCOPE}.0.2", "sc1.full.nosuch.-.0.a",
                     "sc1.full.step4.-.9.a", f"sc1.full.step1.{'a' * 40}.0.b", "sc1.full.step4", "", "x" * 2000]),
    st.text(max_size=60), st.none(), st.integers(), st.lists(st.text(max_size=3), max_size=2))
offsets = st.one_of(st.sampled_from([10**40, 1e127, float("inf"), -1, -0.0, 2**63]), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False), st.none(), st.text(max_size=5), st.booleans())
activities = st.sampled_from(["PLAYING", "PAUSED", "STOPPED", "FINISHED", "BUFFER_UNDERRUN", "IDLE", "FUTURE", ""])
players = st.one_of(st.none(), st.fixed_dictionaries(
    {"token": tokens, "offsetInMilliseconds": offsets, "playerActivity": activities}))
SLOW = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))


@SLOW
@given(kind=st.sampled_from(EVENTS), token=tokens, offset=offsets, player=players,
       error=st.one_of(st.none(), st.fixed_dictionaries({"type": st.sampled_from(
           ["MEDIA_ERROR_UNKNOWN", "MEDIA_ERROR_SERVICE_UNAVAILABLE", "NEW_ERROR"]), "message": st.text(max_size=9)})))
def test_every_event_is_answered_with_directives_only(handler, kind, token, offset, player, error):
    device = AudioDevice(user_id="amzn1.ask.account.hostile-audio", player=lambda: copy.deepcopy(player))
    request: dict[str, Any] = {"type": kind, "token": token, "offsetInMilliseconds": offset}
    if kind.endswith("Failed"):
        request["error"] = error
        request["currentPlaybackState"] = player
    body = handler(device.event(request), None)["response"]
    assert set(body) <= {"directives"}, body
    for directive in body.get("directives", []):
        assert directive["type"] in ("AudioPlayer.Play", "AudioPlayer.Stop"), directive
        if kind in ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackFinished", "AudioPlayer.PlaybackStopped"):
            raise AssertionError(f"{directive['type']} in the answer to {kind}")
        if directive["type"] == "AudioPlayer.Play":
            stream = directive["audioItem"]["stream"]
            assert stream["token"].startswith("sc1.") and stream["url"].startswith("http")
            assert isinstance(stream["offsetInMilliseconds"], int) and stream["offsetInMilliseconds"] >= 0


@SLOW
@given(intent=st.sampled_from(INTENTS), player=players, new=st.booleans())
def test_playback_intents_in_any_player_state_get_a_valid_answer(handler, intent, player, new):
    from tests.ssml import check_ssml

    device = AudioDevice(user_id="amzn1.ask.account.hostile-audio-2", player=lambda: copy.deepcopy(player))
    event = device.envelope({"type": "IntentRequest", "intent": {"name": intent, "confirmationStatus": "NONE",
                                                                 "slots": {}}},
                            {"new": new, "sessionId": "s-hostile", "attributes": {}})
    body = handler(event, None)["response"]
    if "outputSpeech" in body:
        check_ssml(body["outputSpeech"]["ssml"])
    plays = [d for d in body.get("directives", []) if d["type"] == "AudioPlayer.Play"]
    assert len(plays) <= 1, "one Play directive a response"
    if plays:
        assert body["shouldEndSession"] is True
