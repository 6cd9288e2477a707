"""The reflection as continuous audio on devices with an AudioPlayer: it plays segment after segment with
nobody saying "next", pauses and resumes as any audio does, and keeps its place in the profile.

Three ways in:
- The spoken reflection's handlers (handlers/reflection.py) hand every start, resume, step change and
  "carry on" to `play()`: on a device with an AudioPlayer, and with the audio rendered, it answers with
  a short sentence and an AudioPlayer.Play that ends the session; otherwise None, and the step is spoken.
- Playback intents said while our stream plays or waits ("Alexa, pause", "Alexa, next"): Alexa sends
  them without the invocation name, in a new session, with the stream's token and offset in context.
- AudioPlayer and PlaybackController events, outside any session and without the speaker's personId:
  their answers carry AudioPlayer directives only, never speech. Whose place to keep comes from the
  token (safe_connections.audio.Token); nothing in them is personal.

What stays personal: the audio is one rendering for everyone, so it never speaks the safe person's name,
and private mode has nothing to guard in it. Distress and crisis words while it plays reach the spoken
handlers (grounding, the crisis answer); `StopAudioForConversation` stops the stream under any answer
that opens a conversation, so the audio never carries on over someone who said it's too much.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from safe_connections import audio
from safe_connections import reflection_script as script_module
from safe_connections.audio import Listener, Token
from safe_connections.config import load_config
from safe_connections.crisis import CRISIS_KEY
from safe_connections.handler import Handler
from safe_connections.reflection_script import Script
from safe_connections.state import Place, State
from safe_connections.store import StoreError
from safe_connections.turn import Turn

log = logging.getLogger(__name__)

PLAYING = frozenset({"PLAYING", "BUFFER_UNDERRUN"})
WAITING = frozenset({"PAUSED", "STOPPED"})
LIVE = PLAYING | WAITING
REPLACE_ALL, ENQUEUE = "REPLACE_ALL", "ENQUEUE"
TITLE = "Safe Connections"
MAX_OFFSET_MS = 6 * 3600 * 1000


# -- what the device is doing -----------------------------------------------------------------------


def _bucket() -> str | None:
    return load_config().audio_bucket


def supported(turn: Turn) -> bool:
    """The device has an AudioPlayer (context.System.device.supportedInterfaces) and audio is deployed."""
    system = getattr(getattr(turn.handler_input.request_envelope, "context", None), "system", None)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "audio_player", None) is not None and bool(_bucket())


@dataclass(frozen=True)
class NowPlaying:
    """Our stream as context.AudioPlayer reports it with a request."""

    token: Token
    offset_ms: int
    activity: str


def now_playing(turn: Turn) -> NowPlaying | None:
    """Our reflection's stream on this device (playing, paused, stopped or finished), or None."""
    state = getattr(getattr(turn.handler_input.request_envelope, "context", None), "audio_player", None)
    token = Token.parse(getattr(state, "token", None))
    if token is None or token.is_notice:
        return None
    activity = getattr(getattr(state, "player_activity", None), "value", None) or "IDLE"
    return NowPlaying(token, _milliseconds(getattr(state, "offset_in_milliseconds", None)), activity)


def _live(turn: Turn) -> NowPlaying | None:
    """Our stream, playing or waiting to be resumed, when no spoken question is open in this session."""
    playing = now_playing(turn) if turn.state == State.IDLE and supported(turn) else None
    return playing if playing is not None and playing.activity in LIVE else None


def _milliseconds(value: Any) -> int:
    """An offset as Alexa reports it, bounded: no segment lasts hours, and DynamoDB numbers have 38 digits."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0
    return int(min(max(value, 0), MAX_OFFSET_MS))


def _script(turn: Turn) -> Script:
    return script_module.load(turn.speech, turn.locale)


def _index(turn: Turn, token: Token) -> int | None:
    """Where a token's segment is in its version today (None: a segment this script no longer has)."""
    return None if token.is_notice else _script(turn).index_of_id(token.kind, token.item)


