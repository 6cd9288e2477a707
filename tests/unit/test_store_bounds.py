"""Every string the skill stores has a bound (store.py's MAX_* constants), so no item can reach DynamoDB's 400 KB
limit; what is cut is the end, the rest is kept as said, and the skill can tell the person kindly."""

from __future__ import annotations

import json
import os

import pytest
from safe_connections import store as store_module
from safe_connections.store import CheckIn, Deletion, Store, UserRef, bounded

from tests.conftest import items_of
from tests.conversations.test_safety_plan import answer, stored_plan

DYNAMODB_ITEM_LIMIT = 400 * 1024
HUGE = "word " * 19_997 + "ok"  # 99,987 characters, the answer the review stored whole


@pytest.fixture
def store(ddb):
    return Store(os.environ["TABLE_NAME"], client=ddb)


def _size(item: dict) -> int:
    """DynamoDB's item size, generously: every name and value as UTF-8 (maps and sets add a little more)."""
    return len(json.dumps(item, ensure_ascii=False).encode("utf-8"))


def test_a_99987_character_safety_plan_answer_is_kept_shorter_and_the_person_is_told(talk, ddb):
    assert len(HUGE) == 99_987
    talk.launch()
    talk.intent("MakeSafetyPlanIntent")
    reply = answer(talk, HUGE)
    assert "first part" in reply.text and "can only keep so much" in reply.text
    kept = stored_plan(ddb, talk)["calm"]
    assert len(kept) <= store_module.MAX_PLAN_ANSWER_CHARS and HUGE.startswith(kept)
    normal = answer(talk, "my sister")
    assert "first part" not in normal.text, "only when something was cut"


def test_update_profile_says_which_fields_it_shortened(store):
    user = UserRef("amzn1.ask.account.bounds")
    cut = store.update_profile(user, safe_person="x" * 500, own_counter_belief="I am enough", private_mode=True,
                               safety_plan={"calm": "y" * 5000, "place": "home"})
    assert cut == {"safe_person", "safety_plan"}
    profile = store.get_profile(user)
    assert profile.safe_person == "x" * store_module.MAX_SAFE_PERSON_CHARS
    assert profile.own_counter_belief == "I am enough" and profile.private_mode is True
    assert profile.safety_plan == {"calm": "y" * store_module.MAX_PLAN_ANSWER_CHARS, "place": "home"}


def test_a_check_in_with_huge_values_is_stored_within_its_bounds(store, ddb):
    user = UserRef("amzn1.ask.account.bounds-checkin")
    store.save_check_in(user, CheckIn(id="1" * 500, day="2026-11-01" + "9" * 100, person="P" * 5000,
                                      feeling="f" * 5000, note="n" * 50_000, felt_as="a" * 5000,
                                      created_at="2026-11-01T10:00:00+00:00"))
    [item] = items_of(ddb, user.account)
    assert len(item["person"]["S"]) == store_module.MAX_PERSON_CHARS
    assert len(item["note"]["S"]) == store_module.MAX_NOTE_CHARS
    assert len(item["feltAs"]["S"]) == store_module.MAX_FELT_AS_CHARS
    assert len(item["feeling"]["S"]) <= store_module.MAX_OWN_VALUE_CHARS
    assert len(item["sk"]["S"].encode()) < 1024 and len(item["whoKey"]["S"].encode()) < 1024, "key size limits"


def test_the_largest_profile_the_bounds_allow_is_far_below_dynamodbs_item_limit(store, ddb):
    """Every field at its bound, in 4-byte characters, every map full, every pending deletion waiting."""
    wide = "\U0001F600"
    user = UserRef("amzn1.ask.account.bounds-largest", "amzn1.ask.person.largest")
    full_map = {wide * 200 + str(i): wide * 10_000 for i in range(50)}
    store.update_profile(user, safe_person=wide * 10_000, own_counter_belief=wide * 10_000,
                         safety_plan=full_map, reflection=full_map, first_seen=wide * 10_000, private_mode=True)
    for i in range(store_module.MAX_PENDING_DELETIONS):
        store.mark_deletion(Deletion("person", user.pk, user.scope, person_key=("k" * 80)[:-3] + f"{i:03d}",
                                     before="2026-11-01T10:00:00+00:00", id=f"{i:016d}"))
    with pytest.raises(store_module.StoreError):  # one more is refused, not stored
        store.mark_deletion(Deletion("journal", user.pk, user.scope, before="2026-11-01T10:00:00+00:00", id="x"))
    [item] = [i for i in items_of(ddb, user.account) if i["sk"]["S"].endswith("#profile")]
    assert _size(item) < DYNAMODB_ITEM_LIMIT / 8, f"{_size(item)} bytes"


@pytest.mark.parametrize("value, limit, expected, cut", [
    ("short", 10, "short", False),
    ("a" * 11, 10, "a" * 10, True),
    ("ends with space   x", 16, "ends with space", True),
    ({"k": "v" * 20}, 5, {"k": "vvvvv"}, True),
    ([1, "two", True], 5, [1, "two", True], False),
    ({str(i): "v" for i in range(20)}, 5, {str(i): "v" for i in range(store_module.MAX_MAP_ENTRIES)}, True),
    (None, 5, None, False),
])
def test_bounded_cuts_only_what_is_too_long(value, limit, expected, cut):
    assert bounded(value, limit) == (expected, cut)
