"""SnapStart for Python (template.yaml, parameter SnapStart=On): before the snapshot, after a restore.

Lambda runs INIT once per published version, snapshots the execution environment and resumes every
new environment of that version from the same snapshot. So:
- before the snapshot, everything a request may load is loaded (every template and data file of the
  compiled content, every locale's screen lexicon with every entry compiled, the envelope reader's
  model classes, the S3 client of the reflection's audio when a bucket is configured): it costs INIT
  time once per version, not once per cold start, and a restored environment then imports nothing;
- after a restore, nothing is shared that should differ between environments: the variant choice
  (`speech.rng`) and `random` (botocore's retry jitter) get fresh seeds from the OS, and the
  DynamoDB and S3 clients drop any pooled connection (none is made before the snapshot, but a socket
  from a snapshot would be stale). The clients are kept: their credentials refresh themselves, and
  presigned URLs are signed per request.
Nothing else is cached across requests: the clock, request ids and entry ids are read per request.

The hooks come from `snapshot_restore_py`, which Lambda's Python runtimes provide; anywhere else
(tests, `make run`, the bench) there is nothing to register and `register` says so.
"""

from __future__ import annotations

import logging
import random
from typing import Any

log = logging.getLogger("safe_connections")

# One envelope of each shape a request arrives in, with every part the reader knows how to read.
_PRIMING_REQUESTS = (
    {"type": "LaunchRequest"},
    {"type": "SessionEndedRequest", "reason": "USER_INITIATED"},
    {"type": "IntentRequest", "dialogState": "STARTED", "intent": {
        "name": "PrimingIntent", "confirmationStatus": "NONE", "slots": {"s": {
            "name": "s", "value": "v", "confirmationStatus": "NONE",
            "slotValue": {"type": "Simple", "value": "v"},
            "resolutions": {"resolutionsPerAuthority": [{
                "authority": "a", "status": {"code": "ER_SUCCESS_MATCH"},
                "values": [{"value": {"name": "v", "id": "V"}}]}]}}}}},
)


def register(skill: Any, reseed: bool = True) -> bool:
    """Registers the hooks with Lambda's runtime; False where there is no SnapStart runtime."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return False
    register_before_snapshot(prime, skill)
    register_after_restore(refresh, skill, reseed)
    return True


def prime(skill: Any) -> None:
    """Before the snapshot: load what any request may load, so no restored environment has to."""
    from safe_connections import envelope

    skill.speech.prime()
    from safe_connections import screen

    for folder in skill.speech._data_names:  # every locale with content, and its language
        screen.lexicon(folder).prime()
    library = _audio_library()
    if library is not None:
        _ = library.client
    for request in _PRIMING_REQUESTS:
        envelope.read({
            "version": "1.0",
            "session": {"new": True, "sessionId": "priming", "attributes": {},
                        "application": {"applicationId": "priming"}, "user": {"userId": "priming"}},
            "context": {"System": {"application": {"applicationId": "priming"}, "user": {"userId": "priming"},
                                   "device": {"deviceId": "priming", "supportedInterfaces": {}},
                                   "apiEndpoint": "https://api.amazonalexa.com"}},
            "request": {**request, "requestId": "priming", "timestamp": "2026-01-01T00:00:00Z", "locale": "en-US"},
        })
    log.info("snapshot primed")


def refresh(skill: Any, reseed: bool = True) -> None:
    """After a restore: fresh seeds, no connection from the snapshot."""
    if reseed:  # a fixed SAFE_CONNECTIONS_VARIANT_SEED stays fixed: it is there to be reproducible
        skill.speech.rng.seed()
    random.seed()
    library = _audio_library()
    for client in (getattr(skill.store, "client", None), library.client if library is not None else None):
        close = getattr(client, "close", None)
        if callable(close):
            close()


def _audio_library() -> Any:
    from safe_connections.config import load_config

    bucket = load_config().audio_bucket
    if not bucket:
        return None
    from safe_connections import audio

    return audio.library(bucket)
