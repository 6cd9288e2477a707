"""A counting proxy between a skill and the local DynamoDB server (loopback only).

It sees exactly what goes over the wire, whichever client a skill uses (ours, boto3, the
persistence adapter), so the three skills are counted the same way. It asks DynamoDB for
ReturnConsumedCapacity=TOTAL and strips that answer again before the skill sees it, so the
skill's behaviour does not change. Counting only.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CAPACITY_OPERATIONS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
                       "BatchWriteItem", "TransactGetItems", "TransactWriteItems"}


class CountingProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream).netloc
        self.calls: Counter[str] = Counter()
        self.capacity: Counter[str] = Counter()
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                operation = (self.headers.get("x-amz-target") or "").rsplit(".", 1)[-1]
                status, payload = proxy.forward(operation, dict(self.headers), body)
                self.send_response(status)
                self.send_header("content-type", "application/x-amz-json-1.0")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def forward(self, operation: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        request = json.loads(body or b"{}")
        injected = operation in CAPACITY_OPERATIONS and "ReturnConsumedCapacity" not in request
        if injected:
            request["ReturnConsumedCapacity"] = "TOTAL"
            body = json.dumps(request).encode()
        headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "host")}
        connection = http.client.HTTPConnection(self.upstream, timeout=10)
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        if response.status == 200 and injected:
            answer = json.loads(payload)
            used = answer.pop("ConsumedCapacity", None)
            for entry in used if isinstance(used, list) else [used] if used else []:
                with self.lock:
                    self.capacity[operation] += float(entry.get("CapacityUnits") or 0)
            payload = json.dumps(answer).encode()
        with self.lock:
            self.calls[operation] += 1
        return response.status, payload

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.capacity.clear()

    def __enter__(self) -> CountingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
