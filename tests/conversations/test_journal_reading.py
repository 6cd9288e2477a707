"""Hearing the journal back, only when asked: this week, the last few, one person, and the patterns."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conversations.journal_talk import person, table
from tests.ssml import check_ssml
from tools.envelopes import slot


@pytest.fixture
def store(ddb):
    from safe_connections.store import Store

    return Store(table(), client=ddb)


def _today() -> date:
    return datetime.now(UTC).date()


def _seed(store, user_id, rows, person_id=None):
    """rows: (days ago, person, feeling id, note). Written through the store, as the skill writes them."""
    from safe_connections.store import CheckIn, UserRef

    user = UserRef(user_id, person_id)
    for i, (ago, who, felt, said) in enumerate(rows):
        when = (_today() - timedelta(days=ago)).isoformat()
        store.save_check_in(user, CheckIn(id=f"{i:06d}", day=when, person=who, feeling=felt, note=said))


def test_what_did_i_log_this_week_reads_only_this_week_newest_first(talk, store):
    today = _today()
    rows = [(0, "Maya", "safe", "this week, today"), (7, "Theo", "mixed", "last week")]
    if today.weekday() >= 1:
        rows.append((1, "Sam", "safe", "this week, yesterday"))
    _seed(store, talk.device.user_id, rows)
    year, week, _ = today.isocalendar()
    reply = talk.intent("ReadJournalIntent", slot("when", f"{year}-W{week:02d}"))
    check_ssml(reply.ssml)
    assert "Maya" in reply.text and "Theo" not in reply.text and "last week" not in reply.text
    if today.weekday() >= 1:
        assert reply.text.index("Maya") < reply.text.index("Sam"), "newest first"
    assert not reply.ends_session and reply.reprompt


def test_last_week_with_nothing_logged_is_said_gently(talk, store):
    _seed(store, talk.device.user_id, [(0, "Maya", "safe", "")])
    year, week, _ = (_today() - timedelta(days=7)).isocalendar()
    reply = talk.intent("ReadJournalIntent", slot("when", f"{year}-W{week:02d}"))
    assert "didn't find any" in reply.text and "okay" in reply.text


def test_the_last_n_then_more_then_the_end(talk, store):
    _seed(store, talk.device.user_id, [(i, f"Person{i}", "safe", f"note {i}") for i in range(6)])
    first = talk.intent("ReadJournalIntent", slot("count", "2"))
    assert "Person0" in first.text and "Person1" in first.text and "Person2" not in first.text
    assert first.text.index("Person0") < first.text.index("Person1")
    assert "more" in first.text and first.attributes["state"] == "reading_journal"
    second = talk.intent("AMAZON.YesIntent")
    assert all(f"Person{i}" in second.text for i in (2, 3, 4)) and "Person5" not in second.text
    assert "Person1" not in second.text and "more" in second.text
    third = talk.intent("AMAZON.YesIntent")
    assert "Person5" in third.text and "more?" not in third.text
    assert third.attributes["state"] == "idle" and not third.ends_session


def test_exactly_a_page_does_not_offer_more(talk, store):
    _seed(store, talk.device.user_id, [(i, f"P{i}", "safe", "") for i in range(3)])
    reply = talk.intent("ReadJournalIntent")
    assert all(f"P{i}" in reply.text for i in range(3)) and "hear more" not in reply.text


def test_no_ends_the_reading(talk, store):
    _seed(store, talk.device.user_id, [(i, f"P{i}", "safe", "") for i in range(5)])
    talk.intent("ReadJournalIntent")
    stop = talk.intent("AMAZON.NoIntent")
    assert "P3" not in stop.text and stop.attributes["state"] == "idle" and not stop.ends_session


def test_when_did_i_last_see_someone_and_how_did_it_go(talk, store):
    _seed(store, talk.device.user_id, [
        (9, "Maya", "mixed", "we argued a bit"),
        (1, "Maya", "safe", "she listened"),
        (0, "Sam", "unsafe", "not about Maya"),
        (20, "maya", "safe", "older one"),
        (30, "Maya", "mostly_safe", "oldest one"),
    ])
    reply = talk.intent("PersonJournalIntent", person("maya"))
    check_ssml(reply.ssml)
    assert "Your last check-in with Maya was yesterday, and it felt safe" in reply.text
    assert "she listened" in reply.text and "we argued a bit" in reply.text and "older one" in reply.text
    assert "Sam" not in reply.text and "not about Maya" not in reply.text
    assert reply.text.index("we argued") < reply.text.index("older one")
    more = talk.intent("AMAZON.YesIntent")
    assert "oldest one" in more.text and "Sam" not in more.text


def test_my_brother_and_brother_are_the_same_person_and_spoken_back_as_your_brother(talk, store):
    _seed(store, talk.device.user_id, [(2, "My Brother", "safe", "")])
    reply = talk.intent("PersonJournalIntent", person("my brother"))
    assert "your Brother" in reply.text or "your brother" in reply.text
    assert "don't have any" not in reply.text


def test_someone_never_logged(talk, store):
    _seed(store, talk.device.user_id, [(2, "Maya", "safe", "")])
    reply = talk.intent("PersonJournalIntent", person("Zoe"))
    assert "I don't have any check-ins with Zoe" in reply.text and not reply.ends_session


PEOPLE = {  # person -> how their check-ins tend to feel (weights over safe, mostly_safe, mixed, unsafe)
    "Maya": (6, 2, 1, 0), "my brother": (3, 3, 1, 0), "Sam": (2, 2, 2, 1), "my boss": (0, 1, 3, 4),
    "a colleague": (1, 1, 3, 2), "my therapist": (5, 1, 0, 0),
}
FEELINGS = ("safe", "mostly_safe", "mixed", "unsafe")


def _two_hundred_over_ninety_days(seed: int = 7) -> list[tuple[int, str, str, str]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(200):
        who = rng.choice(sorted(PEOPLE))
        felt = rng.choices(FEELINGS, weights=PEOPLE[who])[0]
        rows.append((rng.randrange(90), who, felt, ""))
    return rows


def _spoken(who: str) -> str:
    return who.replace("my ", "your ", 1) if who.startswith("my ") else who


def test_patterns_over_two_hundred_entries_say_the_right_counts(talk, store):
    rows = _two_hundred_over_ninety_days()
    _seed(store, talk.device.user_id, rows)
    asked = talk.intent("JournalPatternsIntent")
    assert asked.question == "read_aloud", "some felt unsafe: who they were with is not said unasked"
    reply = talk.intent("AMAZON.YesIntent")
    check_ssml(reply.ssml)
    text = reply.text
    assert "200 check-ins" in text

    safe = Counter(who for _, who, felt, _ in rows if felt in ("safe", "mostly_safe"))
    top = sorted(safe.items(), key=lambda item: (-item[1], item[0].lower().replace(" ", "-")))[:3]
    for who, count in top:
        assert f"{_spoken(who)}, {count} times" in text, (who, count, text)
    fourth = sorted(safe.items(), key=lambda item: -item[1])[3]
    assert f"{_spoken(fourth[0])}, {fourth[1]} times" not in text

    everyone = Counter(who for _, who, _, _ in rows)
    hard = Counter(who for _, who, felt, _ in rows if felt in ("mixed", "unsafe"))
    leaning_hard = sorted((w for w in hard if hard[w] * 2 >= everyone[w]), key=lambda w: (-hard[w], w))[:2]
    assert leaning_hard, "the seed has people who more often felt mixed or unsafe"
    for who in leaning_hard:
        assert f"With {_spoken(who)}, {hard[who]} of {everyone[who]} check-ins felt mixed or unsafe" in text

    monday = _today() - timedelta(days=_today().weekday())
    this_week = sum(1 for ago, *_ in rows if _today() - timedelta(days=ago) >= monday)
    last_week = sum(1 for ago, *_ in rows if monday - timedelta(days=7) <= _today() - timedelta(days=ago) < monday)
    if this_week:
        assert f"This week you've logged {this_week} check-in" in text and f"last week {last_week}." in text
    else:
        assert f"Nothing is logged yet this week, and that's fine; last week you logged {last_week}." in text
    for word in ("streak", "score", "only", "should", "missed", "failed", "%", "percent"):
        assert word not in text.lower(), f"no judging: {word!r}"


def test_patterns_for_this_month_count_only_this_month(talk, store):
    today = _today()
    rows = [(0, "Maya", "safe", ""), (today.day, "Theo", "safe", "")]  # today.day days ago is last month
    _seed(store, talk.device.user_id, rows)
    reply = talk.intent("JournalPatternsIntent", slot("when", today.strftime("%Y-%m")))
    assert "1 check-in." in reply.text and "Maya, 1 time" in reply.text and "Theo" not in reply.text


def test_patterns_with_an_empty_journal_are_kind(talk):
    reply = talk.intent("JournalPatternsIntent")
    assert "no pattern" in reply.text and "0 check-ins" not in reply.text and not reply.ends_session
