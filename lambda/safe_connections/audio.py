"""The reflection as audio: the voice of each locale, the S3 key of each rendered segment, the tokens an
AudioPlayer stream carries, and the HTTPS URLs a device fetches.

Amazon Polly renders every segment once, at deploy time (tools/render_audio.py), from the same SSML the
skill speaks, with `audio` set. Each file is named by a digest of what was rendered (the SSML, the voice,
the engine, the format), so the skill finds it without listing the bucket, a change of words is a new
file, and rendering again uploads only what is missing.

A token names what plays: "sc1.<version>.<segment id>.<speaker scope>.<attempt>.<nonce>". AudioPlayer
events arrive outside any session and without the speaker's personId, so the token carries the speaker
scope (a digest already used as the profile's key, never the personId itself) to say whose place to keep.
The account always comes from the envelope's userId: a token can name a speaker, never another account.

boto3 is imported only when a URL is signed or a file looked for, never by a request that plays nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from safe_connections import reflection_script
from safe_connections.deadline import DeadlineExceeded, watch
from safe_connections.speech import Speech
from safe_connections.store import UserRef

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Voice:
    voice_id: str
    language_code: str
    engine: str = "neural"


# A calm neural voice per locale (Polly's voice list: docs.aws.amazon.com/polly/latest/dg/available-voices).
# Polly has no English (Canada) voice; en-CA hears the en-US voice, so both share one set of files.
VOICES = {
    "en-US": Voice("Joanna", "en-US"),
    "en-CA": Voice("Joanna", "en-US"),
    "en-GB": Voice("Amy", "en-GB"),
    "en-AU": Voice("Olivia", "en-AU"),
    # Kajal speaks English and Hindi; the language code keeps her in Indian English.
    "en-IN": Voice("Kajal", "en-IN"),
}
OUTPUT_FORMAT = "mp3"
# 22050 Hz: accepted by Polly's neural engine for MP3 and within what Alexa's AudioPlayer streams.
SAMPLE_RATE = "22050"
KEY_PREFIX = "reflection/"
NOTICE = "notice"  # the token kind of the audio that says the reflection's audio failed
TROUBLE = "trouble"
# A fresh URL is signed for every Play directive. With Lambda's temporary credentials a presigned URL
# stops working when those credentials expire, whatever it asks for; a device fetches a stream when it
# starts it (an enqueued segment a minute or two later), and a URL that did expire ends in PlaybackFailed,
# answered with the same place under a freshly signed URL (handlers/reflection_audio.py).
URL_SECONDS = 3600
# Bounded like the table's client: a start that cannot reach S3 is spoken instead, quickly.
S3_TIMEOUTS = {"connect_timeout": 0.5, "read_timeout": 1.0, "retries": {"total_max_attempts": 2, "mode": "standard"}}


def voice_for(locale: str) -> Voice:
    return VOICES.get(locale) or VOICES["en-US"]


def item_key(ssml: str, voice: Voice) -> str:
    """The S3 key of one rendered file: a digest of everything that shapes what it sounds like."""
    shape = {"ssml": ssml, "voice": voice.voice_id, "language": voice.language_code, "engine": voice.engine,
             "format": OUTPUT_FORMAT, "sample_rate": SAMPLE_RATE}
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode("utf-8")).hexdigest()
    return f"{KEY_PREFIX}{digest[:40]}.{OUTPUT_FORMAT}"


# -- what is rendered -------------------------------------------------------------------------------


def segment_ssml(speech: Speech, locale: str, version: str, index: int) -> str:
    """The <speak> document Polly renders for one segment: its audio wording, then (but after the last)
    the settling moment that joins it to the next, since nobody says "next" to an audio stream."""
    script = reflection_script.load(speech, locale)
    segment = script.segment(version, index)
    body = str(reflection_script.render(speech, locale, segment, audio=True))
    if not script.is_last(version, index):
        transitions = speech.variants("reflection_audio/transition", locale)
        body += " " + transitions[script.clamp(version, index) % len(transitions)]
    return f"<speak>{body}</speak>"


def notice_ssml(speech: Speech, locale: str) -> str:
    return f"<speak>{speech.variants('reflection_audio/' + TROUBLE, locale)[0]}</speak>"


@dataclass(frozen=True)
class Rendition:
    """One file to render: what it is, the SSML, the voice, and its key."""

    locale: str
    version: str
    item: str
    ssml: str
    voice: Voice

    @property
    def key(self) -> str:
        return item_key(self.ssml, self.voice)


def renditions(speech: Speech, locales: list[str]) -> list[Rendition]:
    """Every file the skill may play, in every locale: both versions' segments and the trouble notice."""
    found = []
    for locale in locales:
        voice = voice_for(locale)
        script = reflection_script.load(speech, locale)
        for version in reflection_script.VERSIONS:
            for index, segment in enumerate(script.segments(version)):
                found.append(Rendition(locale, version, segment.id, segment_ssml(speech, locale, version, index),
                                       voice))
        found.append(Rendition(locale, NOTICE, TROUBLE, notice_ssml(speech, locale), voice))
    return found


