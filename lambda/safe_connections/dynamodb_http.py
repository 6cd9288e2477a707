"""A small DynamoDB client for the calls the skill makes, so a cold start does not import botocore.

Why: importing botocore and building its DynamoDB client costs about 200 ms of every cold start
(urllib3, http.client, the service model and endpoint rules), more than the whole rest of the
skill, and a person waits through it after "Alexa, open safe connections". DynamoDB's API is
JSON over one HTTPS POST signed with SigV4, and its JSON is exactly the parameters boto3's client
takes, so this client takes the same keyword arguments and returns the same dictionaries.

What it keeps from botocore: the standard endpoint (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL
honoured), credentials from the environment (how Lambda provides them), bounded timeouts, retries
of throttling and 5xx with jitter, and errors raised as botocore's ClientError (with the same
`client.exceptions.<Code>` classes). Anything else (paginators, waiters, `meta`, an operation
not listed here) is handed to a real botocore client, built on first use. `Store` falls back to
botocore when the environment holds no credentials (a local profile, SSO...).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import threading
import time
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

OPERATIONS = {
    "get_item": "GetItem", "put_item": "PutItem", "update_item": "UpdateItem", "delete_item": "DeleteItem",
    "query": "Query", "batch_get_item": "BatchGetItem", "batch_write_item": "BatchWriteItem",
    "transact_get_items": "TransactGetItems", "transact_write_items": "TransactWriteItems",
}
RETRYABLE_CODES = {
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "InternalServerError", "ServiceUnavailable", "TransactionInProgressException",
}
_CONTENT_TYPE = "application/x-amz-json-1.0"


def environment_credentials() -> tuple[str, str, str | None] | None:
    key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    return (key, secret, os.environ.get("AWS_SESSION_TOKEN") or None) if key and secret else None


def environment_region() -> str | None:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None


def sign(
    *, body: bytes, host: str, target: str, region: str, credentials: tuple[str, str, str | None], now: datetime,
) -> dict[str, str]:
    """SigV4 headers for a DynamoDB POST to "/" (checked against botocore's signer in the tests)."""
    key, secret, token = credentials
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    headers = {"content-type": _CONTENT_TYPE, "host": host, "x-amz-date": amz_date, "x-amz-target": target}
    if token:
        headers["x-amz-security-token"] = token
    names = sorted(headers)
    signed = ";".join(names)
    canonical = "\n".join([
        "POST", "/", "", *(f"{name}:{headers[name]}" for name in names), "", signed,
        hashlib.sha256(body).hexdigest(),
    ])
    scope = f"{day}/{region}/dynamodb/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    signature = hmac.new(_signing_key(secret, day, region), to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders={signed}, Signature={signature}"
    )
    return headers


