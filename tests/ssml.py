"""What makes SSML acceptable to Alexa: well-formed, known tags only, short enough, short breaks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

MAX_SPEECH_CHARS = 8000
MAX_BREAK_SECONDS = 10.0
# Tags Alexa supports in outputSpeech (developer.amazon.com, SSML reference).
ALEXA_TAGS = {
    "speak", "break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub",
    "voice", "w", "audio", "amazon:effect", "amazon:emotion", "amazon:domain", "amazon:auto-breaths",
    "amazon:breath",
}
_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")


def break_seconds(value: str) -> float:
    match = _TIME.match(value.strip())
    assert match, f"break time {value!r} is not a number of s or ms"
    amount = float(match.group(1))
    return amount / 1000 if match.group(2) == "ms" else amount


def check_ssml(ssml: str) -> ET.Element:
    """Asserts that Alexa will speak this; returns the parsed tree."""
    assert len(ssml) <= MAX_SPEECH_CHARS, f"speech is {len(ssml)} characters, over Alexa's 8000"
    # amazon:* tags need a namespace for a strict XML parser; Alexa does not declare one.
    declared = ssml.replace("<speak>", '<speak xmlns:amazon="urn:amazon">', 1)
    try:
        root = ET.fromstring(declared)
    except ET.ParseError as error:
        raise AssertionError(f"SSML is not well-formed XML: {error}\n{ssml}") from error
    assert root.tag == "speak", "SSML must be wrapped in <speak>"
    for element in root.iter():
        tag = element.tag.replace("{urn:amazon}", "amazon:")
        assert tag in ALEXA_TAGS, f"<{tag}> is not an SSML tag Alexa supports"
        if tag == "break" and "time" in element.attrib:
            seconds = break_seconds(element.attrib["time"])
            assert seconds <= MAX_BREAK_SECONDS, f"break of {seconds}s is over Alexa's 10 s"
    return root
