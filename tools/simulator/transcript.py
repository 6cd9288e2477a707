"""What the user sees: speech as readable text, the reprompt, whether Alexa keeps listening,
cards and directives one line each; and what Alexa would refuse in a response."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from typing import Any

MAX_SPEECH_CHARS = 8000
MAX_BREAK_SECONDS = 10.0
_BREAK = re.compile(r"<break\b([^>]*)/?>", re.IGNORECASE)
_TIME = re.compile(r'time\s*=\s*["\']\s*([\d.]+)\s*(ms|s)\s*["\']', re.IGNORECASE)
_SUB = re.compile(r'<sub\b[^>]*alias\s*=\s*"([^"]*)"[^>]*>.*?</sub>', re.IGNORECASE | re.DOTALL)
_AUDIO = re.compile(r"<audio\b[^>]*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")


def break_seconds(attributes: str) -> float | None:
    found = _TIME.search(attributes)
    if not found:
        return None
    amount = float(found.group(1))
    return amount / 1000 if found.group(2).lower() == "ms" else amount


def _pause(match: re.Match[str]) -> str:
    seconds = break_seconds(match.group(1))
    return " [pause] " if seconds is None else f" [pause {seconds:g}s] "


def readable(ssml: str) -> str:
    """SSML as a person would read it: tags gone, breaks as [pause 5s], entities decoded."""
    text = _BREAK.sub(_pause, ssml)
    text = _SUB.sub(lambda m: m.group(1), text)
    text = _AUDIO.sub(" [audio] ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(_SPACES.sub(" ", text)).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def one_line(text: str, limit: int = 160) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_slots(intent: dict[str, Any]) -> str:
    parts = []
    for name, slot in (intent.get("slots") or {}).items():
        if slot.get("value") is None:
            continue
        part = f"{name}={slot['value']!r}"
        for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
            code = authority["status"]["code"]
            if code == "ER_SUCCESS_MATCH":
                value = authority["values"][0]["value"]
                part += f" ({value['name']}, id {value['id']})"
            else:
                part += f" ({code})"
        if slot.get("confirmationStatus", "NONE") != "NONE":
            part += f" [{slot['confirmationStatus']}]"
        parts.append(part)
    return " ".join(parts)


def describe_request(request: dict[str, Any], new_session: bool) -> str:
    """One line: what Alexa sends the skill."""
    kind = request["type"]
    if kind == "IntentRequest":
        intent = request["intent"]
        line = intent["name"]
        if request.get("dialogState"):
            line += f" [{request['dialogState']}]"
        if intent.get("confirmationStatus", "NONE") != "NONE":
            line += f" [intent {intent['confirmationStatus']}]"
        slots = describe_slots(intent)
        line += f" {slots}" if slots else ""
    elif kind == "SessionEndedRequest":
        line = f"SessionEndedRequest ({request.get('reason')})"
    else:
        line = kind
    return f"  -> {line}{' (new session)' if new_session else ''}"


def describe_directive(directive: dict[str, Any]) -> str:
    kind = directive.get("type", "?")
    if kind.startswith("AudioPlayer."):
        from tools.simulator.audio import describe_audio_directive

        return describe_audio_directive(directive)
    details = {k: v for k, v in directive.items() if k != "type"}
    intent = details.pop("updatedIntent", None)
    line = f"directive: {kind}"
    if intent:
        line += f" {intent.get('name')}"
        slots = describe_slots(intent)
        line += f" {slots}" if slots else ""
    if details:
        line += " " + json.dumps(details, ensure_ascii=False, separators=(",", ":"))
    return "  " + one_line(line, 240)


def reply_lines(response: dict[str, Any], session_ended: bool = False) -> list[str]:
    """The lines for one response: speech, reprompt, card, directives, listening or not.
    `session_ended`: the request was a SessionEndedRequest (the session is over whatever the answer)."""
    body = response.get("response") or {}
    lines = []
    speech = (body.get("outputSpeech") or {})
    text = readable(speech.get("ssml") or speech.get("text") or "")
    if text:
        lines.append(f"alexa> {text}")
    reprompt = ((body.get("reprompt") or {}).get("outputSpeech") or {})
    reprompt_text = readable(reprompt.get("ssml") or reprompt.get("text") or "")
    if reprompt_text:
        lines.append(f"  reprompt: {reprompt_text}")
    card = body.get("card")
    if card:
        content = card.get("content") or card.get("text") or ""
        lines.append("  " + one_line(f"card ({card.get('type', '?')}): {card.get('title', '')} | {content}", 240))
    lines.extend(describe_directive(d) for d in body.get("directives") or [])
    if any(d.get("type") == "Dialog.Delegate" for d in body.get("directives") or []) and not session_ended:
        return lines  # Alexa takes the turn from here
    if body.get("shouldEndSession") is True or session_ended:
        lines.append("(session ended)")
    elif body.get("shouldEndSession") is False:
        lines.append("  (session stays open: Alexa is listening)")
    else:
        lines.append("  (session stays open: Alexa is not listening until you speak)")
    return lines


def response_problems(response: dict[str, Any]) -> list[str]:
    """What Alexa would refuse or what breaks our own rules (every open question has a reprompt)."""
    body = response.get("response") or {}
    problems = []
    dialog = any(str(d.get("type", "")).startswith("Dialog.") for d in body.get("directives") or [])
    for label, speech in (("speech", body.get("outputSpeech")), ("reprompt", (body.get("reprompt") or {})
                                                                  .get("outputSpeech"))):
        ssml = (speech or {}).get("ssml")
        if ssml:
            problems.extend(f"{label}: {p}" for p in ssml_problems(ssml))
    if body.get("shouldEndSession") is False and body.get("outputSpeech") and not body.get("reprompt") and not dialog:
        problems.append("the session stays open without a reprompt")
    return problems


def ssml_problems(ssml: str) -> list[str]:
    problems = []
    if len(ssml) > MAX_SPEECH_CHARS:
        problems.append(f"{len(ssml)} characters of SSML (Alexa's limit is {MAX_SPEECH_CHARS})")
    for match in _BREAK.finditer(ssml):
        seconds = break_seconds(match.group(1))
        if seconds is not None and seconds > MAX_BREAK_SECONDS:
            problems.append(f"a {seconds:g}s break (Alexa's limit is 10s)")
    try:
        ET.fromstring(ssml.replace("amazon:", "amazon_"))
    except ET.ParseError as error:
        problems.append(f"SSML is not well-formed XML ({error})")
    return problems


# -- --speak: espeak-ng -----------------------------------------------------------------------------

_ESPEAK_KEEP = re.compile(r"</?(speak|break|prosody|emphasis|say-as|sub|p|s)\b[^>]*>", re.IGNORECASE)


def ssml_for_espeak(ssml: str) -> str:
    """Our SSML with only the tags espeak-ng understands (breaks stay; Alexa's own tags go)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _ESPEAK_KEEP.sub(keep, _AUDIO.sub(" ", ssml))
    text = _TAG.sub(" ", text)
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return text if text.strip().startswith("<speak") else f"<speak>{text}</speak>"


class Speaker:
    """Speaks responses with espeak-ng when it is installed; says once, quietly, when it is not."""

    def __init__(self, locale: str, note: Any) -> None:
        self.binary = shutil.which("espeak-ng")
        self.voice = "en-gb" if locale in ("en-GB", "en-IN", "en-AU") else "en-us"
        self.note = note
        if not self.binary:
            note("(--speak: espeak-ng is not installed, so responses are shown as text only;"
                 " `apt-get install espeak-ng` adds the voice)")

    def speak(self, ssml: str) -> None:
        if not self.binary or not ssml:
            return
        try:
            done = subprocess.run([self.binary, "-m", "-v", self.voice, ssml_for_espeak(ssml)],
                                  check=False, timeout=120, capture_output=True, text=True)
            failed = done.returncode != 0 or "error" in done.stderr.lower()
            reason = (done.stderr.strip().splitlines() or ["no sound"])[-1]
        except (OSError, subprocess.TimeoutExpired) as error:
            failed, reason = True, str(error)
        if failed:
            self.binary = None
            self.note(f"(--speak: espeak-ng could not play sound here ({reason}); text only from now on)")
