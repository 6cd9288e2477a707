"""Envelopes of an Echo that plays audio: a device with an AudioPlayer, the player's state in every
request's context, and the AudioPlayer and PlaybackController events (the shapes of the ASK request JSON).

Shared by the tests and the simulator's audio player (tools/simulator/audio.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.envelopes import Device

PlayerState = dict[str, Any]


class AudioDevice(Device):
    """An Echo with an AudioPlayer. `player` says what context.AudioPlayer holds at each request (token,
    offsetInMilliseconds, playerActivity), as Alexa reports it once a skill has played something."""

    def __init__(self, *args: Any, player: Callable[[], PlayerState | None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.player = player or (lambda: None)

    def context(self) -> dict[str, Any]:
        context = super().context()
        context["System"]["device"]["supportedInterfaces"] = {"AudioPlayer": {}}
        state = self.player()
        if state:
            context["AudioPlayer"] = dict(state)
        return context

    def event(self, request: dict[str, Any]) -> dict[str, Any]:
        """An event envelope: AudioPlayer and PlaybackController requests come outside any session."""
        return self.envelope(request, None)


def player_state(token: str, offset_ms: int, activity: str) -> PlayerState:
    return {"token": token, "offsetInMilliseconds": int(offset_ms), "playerActivity": activity}


def playback(kind: str, token: str, offset_ms: int = 0) -> dict[str, Any]:
    """AudioPlayer.PlaybackStarted / NearlyFinished / Finished / Stopped."""
    return {"type": f"AudioPlayer.Playback{kind}", "token": token, "offsetInMilliseconds": int(offset_ms)}


def playback_failed(token: str, offset_ms: int = 0, error: str = "MEDIA_ERROR_SERVICE_UNAVAILABLE",
                    message: str = "the stream could not be fetched") -> dict[str, Any]:
    return {"type": "AudioPlayer.PlaybackFailed", "token": token,
            "error": {"type": error, "message": message},
            "currentPlaybackState": player_state(token, offset_ms, "STOPPED")}


def button(command: str) -> dict[str, Any]:
    """PlaybackController.PlayCommandIssued / PauseCommandIssued / NextCommandIssued / PreviousCommandIssued."""
    return {"type": f"PlaybackController.{command}CommandIssued"}


def play_directives(response: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in (response.get("response") or {}).get("directives") or [] if d.get("type") == "AudioPlayer.Play"]


def stream_of(directive: dict[str, Any]) -> dict[str, Any]:
    return directive["audioItem"]["stream"]
