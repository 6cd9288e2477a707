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
import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from safe_connections.deadline import DeadlineExceeded, watch
from safe_connections.people import person_key

log = logging.getLogger(__name__)

PK = "pk"
SK = "sk"
WHO_KEY = "whoKey"
EXPIRES_AT = "expiresAt"

# Per attempt: 0.5 s to connect, 1.0 s per socket read, at most 2 attempts (botocore's `max_attempts` counts
# RETRIES, `total_max_attempts` counts attempts). What bounds a whole turn is the turn's deadline
# (deadline.py): a server that trickles its answer never lets a read time out, and retries add up.
CLIENT_TIMEOUTS = {
    "connect_timeout": 0.5,
    "read_timeout": 1.0,
    "retries": {"total_max_attempts": 2, "mode": "standard"},
}


# Every string the skill stores has a bound (in characters), so no item can come near DynamoDB's 400 KB
# item limit: with every field at its bound in 4-byte characters a profile stays under 40 KB.
MAX_PERSON_CHARS = 80
MAX_FELT_AS_CHARS = 60
MAX_NOTE_CHARS = 500
MAX_SAFE_PERSON_CHARS = 80
MAX_COUNTER_BELIEF_CHARS = 300
MAX_PLAN_ANSWER_CHARS = 300
# Values the skill itself writes (feeling ids, reflection places, times) and the keys of stored maps.
MAX_OWN_VALUE_CHARS = 100
MAX_MAP_ENTRIES = 12
# Deletions waiting for the worker, each a marker in the profile (the worker removes it when done).
MAX_PENDING_DELETIONS = 20
# Profile field -> the bound of each string in it.
PROFILE_BOUNDS = {
    "safe_person": MAX_SAFE_PERSON_CHARS,
    "own_counter_belief": MAX_COUNTER_BELIEF_CHARS,
    "safety_plan": MAX_PLAN_ANSWER_CHARS,
    "reflection": MAX_OWN_VALUE_CHARS,
}
# A "more" page that came back short because hidden or expired entries filled it looks further, in bigger steps.
MAX_QUERY_LIMIT = 200


def dynamodb_client(timeouts: dict[str, Any] | None = None) -> Any:
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
    config = Config(**(timeouts or CLIENT_TIMEOUTS))
    return boto3.session.Session(botocore_session=core).client("dynamodb", config=config)


class StoreError(Exception):
    """DynamoDB could not be reached or refused the call; the user must be told the truth.
    `lasting`: trying again cannot help (a malformed call, a missing table, no permission)."""

    lasting = False


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


