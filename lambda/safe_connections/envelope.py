"""Whatever Alexa sends becomes ask-sdk's request model, without ever raising.

ask-sdk's DefaultSerializer rejects a whole envelope for one surprise in it: an enum value added
after the SDK was released ("confirmationStatus": "PARTIALLY_CONFIRMED"), a request type it does
not know, a string where it expects an object. Alexa adds such things over time, and the user
then hears Alexa's own "there was a problem with the requested skill's response". This reader
walks the same model classes (their `deserialized_types` / `attribute_map`, so it follows the
SDK as it grows) and keeps what fits: an unknown enum value, a value of the wrong type or an
unparseable date becomes None, an unknown request type becomes a plain `Request` carrying its
type, unknown keys are dropped. It imports only the model modules a request actually uses.

`write` is the way back: a response envelope as JSON-ready data, as ask-sdk's DefaultSerializer writes
it (same keys, same values), without importing the service clients that serializer's module pulls in.

Two things are decided here, before any handler runs:
- `refuse_foreign`: an envelope not addressed to our skill id is refused by raising (see below).
- which requests a person waits on (SPOKEN_REQUEST_TYPES): every other one is an event, answered
  without speech when nothing claims it (errors.QuietEvents).
"""

from __future__ import annotations

import importlib
import logging
import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_model import Request, RequestEnvelope

log = logging.getLogger("safe_connections")

# Requests where a person waits for an answer. Every other request type is an event: it gets
# speech only if a handler asks for it, else an empty response (never Alexa's error tone).
SPOKEN_REQUEST_TYPES = frozenset({"LaunchRequest", "IntentRequest"})
# Session attributes the foundation writes and reads as strings (Alexa echoes them back).
STRING_SESSION_KEYS = ("last_speech", "last_reprompt")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,4})?")
DEFAULT_LOCALE = "en-US"
_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(([^,]*), (.*)\)$")
_classes: dict[str, Any] = {}
_readers: dict[str, Any] = {}
_fields_of: dict[Any, list[tuple[str, str, str]]] = {}


class ForeignSkill(AskSdkException):
    """The envelope is addressed to another skill (or to none): refused, nothing read or written.

    Raising (not answering) is deliberate: the Lambda permission already admits only our skill,
    so a mismatch is a misconfiguration or a forged call. An invocation error shows up in the
    function's error metric and alarms, and the caller learns nothing about the skill.
    """


def _at(node: Any, *path: str) -> Any:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def application_ids(event: Any) -> set[str | None]:
    """Every applicationId the envelope claims (context, and session when present)."""
    claimed = [_at(event, "context", "System", "application", "applicationId")]
    if _at(event, "session", "application") is not None:
        claimed.append(_at(event, "session", "application", "applicationId"))
    return {value if isinstance(value, str) else None for value in claimed}


def refuse_foreign(event: Any, skill_id: str | None) -> None:
    """Raises ForeignSkill unless every applicationId in the envelope is our skill id.

    With no SKILL_ID configured (local runs) nothing is refused, as in ask-sdk."""
    if skill_id is None:
        return
    if not isinstance(event, dict) or application_ids(event) != {skill_id}:
        raise ForeignSkill("Skill ID Verification failed: the request is not for this skill")


# -- reading --------------------------------------------------------------------------------------


def read(event: Any) -> RequestEnvelope:
    """The envelope as ask-sdk's model; never raises. A missing request becomes an empty Request."""
    envelope = _model(event, RequestEnvelope) if isinstance(event, dict) else None
    envelope = envelope or RequestEnvelope()
    if not isinstance(envelope.request, Request):
        envelope.request = Request()
    request = envelope.request
    _keep_event_body(request, event)
    locale = getattr(request, "locale", None)
    # The locale names content folders and template keys: only a plain language tag gets through.
    request.locale = locale if isinstance(locale, str) and _LOCALE.fullmatch(locale) else DEFAULT_LOCALE
    session = envelope.session
    if session is not None:
        attributes = session.attributes if isinstance(session.attributes, dict) else {}
        session.attributes = {
            key: value for key, value in attributes.items()
            if key not in STRING_SESSION_KEYS or isinstance(value, str)
        }
    return envelope


def _keep_event_body(request: Any, event: Any) -> None:
    """Skill events carry their facts in `body` (SkillDisabled's userInformationPersistenceStatus), which
    this SDK's model has no field for: kept as the plain dict it is, as ask-sdk's own reader does."""
    raw = event.get("request") if isinstance(event, dict) else None
    body = raw.get("body") if isinstance(raw, dict) else None
    if isinstance(body, dict) and getattr(request, "body", None) is None:
        request.body = body


def _class(name: str) -> Any:
    found = _classes.get(name)
    if found is None:
        module, _, attribute = name.rpartition(".")
        found = getattr(importlib.import_module(module), attribute)
        _classes[name] = found
    return found


def _value(payload: Any, type_name: str) -> Any:
    if payload is None:
        return None
    reader = _readers.get(type_name)
    if reader is None:
        reader = _readers[type_name] = _reader_for(type_name)
    return reader(payload)


