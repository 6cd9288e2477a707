"""The device's time zone, from Alexa's Device Settings API, so that "today" is the user's today.

Alexa resolves "yesterday" or "on Tuesday" in the user's zone; a check-in logged at 8 pm in
California must not land on tomorrow's UTC date. One short call, at most once a session; any
failure means UTC, never a slower or broken answer.

The bearer token goes only to Alexa's own hosts: redirects are never followed (a 302 from an
allowed host could hand it to any other), and the whole call, however the answer trickles in,
ends within TIMEOUT_SECONDS and within the turn's deadline (deadline.bounded).
"""

from __future__ import annotations

import json
import logging
import urllib.request
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

from safe_connections.deadline import DeadlineExceeded, bounded

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 0.6
# The user's access token goes only to Alexa's own API hosts, or to a stand-in on this machine (tests).
ALEXA_API_HOSTS = {"api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _trusted(api_endpoint: str) -> bool:
    parts = urlsplit(api_endpoint)
    return (parts.scheme == "https" and parts.hostname in ALEXA_API_HOSTS) or (
        parts.scheme in ("http", "https") and parts.hostname in LOOPBACK_HOSTS)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error here: the request, and its Authorization header, go nowhere else."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@cache
def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects())


def device_time_zone(api_endpoint: str | None, device_id: str | None, token: str | None) -> str | None:
    """The IANA zone name set on the device ("America/Los_Angeles"), or None when it can't be had."""
    if not (api_endpoint and device_id and token) or not _trusted(api_endpoint):
        return None
    request = urllib.request.Request(
        f"{api_endpoint.rstrip('/')}/v2/devices/{quote(device_id, safe='')}/settings/System.timeZone",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with bounded(TIMEOUT_SECONDS) as seconds, _opener().open(request, timeout=seconds) as answer:
            zone = json.loads(answer.read(256))
    except (OSError, ValueError, DeadlineExceeded) as error:
        log.info("device time zone unavailable: %s", type(error).__name__)
        return None
    return zone if isinstance(zone, str) else None