@lru_cache(maxsize=4)
def _signing_key(secret: str, day: str, region: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (day, region, "dynamodb", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


class _Exceptions:
    """`client.exceptions.ConditionalCheckFailedException` and friends, as botocore offers them."""

    def __init__(self) -> None:
        self._classes: dict[str, type] = {}
        self._lock = threading.Lock()  # one class per code, or `except` would miss a twin

    def __getattr__(self, code: str) -> type:
        if code.startswith("_"):
            raise AttributeError(code)
        return self.for_code(code)

    def for_code(self, code: str) -> type:
        with self._lock:
            if code not in self._classes:
                from botocore.exceptions import ClientError

                self._classes[code] = type(code, (ClientError,), {})
            return self._classes[code]


class DynamoDBClient:
    """boto3-compatible for the operations in OPERATIONS; thread-safe (one connection per thread)."""

    def __init__(
        self,
        *,
        region: str,
        credentials: tuple[str, str, str | None],
        endpoint: str | None = None,
        connect_timeout: float = 0.5,
        read_timeout: float = 1.0,
        max_attempts: int = 2,
    ) -> None:
        endpoint = endpoint or os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL")
        self.endpoint = (endpoint or f"https://dynamodb.{region}.amazonaws.com").rstrip("/")
        parts = urlsplit(self.endpoint)
        self._secure = parts.scheme == "https"
        self._host = parts.netloc
        self.region = region
        self.credentials = credentials
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_attempts = max_attempts
        self.exceptions = _Exceptions()
        self._local = threading.local()
        self._botocore: Any = None
        self._botocore_lock = threading.Lock()

    # -- boto3's surface --------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        operation = OPERATIONS.get(name)
        if operation is not None:
            return lambda **params: self.call(operation, params)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.botocore, name)

    @property
    def botocore(self) -> Any:
        """A real botocore client for whatever this one does not do itself (built on first use)."""
        with self._botocore_lock:
            if self._botocore is None:
                import botocore.session

                self._botocore = botocore.session.get_session().create_client(
                    "dynamodb", region_name=self.region, endpoint_url=self.endpoint,
                    aws_access_key_id=self.credentials[0], aws_secret_access_key=self.credentials[1],
                    aws_session_token=self.credentials[2],
                )
        return self._botocore

    # -- the call ---------------------------------------------------------------------------------

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(params, separators=(",", ":")).encode()
        for attempt in range(1, self.max_attempts + 1):
            try:
                status, payload = self._post(f"DynamoDB_20120810.{operation}", body)
            except OSError as error:  # refused, reset, timed out
                self._drop_connection()
                if attempt == self.max_attempts:
                    raise _connection_error(self.endpoint, error) from error
                self._back_off(attempt)
                continue
            if status == 200:
                try:
                    result = json.loads(payload) if payload else {}
                except ValueError as error:  # a proxy's page, a cut-off body
                    raise _unreadable(self.endpoint) from error
                result["ResponseMetadata"] = {"HTTPStatusCode": status, "RetryAttempts": attempt - 1}
                return result
            error = self._client_error(operation, status, payload)
            code = error.response["Error"]["Code"]
            if attempt == self.max_attempts or not (status >= 500 or code in RETRYABLE_CODES):
                raise error
            self._back_off(attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _post(self, target: str, body: bytes) -> tuple[int, bytes]:
        import http.client

        headers = sign(body=body, host=self._host, target=target, region=self.region,
                       credentials=self.credentials, now=datetime.now(UTC))
        headers["content-length"] = str(len(body))
        reused = getattr(self._local, "connection", None) is not None
        try:
            return self._exchange(headers, body)
        except (OSError, http.client.HTTPException) as error:
            self._drop_connection()
            if not reused or isinstance(error, TimeoutError):
                if isinstance(error, OSError):
                    raise
                raise ConnectionError(f"bad HTTP answer: {type(error).__name__}") from error
        # The server closed an idle keep-alive connection: one fresh try, not counted as a retry.
        return self._exchange(headers, body)

    def _exchange(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        connection = self._connection()
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        if response.will_close:
            self._drop_connection()
        return response.status, payload

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            import http.client

            if self._secure:
                import ssl

                connection = http.client.HTTPSConnection(
                    self._host, timeout=self.connect_timeout, context=ssl.create_default_context())
            else:
                connection = http.client.HTTPConnection(self._host, timeout=self.connect_timeout)
            connection.connect()
            connection.sock.settimeout(self.read_timeout)
            self._local.connection = connection
        return connection

    def _drop_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def _back_off(self, attempt: int) -> None:
        time.sleep(random.uniform(0, 0.05 * 2 ** (attempt - 1)))  # full jitter, short: Alexa waits 8 s in all

    def _client_error(self, operation: str, status: int, payload: bytes) -> Exception:
        try:
            parsed = json.loads(payload) if payload else {}
        except ValueError:
            parsed = {}
        kind = str(parsed.get("__type") or f"HTTP{status}")
        code = kind.rsplit("#", 1)[-1]
        message = parsed.get("message") or parsed.get("Message") or ""
        response = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}
        for name in ("CancellationReasons", "Item"):
            if name in parsed:
                response[name] = parsed[name]
        return self.exceptions.for_code(code)(response, operation)


def _connection_error(endpoint: str, error: OSError) -> Exception:
    from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

    if isinstance(error, TimeoutError):
        return ReadTimeoutError(endpoint_url=endpoint)
    return EndpointConnectionError(endpoint_url=endpoint)


def _unreadable(endpoint: str) -> Exception:
    from botocore.exceptions import BotoCoreError

    class UnreadableResponse(BotoCoreError):
        fmt = "DynamoDB's answer from {endpoint_url} could not be read"

    return UnreadableResponse(endpoint_url=endpoint)


def client_from_environment(**timeouts: Any) -> DynamoDBClient | None:
    """The fast client when the environment holds credentials and a region (Lambda always does)."""
    credentials, region = environment_credentials(), environment_region()
    if credentials is None or region is None or os.environ.get("SAFE_CONNECTIONS_BOTOCORE") == "1":
        return None
    return DynamoDBClient(region=region, credentials=credentials, **timeouts)


__all__ = ["DynamoDBClient", "client_from_environment", "sign"]
