"""Plain functions behind the journal handlers: notes, dates, spoken names, and the patterns.

No Alexa, no DynamoDB, no words: the handlers pass what these return to message templates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from safe_connections.people import person_key
from safe_connections.store import MAX_NOTE_CHARS, CheckIn

FEELING_WORDS = {"safe": "safe", "mostly_safe": "mostly safe", "mixed": "mixed", "unsafe": "unsafe"}
SAFE = {"safe", "mostly_safe"}
HARD = {"mixed", "unsafe"}
PATTERN_DAYS = 90
SKIP_WORDS = {
    "skip", "skip it", "skip that", "nothing", "nothing really", "nothing else", "no", "nope", "none", "no note",
    "no thanks", "no thank you", "pass", "not really", "nothing to add", "i don't know", "not now", "next",
}

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})$")


# -- the check-in being logged ------------------------------------------------------------------

def clean_note(note: str | None) -> str:
    """The note as said (whitespace tidied), limited in length; "skip", "nothing" and the like mean no note."""
    text = " ".join((note or "").split())
    if text.lower().strip(" .!") in SKIP_WORDS:
        return ""
    return text[:MAX_NOTE_CHARS]


def entry_day(said: str | None, today: date) -> str:
    """The day a check-in happened, from an AMAZON.DATE value. A journal holds no future: Alexa resolves
    "Tuesday" to the coming Tuesday, so a day up to a week ahead means the one just past."""
    if said and _DAY.match(said):
        try:
            day = date.fromisoformat(said)
        except ValueError:
            return today.isoformat()
        if today < day <= today + timedelta(days=7):
            day -= timedelta(days=7)
        return min(day, today).isoformat()
    found = period(said, today) if said else None
    if found:
        return min(found[1], today).isoformat()
    return today.isoformat()


# -- periods ------------------------------------------------------------------------------------

def period(said: str | None, today: date) -> tuple[date, date] | None:
    """First and last day of what an AMAZON.DATE value names: a day, a week, a weekend, a month, a year."""
    if not said:
        return None
    said = said.strip().upper()
    if said == "PRESENT_REF":
        return today, today
    if _DAY.match(said):
        try:
            day = date.fromisoformat(said)
        except ValueError:
            return None
        return day, day
    week = _WEEK.match(said)
    if week:
        try:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
        return (monday + timedelta(days=5), monday + timedelta(days=6)) if week.group(3) else (
            monday, monday + timedelta(days=6))
    month = _MONTH.match(said)
    if month and 1 <= int(month.group(2)) <= 12:
        first = date(int(month.group(1)), int(month.group(2)), 1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    year = _YEAR.match(said)
    if year:
        return date(int(year.group(1)), 1, 1), date(int(year.group(1)), 12, 31)
    return None


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# -- how things are said --------------------------------------------------------------------------

_POSSESSIVES = {"my": "your", "mine": "yours", "myself": "yourself", "me": "you", "i": "you"}


def spoken_person(person: str) -> str:
    """What the user said, turned to face them: "my brother" is read back as "your brother"."""
    words = person.split()
    if words and words[0].lower() in _POSSESSIVES:
        # "me mum" (en-GB, en-AU): "me" before a name is "my", read back as "your"
        first = words[0].lower()
        words[0] = "your" if first == "me" and len(words) > 1 else _POSSESSIVES[first]
    return " ".join(words)


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def spoken_day(day: str, today: date) -> str:
    """"today", "yesterday", "on Tuesday" within the week, else "on November 3"."""
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return "on a day I can't read"
    if when == today:
        return "today"
    if when == today - timedelta(days=1):
        return "yesterday"
    if today - timedelta(days=6) <= when < today:
        return f"on {_WEEKDAYS[when.weekday()]}"
    text = f"on {_MONTHS[when.month - 1]} {when.day}"
    return text if when.year == today.year else f"{text}, {when.year}"


def felt_words(feeling: str, felt_as: str = "") -> str:
    return felt_as or FEELING_WORDS.get(feeling, feeling or "hard to name")


def entry_values(entry: CheckIn, today: date) -> dict[str, str]:
    """One check-in as the values a message template reads."""
    return {
        "day": spoken_day(entry.day, today),
        "person": spoken_person(entry.person),
        "felt": felt_words(entry.feeling, entry.felt_as),
        "note": entry.note,
    }


# -- patterns -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Patterns:
    total: int
    safe_people: list[tuple[str, int]]        # (spoken name, safe or mostly safe count), most first
    hard_people: list[tuple[str, int, int]]   # (spoken name, mixed or unsafe count, all count)
    this_week: int
    last_week: int
    feelings: dict[str, int]


def patterns(entries: list[CheckIn], first: date, last: date, today: date, top: int = 3) -> Patterns:
    """Counts over the check-ins dated first..last, plus this week and last (from the same entries).

    No streaks, no scores: who felt safe most often, who more often felt mixed or unsafe, and how many."""
    in_period = [e for e in entries if first.isoformat() <= e.day <= last.isoformat()]
    names: dict[str, str] = {}
    safe: Counter[str] = Counter()
    hard: Counter[str] = Counter()
    everyone: Counter[str] = Counter()
    for entry in sorted(in_period, key=lambda e: e.day):
        key = person_key(entry.person)
        names[key] = entry.person  # the most recent spelling wins
        everyone[key] += 1
        if entry.feeling in SAFE:
            safe[key] += 1
        elif entry.feeling in HARD:
            hard[key] += 1
    safe_people = [(spoken_person(names[k]), n) for k, n in _ranked(safe)[:top]]
    hard_people = [
        (spoken_person(names[k]), n, everyone[k]) for k, n in _ranked(hard) if n * 2 >= everyone[k]
    ][:2]
    monday = week_start(today)
    this_week = sum(1 for e in entries if monday.isoformat() <= e.day <= today.isoformat())
    last_week = sum(
        1 for e in entries if (monday - timedelta(days=7)).isoformat() <= e.day < monday.isoformat())
    feelings: dict[str, int] = defaultdict(int)
    for entry in in_period:
        feelings[entry.feeling] += 1
    return Patterns(len(in_period), safe_people, hard_people, this_week, last_week, dict(feelings))


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def query_range(first: date, today: date) -> tuple[date, date]:
    """One Query covers the asked period and the two weeks compared."""
    return min(first, week_start(today) - timedelta(days=7)), today
