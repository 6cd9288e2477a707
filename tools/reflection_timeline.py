"""How long the guided reflection lasts, segment by segment, from the SSML the listener receives.

Each response is timed as spoken words at WORDS_PER_MINUTE (Alexa's default voice at rate 100%),
scaled by any enclosing <prosody rate="..%">, plus every <break>. The words are counted in the
response exactly as the skill sends it: the segment and the invitation to say "next".

  python -m tools.reflection_timeline            # both versions, spoken and as audio, and the grounding minute
"""

from __future__ import annotations

import random
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "lambda") not in sys.path:
    sys.path.insert(0, str(ROOT / "lambda"))

from safe_connections import reflection_script  # noqa: E402
from safe_connections.speech import Speech  # noqa: E402

# Alexa's default voice speaks about 150 words a minute, small pauses at commas and full stops included.
# A cross-check: espeak-ng set to 150 (`espeak-ng -m -s 150`, timed with soxi) spoke this script's words
# about 14 % faster, so the real reflection may run a little under the printed total; a test keeps it in range.
WORDS_PER_MINUTE = 150
RATE_WORDS = {"x-slow": 0.5, "slow": 0.75, "medium": 1.0, "fast": 1.25, "x-fast": 1.5}
_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")
_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Timing:
    name: str
    words: int
    speech_seconds: float
    pause_seconds: float
    longest_break: float
    chars: int

    @property
    def seconds(self) -> float:
        return self.speech_seconds + self.pause_seconds


def _rate(element: ET.Element, rate: float) -> float:
    value = element.attrib.get("rate") if element.tag == "prosody" else None
    if not value:
        return rate
    if value.endswith("%"):
        return rate * float(value[:-1]) / 100
    return rate * RATE_WORDS.get(value, 1.0)


def _break_seconds(value: str) -> float:
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(f"break time {value!r}")
    amount = float(match.group(1))
    return amount / 1000 if match.group(2) == "ms" else amount


def _words(text: str | None) -> int:
    return sum(1 for token in (text or "").split() if _WORD.search(token))


def time_ssml(name: str, ssml: str) -> Timing:
    """Times one <speak> document."""
    root = ET.fromstring(ssml.replace("<speak>", '<speak xmlns:amazon="urn:amazon">', 1))
    words = 0
    speech = 0.0
    pauses: list[float] = []

    def walk(element: ET.Element, rate: float) -> None:
        nonlocal words, speech
        rate = _rate(element, rate)
        if element.tag == "break" and "time" in element.attrib:
            pauses.append(_break_seconds(element.attrib["time"]))
        count = _words(element.text)
        words += count
        speech += count * 60 / (WORDS_PER_MINUTE * rate)
        for child in element:
            walk(child, rate)
            tail = _words(child.tail)
            words += tail
            speech += tail * 60 / (WORDS_PER_MINUTE * rate)

    walk(root, 1.0)
    return Timing(name, words, speech, sum(pauses), max(pauses, default=0.0), len(ssml))


def speech_for_timing() -> Speech:
    from tools.compile_content import ensure_current

    return Speech(ensure_current(), random.Random(0))


def responses(speech: Speech, version: str, locale: str = "en-US", safe_person: str | None = None) -> list[
        tuple[str, str]]:
    """(segment id, the <speak> document the listener hears) for every segment of a version."""
    script = reflection_script.load(speech, locale)
    segments = script.segments(version)
    found = []
    for index, segment in enumerate(segments):
        body = str(reflection_script.render(speech, locale, segment, safe_person=safe_person))
        if not script.is_last(version, index):
            body += " " + str(speech.message("reflection/invite_next", locale))
        found.append((segment.id, f"<speak>{body}</speak>"))
    return found


def timeline(version: str, locale: str = "en-US", safe_person: str | None = None) -> list[Timing]:
    speech = speech_for_timing()
    return [time_ssml(name, ssml) for name, ssml in responses(speech, version, locale, safe_person)]


def audio_timeline(version: str, locale: str = "en-US") -> list[Timing]:
    """The same script as rendered to audio (safe_connections.audio): its audio wording, segments joined by
    a settling moment instead of "say next". tests/audio/test_audio_length.py measures the rendering itself."""
    from safe_connections import audio

    speech = speech_for_timing()
    script = reflection_script.load(speech, locale)
    return [time_ssml(segment.id, audio.segment_ssml(speech, locale, version, index))
            for index, segment in enumerate(script.segments(version))]


def grounding(locale: str = "en-US") -> Timing:
    speech = speech_for_timing()
    ssml = f"<speak>{speech.message('reflection/grounding', locale, in_reflection=True)}</speak>"
    return time_ssml("grounding minute", ssml)


def _table(title: str, timings: list[Timing]) -> str:
    lines = [title, f"  {'segment':<16}{'words':>6}{'speech s':>10}{'pauses s':>10}{'total s':>9}{'chars':>7}"]
    for t in timings:
        lines.append(f"  {t.name:<16}{t.words:>6}{t.speech_seconds:>10.1f}{t.pause_seconds:>10.1f}"
                     f"{t.seconds:>9.1f}{t.chars:>7}")
    total = sum(t.seconds for t in timings)
    words = sum(t.words for t in timings)
    speech = sum(t.speech_seconds for t in timings)
    pauses = sum(t.pause_seconds for t in timings)
    lines.append(f"  {'total':<16}{words:>6}{speech:>10.1f}{pauses:>10.1f}{total:>9.1f}"
                 f"   = {int(total // 60)} min {total % 60:.0f} s")
    return "\n".join(lines)


def main() -> int:
    print(f"Words at {WORDS_PER_MINUTE} a minute (x rate inside <prosody>), plus breaks.\n")
    for version in reflection_script.VERSIONS:
        print(_table(f"{version} reflection", timeline(version)))
        print()
        print(_table(f"{version} reflection, as audio", audio_timeline(version)))
        print()
    print(_table("distress", [grounding()]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
