"""The deletion queue and its dead-letter queue from template.yaml, on the local moto server, and a runner that
drives the worker function the way Lambda's SQS event source does.

One moto server serves DynamoDB and SQS (tools/local_dynamodb.py starts it); the skill reaches the queue through
the standard AWS_ENDPOINT_URL_SQS and DELETION_QUEUE_URL, exactly as in Lambda.

The runner (WorkerRunner) receives up to BatchSize messages (the template's event source mapping), invokes
`lambda_function.deletion_worker` with a real SQS event and a context whose remaining time counts down from the
function's Timeout, then deletes the messages the worker did not report in `batchItemFailures`. A worker that
raises, dies or outlives its Timeout deletes nothing: its messages come back after the visibility timeout, and
after maxReceiveCount receives SQS moves them to the dead-letter queue. In-process by default; `in_subprocess=True`
runs each invocation in its own process, which a test can kill half-way.

    python -m tools.local_queues --endpoint http://127.0.0.1:5000   # create the queues, print their env
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.local_dynamodb import LOCAL_ENV
from tools.template import function_properties, resources_of_type

ROOT = Path(__file__).resolve().parent.parent
WORKER_HANDLER = "lambda_function.deletion_worker"
QUEUE = "DeletionQueue"
DEAD_LETTERS = "DeletionDeadLetterQueue"
# A visibility timeout short enough for tests to see a message come back (the template's is minutes).
TEST_VISIBILITY_SECONDS = 2


def _sqs(endpoint: str) -> Any:
    import boto3

    return boto3.client("sqs", endpoint_url=endpoint, region_name=LOCAL_ENV["AWS_REGION"],
                        aws_access_key_id="local", aws_secret_access_key="local")


def worker_settings() -> dict[str, Any]:
    """What Lambda's poller would use: the worker's Timeout and the mapping's BatchSize, from template.yaml."""
    mapping = next(iter(resources_of_type("AWS::Lambda::EventSourceMapping").values()))
    return {"timeout": float(function_properties(WORKER_HANDLER).get("Timeout", 3)),
            "batch_size": int(mapping.get("BatchSize", 10))}


@dataclass
class LocalQueues:
    endpoint: str
    url: str
    dead_letter_url: str
    arn: str

    def env(self) -> dict[str, str]:
        return {"AWS_ENDPOINT_URL_SQS": self.endpoint, "DELETION_QUEUE_URL": self.url}

    def client(self) -> Any:
        return _sqs(self.endpoint)

    def counts(self, url: str | None = None) -> tuple[int, int]:
        """(visible, in flight) messages, on the deletion queue unless another url is given."""
        attributes = self.client().get_queue_attributes(
            QueueUrl=url or self.url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                            "ApproximateNumberOfMessagesDelayed"])["Attributes"]
        visible = int(attributes["ApproximateNumberOfMessages"]) + int(attributes.get(
            "ApproximateNumberOfMessagesDelayed", 0))
        return visible, int(attributes["ApproximateNumberOfMessagesNotVisible"])

    def dead_letters(self) -> int:
        return sum(self.counts(self.dead_letter_url))

    def purge(self) -> None:
        for url in (self.url, self.dead_letter_url):
            self.client().purge_queue(QueueUrl=url)


def create_queues(endpoint: str, name: str = "safe-connections-deletions-local",
                  visibility_timeout: int | None = None) -> LocalQueues:
    """The two queues as template.yaml declares them (attributes, redrive), under local names."""
    queues = resources_of_type("AWS::SQS::Queue")
    client = _sqs(endpoint)

    def attributes(props: dict[str, Any]) -> dict[str, str]:
        found = {key: str(props[key]).lower() if isinstance(props[key], bool) else str(props[key])
                 for key in ("VisibilityTimeout", "MessageRetentionPeriod", "SqsManagedSseEnabled") if key in props}
        if visibility_timeout is not None and "VisibilityTimeout" in found:
            found["VisibilityTimeout"] = str(visibility_timeout)
        return found

    dead = client.create_queue(QueueName=f"{name}-dead", Attributes=attributes(queues[DEAD_LETTERS]))["QueueUrl"]
    dead_arn = client.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    main = dict(attributes(queues[QUEUE]))
    redrive = queues[QUEUE]["RedrivePolicy"]
    main["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": dead_arn,
                                        "maxReceiveCount": int(redrive["maxReceiveCount"])})
    url = client.create_queue(QueueName=name, Attributes=main)["QueueUrl"]
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return LocalQueues(endpoint, url, dead, arn)


class LambdaContext:
    """The part of Lambda's context object the worker uses."""

    def __init__(self, timeout: float) -> None:
        self.ends = time.monotonic() + timeout
        self.aws_request_id = str(uuid.uuid4())
        self.function_name = "DeletionWorker"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.ends - time.monotonic()) * 1000))


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """An SQS event exactly as Lambda's event source mapping shapes it from received messages."""
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": dict(m.get("Attributes") or {}), "messageAttributes": dict(m.get("MessageAttributes") or {}),
        "md5OfBody": m.get("MD5OfBody", ""), "eventSource": "aws:sqs", "eventSourceARN": queue_arn,
        "awsRegion": LOCAL_ENV["AWS_REGION"],
    } for m in messages]}


