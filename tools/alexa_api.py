"""A stand-in for Alexa's Device Settings API on loopback: answers System.timeZone per device.

Tests and the simulator point envelopes' apiEndpoint here (ALEXA_API_ENDPOINT), so the skill's real
HTTP call is exercised without leaving the machine. Devices not registered are in UTC.

It can misbehave for tests: `redirect_to = "http://127.0.0.1:<port>"` answers 302 to that host (the token
must not follow), `trickle = seconds` sends the answer one byte at a time (no read timeout ever fires).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_PATH = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")


class AlexaSettingsApi:
    def __init__(self, default_zone: str = "UTC") -> None:
        self.default_zone = default_zone
        self.zones: dict[str, str] = {}
        self.calls = 0
        self.redirect_to: str | None = None
        self.trickle: float | None = None
        self.headers_seen: list[dict[str, str]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                from urllib.parse import unquote

                api.calls += 1
                api.headers_seen.append(dict(self.headers.items()))
                if api.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", api.redirect_to.rstrip("/") + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                found = _PATH.match(self.path)
                authorised = self.headers.get("Authorization", "").startswith("Bearer ")
                if not found or not authorised:
                    self.send_response(404 if authorised else 401)
                    self.end_headers()
                    return
                zone = api.zones.get(unquote(found["device"]), api.default_zone)
                body = json.dumps(zone).encode()
                delay = api.trickle
                if delay:
                    raw = (f"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
                           "\r\n\r\n").encode() + body
                    for i in range(len(raw)):
                        try:
                            self.wfile.write(raw[i:i + 1])
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(delay)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> AlexaSettingsApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
