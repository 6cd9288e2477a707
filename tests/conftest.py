"""One real AWS-compatible server (moto, over HTTP on loopback) for the whole test run.

The table and the deletion queues are created from template.yaml's definitions. The skill reaches the
server through the standard AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS, with the same boto3 code
that runs in Lambda; the deletion worker runs when a test drains the queue (`deletion_worker.drain()`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tools.alexa_api import AlexaSettingsApi
from tools.conversation import Conversation
from tools.envelopes import DEFAULT_SKILL_ID, Device
from tools.local_dynamodb import DEFAULT_TABLE, LocalDynamoDB
from tools.local_queues import TEST_VISIBILITY_SECONDS, LocalQueues, WorkerRunner, create_queues


@pytest.fixture(scope="session", autouse=True)
def alexa_api() -> Iterator[AlexaSettingsApi]:
    """Alexa's Device Settings API, on loopback: every device is in UTC unless a test says otherwise."""
    api = AlexaSettingsApi().start()
    os.environ["ALEXA_API_ENDPOINT"] = api.endpoint
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture(scope="session", autouse=True)
def dynamodb() -> Iterator[LocalDynamoDB]:
    server = LocalDynamoDB().start()
    try:
        server.create_table(DEFAULT_TABLE)
        os.environ.update(server.env(DEFAULT_TABLE))
        os.environ["SKILL_ID"] = DEFAULT_SKILL_ID
        # A bug must fail its test, not sound like a polite apology.
        os.environ["SAFE_CONNECTIONS_STRICT"] = "1"
        os.environ.pop("SAFE_CONNECTIONS_VARIANT_SEED", None)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def audio_bucket(dynamodb: LocalDynamoDB) -> str:
    """The reflection's audio bucket on the same server, rendered through moto's Polly (tools/local_audio.py)."""
    from tools import local_audio

    os.environ.update(local_audio.prepare(dynamodb))
    return os.environ["AUDIO_BUCKET"]


@pytest.fixture(scope="session", autouse=True)
def deletion_queues(dynamodb: LocalDynamoDB) -> LocalQueues:
    """The deletion queue and its dead-letter queue, on the same server; a short visibility timeout."""
    queues = create_queues(dynamodb.endpoint, visibility_timeout=TEST_VISIBILITY_SECONDS)
    os.environ.update(queues.env())
    return queues


@pytest.fixture
def own_queues(dynamodb: LocalDynamoDB) -> LocalQueues:
    """A deletion queue (and dead-letter queue) of this test's own, for counting what is in it."""
    import uuid

    return create_queues(dynamodb.endpoint, name=f"deletions-{uuid.uuid4().hex[:12]}",
                         visibility_timeout=TEST_VISIBILITY_SECONDS)


@pytest.fixture
def deletion_worker(deletion_queues: LocalQueues) -> WorkerRunner:
    """The deletion worker as Lambda's SQS event source runs it; `drain()` runs it until the queue is empty."""
    return WorkerRunner(deletion_queues)


@pytest.fixture(scope="session")
def ddb(dynamodb: LocalDynamoDB) -> Any:
    """A plain boto3 client on the local server, for looking at what the skill stored."""
    return dynamodb.client()


@pytest.fixture(scope="session")
def handler(dynamodb: LocalDynamoDB) -> Any:
    from lambda_function import lambda_handler

    return lambda_handler


@pytest.fixture
def device() -> Device:
    return Device()


@pytest.fixture
def talk(handler: Any, device: Device) -> Conversation:
    """A conversation with a brand-new user on their own device."""
    return Conversation(handler, device)


@pytest.fixture(scope="session")
def speech() -> Any:
    from safe_connections.config import load_config
    from safe_connections.speech import Speech

    return Speech(load_config().content_dir)


def items_of(ddb: Any, user_id: str) -> list[dict[str, Any]]:
    """Every item DynamoDB holds for one Alexa account (all speakers), read with one Query."""
    from safe_connections.store import UserRef

    table = os.environ["TABLE_NAME"]
    response = ddb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": UserRef(user_id).pk}},
        ConsistentRead=True,
    )
    return response["Items"]
