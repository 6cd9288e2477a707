"""Hearing the journal back, only when asked: the latest check-ins, a period, one person; more on
request (MORE); a copy in the Alexa app. Every reading goes through the privacy gate (privacy.py), and
a page holding a check-in that felt unsafe asks before it is read aloud, private mode or not."""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from safe_connections import heard, privacy, questions
from safe_connections.handler import Handler
from safe_connections.journal_text import entry_values, felt_words, period, spoken_day, spoken_person
from safe_connections.people import person_key
from safe_connections.questions import CANCEL, NO, YES, Answer, Question
from safe_connections.state import State
from safe_connections.store import CheckIn, Page
from safe_connections.turn import Turn

PAGE = 3
MAX_READ = 10
CARD_ENTRIES = 15
HARD_FEELINGS = frozenset({"unsafe"})

MORE = questions.declare(Question(
    name="journal.more",
    # "one more" reaches the counter-belief intent on an Echo: here it can only mean more of the journal
    outcomes={"yes": (YES, "AMAZON.NextIntent", "AMAZON.ResumeIntent", "AnotherCounterBeliefIntent"),
              "no": (NO, CANCEL)},
    reprompt="journal/more_reprompt",
    miss="journal/more_miss",
    give_up="no",
    state=State.READING_JOURNAL,
))


def done(turn: Turn) -> Response:
    """Every answer that finishes something also asks what's next (an open session always asks)."""
    turn.state = State.IDLE
    return questions.menu(turn.say("journal/anything_else"), reprompt="journal/after_reprompt")


def person_said(turn: Turn, said: str | None) -> str:
    return heard.tidy(turn.speech, turn.locale, said, "person")[:80]


def privacy_once(turn: Turn) -> None:
    """"This will read your journal out loud", once a session, unless they just said yes to exactly that."""
    if not turn.s.journal_privacy_said and not turn.aloud_confirmed:
        turn.say("journal/privacy")
    turn.s.journal_privacy_said = True


def _fetch(turn: Turn, more: dict[str, Any], limit: int) -> Page:
    kind, cursor = more.get("kind"), more.get("cursor")
    if kind == "person":
        return turn.store.check_ins_with(turn.user, str(more["person_key"]), limit, cursor)
    if kind == "between":
        return turn.store.check_ins_between(turn.user, str(more["first"]), str(more["last"]), limit, cursor)
    return turn.store.latest_check_ins(turn.user, limit, cursor)


def hard(entries: list[CheckIn]) -> bool:
    return any(entry.feeling in HARD_FEELINGS for entry in entries)


def _ask_before_hard(turn: Turn, reading: str, **what: Any) -> Response:
    return privacy.read_personal(turn, reading, ask_first=True, question_key="journal/ask_before_hard", **what)


def _speak_page(turn: Turn, more: dict[str, Any], page: Page) -> Response:
    entries = [entry_values(entry, turn.today) for entry in page.entries]
    if entries:
        turn.say("journal/entries", entries=entries)
    if page.cursor:
        turn.s.reading = {**more, "cursor": page.cursor}
        return questions.ask(turn.say("journal/more_offer"), MORE)
    turn.s.reading = None
    if more.get("cursor"):
        turn.say("journal/no_more")
    return done(turn)


class ReadJournal(Handler):
    """"What did I log this week?", "read my last five check-ins"."""

    intents = ("ReadJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        return privacy.read_personal(turn, "journal", count=turn.slot("count"), when=turn.slot("when"))


@privacy.personal("journal")
def _read_journal(turn: Turn, count: str | None = None, when: str | None = None) -> Response:
    limit = _count(count)
    span = period(when, turn.today)
    more: dict[str, Any] = {"kind": "latest"}
    if span:
        more = {"kind": "between", "first": span[0].isoformat(), "last": span[1].isoformat()}
    page = _fetch(turn, more, limit or PAGE)
    if not page.entries:
        return done(turn.say("journal/nothing_in_period" if span else "journal/empty"))
    if hard(page.entries) and not turn.aloud_confirmed:
        return _ask_before_hard(turn, "journal", count=count, when=when)
    privacy_once(turn)
    return _speak_page(turn, more, page)


def _count(said: str | None) -> int | None:
    try:
        return max(1, min(int(said or ""), MAX_READ))
    except ValueError:
        return None


class ReadPerson(Handler):
    """"When did I last see Maya?", "how did it go with my brother?"."""

    intents = ("PersonJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        said = turn.slot("person")
        if said and heard.names_the_journal(turn.speech, turn.locale, said):
            # "what have I written in {person}" with "my journal" in it: the journal itself
            return privacy.read_personal(turn, "journal", count=None, when=None)
        return privacy.read_personal(turn, "journal_person", person=said)


@privacy.personal("journal_person")
def _read_person(turn: Turn, person: str | None = None) -> Response:
    said = person_said(turn, person)
    if not said:
        return questions.menu(turn.say("journal/which_person"), reprompt="journal/which_person")
    more = {"kind": "person", "person_key": person_key(said)}
    page = _fetch(turn, more, PAGE)
    if not page.entries:
        return done(turn.say("journal/nobody_logged", person=spoken_person(said)))
    if hard(page.entries) and not turn.aloud_confirmed:
        return _ask_before_hard(turn, "journal_person", person=person)
    privacy_once(turn)
    latest = page.entries[0]
    turn.say("journal/last_seen", person=spoken_person(latest.person), day=spoken_day(latest.day, turn.today),
             felt=felt_words(latest.feeling, latest.felt_as))
    if latest.note:
        turn.say("journal/last_note", note=latest.note)
    if len(page.entries) > 1:
        turn.say("journal/before_that")
    return _speak_page(turn, more, Page(page.entries[1:], page.cursor))


@questions.resolves(MORE)
def _more_answered(turn: Turn, answer: Answer) -> Response:
    more = turn.s.reading
    if answer.outcome == "no" or not isinstance(more, dict):
        turn.s.reading = None
        return done(turn.say("journal/enough" if answer.outcome == "no" else "journal/no_more"))
    return privacy.read(turn, "journal_more", {"more": more})


@privacy.personal("journal_more")
def _read_more(turn: Turn, more: dict[str, Any]) -> Response:
    page = _fetch(turn, more, PAGE)
    return _speak_page(turn, more, page)


class SendJournal(Handler):
    """"Send my journal to my phone": the recent check-ins in an Alexa app card, a copy they can read."""

    intents = ("SendJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        page = turn.store.latest_check_ins(turn.user, CARD_ENTRIES)
        if not page.entries:
            return done(turn.say("journal/empty"))
        if hard(page.entries):
            # The Alexa app is as shared as the Echo: ask before a card tells who felt unsafe.
            return privacy.read_personal(turn, "journal_card", ask_first=True,
                                         question_key="journal/ask_before_card")
        return _send_card(turn, page)


@privacy.personal("journal_card")
def _send_confirmed(turn: Turn) -> Response:
    page = turn.store.latest_check_ins(turn.user, CARD_ENTRIES)
    return _send_card(turn, page) if page.entries else done(turn.say("journal/empty"))


def _send_card(turn: Turn, page: Page) -> Response:
    entries = [{**entry_values(e, turn.today), "date": e.day} for e in page.entries]
    turn.card("journal/card_title", "journal/card_body", entries=entries)
    return done(turn.say("journal/card_sent", count=len(entries)))


HANDLERS = [ReadJournal(), ReadPerson(), SendJournal()]