_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
ends = time.monotonic() + float(sys.argv[2])
class Context:
    aws_request_id = "local"
    function_name = "DeletionWorker"
    def get_remaining_time_in_millis(self):
        return max(0, int((ends - time.monotonic()) * 1000))
import lambda_function
print(json.dumps(lambda_function.deletion_worker(json.loads(sys.stdin.read()), Context())), flush=True)
"""


@dataclass
class Invocation:
    """One invocation of the worker: what it was given and what became of it."""

    messages: int
    outcome: str = ""            # "ok", "raised", "died", "timed out"
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


class WorkerRunner:
    """Drives the worker from the queue as Lambda's SQS poller does (see the module's docstring)."""

    def __init__(self, queues: LocalQueues, *, timeout: float | None = None, batch_size: int | None = None,
                 in_subprocess: bool = False, env: dict[str, str] | None = None,
                 handler: Callable[[dict[str, Any], Any], dict[str, Any]] | None = None) -> None:
        settings = worker_settings()
        self.queues = queues
        self.timeout = timeout if timeout is not None else settings["timeout"]
        self.batch_size = batch_size or settings["batch_size"]
        self.in_subprocess = in_subprocess
        self.env = env
        self.handler = handler
        self.invocations: list[Invocation] = []
        self.process: subprocess.Popen[str] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def receive(self, wait: int = 0) -> list[dict[str, Any]]:
        return self.queues.client().receive_message(
            QueueUrl=self.queues.url, MaxNumberOfMessages=self.batch_size, WaitTimeSeconds=wait,
            AttributeNames=["All"], MessageAttributeNames=["All"]).get("Messages", [])

    def poll_once(self, wait: int = 0) -> Invocation | None:
        """One receive and, if anything came, one invocation. None when the queue had nothing visible."""
        messages = self.receive(wait)
        if not messages:
            return None
        event = sqs_event(messages, self.queues.arn)
        invocation = self.invoke(event)
        if invocation.outcome == "ok":
            failed = set(invocation.failed)
            done = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(messages) if m["MessageId"] not in failed]
            if done:
                self.queues.client().delete_message_batch(QueueUrl=self.queues.url, Entries=done)
        return invocation

    def invoke(self, event: dict[str, Any]) -> Invocation:
        invocation = Invocation(messages=len(event["Records"]))
        started = time.monotonic()
        try:
            result = self._run_subprocess(event) if self.in_subprocess else self._run_here(event)
        except _Died as died:
            invocation.outcome = died.args[0]
        except Exception:
            invocation.outcome = "raised"
        else:
            invocation.outcome = "ok"
            invocation.failed = [f["itemIdentifier"] for f in result.get("batchItemFailures") or []]
        invocation.seconds = time.monotonic() - started
        self.invocations.append(invocation)
        return invocation

    def _run_here(self, event: dict[str, Any]) -> dict[str, Any]:
        if self.handler is not None:
            return self.handler(event, LambdaContext(self.timeout))
        from lambda_function import deletion_worker

        return deletion_worker(event, LambdaContext(self.timeout))

    def _run_subprocess(self, event: dict[str, Any]) -> dict[str, Any]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env.update(self.env or {})
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(ROOT / "lambda"), str(self.timeout)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env, start_new_session=True)
        try:
            out, _ = self.process.communicate(json.dumps(event), timeout=self.timeout + 1)
        except subprocess.TimeoutExpired:
            self.kill()
            raise _Died("timed out") from None
        finally:
            code, self.process = self.process.returncode, None
        if code != 0 or not out.strip():
            raise _Died("died" if code and code < 0 else "raised")
        return json.loads(out.strip().splitlines()[-1])

    def kill(self) -> None:
        """Kills the running subprocess worker (SIGKILL), as if Lambda's sandbox had gone."""
        process = self.process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def drain(self, timeout: float = 60.0) -> float:
        """Runs the worker until the queue is empty (nothing visible, delayed or in flight); returns the seconds
        it took. TimeoutError if it is not empty by then."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.poll_once() is None:
                if self.queues.counts() == (0, 0):
                    return time.monotonic() - started
                time.sleep(0.1)  # in flight elsewhere, or waiting out a visibility timeout
        raise TimeoutError(f"the deletion queue was not empty after {timeout:.0f} s: {self.queues.counts()}")

    # -- in the background, for the simulator ------------------------------------------------------

    def start(self) -> WorkerRunner:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="deletion-worker", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self.poll_once(wait=1) is None:
                    self._stop.wait(0.2)
            except Exception:  # the server went away while stopping
                self._stop.wait(0.5)

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)


class _Died(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--endpoint", required=True, help="the local moto server")
    args = parser.parse_args(argv)
    queues = create_queues(args.endpoint)
    for key, value in queues.env().items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
