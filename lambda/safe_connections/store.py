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
import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from safe_connections.people import person_key

log = logging.getLogger(__name__)

PK = "pk"
SK = "sk"
WHO_KEY = "whoKey"
EXPIRES_AT = "expiresAt"

# Bounded so that one slow call can never push a response past Alexa's 8 s (Lambda timeout 7 s):
# at most 2 attempts of (0.5 s connect + 1.0 s read) plus a short backoff (under 1 s), about 3 s in all.
# botocore's `max_attempts` counts RETRIES (2 meant 3 attempts, about 6 s for a hung server, measured with
# tools/fault_proxy.py); `total_max_attempts` counts attempts.
CLIENT_TIMEOUTS = {
    "connect_timeout": 0.5,
    "read_timeout": 1.0,
    "retries": {"total_max_attempts": 2, "mode": "standard"},
}


def dynamodb_client() -> Any:
    """boto3's DynamoDB client, with a botocore session whose data loader knows the one service it
    will be asked for. The default loader lists every service's folder of botocore's data (about
    450 folders, twice) only to check that "dynamodb" is one of them: ~13 ms CPU of a cold start."""
    import boto3
    import botocore.session
    from botocore.config import Config
    from botocore.loaders import Loader

    class OneServiceLoader(Loader):
        def list_available_services(self, type_name: str) -> list[str]:
            return ["dynamodb"]

    core = botocore.session.Session()
    data_path = core.get_config_variable("data_path")  # AWS_DATA_PATH, as botocore's own loader reads it
    paths = [os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)] if data_path else None
    core.register_component("data_loader", OneServiceLoader(extra_search_paths=paths))
    return boto3.session.Session(botocore_session=core).client("dynamodb", config=Config(**CLIENT_TIMEOUTS))


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


@cache
def _serializer() -> Any:
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer()


