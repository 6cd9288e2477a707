"""A real DynamoDB-compatible server on loopback (moto's standalone server), with our table.

The skill reaches it over HTTP through the standard AWS_ENDPOINT_URL_DYNAMODB, exactly as it
reaches DynamoDB in Lambda. Used by the tests, the simulator and the benchmarks.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.template import create_table_kwargs, ttl_attribute

DEFAULT_TABLE = "safe-connections-local"
LOCAL_ENV = {
    # moto accepts any credentials; these keep boto3 from looking for real ones.
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalDynamoDB:
    """Starts moto_server on a free loopback port; `stop()` ends it and any children."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20.0) -> LocalDynamoDB:
        return self.launch().wait_ready(timeout)

    def launch(self) -> LocalDynamoDB:
        """Starts the server process without waiting (do other work while it boots, then `wait_ready`)."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float = 20.0) -> LocalDynamoDB:
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto server exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto server did not answer on {self.endpoint} within {timeout}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None

    def client(self):
        import boto3

        return boto3.client(
            "dynamodb",
            endpoint_url=self.endpoint,
            region_name=LOCAL_ENV["AWS_REGION"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def create_table(self, table_name: str = DEFAULT_TABLE) -> str:
        """Creates the table exactly as template.yaml declares it (idempotent)."""
        client = self.client()
        try:
            client.create_table(**create_table_kwargs(table_name))
        except client.exceptions.ResourceInUseException:
            return table_name
        attribute = ttl_attribute()
        if attribute:
            client.update_time_to_live(
                TableName=table_name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
            )
        return table_name

    def env(self, table_name: str = DEFAULT_TABLE) -> dict[str, str]:
        return {**LOCAL_ENV, "AWS_ENDPOINT_URL_DYNAMODB": self.endpoint, "TABLE_NAME": table_name}

    def save_state(self, path: Path) -> None:
        """Writes every item of every table to a JSON file, so a journal survives between runs."""
        client = self.client()
        dump: dict[str, list] = {}
        for name in client.list_tables()["TableNames"]:
            items: list = []
            for page in client.get_paginator("scan").paginate(TableName=name):
                items.extend(page["Items"])
            dump[name] = items
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")  # a run stopped mid-write never leaves half a file
        partial.write_text(json.dumps(dump))
        partial.replace(path)

    def load_state(self, path: Path) -> int:
        if not path.exists():
            return 0
        client = self.client()
        count = 0
        for name, items in json.loads(path.read_text()).items():
            self.create_table(name)
            for item in items:
                client.put_item(TableName=name, Item=item)
                count += 1
        return count


@contextmanager
def running(table_name: str = DEFAULT_TABLE) -> Iterator[LocalDynamoDB]:
    server = LocalDynamoDB().start()
    try:
        server.create_table(table_name)
        yield server
    finally:
        server.stop()
