"""The only module that talks to DynamoDB. Records in, records out; items never leave this file.

One table, string keys `pk`/`sk` (see README "Data model"):
  pk = "A#" + sha256(Alexa userId)                       one partition per Alexa account
  sk = "P#<person>#profile"                               the user's profile
  sk = "P#<person>#C#<yyyy-mm-dd>#<entry id>"             a check-in (issue 6)
where <person> is sha256(recognised speaker personId), or "-" when Alexa sends none, so two
people sharing an Echo keep separate data while one Query on pk still finds all of an account.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

log = logging.getLogger(__name__)

PK = "pk"
SK = "sk"
WHO_KEY = "whoKey"
EXPIRES_AT = "expiresAt"

# Bounded so that one slow call can never push a response past Alexa's 8 s (Lambda timeout 7 s):
# at most 2 attempts of (0.5 s connect + 1.0 s read) plus a short backoff.
CLIENT_TIMEOUTS = {"connect_timeout": 0.5, "read_timeout": 1.0, "retries": {"max_attempts": 2, "mode": "standard"}}


class StoreError(Exception):
    """DynamoDB could not be reached or refused the call; the user must be told the truth."""


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:40]


@dataclass(frozen=True)
class UserRef:
    """Whose data: the Alexa account, and the recognised speaker on it when Alexa knows them."""

    account: str
    person: str | None = None

    @property
    def pk(self) -> str:
        return f"A#{_digest(self.account)}"

    @property
    def scope(self) -> str:
        return f"P#{_digest(self.person) if self.person else '-'}"

    def sk(self, *parts: str) -> str:
        return "#".join((self.scope, *parts))


@dataclass
class Profile:
    """What the skill remembers about one person. `exists` is False for a first-time user."""

    exists: bool = False
    first_seen: str | None = None
    reflection: dict[str, Any] | None = None
    safe_person: str | None = None
    own_counter_belief: str | None = None
    safety_plan: dict[str, Any] | None = None
    private_mode: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# Profile field -> item attribute. Attribute names are fixed here and nowhere else.
PROFILE_ATTRIBUTES = {
    "first_seen": "firstSeen",
    "reflection": "reflection",
    "safe_person": "safePerson",
    "own_counter_belief": "ownCounterBelief",
    "safety_plan": "safetyPlan",
    "private_mode": "privateMode",
}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; the rest of the skill wants int/float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Store:
    """Every DynamoDB call of the skill. The client is made on first use and reused."""

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.table_name = table_name
        self._client = client

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            from safe_connections.dynamodb_http import client_from_environment

            # A small signed-HTTP client when Lambda's environment credentials are there (saves
            # ~200 ms of cold start, see dynamodb_http.py); botocore for any other credentials.
            self._client = client_from_environment(
                connect_timeout=CLIENT_TIMEOUTS["connect_timeout"], read_timeout=CLIENT_TIMEOUTS["read_timeout"],
                max_attempts=CLIENT_TIMEOUTS["retries"]["max_attempts"],
            )
            if self._client is None:
                import boto3
                from botocore.config import Config

                self._client = boto3.client("dynamodb", config=Config(**CLIENT_TIMEOUTS))
        return self._client

    def _to_item(self, values: dict[str, Any]) -> dict[str, Any]:
        return {k: to_attribute(_dynamo_safe(v)) for k, v in values.items()}

    def _from_item(self, item: dict[str, Any]) -> dict[str, Any]:
        return {k: _plain(from_attribute(v)) for k, v in item.items()}

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        """One DynamoDB call; botocore's errors become StoreError so handlers never see boto3."""
        try:
            return getattr(self.client, operation)(TableName=self.table_name, **kwargs)
        except Exception as error:
            # Imported only on failure: botocore stays out of a cold start that goes well.
            from botocore.exceptions import BotoCoreError, ClientError

            if isinstance(error, ClientError):
                code = error.response.get("Error", {}).get("Code", "Unknown")
                log.warning("dynamodb %s failed: %s", operation, code)
                raise StoreError(f"{operation} failed: {code}") from error
            if isinstance(error, BotoCoreError):
                log.warning("dynamodb %s failed: %s", operation, type(error).__name__)
                raise StoreError(f"{operation} failed: {type(error).__name__}") from error
            raise

    def _key(self, user: UserRef, *sk_parts: str) -> dict[str, Any]:
        return {PK: {"S": user.pk}, SK: {"S": user.sk(*sk_parts)}}

    # -- profile --------------------------------------------------------------------------------

    def _profile_from(self, item: dict[str, Any] | None) -> Profile:
        if not item:
            return Profile()
        values = self._from_item(item)
        known = {name: values.get(attr) for name, attr in PROFILE_ATTRIBUTES.items()}
        known["private_mode"] = bool(known["private_mode"])
        extra = {k: v for k, v in values.items() if k not in PROFILE_ATTRIBUTES.values()}
        return Profile(exists=True, extra=extra, **known)

    def open_profile(self, user: UserRef, now: str) -> Profile:
        """Marks a visit and returns the profile as it was before it: one call for a launch."""
        response = self._call(
            "update_item",
            Key=self._key(user, "profile"),
            UpdateExpression="SET lastSeen = :now, firstSeen = if_not_exists(firstSeen, :now)",
            ExpressionAttributeValues={":now": {"S": now}},
            ReturnValues="ALL_OLD",
        )
        return self._profile_from(response.get("Attributes"))

    def get_profile(self, user: UserRef) -> Profile:
        response = self._call("get_item", Key=self._key(user, "profile"), ConsistentRead=True)
        return self._profile_from(response.get("Item"))

    def update_profile(self, user: UserRef, **changes: Any) -> None:
        """Sets the named profile fields; a value of None removes the field."""
        unknown = set(changes) - set(PROFILE_ATTRIBUTES)
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        if not changes:
            return
        names = {f"#{i}": PROFILE_ATTRIBUTES[name] for i, name in enumerate(changes)}
        sets = [f"#{i} = :{i}" for i, value in enumerate(changes.values()) if value is not None]
        removes = [f"#{i}" for i, value in enumerate(changes.values()) if value is None]
        values = {f":{i}": value for i, value in enumerate(changes.values()) if value is not None}
        expression = " ".join(
            part for part in (
                "SET " + ", ".join(sets) if sets else "",
                "REMOVE " + ", ".join(removes) if removes else "",
            ) if part
        )
        kwargs: dict[str, Any] = {
            "Key": self._key(user, "profile"),
            "UpdateExpression": expression,
            "ExpressionAttributeNames": names,
        }
        if values:
            kwargs["ExpressionAttributeValues"] = self._to_item(values)
        self._call("update_item", **kwargs)

    # -- leaving --------------------------------------------------------------------------------

    def delete_account(self, account: str) -> int:
        """Deletes every item of an Alexa account, every speaker on it included. Returns the count."""
        pk = UserRef(account).pk
        keys: list[dict[str, Any]] = []
        start: dict[str, Any] | None = None
        while True:
            kwargs: dict[str, Any] = {
                "KeyConditionExpression": "pk = :pk",
                "ExpressionAttributeValues": {":pk": {"S": pk}},
                "ProjectionExpression": "pk, sk",
                "ConsistentRead": True,
            }
            if start:
                kwargs["ExclusiveStartKey"] = start
            page = self._call("query", **kwargs)
            keys.extend(page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        self._delete_keys(keys)
        return len(keys)

    def _delete_keys(self, keys: list[dict[str, Any]]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        for first in range(0, len(keys), 25):
            requests = [{"DeleteRequest": {"Key": key}} for key in keys[first:first + 25]]
            for _attempt in range(5):
                try:
                    response = self.client.batch_write_item(RequestItems={self.table_name: requests})
                except (ClientError, BotoCoreError) as error:
                    raise StoreError("batch_write_item failed") from error
                requests = response.get("UnprocessedItems", {}).get(self.table_name, [])
                if not requests:
                    break
            else:
                raise StoreError("batch_write_item left items unprocessed")


def to_attribute(value: Any) -> dict[str, Any]:
    """A Python value as a DynamoDB attribute value (boto3's TypeSerializer, without importing boto3)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | Decimal):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, dict):
        return {"M": {str(k): to_attribute(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [to_attribute(v) for v in value]}
    if isinstance(value, set | frozenset) and value:
        if all(isinstance(v, str) for v in value):
            return {"SS": sorted(value)}
        if all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in value):
            return {"NS": [str(v) for v in value]}
    raise TypeError(f"cannot store a {type(value).__name__} in DynamoDB")


def from_attribute(attribute: dict[str, Any]) -> Any:
    """A DynamoDB attribute value as a Python value (boto3's TypeDeserializer: numbers as Decimal)."""
    ((kind, value),) = attribute.items()
    if kind in ("S", "BOOL"):
        return value
    if kind == "N":
        return Decimal(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: from_attribute(v) for k, v in value.items()}
    if kind == "L":
        return [from_attribute(v) for v in value]
    if kind == "SS":
        return set(value)
    if kind == "NS":
        return {Decimal(v) for v in value}
    if kind in ("B", "BS"):
        from base64 import b64decode

        decode = lambda v: v if isinstance(v, bytes) else b64decode(v)  # noqa: E731 - wire (str) or botocore (bytes)
        return decode(value) if kind == "B" else {decode(v) for v in value}
    raise TypeError(f"unknown DynamoDB type {kind}")


def _dynamo_safe(value: Any) -> Any:
    """DynamoDB wants Decimal, not float."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _dynamo_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dynamo_safe(v) for v in value]
    return value


__all__ = ["Profile", "Store", "StoreError", "UserRef"]
