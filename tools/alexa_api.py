"""A stand-in for Alexa's Device Settings API on loopback: answers System.timeZone per device.

Tests and the simulator point envelopes' apiEndpoint here (ALEXA_API_ENDPOINT), so the skill's real
HTTP call is exercised without leaving the machine. Devices not registered are in UTC.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_PATH = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")


class AlexaSettingsApi:
    def __init__(self, default_zone: str = "UTC") -> None:
        self.default_zone = default_zone
        self.zones: dict[str, str] = {}
        self.calls = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                from urllib.parse import unquote

                api.calls += 1
                found = _PATH.match(self.path)
                authorised = self.headers.get("Authorization", "").startswith("Bearer ")
                if not found or not authorised:
                    self.send_response(404 if authorised else 401)
                    self.end_headers()
                    return
                zone = api.zones.get(unquote(found["device"]), api.default_zone)
                body = json.dumps(zone).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> AlexaSettingsApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
