"""An Echo with an AudioPlayer, driven by hand: what it reports in context, the events it sends, what the
skill answered. The simulator's player (tools/simulator/audio.py) plays the same events on a clock."""

from __future__ import annotations

import urllib.request
from typing import Any

from tools.audio_envelopes import AudioDevice, play_directives, playback, player_state, stream_of
from tools.conversation import Conversation, Reply
from tools.envelopes import slot


class Echo:
    def __init__(self, handler: Any, locale: str = "en-US", person: str | None = None) -> None:
        self.handler = handler
        self.state: dict[str, Any] | None = None
        self.device = AudioDevice(locale=locale, person_id=person, player=lambda: self.state)
        self.talk = Conversation(handler, self.device)

    # -- the person speaks -----------------------------------------------------------------------------

    def say(self, intent: str, *slots: dict[str, Any], new_session: bool = True) -> Reply:
        """An intent as Alexa sends it while audio plays: in a new session (unless one is open)."""
        if new_session:
            self.talk.new_session()
        return self.talk.intent(intent, *slots)

    def start(self, intent: str = "StartReflectionIntent") -> dict[str, Any]:
        """Starts a reflection; returns the stream the skill asked to play."""
        reply = self.say(intent)
        (directive,) = play_directives(reply.raw)
        return stream_of(directive)

    # -- the device reports ----------------------------------------------------------------------------

    def playing(self, stream: dict[str, Any], offset_ms: int | None = None, activity: str = "PLAYING") -> None:
        offset = stream.get("offsetInMilliseconds", 0) if offset_ms is None else offset_ms
        self.state = player_state(stream["token"], offset, activity)

    def event(self, request: dict[str, Any]) -> dict[str, Any]:
        return self.handler(self.device.event(request), None)

    def report(self, kind: str, stream: dict[str, Any], offset_ms: int = 0) -> dict[str, Any]:
        return self.event(playback(kind, stream["token"], offset_ms))


def plays(response: dict[str, Any]) -> list[dict[str, Any]]:
    return [stream_of(d) | {"playBehavior": d["playBehavior"]} for d in play_directives(response)]


def directive_types(response: dict[str, Any]) -> list[str]:
    return [d["type"] for d in (response.get("response") or {}).get("directives") or []]


def segment_of(stream: dict[str, Any]) -> str:
    """The segment id a stream's token names ("sc1.full.step4.-.0.ab12" -> "step4")."""
    return stream["token"].split(".")[2]


def fetch(url: str) -> bytes:
    """What the device downloads (moto's Polly renders a few silent bytes)."""
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.read()


def name(value: str) -> dict[str, Any]:
    return slot("name", value, slot_type="AMAZON.FirstName")