# -- playing ----------------------------------------------------------------------------------------


def play(turn: Turn, version: str, index: int, lead: str | None = None, *, resume: bool = False,
         **lead_values: Any) -> Response | None:
    """The spoken reflection's hook: plays from this segment (and, to resume, from the saved offset) as
    audio, or returns None to have it spoken (no AudioPlayer, no bucket, the file not rendered or S3 not
    reachable, or the audio failed last time and this is the way back)."""
    if not supported(turn):
        return None
    script = _script(turn)
    index = script.clamp(version, index)
    offset = _resume_offset(turn, version, index) if resume else 0
    if offset is None:
        turn.say("reflection_audio/speaking_instead")
        return None
    if not audio.library(_bucket()).has(_key(turn, version, index)):
        log.warning("reflection audio not rendered or not reachable: spoken instead")
        return None
    if lead:
        turn.say(lead, **lead_values).say("reflection_audio/pause_hint")
    elif index == 0:
        turn.say("reflection_audio/starting")
    turn.s.reflection, turn.s.question = None, None
    turn.state = State.IDLE
    _add_play(turn, Token(version, script.segment(version, index).id, audio.scope_of(turn.user)), offset)
    return turn.end()


def _resume_offset(turn: Turn, version: str, index: int) -> int | None:
    """Where in the segment to resume: this device's own offset when it holds that segment, else the
    profile's; None when the audio failed there last time (then it is spoken)."""
    stored = turn.profile.reflection if isinstance(turn.profile.reflection, dict) else {}
    if stored.get("audioFailed"):
        return None
    segment_id = _script(turn).segment(version, index).id
    playing = now_playing(turn)
    if playing is not None and playing.activity in LIVE and playing.token.kind == version \
            and playing.token.item == segment_id:
        return playing.offset_ms
    if stored.get("version") == version and stored.get("id") == segment_id:
        return _milliseconds(stored.get("offsetMs"))
    return 0


def _key(turn: Turn, version: str, index: int) -> str:
    return audio.item_key(audio.segment_ssml(turn.speech, turn.locale, version, index), audio.voice_for(turn.locale))


def _add_play(turn: Turn, token: Token, offset_ms: int = 0, behavior: str = REPLACE_ALL,
              expected_previous: Token | None = None) -> None:
    """One AudioPlayer.Play of a segment (or of the trouble notice), under a freshly signed URL."""
    from ask_sdk_model.interfaces.audioplayer import (
        AudioItem,
        AudioItemMetadata,
        PlayBehavior,
        PlayDirective,
        Stream,
    )

    if token.is_notice:
        key = audio.item_key(audio.notice_ssml(turn.speech, turn.locale), audio.voice_for(turn.locale))
        subtitle = None
    else:
        script = _script(turn)
        index = script.index_of_id(token.kind, token.item) or 0
        key = _key(turn, token.kind, index)
        place = script.segment(token.kind, index).place
        subtitle = place[:1].upper() + place[1:]
    token = Token(token.kind, token.item, token.scope, token.attempt, audio.nonce(turn.request_id))
    stream = Stream(token=str(token), url=audio.library(_bucket()).url(key), offset_in_milliseconds=offset_ms,
                    expected_previous_token=str(expected_previous) if expected_previous else None)
    directive = PlayDirective(play_behavior=PlayBehavior(behavior), audio_item=AudioItem(
        stream=stream, metadata=AudioItemMetadata(title=TITLE, subtitle=subtitle)))
    turn.handler_input.response_builder.add_directive(directive)


def _add_stop(turn: Turn) -> None:
    from ask_sdk_model.interfaces.audioplayer import StopDirective

    turn.handler_input.response_builder.add_directive(StopDirective())


def _neighbour(turn: Turn, token: Token, step: int) -> Token | None:
    """The segment `step` away in the same version (None past either end)."""
    index = _index(turn, token)
    segments = _script(turn).segments(token.kind)
    if index is None or not 0 <= index + step < len(segments):
        return None
    return Token(token.kind, segments[index + step].id, token.scope)