@dataclass(frozen=True)
class Deletion:
    """One "delete ..." the person asked for, as the queue carries it and the profile remembers it.

    `what`: ACCOUNT (every item of the Alexa account: the skill was disabled), ALL (one speaker's items, the
    profile included), JOURNAL (one speaker's check-ins) or PERSON (their check-ins with one person).
    Only items created at or before `before` go: a check-in logged while the deletion runs is kept. Keys
    are the stored digests, never Alexa's ids: nothing personal travels through the queue."""

    what: str
    pk: str
    scope: str = ""
    person_key: str = ""
    before: str = ""
    id: str = ""

    @property
    def profile_key(self) -> dict[str, Any]:
        return {PK: {"S": self.pk}, SK: {"S": f"{self.scope}#profile"}}

    @property
    def marker(self) -> str:
        """What the profile keeps while the deletion runs: one string in its `deleting` set, always spelled
        the same (the worker removes exactly it)."""
        return json.dumps({"id": self.id, "what": self.what, "person": self.person_key, "before": self.before},
                          sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_marker(pk: str, scope: str, marker: str) -> Deletion | None:
        try:
            found = json.loads(marker)
            return Deletion(what=found["what"], pk=pk, scope=scope, person_key=found.get("person") or "",
                            before=found["before"], id=found.get("id") or "")
        except (ValueError, KeyError, TypeError):
            return None

    def message(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_message(body: str) -> Deletion:
        """The queued job; ValueError for a body that is not one (it can never be done, so never retried)."""
        try:
            found = json.loads(body)
            deletion = Deletion(**{k: str(found[k]) for k in ("what", "pk", "scope", "person_key", "before", "id")})
        except (TypeError, KeyError, AttributeError) as error:
            raise ValueError("not a deletion") from error
        if deletion.what not in DELETION_KINDS or not deletion.pk.startswith("A#"):
            raise ValueError("not a deletion")
        if deletion.what != ACCOUNT and not (deletion.scope.startswith("P#") and deletion.before):
            raise ValueError("a speaker's deletion needs a scope and a time")
        if deletion.what == PERSON and not deletion.person_key:
            raise ValueError("a deletion of one person's check-ins needs the person")
        return deletion


ACCOUNT, ALL, JOURNAL, PERSON = "account", "all", "journal", "person"
DELETION_KINDS = (ACCOUNT, ALL, JOURNAL, PERSON)


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
    # Deletions asked for and not finished yet: every read of check-ins hides what they remove.
    deletions: tuple[Deletion, ...] = ()


# Profile field -> item attribute. Attribute names are fixed here and nowhere else.
PROFILE_ATTRIBUTES = {
    "first_seen": "firstSeen",
    "reflection": "reflection",
    "safe_person": "safePerson",
    "own_counter_belief": "ownCounterBelief",
    "safety_plan": "safetyPlan",
    "private_mode": "privateMode",
}
LAST_SEEN = "lastSeen"
DELETING = "deleting"
CREATED_AT = "createdAt"


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


def bounded(value: Any, limit: int) -> tuple[Any, bool]:
    """`value` with every string in it at most `limit` characters and every map or list at most
    MAX_MAP_ENTRIES long; True when something had to be cut. What is kept is as said, only shorter."""
    if isinstance(value, str):
        return (value, False) if len(value) <= limit else (value[:limit].rstrip(), True)
    if isinstance(value, dict):
        cut = len(value) > MAX_MAP_ENTRIES
        kept: dict[str, Any] = {}
        for key, item in list(value.items())[:MAX_MAP_ENTRIES]:
            name, name_cut = bounded(str(key), MAX_OWN_VALUE_CHARS)
            kept[name], item_cut = bounded(item, limit)
            cut = cut or name_cut or item_cut
        return kept, cut
    if isinstance(value, list | tuple):
        items = [bounded(item, limit) for item in value[:MAX_MAP_ENTRIES]]
        return [item for item, _ in items], len(value) > MAX_MAP_ENTRIES or any(c for _, c in items)
    return value, False


class Store:
    """Every DynamoDB call of the skill. The boto3 client is made on first use and reused; every call is held
    to the turn's deadline (deadline.watch)."""

    def __init__(self, table_name: str, client: Any = None, timeouts: dict[str, Any] | None = None) -> None:
        self.table_name = table_name
        self._timeouts = timeouts or CLIENT_TIMEOUTS
        self._client = watch(client) if client is not None else None

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = watch(dynamodb_client(self._timeouts))
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
        except DeadlineExceeded as error:
            log.warning("dynamodb %s failed: out of time", operation)
            raise StoreError(f"{operation} failed: out of time") from error
        except Exception as error:
            # Imported only on failure: botocore stays out of a cold start that goes well.
            from botocore.exceptions import BotoCoreError, ClientError

            if isinstance(error, ClientError):
                code = _code(error)
                log.warning("dynamodb %s failed: %s", operation, code)
                failed = StoreError(f"{operation} failed: {code}")
                failed.lasting = code in LASTING_ERRORS
                raise failed from error
            if isinstance(error, BotoCoreError):
                log.warning("dynamodb %s failed: %s", operation, type(error).__name__)
                failed = StoreError(f"{operation} failed: {type(error).__name__}")
                failed.lasting = type(error).__name__ == "ParamValidationError"
                raise failed from error
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
        extra = {k: v for k, v in values.items() if k not in PROFILE_ATTRIBUTES.values() and k != DELETING}
        pk, sk = str(values.get(PK) or ""), str(values.get(SK) or "")
        scope = sk.removesuffix("#profile")
        markers = values.get(DELETING) or ()
        deletions = tuple(d for d in (Deletion.from_marker(pk, scope, m) for m in sorted(markers)) if d)
        # A profile written before any launch (a one-shot "save my counter belief") has no firstSeen:
        # that person has not heard the welcome and its care disclaimer yet.
        return Profile(exists=bool(known["first_seen"]), extra=extra, deletions=deletions, **known)

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

    def update_profile(self, user: UserRef, **changes: Any) -> set[str]:
        """Sets the named profile fields; a value of None removes the field. Returns the fields whose value was
        longer than its bound and was stored shortened (the person can be told, kindly)."""
        unknown = set(changes) - set(PROFILE_ATTRIBUTES)
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        if not changes:
            return set()
        shortened: set[str] = set()
        for name, value in changes.items():
            changes[name], cut = bounded(value, PROFILE_BOUNDS.get(name, MAX_OWN_VALUE_CHARS))
            if cut:
                shortened.add(name)
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
        if shortened:
            log.info("profile fields stored shortened: %s", sorted(shortened))
        return shortened

    # -- deleting in the background (deletions.py drives these; each is one call) -----------------

    def mark_deletion(self, deletion: Deletion, wipe_profile: bool = False) -> None:
        """From now on every read hides what `deletion` removes (a marker in the profile, one UpdateItem).
        With `wipe_profile` the profile's own content (safe person, plan, ...) goes in the same call.
        Idempotent; refused (StoreError) when MAX_PENDING_DELETIONS are already waiting."""
        names = {"#deleting": DELETING}
        expression = "ADD #deleting :marker"
        if wipe_profile:
            wiped = [*PROFILE_ATTRIBUTES.values(), LAST_SEEN]
            names.update({f"#w{i}": attribute for i, attribute in enumerate(wiped)})
            expression = "REMOVE " + ", ".join(f"#w{i}" for i in range(len(wiped))) + " " + expression
        self._call(
            "update_item",
            Key=deletion.profile_key,
            UpdateExpression=expression,
            ConditionExpression="attribute_not_exists(#deleting) OR size(#deleting) < :most"
                                " OR contains(#deleting, :text)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={":marker": {"SS": [deletion.marker]}, ":text": {"S": deletion.marker},
                                       ":most": {"N": str(MAX_PENDING_DELETIONS)}},
        )

    def deletion_page(self, deletion: Deletion, start: dict[str, Any] | None, limit: int = 100,
                      ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Keys of items `deletion` still has to remove, from `start` on (one consistent, keys-only Query), and
        where the next page starts (None: the range is done). A speaker's profile is never in it."""
        kwargs: dict[str, Any] = {"ProjectionExpression": "#pk, #sk", "ConsistentRead": True, "Limit": limit,
                                  "ExpressionAttributeNames": {"#pk": PK, "#sk": SK}}
        if deletion.what == ACCOUNT:
            kwargs["KeyConditionExpression"] = "#pk = :pk"
            kwargs["ExpressionAttributeValues"] = {":pk": {"S": deletion.pk}}
        else:
            if deletion.what == PERSON:
                kwargs["IndexName"] = BY_PERSON
                kwargs["ExpressionAttributeNames"]["#who"] = WHO_KEY
                prefix, condition = f"{deletion.scope}#W#{deletion.person_key}#", "begins_with(#who, :prefix)"
            else:
                prefix = f"{deletion.scope}#C#" if deletion.what == JOURNAL else f"{deletion.scope}#"
                condition = "begins_with(#sk, :prefix)"
            kwargs["KeyConditionExpression"] = f"#pk = :pk AND {condition}"
            kwargs["FilterExpression"] = "attribute_not_exists(#created) OR #created <= :before"
            kwargs["ExpressionAttributeNames"]["#created"] = CREATED_AT
            kwargs["ExpressionAttributeValues"] = {":pk": {"S": deletion.pk}, ":prefix": {"S": prefix},
                                                   ":before": {"S": deletion.before}}
        if start:
            kwargs["ExclusiveStartKey"] = start
        page = self._call("query", **kwargs)
        profile = deletion.profile_key
        keys = [{PK: item[PK], SK: item[SK]} for item in page.get("Items", [])
                if deletion.what == ACCOUNT or item[SK] != profile[SK]]
        return keys, page.get("LastEvaluatedKey")

    def delete_batch(self, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Deletes up to 25 items in one BatchWriteItem; returns the keys DynamoDB left unprocessed."""
        if not keys:
            return []
        if len(keys) > 25:
            raise ValueError("BatchWriteItem takes at most 25 requests")
        response = self._call("batch_write_item", on_table=False, RequestItems={
            self.table_name: [{"DeleteRequest": {"Key": key}} for key in keys]})
        return [request["DeleteRequest"]["Key"]
                for request in response.get("UnprocessedItems", {}).get(self.table_name, [])]

    def finish_deletion(self, deletion: Deletion) -> None:
        """The deletion is done: its marker goes, and a profile with nothing else left in it goes too."""
        if deletion.what == ACCOUNT:
            return
        from botocore.exceptions import ClientError

        try:
            left = self._call(
                "update_item", Key=deletion.profile_key, UpdateExpression="DELETE #deleting :marker",
                ConditionExpression="attribute_exists(#pk)", ReturnValues="ALL_NEW",
                ExpressionAttributeNames={"#deleting": DELETING, "#pk": PK},
                ExpressionAttributeValues={":marker": {"SS": [deletion.marker]}},
            ).get("Attributes", {})
        except StoreError as error:
            if isinstance(error.__cause__, ClientError) and _code(error.__cause__) == "ConditionalCheckFailedException":
                return  # no profile: nothing to unmark
            raise
        if set(left) - {PK, SK}:
            return
        written = [*PROFILE_ATTRIBUTES.values(), LAST_SEEN, DELETING]
        self._succeeds_once(
            "delete_item", Key=deletion.profile_key,
            # Only if nobody wrote to it in between (a launch, a new safe person, another deletion).
            ConditionExpression=" AND ".join(f"attribute_not_exists(#a{i})" for i in range(len(written))),
            ExpressionAttributeNames={f"#a{i}": attribute for i, attribute in enumerate(written)},
        )

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
    # Every read is one Query on the table or on the byPerson LSI (more only when filtered entries left a
    # page short); every write is conditional. Reads never return an entry whose TTL has passed (DynamoDB
    # removes those up to days late) nor one a pending deletion (`hidden`) removes.

    def save_check_in(self, user: UserRef, entry: CheckIn, expires_at: int | None = None, *,
                      replacing_day: str | None = None) -> bool:
        """Stores a check-in once; never a second item for one entry id.

        With `replacing_day` None it is new: a conditional put, False when that id was already stored (a
        retry whose first answer was lost): a success. With `replacing_day` the entry was (maybe) stored
        before under that day and has changed since: that item is replaced by this one, in place when the
        day is the same, else deleted and written under the new day in one transaction. Every string is held
        to its bound (MAX_*_CHARS)."""
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
            SK: user.sk("C", entry.day[:10], entry.id[:MAX_OWN_VALUE_CHARS]),
            WHO_KEY: user.sk("W", entry.person_key, entry.day[:10], entry.id[:MAX_OWN_VALUE_CHARS]),
            "person": entry.person[:MAX_PERSON_CHARS],
            "feeling": entry.feeling[:MAX_OWN_VALUE_CHARS],
            CREATED_AT: entry.created_at[:MAX_OWN_VALUE_CHARS],
        }
        if entry.felt_as:
            values["feltAs"] = entry.felt_as[:MAX_FELT_AS_CHARS]
        if entry.note:
            values["note"] = entry.note[:MAX_NOTE_CHARS]
        if entry.revision:
            values["revision"] = entry.revision
        if expires_at:
            values[EXPIRES_AT] = int(expires_at)
        return self._to_item(values)

    def latest_check_ins(self, user: UserRef, limit: int, after: str | None = None,
                         hidden: Sequence[Deletion] = ()) -> Page:
        """The newest check-ins first; `after` is the sort key a previous page ended on."""
        return self._check_in_page(
            {"KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
             "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":prefix": {"S": user.sk("C", "")}}},
            user, limit, after, index=None, hidden=hidden,
        )

    def check_ins_between(self, user: UserRef, first_day: str, last_day: str, limit: int,
                          after: str | None = None, hidden: Sequence[Deletion] = ()) -> Page:
        """Check-ins dated first_day..last_day (yyyy-mm-dd, inclusive), newest first."""
        return self._check_in_page(
            {"KeyConditionExpression": "pk = :pk AND sk BETWEEN :low AND :high",
             "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":low": {"S": user.sk("C", first_day)},
                                           ":high": {"S": user.sk("C", last_day + "~")}}},
            user, limit, after, index=None, hidden=hidden,
        )

    def check_ins_with(self, user: UserRef, person_key: str, limit: int, after: str | None = None,
                       hidden: Sequence[Deletion] = ()) -> Page:
        """Check-ins with one person, newest first (byPerson LSI)."""
        return self._check_in_page(
            {"KeyConditionExpression": "pk = :pk AND begins_with(whoKey, :prefix)",
             "ExpressionAttributeValues": {":pk": {"S": user.pk},
                                           ":prefix": {"S": user.sk("W", person_key, "")}}},
            user, limit, after, index=BY_PERSON, hidden=hidden, person=person_key,
        )

    def feelings_between(self, user: UserRef, first_day: str, last_day: str,
                         hidden: Sequence[Deletion] = ()) -> list[CheckIn]:
        """Who and how it felt for every check-in in a period, without notes: one Query (paged past 1 MB)."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :low AND :high",
            "ExpressionAttributeValues": {":pk": {"S": user.pk}, ":low": {"S": user.sk("C", first_day)},
                                          ":high": {"S": user.sk("C", last_day + "~")}},
            # Names through placeholders: DynamoDB reserves hundreds of words.
            "ProjectionExpression": "#sk, #person, #feeling",
            "ExpressionAttributeNames": {"#sk": SK, "#person": "person", "#feeling": "feeling"},
        }
        _add_visible_filter(kwargs, user, hidden, person=None)
        return [self._check_in_from(item) for item in self._query_all(kwargs)]

    def delete_check_in(self, user: UserRef, day: str, entry_id: str) -> bool:
        """Deletes one check-in; False when it was already gone."""
        return self._succeeds_once("delete_item", Key=self._key(user, "C", day, entry_id),
                                   ConditionExpression="attribute_exists(pk)")

    def _query_all(self, kwargs: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self._call("query", **kwargs)
            items.extend(page.get("Items", []))
            if not page.get("LastEvaluatedKey"):
                return items
            kwargs = {**kwargs, "ExclusiveStartKey": page["LastEvaluatedKey"]}

    def _check_in_page(self, query: dict[str, Any], user: UserRef, limit: int, after: str | None,
                       index: str | None, hidden: Sequence[Deletion], person: str | None = None) -> Page:
        # One more than asked, so "want to hear more?" is only offered when there is more. DynamoDB applies
        # Limit before the filter, so a page the filter thinned out goes on where it stopped until it is full.
        limit = max(1, limit)
        kwargs: dict[str, Any] = {**query, "ScanIndexForward": False}
        _add_visible_filter(kwargs, user, hidden, person=person)
        if index:
            kwargs["IndexName"] = index
        if after:
            kwargs["ExclusiveStartKey"] = _start_key(user, after, index)
        items: list[dict[str, Any]] = []
        # While a deletion is pending most of a range may be hidden: look through it in big steps from the start.
        ask = MAX_QUERY_LIMIT if hidden else limit + 1
        while True:
            page = self._call("query", **kwargs, Limit=ask)
            items.extend(page.get("Items", []))
            if len(items) > limit or not page.get("LastEvaluatedKey"):
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            ask = min(ask * 4, MAX_QUERY_LIMIT)
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
            created_at=values.get(CREATED_AT) or "",
            felt_as=values.get("feltAs") or "",
            revision=values.get("revision") if isinstance(values.get("revision"), int) else 0,
        )


def _add_visible_filter(kwargs: dict[str, Any], user: UserRef, hidden: Sequence[Deletion],
                        person: str | None) -> None:
    """Adds to a check-in Query the FilterExpression that keeps out entries past their TTL and entries a
    pending deletion removes. `person`: the query is on the byPerson index for that person key, where
    whoKey is the index's own key (a filter may not name it), so a person's deletion applies or not as a whole."""
    names = kwargs.setdefault("ExpressionAttributeNames", {})
    values = kwargs["ExpressionAttributeValues"]
    names["#expires"] = EXPIRES_AT
    values[":now"] = {"N": str(int(time.time()))}
    parts = ["(attribute_not_exists(#expires) OR #expires > :now)"]
    for i, deletion in enumerate(d for d in hidden if d.scope == user.scope):
        if deletion.what == PERSON and person is not None and deletion.person_key != person:
            continue
        names["#created"] = CREATED_AT
        values[f":before{i}"] = {"S": deletion.before}
        if deletion.what == PERSON and person is None:
            names["#who"] = WHO_KEY
            values[f":who{i}"] = {"S": user.sk("W", deletion.person_key, "")}
            parts.append(f"(NOT begins_with(#who, :who{i}) OR #created > :before{i})")
        else:
            parts.append(f"#created > :before{i}")
    kwargs["FilterExpression"] = " AND ".join(parts)


LASTING_ERRORS = {"ValidationException", "ResourceNotFoundException", "AccessDeniedException",
                  "UnrecognizedClientException", "SerializationException"}


def _code(error: Any) -> str:
    return error.response.get("Error", {}).get("Code", "Unknown")


def _start_key(user: UserRef, cursor: str, index: str | None) -> dict[str, Any]:
    if index:
        sk, who = cursor.split("|", 1)
        return {PK: {"S": user.pk}, SK: {"S": sk}, WHO_KEY: {"S": who}}
    return {PK: {"S": user.pk}, SK: {"S": cursor}}


BY_PERSON = "byPerson"


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


__all__ = ["ACCOUNT", "ALL", "JOURNAL", "PERSON", "CheckIn", "Deletion", "Page", "Profile", "Store", "StoreError",
           "UserRef", "bounded", "new_entry_id", "person_key"]
