"""The Echo's AudioPlayer in the simulator, as Alexa runs it for a skill's audio.

It plays what the skill's AudioPlayer directives ask for, on a simulated clock, and sends the skill the
events an Echo sends: PlaybackStarted, PlaybackNearlyFinished (15 s before the end, or at once when less
is left), PlaybackFinished then the next stream from the queue (an ENQUEUE whose expectedPreviousToken
is not the stream it would follow is dropped, as Alexa drops it), PlaybackStopped for a Stop or a stream
replaced while it plays, and PlaybackFailed when the stream's URL cannot be fetched. Every request
carries context.AudioPlayer (token, offset, activity), and the answer to each event is checked against
what Alexa accepts there.

While the skill's audio plays or waits, the playback commands ("pause", "resume", "next", "go back",
"repeat", "start over", "loop", "shuffle", "cancel"; "stop" arrives as a pause) reach the skill without
its invocation name, in a new session, as on an Echo. Anything else needs "ask safe connections ...".

Time passes only when the listener lets it: an empty line while audio plays listens to the end of the
current segment; "(wait 40)", "(wait 5 min)", "(wait 2 days)" let that much time pass (an open session
first ends in silence). Durations come from the script (tools/reflection_timeline: words at 150 a minute
plus breaks); with --speak, from espeak-ng's rendering of the same SSML, which then also plays (sox's
`play`; the sound runs in real time, the clock does not).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools import audio_envelopes
from tools.audio_envelopes import AudioDevice

NEARLY_FINISHED_SECONDS = 15.0
# What Alexa sends a skill without its invocation name while that skill's audio plays or waits.
PLAYBACK_INTENTS = frozenset({
    "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.CancelIntent", "AMAZON.LoopOffIntent",
    "AMAZON.LoopOnIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent",
    "AMAZON.ShuffleOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.StartOverIntent",
})
# Which directives Alexa accepts in the answer to each event.
ALLOWED = {
    "AudioPlayer.PlaybackStarted": {"AudioPlayer.Stop", "AudioPlayer.ClearQueue"},
    "AudioPlayer.PlaybackFinished": {"AudioPlayer.Stop", "AudioPlayer.ClearQueue"},
    "AudioPlayer.PlaybackStopped": set(),
    "AudioPlayer.PlaybackNearlyFinished": {"AudioPlayer.Play", "AudioPlayer.Stop", "AudioPlayer.ClearQueue"},
    "AudioPlayer.PlaybackFailed": {"AudioPlayer.Play", "AudioPlayer.Stop", "AudioPlayer.ClearQueue"},
}
_WAIT = re.compile(r"^\(\s*wait\s*(\d+(?:\.\d+)?)?\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*\)$",
                   re.IGNORECASE)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def wait_seconds(text: str) -> float | None:
    """"(wait 40)", "(wait 5 min)", "(wait 2 days)" -> seconds; None when the text is not a wait."""
    matched = _WAIT.match(text.strip())
    if not matched:
        return None
    amount = float(matched.group(1) or 60)
    return amount * _UNIT[(matched.group(2) or "s")[0].lower()]


def clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def span(seconds: float) -> str:
    if seconds >= 86400:
        days = seconds / 86400
        return f"{days:g} day{'s' if days != 1 else ''}"
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    return clock(seconds)


def describe_token(token: str) -> str:
    parts = token.split(".")
    return f"{parts[1]}/{parts[2]}" if len(parts) == 6 and parts[0] == "sc1" else token


def describe_audio_directive(directive: dict[str, Any]) -> str:
    """One line for an AudioPlayer directive (the URL's signature left out)."""
    kind = directive.get("type", "?")
    if kind != "AudioPlayer.Play":
        extra = f" {directive['clearBehavior']}" if directive.get("clearBehavior") else ""
        return f"  directive: {kind}{extra}"
    stream = (directive.get("audioItem") or {}).get("stream") or {}
    url = urllib.parse.urlsplit(stream.get("url", ""))
    line = (f"  directive: AudioPlayer.Play {directive.get('playBehavior')} {describe_token(stream.get('token', ''))}"
            f" from {clock(stream.get('offsetInMilliseconds', 0) / 1000)}")
    if stream.get("expectedPreviousToken"):
        line += f" after {describe_token(stream['expectedPreviousToken'])}"
    signed = " (presigned)" if "Signature=" in url.query else ""
    return line + f" url={url.scheme}://{url.netloc}{url.path}{signed}"


@dataclass
class Stream:
    token: str
    url: str
    offset: float  # seconds into the stream
    duration: float
    expected_previous: str | None = None
    nearly_sent: bool = False

    @property
    def left(self) -> float:
        return max(0.0, self.duration - self.offset)


class ScriptDurations:
    """How long each of the skill's streams lasts: its segment's SSML timed like the reflection timeline,
    or, with espeak-ng, the length of espeak-ng's rendering (which `wav` then plays)."""

    def __init__(self, locale: str, espeak: bool = False) -> None:
        from safe_connections import audio

        from tools import reflection_timeline

        self.locale = locale
        self.audio = audio
        self.speech = reflection_timeline.speech_for_timing()
        self.espeak = espeak and bool(shutil.which("espeak-ng") and shutil.which("soxi"))
        self.folder = Path(tempfile.gettempdir()) / "safe-connections-espeak"
        self._known: dict[str, tuple[float, Path | None]] = {}

    def ssml(self, token: str) -> str | None:
        from safe_connections import reflection_script

        parsed = self.audio.Token.parse(token)
        if parsed is None:
            return None
        if parsed.is_notice:
            return self.audio.notice_ssml(self.speech, self.locale)
        index = reflection_script.load(self.speech, self.locale).index_of_id(parsed.kind, parsed.item)
        return None if index is None else self.audio.segment_ssml(self.speech, self.locale, parsed.kind, index)

    def of(self, token: str) -> tuple[float, Path | None]:
        if token not in self._known:
            ssml = self.ssml(token)
            if ssml is None:
                self._known[token] = (180.0, None)  # not ours: some length
            elif self.espeak:
                from tools import render_audio

                wav = render_audio.espeak_wav(ssml, self.locale, self.folder)
                self._known[token] = (render_audio.wav_seconds(wav), wav)
            else:
                from tools import reflection_timeline

                self._known[token] = (reflection_timeline.time_ssml("stream", ssml).seconds, None)
        return self._known[token]


class Sound:
    """--speak: plays a stream's espeak-ng rendering from its offset in the background (sox's `play`)."""

    def __init__(self, note: Callable[[str], None]) -> None:
        self.binary = shutil.which("play")
        self.note = note
        self.process: subprocess.Popen[bytes] | None = None
        if not self.binary:
            note("(--speak: sox's `play` is not installed, so the reflection's audio is shown, not heard)")

    def start(self, wav: Path | None, offset: float) -> None:
        self.stop()
        if self.binary and wav is not None:
            try:
                self.process = subprocess.Popen([self.binary, "-q", str(wav), "trim", f"{offset:.2f}"],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError as error:
                self.binary = None
                self.note(f"(--speak: could not play sound here ({error}); text only from now on)")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self.process = None


class AudioPlayer:
    """One Echo's player for the skill under test, attached to a Simulator (tools/simulator/session.py)."""

    def __init__(self, simulator: Any, device: AudioDevice, durations: ScriptDurations,
                 sound: Sound | None = None) -> None:
        self.simulator = simulator
        self.device = device
        self.durations = durations
        self.sound = sound
        self.out = simulator.out
        self.activity = "IDLE"
        self.current: Stream | None = None
        self.queue: list[Stream] = []
        self.clock = 0.0
        self.events: list[dict[str, Any]] = []  # (request, response) of every event sent, for tests
        device.player = self.context

    # -- what the device reports -----------------------------------------------------------------------

    def context(self) -> dict[str, Any] | None:
        if self.current is None:
            return None
        return audio_envelopes.player_state(self.current.token, self.current.offset * 1000, self.activity)

    @property
    def ours(self) -> bool:
        """Whether this skill's audio plays or was the last to play here (then Alexa routes commands to it)."""
        return self.current is not None

    # -- what the person does --------------------------------------------------------------------------

    def intercept(self, text: str) -> bool:
        """Handles what the person typed when it is about the audio; False lets the simulator go on."""
        seconds = wait_seconds(text)
        if seconds is not None:
            for _ in range(3):  # an open session ends in silence first: nobody is answering
                if not self.simulator.in_session:
                    break
                self.simulator._silence()
            self.out(f"  ({span(seconds)} pass)")
            self.advance(seconds)
            return True
        if self.simulator.in_session or not self.ours:
            return False
        if not text.strip():
            if self.activity != "PLAYING":
                return False
            self.out("  (you listen)")
            self.advance(self.current.left if self.current else 0)
            return True
        if self.simulator.resolver.invocation_of(text) is not None:
            return False
        resolution = self.simulator.resolver.resolve(text)
        if resolution.intent == "AMAZON.StopIntent":
            resolution = dataclasses.replace(resolution, intent="AMAZON.PauseIntent", slots={})
        if resolution.intent not in PLAYBACK_INTENTS:
            return False
        self.out("  (said while the skill's audio is on this Echo: Alexa sends it to the skill, no name needed)")
        self.simulator.silences = 0
        self.simulator._new_session()
        self.simulator._start(resolution)
        return True

    def finish(self) -> None:
        if self.sound is not None:
            self.sound.stop()

    # -- what the skill asks for -----------------------------------------------------------------------

    def after_reply(self, request: dict[str, Any], reply: dict[str, Any]) -> None:
        """The directives of an answer to a launch or an intent (spoken first, then played)."""
        if request.get("type") in ("LaunchRequest", "IntentRequest"):
            self._apply(reply)

    def _apply(self, reply: dict[str, Any]) -> None:
        for directive in (reply.get("response") or {}).get("directives") or []:
            kind = directive.get("type")
            if kind == "AudioPlayer.Stop":
                self._stop()
            elif kind == "AudioPlayer.ClearQueue":
                self.queue.clear()
                if directive.get("clearBehavior") == "CLEAR_ALL":
                    self._stop()
            elif kind == "AudioPlayer.Play":
                self._play(directive)

    def _play(self, directive: dict[str, Any]) -> None:
        raw = (directive.get("audioItem") or {}).get("stream") or {}
        duration, _ = self.durations.of(raw.get("token", ""))
        stream = Stream(raw.get("token", ""), raw.get("url", ""), raw.get("offsetInMilliseconds", 0) / 1000,
                        duration, raw.get("expectedPreviousToken"))
        behavior = directive.get("playBehavior")
        if behavior == "REPLACE_ALL":
            self.queue.clear()
            if self.activity == "PLAYING" and self.current is not None:
                self._stop()
            self._start(stream)
        elif behavior in ("ENQUEUE", "REPLACE_ENQUEUED"):
            if behavior == "REPLACE_ENQUEUED":
                self.queue.clear()
            last = self.queue[-1] if self.queue else self.current
            if last is None or stream.expected_previous != last.token:
                self._problem(f"Alexa drops this ENQUEUE: expectedPreviousToken {stream.expected_previous!r} "
                              f"is not the stream it would follow ({last.token if last else None!r})")
                return
            self.queue.append(stream)

    def _start(self, stream: Stream) -> None:
        self.current = stream
        trouble = self._fetch_problem(stream.url)
        if trouble:
            self.activity = "STOPPED"
            self.out(f"  ♪ the Echo cannot fetch {describe_token(stream.token)}: {trouble}")
            self._event(audio_envelopes.playback_failed(stream.token, int(stream.offset * 1000),
                                                        "MEDIA_ERROR_INVALID_REQUEST", trouble))
            return
        self.activity = "PLAYING"
        self.out(f"  ♪ plays {self._name(stream)} from {clock(stream.offset)} ({clock(stream.duration)} long)")
        if self.sound is not None:
            self.sound.start(self.durations.of(stream.token)[1], stream.offset)
        self._event(audio_envelopes.playback("Started", stream.token, int(stream.offset * 1000)))
        if stream.left <= NEARLY_FINISHED_SECONDS:
            self._nearly_finished()

    def _stop(self) -> None:
        if self.activity == "PLAYING" and self.current is not None:
            self.activity = "STOPPED"
            if self.sound is not None:
                self.sound.stop()
            self.out(f"  ♪ stops at {clock(self.current.offset)} of {self._name(self.current)}")
            self._event(audio_envelopes.playback("Stopped", self.current.token, int(self.current.offset * 1000)))

    def _nearly_finished(self) -> None:
        if self.current is not None and not self.current.nearly_sent:
            self.current.nearly_sent = True
            self._event(audio_envelopes.playback("NearlyFinished", self.current.token,
                                                 int(self.current.offset * 1000)))

    # -- time passing ----------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        left = max(0.0, seconds)
        while left > 0 and self.activity == "PLAYING" and self.current is not None:
            stream = self.current
            until_nearly = stream.left - NEARLY_FINISHED_SECONDS
            if not stream.nearly_sent and until_nearly <= left:
                self._pass(max(0.0, until_nearly))
                left -= max(0.0, until_nearly)
                self._nearly_finished()
                continue
            if stream.left <= left:
                left -= stream.left
                self._pass(stream.left)
                self._finished()
                continue
            self._pass(left)
            left = 0
        self.clock += left

    def _pass(self, seconds: float) -> None:
        if self.current is not None:
            self.current.offset += seconds
        self.clock += seconds

    def _finished(self) -> None:
        stream = self.current
        assert stream is not None
        self._event(audio_envelopes.playback("Finished", stream.token, int(stream.duration * 1000)))
        if self.current is not stream:  # the answer replaced what plays
            return
        following = self.queue.pop(0) if self.queue else None
        if following is None:
            self.activity = "FINISHED"
            self.out(f"  ♪ {self._name(stream)} has played to its end; nothing more is queued")
            return
        self._start(following)

    # -- the events ------------------------------------------------------------------------------------

    def _event(self, request: dict[str, Any]) -> None:
        kind = request["type"]
        self.out(f"  -> {kind} ({describe_token(request.get('token', ''))} at "
                 f"{clock(request.get('offsetInMilliseconds', 0) / 1000)})")
        event = self.device.event(request)
        self.simulator.conversation.sent.append(event)
        try:
            reply = self.simulator.conversation.handler(event, None)
        except Exception as error:  # the skill crashed on an event: Alexa logs it and carries on
            self._problem(f"the skill crashed on {kind}: {type(error).__name__}: {error}")
            return
        self.events.append({"request": event, "response": reply})
        if self.simulator.verbose:
            self.out("<< response " + json.dumps(reply, indent=2, ensure_ascii=False))
        body = reply.get("response") or {}
        for problem in self._answer_problems(kind, body):
            self._problem(problem)
        for directive in body.get("directives") or []:
            self.out(describe_audio_directive(directive))
        self._apply(reply)

    @staticmethod
    def _answer_problems(kind: str, body: dict[str, Any]) -> list[str]:
        problems = [f"the answer to {kind} holds {key}, which Alexa refuses there"
                    for key in ("outputSpeech", "reprompt", "card", "shouldEndSession") if key in body]
        allowed = ALLOWED.get(kind, {"AudioPlayer.Play", "AudioPlayer.Stop", "AudioPlayer.ClearQueue"})
        problems += [f"{d.get('type')} is not allowed in the answer to {kind}"
                     for d in body.get("directives") or [] if d.get("type") not in allowed]
        return problems

    def _fetch_problem(self, url: str) -> str | None:
        """What stops the Echo from streaming a URL: not HTTPS (loopback is the local stand-in), or no file."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
            return "Alexa streams only over HTTPS"
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                answer.read(1)
        except (urllib.error.URLError, OSError) as error:
            return f"{getattr(error, 'code', '')} {type(error).__name__}".strip()
        return None

    def _name(self, stream: Stream) -> str:
        return describe_token(stream.token)

    def _problem(self, problem: str) -> None:
        self.simulator._problems([problem])


def attach(simulator: Any, device: Any, speak: bool = False) -> AudioPlayer | None:
    """An AudioPlayer for a device that has one (tools.audio_envelopes.AudioDevice); None otherwise."""
    if not isinstance(device, AudioDevice):
        return None
    durations = ScriptDurations(device.locale, espeak=speak)
    sound = Sound(simulator.out) if speak and durations.espeak else None
    return AudioPlayer(simulator, device, durations, sound)