def _directives_only(turn: Turn) -> Response:
    """An answer to an event: the directives added so far, nothing else (no speech, no session flag)."""
    return turn.handler_input.response_builder.response


# -- keeping the place ------------------------------------------------------------------------------


def _keep_place(turn: Turn, token: Token, offset_ms: int, **extra: Any) -> None:
    """The stream's place into the profile of the speaker who started it. An event cannot speak, so a
    failed write is logged and the last place kept stays."""
    index = _index(turn, token)
    if index is None:
        return
    place = {"version": token.kind, "segment": index, "id": token.item, "offsetMs": offset_ms,
             "saved": turn.now.isoformat(timespec="seconds"), **extra}
    _write(turn, token, place)


def _write(turn: Turn, token: Token, place: dict[str, Any] | None) -> None:
    try:
        turn.store.update_profile(Listener(turn.user.account, scope_digest=token.scope), reflection=place)
    except StoreError:
        log.warning("reflection place not saved after an audio event")


def _event_token(turn: Turn) -> Token | None:
    token = Token.parse(getattr(turn.request, "token", None))
    return token if token is not None and supported(turn) else None


# -- AudioPlayer events -----------------------------------------------------------------------------


class PlaybackStarted(Handler):
    """A segment started (first, resumed, or the next from the queue): its place is kept, so even a
    device switched off mid-step comes back to that step."""

    request_types = ("AudioPlayer.PlaybackStarted",)

    def respond(self, turn: Turn) -> Response:
        token = _event_token(turn)
        if token is not None and not token.is_notice:
            _keep_place(turn, token, _milliseconds(getattr(turn.request, "offset_in_milliseconds", None)))
        return _directives_only(turn)


class PlaybackNearlyFinished(Handler):
    """The device is ready for the next segment: enqueue it, behind the one now playing."""

    request_types = ("AudioPlayer.PlaybackNearlyFinished",)

    def respond(self, turn: Turn) -> Response:
        token = _event_token(turn)
        following = _neighbour(turn, token, +1) if token is not None and not token.is_notice else None
        if following is not None:
            _add_play(turn, following, behavior=ENQUEUE, expected_previous=token)
        return _directives_only(turn)


class PlaybackFinished(Handler):
    """The closing played to its end: the reflection is done, so no place is offered any more."""

    request_types = ("AudioPlayer.PlaybackFinished",)

    def respond(self, turn: Turn) -> Response:
        token = _event_token(turn)
        if token is not None and not token.is_notice and _neighbour(turn, token, +1) is None \
                and _index(turn, token) is not None:
            _write(turn, token, None)
        return _directives_only(turn)


class PlaybackStopped(Handler):
    """Paused, stopped, or replaced by another stream: the place to the millisecond. No answer allowed."""

    request_types = ("AudioPlayer.PlaybackStopped",)

    def respond(self, turn: Turn) -> Response:
        token = _event_token(turn)
        if token is not None and not token.is_notice:
            _keep_place(turn, token, _milliseconds(getattr(turn.request, "offset_in_milliseconds", None)))
        return turn.silent()


class PlaybackFailed(Handler):
    """The device could not play a segment. Once: the same place again under a fresh URL (a presigned URL
    may have outlived Lambda's credentials). Twice: the place is kept, marked so that "resume my
    reflection" speaks the steps instead, and a short recorded apology says so (an event cannot speak)."""

    request_types = ("AudioPlayer.PlaybackFailed",)

    def respond(self, turn: Turn) -> Response:
        token = _event_token(turn)
        if token is None or token.is_notice or _index(turn, token) is None:
            return _directives_only(turn)
        state = getattr(turn.request, "current_playback_state", None)
        offset = _milliseconds(getattr(state, "offset_in_milliseconds", None)) \
            if Token.parse(getattr(state, "token", None)) == token else 0
        error = getattr(getattr(getattr(turn.request, "error", None), "object_type", None), "value", None)
        log.warning("reflection audio failed: %s (attempt %d)", error, token.attempt)
        if token.attempt == 0:
            _add_play(turn, Token(token.kind, token.item, token.scope, attempt=1), offset)
        else:
            _keep_place(turn, token, offset, audioFailed=True)
            _add_play(turn, Token(audio.NOTICE, audio.TROUBLE, token.scope))
        return _directives_only(turn)


