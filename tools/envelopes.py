"""Real Alexa request envelopes, as Alexa sends them (the shapes of the ASK request JSON).

Shared by the tests, the local simulator and the benchmarks, so there is one idea of what a
request looks like.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-5afec0nnec75"
# Alexa's API for the device's settings. Offline, envelopes name a loopback stand-in when one runs
# (tools/alexa_api.py sets ALEXA_API_ENDPOINT), else a closed loopback port: never the internet.
OFFLINE_API_ENDPOINT = "http://127.0.0.1:9"


def _id(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4()}"


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot(
    name: str,
    value: str | None,
    *,
    slot_type: str | None = None,
    match_id: str | None = None,
    match_name: str | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    confirmation: str = "NONE",
) -> dict[str, Any]:
    """A slot as Alexa fills it. With `slot_type`, entity resolution is added: a match when
    `match_id` is given (ER_SUCCESS_MATCH), otherwise ER_SUCCESS_NO_MATCH."""
    filled: dict[str, Any] = {"name": name, "confirmationStatus": confirmation, "source": "USER"}
    if value is None:
        return {"name": name, "confirmationStatus": confirmation}
    filled["value"] = value
    if slot_type and not slot_type.startswith("AMAZON."):
        authority = f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}"
        if match_id:
            filled["resolutions"] = {"resolutionsPerAuthority": [{
                "authority": authority,
                "status": {"code": "ER_SUCCESS_MATCH"},
                "values": [{"value": {"name": match_name or value, "id": match_id}}],
            }]}
        else:
            filled["resolutions"] = {"resolutionsPerAuthority": [{
                "authority": authority,
                "status": {"code": "ER_SUCCESS_NO_MATCH"},
            }]}
    return filled


class Device:
    """One Echo: a stable device and account, optionally a recognised speaker."""

    def __init__(
        self,
        user_id: str | None = None,
        *,
        person_id: str | None = None,
        device_id: str | None = None,
        locale: str = "en-US",
        skill_id: str = DEFAULT_SKILL_ID,
        api_endpoint: str | None = None,
    ) -> None:
        self.user_id = user_id or _id("amzn1.ask.account")
        self.person_id = person_id
        self.device_id = device_id or _id("amzn1.ask.device")
        self.locale = locale
        self.skill_id = skill_id
        self.api_endpoint = api_endpoint or os.environ.get("ALEXA_API_ENDPOINT") or OFFLINE_API_ENDPOINT

    def context(self) -> dict[str, Any]:
        system: dict[str, Any] = {
            "application": {"applicationId": self.skill_id},
            "user": {"userId": self.user_id},
            "device": {"deviceId": self.device_id, "supportedInterfaces": {}},
            "apiEndpoint": self.api_endpoint,
            "apiAccessToken": "local-token",
        }
        if self.person_id:
            system["person"] = {"personId": self.person_id}
        return {"System": system}

    def envelope(self, request: dict[str, Any], session: dict[str, Any] | None) -> dict[str, Any]:
        request = {
            "requestId": _id("amzn1.echo-api.request"),
            "timestamp": timestamp(),
            "locale": self.locale,
            **request,
        }
        envelope: dict[str, Any] = {"version": "1.0", "context": self.context(), "request": request}
        if session is not None:
            envelope["session"] = {
                "application": {"applicationId": self.skill_id},
                "user": {"userId": self.user_id},
                **session,
            }
        return envelope


def launch_request() -> dict[str, Any]:
    return {"type": "LaunchRequest"}


def intent_request(
    name: str,
    slots: list[dict[str, Any]] | None = None,
    *,
    dialog_state: str | None = None,
    confirmation: str = "NONE",
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "type": "IntentRequest",
        "intent": {
            "name": name,
            "confirmationStatus": confirmation,
            "slots": {s["name"]: s for s in slots or []},
        },
    }
    if dialog_state:
        request["dialogState"] = dialog_state
    return request


def session_ended_request(reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {"type": "SessionEndedRequest", "reason": reason}
