"""The small DynamoDB client signs, answers and fails exactly as botocore's client would."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from safe_connections.dynamodb_http import DynamoDBClient, sign
from safe_connections.store import Store, StoreError, UserRef, from_attribute, to_attribute

NOW = datetime(2026, 11, 26, 21, 30, 5, tzinfo=UTC)


@pytest.mark.parametrize("token", [None, "session-token/with+odd=chars"])
def test_the_signature_is_the_one_botocore_computes(monkeypatch, token):
    from botocore import auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    body = b'{"TableName":"t","Key":{"pk":{"S":"A#1"}}}'
    request = AWSRequest(method="POST", url="https://dynamodb.eu-west-1.amazonaws.com/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.GetItem"})
    monkeypatch.setattr(auth, "get_current_datetime", lambda: NOW)
    auth.SigV4Auth(Credentials("AKIDEXAMPLE", "secret/key+x", token), "dynamodb", "eu-west-1").add_auth(request)
    ours = sign(body=body, host="dynamodb.eu-west-1.amazonaws.com", target="DynamoDB_20120810.GetItem",
                region="eu-west-1", credentials=("AKIDEXAMPLE", "secret/key+x", token), now=NOW)
    assert ours["authorization"] == request.headers["Authorization"]


values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30).map(Decimal), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12,
) | st.sets(st.text(max_size=5), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_items_are_written_and_read_as_boto3_would(value):
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

    theirs = TypeSerializer().serialize(value)
    ours = to_attribute(value)
    if "SS" in ours:
        assert sorted(ours["SS"]) == sorted(theirs["SS"])
    else:
        assert ours == theirs
    assert from_attribute(theirs) == TypeDeserializer().deserialize(theirs)


def _client(**kwargs):
    return DynamoDBClient(region="us-east-1", credentials=("local", "local", None), **kwargs)


def test_a_failed_condition_is_botocores_client_error_with_its_code(dynamodb):
    client = _client()
    table = os.environ["TABLE_NAME"]
    key = {"pk": {"S": "A#unit"}, "sk": {"S": "P#-#profile"}}
    client.put_item(TableName=table, Item=key)
    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as raised:
        client.put_item(TableName=table, Item=key, ConditionExpression="attribute_not_exists(pk)")
    from botocore.exceptions import ClientError

    assert isinstance(raised.value, ClientError)
    assert raised.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"] == key


def test_what_it_does_not_do_itself_goes_to_botocore(dynamodb):
    client = _client()
    pages = client.get_paginator("query").paginate(
        TableName=os.environ["TABLE_NAME"], KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "A#nobody"}})
    assert [page["Items"] for page in pages] == [[]]


def test_a_dead_endpoint_is_a_store_error_within_the_time_budget():
    from tools.local_dynamodb import free_port

    dead = _client(endpoint=f"http://127.0.0.1:{free_port()}")
    started = datetime.now(UTC)
    with pytest.raises(StoreError):
        Store("t", client=dead).get_profile(UserRef("someone"))
    assert (datetime.now(UTC) - started).total_seconds() < 2


def test_an_unreadable_answer_is_a_store_error_not_a_crash():
    import http.server
    import threading

    class Garbage(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["content-length"]))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>gateway</html>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = _client(endpoint=f"http://127.0.0.1:{server.server_address[1]}")
        with pytest.raises(StoreError):
            Store("t", client=client).get_profile(UserRef("someone"))
    finally:
        server.shutdown()
        server.server_close()