def _reader_for(type_name: str) -> Any:
    """A function reading one value of a type named as in `deserialized_types`, made once per name."""
    if type_name in _PRIMITIVES:
        return _PRIMITIVES[type_name]
    matched = _LIST.match(type_name)
    if matched:
        item_type = matched.group(1).strip()

        def read_list(payload: Any) -> Any:
            if not isinstance(payload, list):
                return None
            items = (_value(item, item_type) for item in payload)
            return [item for item in items if item is not None]

        return read_list
    matched = _DICT.match(type_name)
    if matched:
        value_type = matched.group(2)

        def read_dict(payload: Any) -> Any:
            if not isinstance(payload, dict):
                return None
            pairs = ((k, _value(v, value_type)) for k, v in payload.items() if isinstance(k, str))
            return {k: v for k, v in pairs if v is not None}

        return read_dict
    try:
        cls = _class(type_name)
    except (ImportError, AttributeError, ValueError):
        return lambda payload: None
    return lambda payload: _model(payload, cls)


def _fields(cls: Any) -> list[tuple[str, str, str]]:
    """(attribute, JSON key, type name) of a model class, from its own declarations."""
    found = _fields_of.get(cls)
    if found is None:
        attribute_map = getattr(cls, "attribute_map", {})
        found = [(attribute, attribute_map.get(attribute, attribute), type_name)
                 for attribute, type_name in cls.deserialized_types.items()]
        _fields_of[cls] = found
    return found


def _model(payload: Any, cls: Any) -> Any:
    if isinstance(cls, type) and issubclass(cls, Enum):
        try:
            return cls(payload)
        except (ValueError, TypeError):
            return None  # a value newer than this SDK: as if it were absent
    if not isinstance(payload, dict) or not hasattr(cls, "deserialized_types"):
        return None
    cls = _concrete(payload, cls)
    model = cls()
    for attribute, key, type_name in _fields(cls):
        if key in payload:
            value = _value(payload[key], type_name)
            if value is not None:
                setattr(model, attribute, value)
    return model


def _concrete(payload: dict[str, Any], cls: Any) -> Any:
    """The subclass a discriminator ("type") names; the base class itself for an unknown one."""
    if not hasattr(cls, "get_real_child_model"):
        return cls
    try:
        name = cls.get_real_child_model(payload)
        return _class(name) if name else cls
    except (KeyError, TypeError, ImportError, AttributeError, ValueError):
        return cls


def _string(payload: Any) -> str | None:
    if isinstance(payload, str):
        return payload
    if isinstance(payload, int | float) and not isinstance(payload, bool):
        return str(payload)
    return None


def _number(kind: type) -> Any:
    def read_number(payload: Any) -> Any:
        if isinstance(payload, bool):
            return None
        if isinstance(payload, int | float):
            return kind(payload) if kind is float or float(payload).is_integer() else None
        return None

    return read_number


def _boolean(payload: Any) -> bool | None:
    return payload if isinstance(payload, bool) else None


def _moment(kind: type) -> Any:
    def read_moment(payload: Any) -> Any:
        if not isinstance(payload, str) or len(payload) > 64:
            return None
        try:
            moment = datetime.fromisoformat(payload)
        except ValueError:
            return None
        return moment.date() if kind is date else moment

    return read_moment


def _anything(payload: Any) -> Any:
    return payload


_PRIMITIVES: dict[str, Any] = {
    "str": _string,
    "int": _number(int),
    "float": _number(float),
    "bool": _boolean,
    "object": _anything,
    "datetime": _moment(datetime),
    "date": _moment(date),
}


def empty_response() -> dict[str, Any]:
    """The last resort when even the SDK failed: a valid envelope with nothing in it."""
    return {"version": "1.0", "response": {}}


# -- writing --------------------------------------------------------------------------------------

_PLAIN_TYPES = (str, int, float, bool, bytes)
_out_fields: dict[type, list[tuple[str, str]]] = {}


def write(value: Any) -> Any:
    """A response envelope (or any model value) as JSON-ready data, exactly as ask-sdk's
    DefaultSerializer.serialize writes it: model attributes that are None are left out, enums become
    their values, dates ISO strings, Decimals numbers; plain dicts keep every key."""
    if value is None or isinstance(value, _PLAIN_TYPES):
        return value
    if isinstance(value, list):
        return [write(item) for item in value]
    if isinstance(value, dict):
        return {key: write(item) for key, item in value.items()}
    if isinstance(value, tuple | datetime | date | Enum | Decimal):
        return _write_other(value)
    fields = _out_fields.get(type(value))
    if fields is None:
        attribute_map = getattr(value, "attribute_map", {})
        fields = _out_fields[type(value)] = [
            (attribute, attribute_map.get(attribute, attribute)) for attribute in value.deserialized_types]
    found = {}
    for attribute, key in fields:
        item = getattr(value, attribute)
        if item is not None:
            found[key] = write(item)
    return found


def _write_other(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(write(item) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return int(value) if value % 1 == 0 else float(value)


__all__ = ["ForeignSkill", "read", "refuse_foreign", "write"]