# -- PlaybackController: the device's buttons (directives only) -------------------------------------


class PlaybackButtons(Handler):
    request_types = ("PlaybackController.PlayCommandIssued", "PlaybackController.PauseCommandIssued",
                     "PlaybackController.NextCommandIssued", "PlaybackController.PreviousCommandIssued")

    def respond(self, turn: Turn) -> Response:
        playing = now_playing(turn) if supported(turn) else None
        if playing is None:
            return _directives_only(turn)
        command = turn.request.object_type.rsplit(".", 1)[1]
        if command == "PauseCommandIssued":
            _add_stop(turn)
        elif command == "PlayCommandIssued":
            _add_play(turn, playing.token, 0 if playing.activity == "FINISHED" else playing.offset_ms)
        else:
            target = _neighbour(turn, playing.token, +1 if command == "NextCommandIssued" else -1)
            if target is not None or command == "PreviousCommandIssued":
                _add_play(turn, target or playing.token)
        return _directives_only(turn)


# -- playback intents, said while our stream plays or waits -----------------------------------------


class _WhileAudio(Handler):
    """Claims its intents only while our stream is live on this device and no spoken question is open."""

    def applies(self, turn: Turn) -> bool:
        return _live(turn) is not None


class PauseAudio(_WhileAudio):
    """"Alexa, pause" (and "Alexa, stop", which Alexa sends as a pause while audio plays): the stream
    stops; PlaybackStopped keeps the place."""

    intents = ("AMAZON.PauseIntent",)

    def respond(self, turn: Turn) -> Response:
        _add_stop(turn)
        return turn.end()