# -- tokens -----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"^sc1\.(full|short|notice)\.([a-z0-9_]{1,40})\.([0-9a-f]{40}|-)\.([0-9])\.([0-9a-f]{1,16})$")


@dataclass(frozen=True)
class Token:
    kind: str  # a reflection version ("full", "short"), or NOTICE
    item: str  # the segment id, or the notice's name
    scope: str  # the speaker scope's digest, or "-" for an unrecognised voice
    attempt: int = 0  # how often this place was tried after a failure
    nonce: str = "0"

    def __str__(self) -> str:
        return f"sc1.{self.kind}.{self.item}.{self.scope}.{self.attempt}.{self.nonce}"

    @classmethod
    def parse(cls, value: Any) -> Token | None:
        """A token this skill wrote, or None (another skill's, a tampered or a truncated one)."""
        matched = _TOKEN.match(value) if isinstance(value, str) else None
        if not matched:
            return None
        kind, item, scope, attempt, nonce = matched.groups()
        return cls(kind, item, scope, int(attempt), nonce)

    @property
    def is_notice(self) -> bool:
        return self.kind == NOTICE


def scope_of(user: UserRef) -> str:
    """The digest part of a speaker scope ("P#<digest>" -> "<digest>")."""
    return user.scope.split("#", 1)[1]


def nonce(request_id: str) -> str:
    return hashlib.sha256((request_id or "-").encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Listener(UserRef):
    """Whose reflection a stream is: the envelope's account, and the speaker scope its token names."""

    scope_digest: str = "-"

    @property
    def scope(self) -> str:
        return f"P#{self.scope_digest}"


# -- S3 ---------------------------------------------------------------------------------------------


class AudioLibrary:
    """The bucket of rendered audio: presigned URLs, and whether a file is there."""

    def __init__(self, bucket: str, client: Any = None) -> None:
        self.bucket = bucket
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            # Regional, virtual-hosted URLs in AWS (the global endpoint may redirect a device); the path
            # style a local endpoint (moto on loopback) needs, chosen by botocore, when one is set.
            local = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
            style = "auto" if local else "virtual"
            self._client = watch(boto3.client(  # held to the turn's deadline, like every call
                "s3", config=Config(signature_version="s3v4", s3={"addressing_style": style}, **S3_TIMEOUTS)))
        return self._client

    def url(self, key: str) -> str:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=URL_SECONDS)

    def has(self, key: str) -> bool:
        """One HeadObject; False on any failure (missing, denied, unreachable): then the steps are spoken."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            log.warning("audio file unavailable: %s", error.response.get("Error", {}).get("Code", "Unknown"))
            return False
        except (BotoCoreError, DeadlineExceeded) as error:
            log.warning("audio file unavailable: %s", type(error).__name__)
            return False
        return True


@cache
def library(bucket: str) -> AudioLibrary:
    return AudioLibrary(bucket)


__all__ = ["VOICES", "AudioLibrary", "Listener", "Rendition", "Token", "item_key", "library", "renditions",
           "segment_ssml", "voice_for"]
