"""Drives the real lambda_handler through a conversation with session continuity, as Alexa does:
the same session id, `new` only on the first request, attributes carried from the last response.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tools import envelopes
from tools.envelopes import Device


@dataclass
class Reply:
    """What the skill answered, and what a listener would notice in it."""

    raw: dict[str, Any]
    # The message keys the skill rendered for this answer, in order (in-process runs only).
    keys: tuple[str, ...] = ()

    @property
    def response(self) -> dict[str, Any]:
        return self.raw.get("response") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def reprompt_ssml(self) -> str:
        return ((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", "")

    @property
    def text(self) -> str:
        from safe_connections.speech import plain_text

        return plain_text(self.ssml)

    @property
    def reprompt(self) -> str:
        from safe_connections.speech import plain_text

        return plain_text(self.reprompt_ssml)

    @property
    def ends_session(self) -> bool:
        return self.response.get("shouldEndSession") is True

    @property
    def card(self) -> dict[str, Any] | None:
        return self.response.get("card")

    @property
    def directives(self) -> list[dict[str, Any]]:
        return self.response.get("directives") or []

    @property
    def attributes(self) -> dict[str, Any]:
        return self.raw.get("sessionAttributes") or {}

    @property
    def state(self) -> str | None:
        """Where the conversation is now (None once the session has ended)."""
        return self.attributes.get("state")

    @property
    def question(self) -> str | None:
        """The question the skill is waiting to hear answered, by name (questions.py)."""
        return (self.attributes.get("question") or {}).get("name")

    def said(self, key: str) -> bool:
        return key in self.keys


Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def _recent_keys() -> list[str]:
    try:
        from safe_connections.turn import recent_keys
    except ImportError:  # the handler runs elsewhere (a subprocess, a built zip)
        return []
    return recent_keys()


class Conversation:
    """One user's conversation with the skill on one device."""

    def __init__(self, handler: Handler, device: Device | None = None) -> None:
        self.handler = handler
        self.device = device or Device()
        self.session_id: str | None = None
        self.attributes: dict[str, Any] = {}
        self.last: Reply | None = None
        self.sent: list[dict[str, Any]] = []

    def send(self, request: dict[str, Any]) -> Reply:
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        session = {"new": new, "sessionId": self.session_id, "attributes": dict(self.attributes)}
        event = self.device.envelope(request, session)
        self.sent.append(event)
        raw = self.handler(event, None)
        reply = Reply(raw, tuple(_recent_keys()))
        self.last = reply
        if request["type"] == "SessionEndedRequest" or reply.ends_session:
            self.session_id = None
            self.attributes = {}
        else:
            self.attributes = reply.attributes
        return reply

    def launch(self) -> Reply:
        return self.send(envelopes.launch_request())

    def intent(self, name: str, *slots: dict[str, Any], **kwargs: Any) -> Reply:
        return self.send(envelopes.intent_request(name, list(slots), **kwargs))

    def end(self, reason: str = "USER_INITIATED") -> Reply:
        return self.send(envelopes.session_ended_request(reason))

    def new_session(self) -> None:
        """The user walks away and comes back later: a new session on the same device."""
        self.session_id = None
        self.attributes = {}
