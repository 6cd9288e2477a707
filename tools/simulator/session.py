"""One person talking to the skill on one Echo: utterances in, the real handler's answers out.

Alexa's part is played here: invocations, intent resolution, session continuity (through
tools.conversation.Conversation), dialog management, a reprompt when the user says nothing.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from typing import Any

from tools import envelopes
from tools.conversation import Conversation, Handler
from tools.envelopes import Device
from tools.simulator import audio
from tools.simulator.dialog import DialogEngine, Followup
from tools.simulator.resolver import Resolution, Resolver, words
from tools.simulator.transcript import describe_request, readable, reply_lines, response_problems

MAX_CHAINED_REQUESTS = 5


class _SkillErrors(logging.Handler):
    """Collects the skill's own error logs (type and code location only, never words)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


class Simulator:
    """Alexa for one device: `say(text)` for each utterance, `finish()` when the user leaves."""

    def __init__(self, handler: Handler, resolver: Resolver, device: Device | None = None, *,
                 out: Callable[[str], None] = print, verbose: bool = False, speaker: Any = None,
                 rng: random.Random | None = None) -> None:
        self.conversation = Conversation(handler, device or Device(skill_id=resolver.skill_id))
        self.resolver = resolver
        self.dialog = DialogEngine(resolver, rng)
        self.out = out
        self.verbose = verbose
        self.speaker = speaker
        self.problems: list[str] = []
        self.silences = 0
        self.replies: list[dict[str, Any]] = []
        self._errors = _SkillErrors()
        # An Echo with an AudioPlayer plays the skill's streams and sends their events (tools/simulator/audio.py).
        self.audio = audio.attach(self, self.conversation.device, speak=speaker is not None)

    @property
    def in_session(self) -> bool:
        return self.conversation.session_id is not None or self.dialog.pending is not None

    # -- the user speaks ----------------------------------------------------------------------------

    def say(self, text: str) -> None:
        text = text.strip()
        if self.audio is not None and self.audio.intercept(text):
            return
        if not text:
            self._silence()
            return
        self.silences = 0
        said = words(text)
        invocation = self.resolver.invocation_of(text)
        if self.dialog.pending is not None and invocation is None:
            followup = self.dialog.answer(said)
            if followup is not None:
                if self.dialog.heard:
                    self.out(f"  ({self.dialog.heard})")
                self._follow(followup)
                return
        if invocation and invocation.kind == "launch":
            self._new_session()
            self._send(envelopes.launch_request())
            return
        if invocation:
            self._new_session()
            self._start(self.resolver.resolve_one_shot(invocation.rest))
            return
        if not self.in_session:
            self.out(f"  (no open session: heard as \"ask {self.resolver.model.invocation_name} ...\")")
            self._start(self.resolver.resolve_one_shot(said))
            return
        self._start(self.resolver.resolve(said))

    def finish(self) -> None:
        """The user walks away: an open session ends as Alexa ends it."""
        if self.conversation.session_id is not None:
            self.out("  (you leave without a word)")
            self._send(envelopes.session_ended_request("USER_INITIATED"))
        self.dialog.pending = None
        if self.audio is not None:
            self.audio.finish()

    # -- Alexa's part -------------------------------------------------------------------------------

    def _new_session(self) -> None:
        self.dialog.pending = None
        self.conversation.new_session()

    def _silence(self) -> None:
        self.out("  (you say nothing)")
        if not self.in_session:
            return
        self.silences += 1
        if self.silences == 1:
            pending = self.dialog.pending
            last = self.conversation.last
            again = pending.prompt if pending and pending.prompt else (last.reprompt_ssml if last else "")
            if again:
                self.out(f"alexa> {readable(again)}")
                self._speak(again)
                return
        self.dialog.pending = None
        if self.conversation.session_id is None:
            self.out("(session ended)")
            return
        self._send(envelopes.session_ended_request("EXCEEDED_MAX_REPROMPTS"))

    def _start(self, resolution: Resolution) -> None:
        self.out(f"  ({resolution.how})")
        self._follow(self.dialog.start(resolution.as_intent()))

    def _follow(self, followup: Followup) -> None:
        for _ in range(MAX_CHAINED_REQUESTS):
            self._problems(followup.problems)
            if followup.kind == "ask":
                self.out("  (Alexa asks, from the dialog model)")
                self.out(f"alexa> {readable(followup.prompt or '')}")
                self._speak(followup.prompt or "")
                return
            if followup.kind != "send" or followup.intent is None:
                return
            intent = followup.intent
            request = envelopes.intent_request(
                intent["name"], list(intent.get("slots", {}).values()),
                dialog_state=followup.dialog_state, confirmation=intent.get("confirmationStatus", "NONE"),
            )
            reply = self._send(request)
            if reply is None:
                return
            followup = self.dialog.after_reply(intent, followup.dialog_state, reply.get("response") or {})
            if reply.get("response", {}).get("shouldEndSession") is True:
                self._problems(followup.problems)
                self.dialog.pending = None
                return
        self._problems(["the skill and Alexa passed the dialog back and forth too many times"])

    def _send(self, request: dict[str, Any]) -> dict[str, Any] | None:
        new = self.conversation.session_id is None
        self.out(describe_request(request, new and request["type"] != "SessionEndedRequest"))
        errors = self._errors
        skill_log = logging.getLogger("safe_connections")
        skill_log.addHandler(errors)
        before = len(errors.records)
        try:
            reply = self.conversation.send(request).raw
        except Exception as error:  # the skill crashed: Alexa says so and closes the session
            self.conversation.new_session()
            self.dialog.pending = None
            self._verbose_request()
            self._problems([f"the skill crashed: {type(error).__name__}: {error}"])
            self.out("alexa> There was a problem with the requested skill's response.")
            self.out("(session ended)")
            return None
        finally:
            skill_log.removeHandler(errors)
        self.replies.append(reply)
        self._verbose_request()
        if self.verbose:
            self.out("<< response " + json.dumps(reply, indent=2, ensure_ascii=False))
        for line in reply_lines(reply, session_ended=request["type"] == "SessionEndedRequest"):
            self.out(line)
        self._problems([f"the skill logged an error: {e}" for e in errors.records[before:]])
        self._problems(response_problems(reply))
        self._speak(((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", ""))
        if self.audio is not None:
            self.audio.after_reply(request, reply)
        return reply

    def _verbose_request(self) -> None:
        if self.verbose and self.conversation.sent:
            self.out(">> request " + json.dumps(self.conversation.sent[-1], indent=2, ensure_ascii=False))

    def _problems(self, problems: list[str]) -> None:
        for problem in problems:
            self.problems.append(problem)
            self.out(f"  (!) {problem}")

    def _speak(self, ssml: str) -> None:
        if self.speaker is not None and ssml:
            self.speaker.speak(ssml)
