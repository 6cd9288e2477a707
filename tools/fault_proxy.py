"""A small HTTP proxy on loopback between the skill and the local AWS server (moto), that can misbehave.

The skill reaches it exactly as it reaches AWS (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS), so faults
travel through the real botocore client with its real timeouts and retries; nothing in the skill is patched.

Faults (one armed at a time, for the next `times` matching requests, or until cleared):
  throttle     HTTP 400 with DynamoDB's ThrottlingException JSON body (botocore retries it, then gives up)
  error500     HTTP 500 InternalServerError
  delay        wait `seconds`, then forward: the request reaches the server late
  slow         forward at once, answer after `seconds`: done, but the answer is late (a read timeout may fire)
  trickle      forward at once, then send the answer one byte every `seconds` (default 0.05): each socket read
               gets a byte in time, so no read timeout ever fires
  timeout      wait `seconds` (default 30) and never answer: the client's read timeout fires
  drop         close the connection without any answer
  unprocessed  BatchWriteItem: do nothing and answer that every request was left unprocessed
  lost         forward the request (the server does the work), then close the connection: the answer is lost
`operations` limits a fault to some operations ("PutItem", "Query", "SendMessage", ...); other requests pass.

Every request is counted per operation (`calls()`); with `measure_capacity=True` the proxy also asks DynamoDB
for ReturnConsumedCapacity=TOTAL and strips it from the answer again (`capacity`), so a skill's behaviour does
not change (the benchmarks count calls and capacity this way, whichever client a skill uses).

In Python:
    with FaultProxy(target="http://127.0.0.1:5000") as proxy:
        proxy.inject("throttle", times=3, operations={"PutItem"})
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.endpoint
From a shell (other processes switch faults with POST /__fault__ {"fault": "drop", "times": 1}):
    python -m tools.fault_proxy --target http://127.0.0.1:5000 --port 8765 --fault throttle
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

FAULTS = ("throttle", "error500", "delay", "slow", "trickle", "timeout", "drop", "unprocessed", "lost")
DEFAULT_SECONDS = {"timeout": 30.0, "trickle": 0.05}
CAPACITY_OPERATIONS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
                       "BatchWriteItem", "TransactGetItems", "TransactWriteItems"}
CONTROL_PATH = "/__fault__"
_BODIES = {
    "throttle": (400, {"__type": "com.amazon.coral.availability#ThrottlingException",
                       "message": "Rate of requests exceeds the allowed throughput."}),
    "error500": (500, {"__type": "com.amazon.coral.service#InternalServerError",
                       "message": "Internal server error (injected)"}),
}


@dataclass
class Fault:
    kind: str
    times: int | None = None          # None: until cleared
    operations: frozenset[str] = frozenset()
    seconds: float = 0.0

    def matches(self, operation: str) -> bool:
        return not self.operations or operation in self.operations


@dataclass
class Record:
    """What passed through: (operation, fault or "pass") per request, in order."""

    requests: list[tuple[str, str]] = field(default_factory=list)

    def operations(self) -> list[str]:
        return [operation for operation, _ in self.requests]

    def injected(self) -> int:
        return sum(1 for _, what in self.requests if what != "pass")

    def calls(self) -> Counter[str]:
        return Counter(self.operations())


class FaultProxy:
    def __init__(self, target: str, host: str = "127.0.0.1", port: int = 0, measure_capacity: bool = False) -> None:
        parts = urlsplit(target)
        self.target_host = parts.hostname or "127.0.0.1"
        self.target_port = parts.port or 80
        self.measure_capacity = measure_capacity
        self.capacity: Counter[str] = Counter()
        self._fault: Fault | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.record = Record()
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- control ----------------------------------------------------------------------------------

    def inject(self, kind: str, *, times: int | None = None, operations: set[str] | None = None,
               seconds: float | None = None) -> FaultProxy:
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        default = DEFAULT_SECONDS.get(kind, 0.0)
        with self._lock:
            self._fault = Fault(kind, times, frozenset(operations or ()), default if seconds is None else seconds)
        return self

    def clear(self) -> FaultProxy:
        with self._lock:
            self._fault = None
        return self

    def calls(self) -> Counter[str]:
        """Requests per operation since the last reset(), faulted or not."""
        with self._lock:
            return self.record.calls()

    def reset(self) -> FaultProxy:
        """Forgets what was counted (requests and capacity); the armed fault stays."""
        with self._lock:
            self.record.requests.clear()
            self.capacity.clear()
        return self

    def _take(self, operation: str) -> Fault | None:
        """The fault for this request, counting it down."""
        with self._lock:
            fault = self._fault
            if fault is None or not fault.matches(operation):
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._fault = None
            return fault

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> FaultProxy:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes requests held by "timeout"
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class _ProxyHandler(BaseHTTPRequestHandler):
    """One request through the proxy; `proxy` is set on a subclass per FaultProxy."""

    protocol_version = "HTTP/1.1"
    proxy: FaultProxy

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._forward(b"")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == CONTROL_PATH:
            self._control(body)
            return
        operation = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1] or "-"
        fault = self.proxy._take(operation)
        with self.proxy._lock:
            self.proxy.record.requests.append((operation, fault.kind if fault else "pass"))
        if fault is None:
            self._forward(body, operation)
        else:
            self._misbehave(fault, body, operation)

    def _misbehave(self, fault: Fault, body: bytes, operation: str) -> None:
        if fault.kind in _BODIES:
            status, payload = _BODIES[fault.kind]
            self._reply(status, json.dumps(payload).encode(), "application/x-amz-json-1.0")
        elif fault.kind == "unprocessed" and operation == "BatchWriteItem":
            asked = json.loads(body or b"{}").get("RequestItems", {})
            self._reply(200, json.dumps({"UnprocessedItems": asked}).encode(), "application/x-amz-json-1.0")
        elif fault.kind == "delay":
            self.proxy._stopping.wait(fault.seconds)
            self._forward(body, operation)
        elif fault.kind == "slow":
            self._forward(body, operation, wait=fault.seconds)
        elif fault.kind == "trickle":
            self._forward(body, operation, trickle=fault.seconds)
        elif fault.kind == "unprocessed":
            self._forward(body, operation)
        elif fault.kind == "timeout":
            self.proxy._stopping.wait(fault.seconds)
            self.close_connection = True
        elif fault.kind == "lost":
            self._forward(body, operation, answer_wanted=False)
        else:  # drop
            self.close_connection = True
            self.connection.close()

    def _control(self, body: bytes) -> None:
        try:
            wanted = json.loads(body or b"{}")
            if wanted.get("fault") in (None, "none", "clear"):
                self.proxy.clear()
            else:
                self.proxy.inject(wanted["fault"], times=wanted.get("times"), seconds=wanted.get("seconds"),
                                  operations=set(wanted.get("operations") or ()))
        except (ValueError, KeyError, TypeError) as error:
            self._reply(400, json.dumps({"error": str(error)}).encode(), "application/json")
            return
        self._reply(200, b'{"ok": true}', "application/json")

    def _forward(self, body: bytes, operation: str = "-", wait: float = 0.0, trickle: float = 0.0,
                 answer_wanted: bool = True) -> None:
        measured = self.proxy.measure_capacity and operation in CAPACITY_OPERATIONS
        if measured:
            request = json.loads(body or b"{}")
            measured = "ReturnConsumedCapacity" not in request
            if measured:
                request["ReturnConsumedCapacity"] = "TOTAL"
                body = json.dumps(request).encode()
        upstream = http.client.HTTPConnection(self.proxy.target_host, self.proxy.target_port, timeout=30)
        try:
            skip = ("host", "connection", "content-length")
            headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
            if not answer_wanted:
                self.close_connection = True
                self.connection.close()
                return
            if measured and answer.status == 200:
                payload = self._strip_capacity(operation, payload)
            if wait:
                self.proxy._stopping.wait(wait)
            head = [f"HTTP/1.1 {answer.status} {answer.reason}"]
            head += [f"{name}: {value}" for name, value in answer.getheaders()
                     if name.lower() not in ("transfer-encoding", "connection", "content-length", "x-amz-crc32")]
            head.append(f"Content-Length: {len(payload)}")
            if answer.getheader("x-amz-crc32") is not None:  # DynamoDB's checksum, of the body as it now is
                head.append(f"x-amz-crc32: {zlib.crc32(payload)}")
            raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload
            if trickle:
                self._trickle(raw, trickle)
            else:
                self.wfile.write(raw)
        except OSError:
            # The server behind us is gone, or the client gave up: to the client that looks like a dropped connection.
            self.close_connection = True
        finally:
            upstream.close()

    def _trickle(self, raw: bytes, seconds: float) -> None:
        """The whole answer, status line and headers included, one byte at a time."""
        self.close_connection = True
        for i in range(len(raw)):
            if self.proxy._stopping.is_set():
                return
            self.wfile.write(raw[i:i + 1])
            self.wfile.flush()
            self.proxy._stopping.wait(seconds)

    def _strip_capacity(self, operation: str, payload: bytes) -> bytes:
        answer = json.loads(payload)
        used = answer.pop("ConsumedCapacity", None)
        with self.proxy._lock:
            for entry in used if isinstance(used, list) else [used] if used else []:
                self.proxy.capacity[operation] += float(entry.get("CapacityUnits") or 0)
        return json.dumps(answer).encode()

    def _reply(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", f"fault-{time.monotonic_ns()}")
        self.end_headers()
        self.wfile.write(payload)


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    return type("FaultProxyHandler", (_ProxyHandler,), {"proxy": proxy})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--target", required=True, help="the DynamoDB endpoint to forward to")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fault", choices=FAULTS)
    parser.add_argument("--times", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--operation", action="append", help="only this DynamoDB operation (repeatable)")
    args = parser.parse_args(argv)
    proxy = FaultProxy(args.target, port=args.port).start()
    if args.fault:
        proxy.inject(args.fault, times=args.times, seconds=args.seconds, operations=set(args.operation or ()))
    print(f"fault proxy on {proxy.endpoint} -> {args.target} (POST {CONTROL_PATH} to change faults)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        proxy.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
