"""Patterns in the journal, on request: who most often felt safe, a gentle note on who more often
felt mixed or unsafe, this week against last. No streaks, no scores, no judgement."""

from __future__ import annotations

import logging
from datetime import timedelta

from ask_sdk_model import Response

from safe_connections import privacy
from safe_connections.handler import Handler
from safe_connections.handlers.journal_reading import done, hard, privacy_once
from safe_connections.journal_text import PATTERN_DAYS, patterns, period, query_range, spoken_day
from safe_connections.turn import Turn

log = logging.getLogger(__name__)


class NoticePatterns(Handler):
    """"Who have I felt safe with?", "how have my check-ins been this month?"."""

    intents = ("JournalPatternsIntent",)

    def respond(self, turn: Turn) -> Response:
        return privacy.read_personal(turn, "journal_patterns", when=turn.slot("when"))


@privacy.personal("journal_patterns")
def _notice_patterns(turn: Turn, when: str | None = None) -> Response:
    today = turn.today
    span = period(when, today) or (today - timedelta(days=PATTERN_DAYS - 1), today)
    first, last = span[0], min(span[1], today)
    low, high = query_range(first, today)
    entries = turn.store.feelings_between(turn.user, low.isoformat(), high.isoformat())
    found = patterns(entries, first, last, today)
    log.info("patterns over entries=%d in_period=%d", len(entries), found.total)
    if found.hard_people and hard(entries) and not turn.aloud_confirmed:
        # Who felt unsafe is as personal as the entries: the same question as a reading of them.
        return privacy.read_personal(turn, "journal_patterns", ask_first=True,
                                     question_key="journal/patterns_ask_before_hard", when=when)
    if not found.total:
        turn.say("journal/patterns_empty")
    else:
        privacy_once(turn)
        turn.say("journal/patterns_total", total=found.total, default_period=when is None,
                 since=spoken_day(first.isoformat(), today))
        if found.safe_people:
            turn.say("journal/patterns_safe", people=[{"name": n, "count": c} for n, c in found.safe_people])
        else:
            turn.say("journal/patterns_no_safe")
        if found.hard_people:
            turn.say("journal/patterns_hard",
                     people=[{"name": n, "count": c, "all": a} for n, c, a in found.hard_people])
    if found.this_week or found.last_week:
        turn.say("journal/patterns_weeks", this_week=found.this_week, last_week=found.last_week)
    return done(turn)


HANDLERS = [NoticePatterns()]