@cache
def _deserializer() -> Any:
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


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
    """Every DynamoDB call of the skill. The boto3 client is made on first use and reused."""

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.table_name = table_name
        self._client = client

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    def _to_item(self, values: dict[str, Any]) -> dict[str, Any]:
        return {k: _serializer().serialize(_dynamo_safe(v)) for k, v in values.items()}

    def _from_item(self, item: dict[str, Any]) -> dict[str, Any]:
        deserializer = _deserializer()
        return {k: _plain(deserializer.deserialize(v)) for k, v in item.items()}

    def _call(self, operation: str, *, on_table: bool = True, **kwargs: Any) -> dict[str, Any]:
        """One DynamoDB call; botocore's errors become StoreError so handlers never see boto3."""
        if on_table:
            kwargs["TableName"] = self.table_name
        try:
            return getattr(self.client, operation)(**kwargs)
        except Exception as error:
            # Imported only on failure: botocore stays out of a cold start that goes well.
            from botocore.exceptions import BotoCoreError, ClientError

            if isinstance(error, ClientError):
                code = _code(error)
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
        # A profile written before any launch (a one-shot "save my counter belief") has no firstSeen:
        # that person has not heard the welcome and its care disclaimer yet.
        return Profile(exists=bool(known["first_seen"]), extra=extra, **known)

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
        keys = self._query_all({
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": UserRef(account).pk}},
            "ProjectionExpression": "pk, sk",
            "ConsistentRead": True,
        })
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

    def _succeeds_once(self, operation: str, **kwargs: Any) -> bool:
        """A conditional write: False when its condition failed (already stored, already gone)."""
        from botocore.exceptions import ClientError

        try:
            self._call(operation, **kwargs)
        except StoreError as error:
            cause = error.__cause__
            if isinstance(cause, ClientError) and _code(cause) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    # -- journal (issue 6) ------------------------------------------------------------------------
    # Check-ins: sk = <scope>#C#<yyyy-mm-dd>#<entry id>, whoKey = <scope>#W#<person key>#<day>#<id>.
    # Every read is one Query on the table or on the byPerson LSI; every write is conditional.

    def save_check_in(self, user: UserRef, entry: CheckIn, expires_at: int | None = None, *,
                      replacing_day: str | None = None) -> bool:
        """Stores a check-in once; never a second item for one entry id.

        With `replacing_day` None it is new: a conditional put, False when that id was already stored (a
        retry whose first answer was lost): a success. With `replacing_day` the entry was (maybe) stored
        before under that day and has changed since: that item is replaced by this one, in place when the
        day is the same, else deleted and written under the new day in one transaction."""
        item = self._check_in_item(user, entry, expires_at)
        if replacing_day is None:
            stored = self._succeeds_once("put_item", Item=item, ConditionExpression="attribute_not_exists(pk)")
            if not stored:
                log.info("check-in already stored (retry) id=%s", entry.id)
            return stored
        if replacing_day == entry.day:
            self._call("put_item", Item=item)
            return True
        self._call("transact_write_items", on_table=False, TransactItems=[
            {"Delete": {"TableName": self.table_name, "Key": self._key(user, "C", replacing_day, entry.id)}},
            {"Put": {"TableName": self.table_name, "Item": item}},
        ])
        return True

    def get_check_in(self, user: UserRef, day: str, entry_id: str) -> CheckIn | None:
        """One check-in by its key (a strongly consistent read): what a save whose answer was lost did."""
        found = self._call("get_item", Key=self._key(user, "C", day, entry_id), ConsistentRead=True).get("Item")
        return self._check_in_from(found) if found else None

    def _check_in_item(self, user: UserRef, entry: CheckIn, expires_at: int | None) -> dict[str, Any]:
        values: dict[str, Any] = {
            PK: user.pk,
            SK: user.sk("C", entry.day, entry.id),
            WHO_KEY: user.sk("W", entry.person_key, entry.day, entry.id),
            "person": entry.person,
            "feeling": entry.feeling,
            "createdAt": entry.created_at,
        }
        if entry.felt_as:
            values["feltAs"] = entry.felt_as[:60]
        if entry.note:
            values["note"] = entry.note[:MAX_NOTE_CHARS]
        if entry.revision:
            values["revision"] = entry.revision
        if expires_at:
            values[EXPIRES_AT] = int(expires_at)
        return self._to_item(values)

    def latest_check_ins(self, user: UserRef, limit: int, after: str | None = None) -> Page:
        """The newest check-ins first; `after` is the sort key a previous page ended on."""
        return self._check_in_page(
            {"KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
             "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":prefix": {"S": user.sk("C", "")}}},
            user, limit, after, index=None,
        )

    def check_ins_between(self, user: UserRef, first_day: str, last_day: str, limit: int,
                          after: str | None = None) -> Page:
        """Check-ins dated first_day..last_day (yyyy-mm-dd, inclusive), newest first."""
        return self._check_in_page(
            {"KeyConditionExpression": "pk = :pk AND sk BETWEEN :low AND :high",
             "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":low": {"S": user.sk("C", first_day)},
                                           ":high": {"S": user.sk("C", last_day + "~")}}},
            user, limit, after, index=None,
        )

    def check_ins_with(self, user: UserRef, person_key: str, limit: int, after: str | None = None) -> Page:
        """Check-ins with one person, newest first (byPerson LSI)."""
        return self._check_in_page(
            {"KeyConditionExpression": "pk = :pk AND begins_with(whoKey, :prefix)",
             "ExpressionAttributeValues": {":pk": {"S": user.pk},
                                           ":prefix": {"S": user.sk("W", person_key, "")}}},
            user, limit, after, index=BY_PERSON,
        )

    def feelings_between(self, user: UserRef, first_day: str, last_day: str) -> list[CheckIn]:
        """Who and how it felt for every check-in in a period, without notes: one Query (paged past 1 MB)."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :low AND :high",
            "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":low": {"S": user.sk("C", first_day)},
                                          ":high": {"S": user.sk("C", last_day + "~")}},
            # Names through placeholders: DynamoDB reserves hundreds of words.
            "ProjectionExpression": "#sk, #person, #feeling",
            "ExpressionAttributeNames": {"#sk": SK, "#person": "person", "#feeling": "feeling"},
        }
        found: list[CheckIn] = []
        for item in self._query_all(kwargs):
            found.append(self._check_in_from(item))
        return found

    def delete_check_in(self, user: UserRef, day: str, entry_id: str) -> bool:
        """Deletes one check-in; False when it was already gone."""
        return self._succeeds_once("delete_item", Key=self._key(user, "C", day, entry_id),
                                   ConditionExpression="attribute_exists(pk)")

    def delete_check_ins_with(self, user: UserRef, person_key: str) -> int:
        """Deletes every check-in with one person: one keys-only Query on byPerson, then batch deletes."""
        keys = self._query_all({
            "IndexName": BY_PERSON,
            "KeyConditionExpression": "pk = :pk AND begins_with(whoKey, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":prefix": {"S": user.sk("W", person_key, "")}},
            "ProjectionExpression": "pk, sk",
        })
        self._delete_keys(keys)
        log.info("deleted check-ins with one person count=%d", len(keys))
        return len(keys)

    def delete_journal(self, user: UserRef) -> int:
        """Deletes every check-in of one person scope; the profile stays."""
        return self._delete_prefix(user, user.sk("C", ""))

    def delete_user(self, user: UserRef) -> int:
        """Deletes every item of one person scope, profile included (not the other speakers on the account)."""
        return self._delete_prefix(user, user.sk(""))

    def _delete_prefix(self, user: UserRef, prefix: str) -> int:
        keys = self._query_all({
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":prefix": {"S": prefix}},
            "ProjectionExpression": "pk, sk",
            "ConsistentRead": True,
        })
        self._delete_keys(keys)
        log.info("deleted items count=%d", len(keys))
        return len(keys)

    def _query_all(self, kwargs: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self._call("query", **kwargs)
            items.extend(page.get("Items", []))
            if not page.get("LastEvaluatedKey"):
                return items
            kwargs = {**kwargs, "ExclusiveStartKey": page["LastEvaluatedKey"]}

    def _check_in_page(self, query: dict[str, Any], user: UserRef, limit: int, after: str | None,
                       index: str | None) -> Page:
        # One more than asked, so "want to hear more?" is only offered when there is more.
        limit = max(1, limit)
        kwargs: dict[str, Any] = {**query, "ScanIndexForward": False, "Limit": limit + 1}
        if index:
            kwargs["IndexName"] = index
        if after:
            kwargs["ExclusiveStartKey"] = _start_key(user, after, index)
        items = self._call("query", **kwargs).get("Items", [])
        cursor = None
        if len(items) > limit:
            items = items[:limit]
            last = items[-1]
            cursor = f"{last[SK]['S']}|{last[WHO_KEY]['S']}" if index else last[SK]["S"]
        return Page([self._check_in_from(item) for item in items], cursor)

    def _check_in_from(self, item: dict[str, Any]) -> CheckIn:
        values = self._from_item(item)
        parts = values[SK].split("#")  # P, <person>, C, <day>, <id>
        who = values.get("person") or ""
        return CheckIn(
            id=parts[4] if len(parts) > 4 else "",
            day=parts[3] if len(parts) > 3 else "",
            person=who,
            feeling=values.get("feeling") or "",
            note=values.get("note") or "",
            created_at=values.get("createdAt") or "",
            felt_as=values.get("feltAs") or "",
            revision=values.get("revision") if isinstance(values.get("revision"), int) else 0,
        )


def _code(error: Any) -> str:
    return error.response.get("Error", {}).get("Code", "Unknown")


def _start_key(user: UserRef, cursor: str, index: str | None) -> dict[str, Any]:
    if index:
        sk, who = cursor.split("|", 1)
        return {PK: {"S": user.pk}, SK: {"S": sk}, WHO_KEY: {"S": who}}
    return {PK: {"S": user.pk}, SK: {"S": cursor}}


BY_PERSON = "byPerson"
MAX_NOTE_CHARS = 500


def new_entry_id(request_id: str, requested_at: str = "") -> str:
    """A check-in's id from the Alexa request of its first save attempt, so a retry maps to the same item.

    The request's own time (HHMMSS, the same in a retried envelope) comes first so that check-ins of one
    day sort newest first; the request id's digest makes it unique."""
    return f"{requested_at}{_digest(request_id or 'no-request-id')[:16]}"


@dataclass(frozen=True)
class CheckIn:
    """One journal entry: who, how it felt (a FEELING id), what they noticed, which day."""

    id: str
    day: str
    person: str
    feeling: str
    note: str = ""
    created_at: str = ""
    felt_as: str = ""
    revision: int = 0  # which version of the draft this is (a save can tell its own write from an older one)

    @property
    def person_key(self) -> str:
        return person_key(self.person)


@dataclass(frozen=True)
class Page:
    """Some check-ins, newest first, and where the next page starts (None: there is no more)."""

    entries: list[CheckIn]
    cursor: str | None


def _dynamo_safe(value: Any) -> Any:
    """DynamoDB wants Decimal, not float."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _dynamo_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dynamo_safe(v) for v in value]
    return value


__all__ = ["CheckIn", "Page", "Profile", "Store", "StoreError", "UserRef", "new_entry_id", "person_key"]
