"""The fault proxy itself: it passes requests through untouched, counts them, and misbehaves on request
(also when told so over HTTP by another process)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from tools.fault_proxy import CONTROL_PATH, FaultProxy


@pytest.fixture
def proxy(dynamodb):
    with FaultProxy(dynamodb.endpoint) as running:
        yield running


def _client(endpoint):
    import boto3

    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="local",
                        aws_secret_access_key="local",
                        config=Config(read_timeout=0.5, retries={"total_max_attempts": 1}))


def test_passes_through_and_records(proxy):
    tables = _client(proxy.endpoint).list_tables()["TableNames"]
    assert tables and proxy.record.operations() == ["ListTables"] and proxy.record.injected() == 0


def test_throttle_is_a_dynamodb_throttling_error_and_times_counts_down(proxy):
    client = _client(proxy.endpoint)
    proxy.inject("throttle", times=1)
    with pytest.raises(ClientError) as error:
        client.list_tables()
    assert error.value.response["Error"]["Code"] == "ThrottlingException"
    assert client.list_tables()["TableNames"]


def test_only_the_named_operations_misbehave(proxy):
    client = _client(proxy.endpoint)
    proxy.inject("error500", operations={"PutItem"})
    assert client.list_tables()["TableNames"]
    with pytest.raises(ClientError) as error:
        client.put_item(TableName="nope", Item={"pk": {"S": "a"}, "sk": {"S": "b"}})
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_timeout_and_drop(proxy):
    client = _client(proxy.endpoint)
    proxy.inject("timeout", seconds=3, times=1)
    with pytest.raises(ReadTimeoutError):
        client.list_tables()
    proxy.inject("drop", times=1)
    with pytest.raises(ConnectionClosedError):
        client.list_tables()
    assert client.list_tables()["TableNames"]


def test_faults_can_be_switched_over_http(proxy):
    request = urllib.request.Request(proxy.endpoint + CONTROL_PATH, method="POST",
                                     data=json.dumps({"fault": "throttle", "times": 1}).encode())
    assert json.loads(urllib.request.urlopen(request, timeout=2).read()) == {"ok": True}
    with pytest.raises(ClientError):
        _client(proxy.endpoint).list_tables()


def test_unknown_faults_are_refused(proxy):
    with pytest.raises(ValueError):
        proxy.inject("gremlins")
