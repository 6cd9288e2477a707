"""What Alexa knows without our model: the phrasings of its built-in intents and its built-in slot types.

Only an approximation of Alexa's language understanding, kept small and predictable: enough to
talk to the skill the way people talk to an Echo.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# The common ways people say the built-in intents. Our model's own samples are added to these
# (and win a tie), as Alexa extends a built-in intent with the samples a skill gives it.
PHRASINGS: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "yes", "yeah", "yep", "yes please", "sure", "okay", "ok", "alright", "all right", "of course",
        "please do", "yes i would", "i would", "sounds good", "go ahead", "that's right", "correct",
    ),
    "AMAZON.NoIntent": (
        "no", "nope", "no thanks", "no thank you", "not now", "not really", "not right now", "nah",
        "no i wouldn't", "i don't think so", "that's wrong", "wrong", "not today",
    ),
    "AMAZON.NextIntent": ("next", "continue", "go on", "keep going", "next one", "move on", "skip", "skip this"),
    "AMAZON.PreviousIntent": ("go back", "back", "previous", "the previous one", "last one", "go back one"),
    "AMAZON.RepeatIntent": ("repeat", "repeat that", "say that again", "again", "what was that", "pardon",
                            "come again", "can you repeat that"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "begin again", "from the beginning",
                               "start from the beginning"),
    "AMAZON.PauseIntent": ("pause", "hold on", "wait", "hang on", "pause for a moment", "give me a moment"),
    "AMAZON.ResumeIntent": ("resume", "continue where i left off", "pick up where i left off",
                            "carry on where i left off", "resume where i left off", "unpause"),
    "AMAZON.StopIntent": ("stop", "quit", "shut up", "be quiet", "goodbye", "bye", "stop it", "exit"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it", "cancel that"),
    "AMAZON.HelpIntent": ("help", "help me", "i need help", "what can i say", "what can i do", "how do i use this"),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "go to the home screen", "main menu"),
}

# Built-in intents the user may use to escape a question Alexa is asking (a slot being elicited).
ESCAPES = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.NavigateHomeIntent"})

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_WORDS = {word: n for n, word in enumerate(_UNITS)} | {"a": 1, "an": 1, "none": 0, "nil": 0}
_ORDINAL_SUFFIX = re.compile(r"^(\d+)(st|nd|rd|th)$")


def parse_number(words: list[str]) -> int | None:
    """AMAZON.NUMBER: "3", "three", "twenty one", "a hundred", "first" (ordinals as a bonus)."""
    words = [w for w in words if w != "and"]
    if not words or words in (["a"], ["an"]):
        return None
    if len(words) == 1:
        word = words[0]
        if word.lstrip("-").isdigit():
            return int(word)
        ordinal = _ORDINAL_SUFFIX.match(word)
        if ordinal:
            return int(ordinal.group(1))
        if word in _ORDINALS:
            return _ORDINALS[word]
    total = 0
    for position, word in enumerate(words):
        if word in ("hundred", "thousand"):
            total = max(total, 1) * (100 if word == "hundred" else 1000)
        elif word in _TENS and total % 100 == 0:
            total += _TENS[word]
        elif word in _WORDS and (total % 10 == 0) and not (position and word in ("a", "an")):
            total += _WORDS[word]
        else:
            return None
    return total


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{4}-W\d{2}$|^\d{4}-\d{2}$")
_FILLERS = {"on", "the", "of", "last", "this", "past"}


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _relative(text: str, today: date) -> str | None:
    fixed = {
        "today": today.isoformat(), "tonight": today.isoformat(), "this morning": today.isoformat(),
        "this afternoon": today.isoformat(), "this evening": today.isoformat(), "now": "PRESENT_REF",
        "right now": "PRESENT_REF", "just now": "PRESENT_REF",
        "yesterday": (today - timedelta(days=1)).isoformat(),
        "last night": (today - timedelta(days=1)).isoformat(),
        "the day before yesterday": (today - timedelta(days=2)).isoformat(),
        "tomorrow": (today + timedelta(days=1)).isoformat(),
        "this week": _week(today), "last week": _week(today - timedelta(days=7)),
        "next week": _week(today + timedelta(days=7)),
        "this weekend": f"{_week(today)}-WE", "last weekend": f"{_week(today - timedelta(days=7))}-WE",
        "this month": today.strftime("%Y-%m"),
        "last month": (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
        "this year": str(today.year), "last year": str(today.year - 1),
    }
    return fixed.get(text)


def _days_ago(words: list[str], today: date) -> str | None:
    if len(words) >= 3 and words[-2:] in (["days", "ago"], ["day", "ago"]):
        count = parse_number(words[:-2])
        if count is not None:
            return (today - timedelta(days=count)).isoformat()
    return None


def _calendar_day(words: list[str], today: date) -> str | None:
    """"november 20th", "20 november", "the 20th of november": the most recent such day."""
    months = [w for w in words if w in _MONTHS]
    days = [parse_number([w]) for w in words if w not in _MONTHS and w not in _FILLERS]
    if len(months) != 1 or len(days) != 1 or days[0] is None or len(words) > 4:
        return None
    try:
        day = date(today.year, _MONTHS.index(months[0]) + 1, days[0])
    except ValueError:
        return None
    if day > today:
        day = day.replace(year=today.year - 1)
    return day.isoformat()


def parse_date(words: list[str], today: date) -> str | None:
    """AMAZON.DATE as Alexa fills it: ISO dates, weeks (2026-W47) and months, from what people say.

    A weekday alone ("on monday") is the most recent such day: a journal talks about the past.
    """
    if not words:
        return None
    text = " ".join(words)
    if _ISO.match(text):
        return text.upper() if "w" in text else text
    if words[0] == "on" and len(words) > 1:
        words = words[1:]
        text = " ".join(words)
    found = _relative(text, today) or _days_ago(words, today)
    if found:
        return found
    if len(words) <= 2 and words[-1] in _WEEKDAYS and (len(words) == 1 or words[0] in ("last", "this", "past")):
        back = (today.weekday() - _WEEKDAYS.index(words[-1])) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return (today - timedelta(days=back)).isoformat()
    return _calendar_day(words, today)