class StopAudio(_WhileAudio):
    """"Alexa, cancel", or "stop" said to the skill by name: the stream stops, the place is kept, and
    the person hears how to come back."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def respond(self, turn: Turn) -> Response:
        _add_stop(turn)
        return turn.say("reflection_audio/stopped").end()


class ResumeAudio(_WhileAudio):
    """"Alexa, resume": from the offset the device reports (it already plays: nothing to do)."""

    intents = ("AMAZON.ResumeIntent",)

    def respond(self, turn: Turn) -> Response:
        playing = _live(turn)
        if playing is not None and playing.activity in WAITING:
            _add_play(turn, playing.token, playing.offset_ms)
        return turn.end()


class NextAudio(_WhileAudio):
    intents = ("AMAZON.NextIntent",)

    def respond(self, turn: Turn) -> Response:
        playing = _live(turn)
        following = _neighbour(turn, playing.token, +1) if playing else None
        if following is None:
            return turn.say("reflection_audio/last_part").end()
        _add_play(turn, following)
        return turn.end()


class PreviousAudio(_WhileAudio):
    intents = ("AMAZON.PreviousIntent",)

    def respond(self, turn: Turn) -> Response:
        playing = _live(turn)
        if playing is not None:
            _add_play(turn, _neighbour(turn, playing.token, -1) or playing.token)
        return turn.end()


class RepeatAudio(_WhileAudio):
    """"Repeat": this part again, from its beginning."""

    intents = ("AMAZON.RepeatIntent",)

    def respond(self, turn: Turn) -> Response:
        playing = _live(turn)
        if playing is not None:
            _add_play(turn, playing.token)
        return turn.end()


class StartOverAudio(_WhileAudio):
    """"Start over": the reflection from its beginning, as the spoken one does."""

    intents = ("AMAZON.StartOverIntent",)

    def respond(self, turn: Turn) -> Response:
        playing = _live(turn)
        if playing is not None:
            first = _script(turn).segments(playing.token.kind)[0]
            _add_play(turn, Token(playing.token.kind, first.id, playing.token.scope))
        return turn.say("reflection_audio/starting_over").end()


class NameDuringAudio(_WhileAudio):
    """"Alexa, tell safe connections it's my friend Maya" while step one plays (its audio invites this):
    the stream stops and the spoken reflection asks before keeping the name, as it does at step one."""

    intents = ("RememberSafePersonIntent",)

    def applies(self, turn: Turn) -> bool:
        playing = _live(turn)
        index = _index(turn, playing.token) if playing else None
        return index is not None and _script(turn).segment(playing.token.kind, index).asks_name

    def respond(self, turn: Turn) -> Response:
        from safe_connections.handlers import reflection

        playing = _live(turn)
        place = Place(playing.token.kind, _index(turn, playing.token))
        turn.s.reflection = place
        return reflection.offer_to_remember(turn, place)


class LoopOrShuffle(Handler):
    """Loop and shuffle: the reflection is one path, in order. While it plays, it carries on."""

    intents = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")

    def respond(self, turn: Turn) -> Response:
        from safe_connections import questions
        from safe_connections.handlers import reflection

        key = "reflection_audio/no_loop" if "Loop" in (turn.intent_name or "") else "reflection_audio/no_shuffle"
        if _live(turn) is not None:
            return turn.say(key, playing=True).end()
        place = reflection.here(turn)
        if place is not None:  # in the spoken reflection: it waits for "next" again
            name = _script(turn).segment(place.version, place.segment).place
            return questions.ask(turn.say(key, playing=False), reflection.STEP, place=name)
        return questions.menu(turn.say(key, playing=False))


# -- around every request ---------------------------------------------------------------------------


class SeedPlaceFromAudio(AbstractRequestInterceptor):
    """A request in a new session while our stream is live: the spoken handlers see where the listener
    is (the session's reflection place), so "it's too much" pauses *the reflection* and keeps its place,
    and "go to step five" stays in the version being heard."""

    def process(self, handler_input: HandlerInput) -> None:
        turn = Turn.of(handler_input)
        if getattr(turn.request, "object_type", None) != "IntentRequest" or turn.s.reflection is not None:
            return
        playing = _live(turn)
        index = _index(turn, playing.token) if playing else None
        if index is not None:
            turn.s.reflection = Place(playing.token.kind, index)


class StopAudioForConversation(AbstractResponseInterceptor):
    """An answer that opens a conversation (a question, grounding, the crisis answer) while our stream
    plays: the stream stops, so it never resumes over the person once they have spoken."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        turn = Turn.of(handler_input)
        if response is None or getattr(turn.request, "object_type", None) not in ("IntentRequest", "LaunchRequest"):
            return
        playing = now_playing(turn) if supported(turn) else None
        if playing is None or playing.activity not in PLAYING | {"PAUSED"}:
            return
        kinds = [str(getattr(d, "object_type", "")) for d in response.directives or []]
        if any(kind.startswith(("AudioPlayer.", "Dialog.")) for kind in kinds):
            return
        crisis = bool(handler_input.attributes_manager.request_attributes.get(CRISIS_KEY))
        if crisis or response.should_end_session is not True:
            from ask_sdk_model.interfaces.audioplayer import StopDirective

            response.directives = [*(response.directives or []), StopDirective()]


HANDLERS = [
    PlaybackStarted(),
    PlaybackNearlyFinished(),
    PlaybackFinished(),
    PlaybackStopped(),
    PlaybackFailed(),
    PlaybackButtons(),
    PauseAudio(),
    StopAudio(),
    ResumeAudio(),
    NextAudio(),
    PreviousAudio(),
    RepeatAudio(),
    StartOverAudio(),
    NameDuringAudio(),
    LoopOrShuffle(),
]
REQUEST_INTERCEPTORS = [SeedPlaceFromAudio()]
RESPONSE_INTERCEPTORS = [StopAudioForConversation()]
