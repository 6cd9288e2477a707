"""The connection journal (issue 6): log a check-in by voice, hear it back, notice patterns, delete, export.

Logging is a small dialog kept in the session as a draft: Alexa's dialog model asks for who and how it felt,
the skill asks what helped or what they noticed (optional), reads the whole entry back in one sentence and
saves only on "yes". The entry id comes from the request id of the first save attempt and stays in the draft,
so a retried request or a "yes, try again" after a failure stores the check-in exactly once.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from ask_sdk_model import Response

from safe_connections import privacy
from safe_connections.config import load_config
from safe_connections.handlers.base import Handler
from safe_connections.handlers.journal_summary import (
    FEELING_WORDS,
    PATTERN_DAYS,
    clean_note,
    entry_day,
    entry_values,
    felt_words,
    patterns,
    period,
    query_range,
    spoken_day,
    spoken_person,
)
from safe_connections.state import State
from safe_connections.store import CheckIn, Page, StoreError, new_entry_id, person_key
from safe_connections.turn import Turn

log = logging.getLogger(__name__)

DRAFT_KEY = "journal_draft"
PRIVACY_KEY = "journal_privacy_said"
MORE_KEY = "journal_more"
DELETE_KEY = "journal_delete"
PAGE = 3
MAX_READ = 10
CARD_ENTRIES = 15
MAX_PERSON_CHARS = 80
LOG = "LogCheckInIntent"
NOTE = "CheckInNoteIntent"


# -- the draft ------------------------------------------------------------------------------------

def _today(turn: Turn) -> date:
    return turn.today


def _draft(turn: Turn) -> dict[str, Any]:
    found = turn.session.get(DRAFT_KEY)
    return dict(found) if isinstance(found, dict) else {}


def _keep(turn: Turn, draft: dict[str, Any], step: str) -> None:
    draft["step"] = step
    turn.session[DRAFT_KEY] = draft
    turn.state = State.CHECKIN


def _drop_draft(turn: Turn) -> None:
    turn.session.pop(DRAFT_KEY, None)
    turn.state = State.IDLE


def _clean_person(said: str) -> str:
    words = said.split()
    if words and words[0].lower() in ("with", "to"):
        words = words[1:]
    return " ".join(words)[:MAX_PERSON_CHARS]


def _feeling_id(turn: Turn, said: str) -> str:
    matched = turn.slot_id("feeling")
    if matched in FEELING_WORDS:
        return matched
    by_word = {word: key for key, word in FEELING_WORDS.items()}
    return by_word.get(said.lower().strip(), "other")


def _with_slots(turn: Turn, draft: dict[str, Any]) -> dict[str, Any]:
    """The draft with whatever this request's slots add or change."""
    person = turn.slot("person")
    if person and _clean_person(person):
        draft["person"] = _clean_person(person)
    felt = turn.slot("feeling")
    if felt and (felt != draft.get("felt_as") or turn.slot_id("feeling")):
        draft["felt_as"] = felt[:60]
        draft["feeling"] = _feeling_id(turn, felt)
    if turn.slot("note") is not None:
        draft["note"] = clean_note(turn.slot("note"))
        draft["note_asked"] = True
    if turn.slot("date"):
        draft["day"] = entry_day(turn.slot("date"), _today(turn))
    draft.setdefault("day", _today(turn).isoformat())
    return draft


def _slots_of(draft: dict[str, Any], *, without: str | None = None) -> dict[str, str | None]:
    """The draft as LogCheckInIntent slots, for a directive that hands the dialog back to Alexa."""
    slots = {"person": draft.get("person"), "feeling": draft.get("felt_as"), "note": draft.get("note") or None,
             "date": draft.get("day")}
    if without:
        slots[without] = None
    return slots


def _read_back(turn: Turn, draft: dict[str, Any]) -> Response:
    _keep(turn, draft, "confirm")
    turn.say("journal/confirm", person=spoken_person(draft["person"]), day=spoken_day(draft["day"], _today(turn)),
             felt=felt_words(draft.get("feeling", ""), draft.get("felt_as", "")), note=draft.get("note") or "")
    return turn.ask("journal/confirm_reprompt")


def _ask_note(turn: Turn, draft: dict[str, Any]) -> Response:
    draft["note_asked"] = True
    _keep(turn, draft, "note")
    turn.say("journal/ask_note", person=spoken_person(draft["person"]))
    return turn.elicit_slot("note", "journal/ask_note_reprompt", intent_name=NOTE, slots={"note": None})


def _next_step(turn: Turn, draft: dict[str, Any]) -> Response:
    if not draft.get("note_asked"):
        return _ask_note(turn, draft)
    return _read_back(turn, draft)


def _request_time(turn: Turn) -> str:
    """HHMMSS of the request as Alexa stamped it (a retried envelope carries the same stamp)."""
    stamp = getattr(turn.request, "timestamp", None)
    return stamp.strftime("%H%M%S") if hasattr(stamp, "strftime") else turn.now.strftime("%H%M%S")


def _done(turn: Turn) -> Response:
    """Every answer that finishes something also asks what's next (an open session always asks)."""
    return turn.say("journal/anything_else").ask("journal/after_reprompt")


def _step(turn: Turn) -> str | None:
    return _draft(turn).get("step")


# -- logging ------------------------------------------------------------------------------------

class LogCheckIn(Handler):
    """"I went for a walk with my brother and it felt safe": fill what was said, ask for the rest."""

    intents = (LOG,)

    def respond(self, turn: Turn) -> Response:
        continuing = turn.state == State.CHECKIN and (
            _step(turn) == "change" or turn.dialog_state in ("IN_PROGRESS", "COMPLETED"))
        draft = _with_slots(turn, _draft(turn) if continuing else {})
        missing = [name for name in ("person", "feeling") if not draft.get(name)]
        if not missing:
            return _next_step(turn, draft)
        _keep(turn, draft, "dialog")
        if turn.dialog_state != "COMPLETED":
            return turn.delegate(LOG, _slots_of(draft))
        # Alexa says the dialog is complete but a required part is missing (a model out of step): ask ourselves.
        turn.say(f"journal/ask_{missing[0]}")
        return turn.elicit_slot(missing[0], f"journal/ask_{missing[0]}", intent_name=LOG, slots=_slots_of(draft))


class AddNote(Handler):
    """The answer to "what helped, or what did you notice?" (or "skip")."""

    intents = (NOTE,)
    states = (State.CHECKIN,)

    def applies(self, turn: Turn) -> bool:
        return bool(_draft(turn).get("person"))

    def respond(self, turn: Turn) -> Response:
        draft = _draft(turn)
        draft["note"] = clean_note(turn.slot("note"))
        draft["note_asked"] = True
        return _next_step(turn, draft)


class StartWithNote(Handler):
    """"I noticed she really listened" before any check-in: keep the words, then ask who and how it felt."""

    intents = (NOTE,)

    def respond(self, turn: Turn) -> Response:
        note = clean_note(turn.slot("note"))
        draft = {"note": note, "note_asked": True, "day": _today(turn).isoformat()}
        _keep(turn, draft, "dialog")
        return turn.delegate(LOG, _slots_of(draft))


class SkipNote(Handler):
    """"No", "skip" or "next" when asked for a note: a check-in without one is complete."""

    intents = ("AMAZON.NoIntent", "AMAZON.NextIntent")
    states = (State.CHECKIN,)

    def applies(self, turn: Turn) -> bool:
        return _step(turn) == "note"

    def respond(self, turn: Turn) -> Response:
        draft = _draft(turn)
        draft["note"] = ""
        return _read_back(turn, draft)


class NoteToCome(Handler):
    """"Yes" to "is there anything you noticed?": they have something to say, so listen for it."""

    intents = ("AMAZON.YesIntent",)
    states = (State.CHECKIN,)

    def applies(self, turn: Turn) -> bool:
        return _step(turn) == "note"

    def respond(self, turn: Turn) -> Response:
        turn.say("journal/note_go_on")
        return turn.elicit_slot("note", "journal/ask_note_reprompt", intent_name=NOTE, slots={"note": None})


class SaveCheckIn(Handler):
    """"Yes" to the read-back, or to trying again after a failure: store it once, or say honestly that it wasn't."""

    intents = ("AMAZON.YesIntent",)
    states = (State.CHECKIN,)

    def applies(self, turn: Turn) -> bool:
        return _step(turn) in ("confirm", "failed")

    def respond(self, turn: Turn) -> Response:
        draft = _draft(turn)
        # The id is fixed by the first attempt and kept in the session, so every retry targets the same item.
        draft.setdefault("id", new_entry_id(turn.request_id, _request_time(turn)))
        entry = CheckIn(id=draft["id"], day=draft["day"], person=draft["person"], feeling=draft["feeling"],
                        note=draft.get("note") or "", created_at=turn.now.isoformat(timespec="seconds"),
                        felt_as=draft.get("felt_as") or "")
        retention = load_config().retention_days
        expires = int((turn.now + timedelta(days=retention)).timestamp()) if retention > 0 else None
        try:
            fresh = turn.store.save_check_in(turn.user, entry, expires)
        except StoreError:
            log.warning("check-in not saved id=%s", entry.id)
            _keep(turn, draft, "failed")
            return turn.say("journal/save_failed").ask("journal/save_failed_reprompt")
        log.info("check-in saved id=%s new=%s", entry.id, fresh)
        _drop_draft(turn)
        return _done(turn.say("journal/saved", person=spoken_person(entry.person)))


class DiscardCheckIn(Handler):
    """"No" to the read-back: nothing is stored."""

    intents = ("AMAZON.NoIntent", "AMAZON.CancelIntent")
    states = (State.CHECKIN,)

    def applies(self, turn: Turn) -> bool:
        return _step(turn) in ("confirm", "failed") or turn.intent_name == "AMAZON.CancelIntent"

    def respond(self, turn: Turn) -> Response:
        _drop_draft(turn)
        return _done(turn.say("journal/discarded"))


_PARTS = {"person": "person", "who": "person", "name": "person", "feeling": "feeling", "how it felt": "feeling",
          "note": "note", "what i noticed": "note", "what helped": "note", "date": "date", "day": "date",
          "when": "date"}


class ChangePart(Handler):
    """"Change the person" / "change the note": ask for that one part again, keep the rest."""

    intents = ("ChangeCheckInIntent",)
    states = (State.CHECKIN,)

    def applies(self, turn: Turn) -> bool:
        return bool(_draft(turn).get("person"))

    def respond(self, turn: Turn) -> Response:
        draft = _draft(turn)
        part = turn.slot_id("part") or _PARTS.get((turn.slot("part") or "").lower())
        if part == "note":
            _keep(turn, draft, "note")
            turn.say("journal/change_note")
            return turn.elicit_slot("note", "journal/ask_note_reprompt", intent_name=NOTE, slots={"note": None})
        if part in ("person", "feeling", "date"):
            _keep(turn, draft, "change")
            turn.say(f"journal/change_{part}")
            return turn.elicit_slot(part, f"journal/change_{part}", intent_name=LOG,
                                    slots=_slots_of(draft, without=part))
        return turn.say("journal/change_which").ask("journal/change_which")


class NothingToChange(Handler):
    intents = ("ChangeCheckInIntent",)

    def respond(self, turn: Turn) -> Response:
        return _done(turn.say("journal/nothing_to_change"))


class CheckInNotCaught(Handler):
    """A fallback in the middle of logging: ask again for the same thing, keep the draft."""

    intents = ("AMAZON.FallbackIntent",)
    states = (State.CHECKIN,)

    def respond(self, turn: Turn) -> Response:
        draft = _draft(turn)
        if _step(turn) == "note" and draft.get("person"):
            turn.say("journal/note_not_caught")
            return turn.elicit_slot("note", "journal/ask_note_reprompt", intent_name=NOTE, slots={"note": None})
        if _step(turn) in ("confirm", "failed"):
            return turn.say("journal/confirm_not_caught").ask("journal/confirm_reprompt")
        _drop_draft(turn)
        return turn.say("fallback/fallback").ask("fallback/reprompt")


class StopWhileLogging(Handler):
    """"Stop" before the check-in was saved: say so, so nobody believes it is in their journal."""

    intents = ("AMAZON.StopIntent",)
    states = (State.CHECKIN,)

    def respond(self, turn: Turn) -> Response:
        _drop_draft(turn)
        return turn.say("journal/stopped_unsaved").say("goodbye/goodbye").end()


class CheckInHelp(Handler):
    intents = ("AMAZON.HelpIntent",)
    states = (State.CHECKIN,)

    def respond(self, turn: Turn) -> Response:
        if _step(turn) == "note":
            return turn.say("journal/help_note").ask("journal/ask_note_reprompt")
        return turn.say("journal/help_confirm").ask("journal/confirm_reprompt")


# -- reading back ---------------------------------------------------------------------------------

def _privacy_once(turn: Turn) -> None:
    if not turn.session.get(PRIVACY_KEY):
        turn.session[PRIVACY_KEY] = True
        turn.say("journal/privacy")


def _fetch(turn: Turn, more: dict[str, Any], limit: int) -> Any:
    kind, cursor = more.get("kind"), more.get("cursor")
    if kind == "person":
        return turn.store.check_ins_with(turn.user, more["person_key"], limit, cursor)
    if kind == "between":
        return turn.store.check_ins_between(turn.user, more["first"], more["last"], limit, cursor)
    return turn.store.latest_check_ins(turn.user, limit, cursor)


def _speak_page(turn: Turn, more: dict[str, Any], page: Any) -> Response:
    entries = [entry_values(entry, _today(turn)) for entry in page.entries]
    if entries:
        turn.say("journal/entries", entries=entries)
    if page.cursor:
        turn.session[MORE_KEY] = {**more, "cursor": page.cursor}
        turn.state = State.READING_JOURNAL
        return turn.say("journal/more_offer").ask("journal/more_reprompt")
    turn.session.pop(MORE_KEY, None)
    turn.state = State.IDLE
    if more.get("cursor"):
        turn.say("journal/no_more")
    return _done(turn)


class ReadJournal(Handler):
    """"What did I log this week?", "read my last five check-ins"."""

    intents = ("ReadJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        return privacy.read_personal(turn, "journal", count=turn.slot("count"), when=turn.slot("when"))


@privacy.personal("journal")
def _read_journal(turn: Turn, count: str | None = None, when: str | None = None) -> Response:
    limit = _count(count)
    span = period(when, _today(turn))
    if span:
        more = {"kind": "between", "first": span[0].isoformat(), "last": span[1].isoformat()}
    else:
        more = {"kind": "latest"}
    page = _fetch(turn, more, limit or PAGE)
    if not page.entries:
        turn.state = State.IDLE
        return _done(turn.say("journal/nothing_in_period" if span else "journal/empty"))
    _privacy_once(turn)
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
        return privacy.read_personal(turn, "journal_person", person=turn.slot("person"))


@privacy.personal("journal_person")
def _read_person(turn: Turn, person: str | None = None) -> Response:
    said = _clean_person(person or "")
    if not said:
        return turn.say("journal/which_person").ask("journal/which_person")
    more = {"kind": "person", "person_key": person_key(said)}
    page = turn.store.check_ins_with(turn.user, more["person_key"], PAGE)
    if not page.entries:
        turn.state = State.IDLE
        return _done(turn.say("journal/nobody_logged", person=spoken_person(said)))
    _privacy_once(turn)
    latest = page.entries[0]
    turn.say("journal/last_seen", person=spoken_person(latest.person),
             day=spoken_day(latest.day, _today(turn)), felt=felt_words(latest.feeling, latest.felt_as))
    if latest.note:
        turn.say("journal/last_note", note=latest.note)
    if len(page.entries) > 1:
        turn.say("journal/before_that")
    return _speak_page(turn, more, Page(page.entries[1:], page.cursor))


class HearMore(Handler):
    intents = ("AMAZON.YesIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent")
    states = (State.READING_JOURNAL,)

    def respond(self, turn: Turn) -> Response:
        more = turn.session.get(MORE_KEY)
        if not isinstance(more, dict):
            turn.state = State.IDLE
            return _done(turn.say("journal/no_more"))
        return _speak_page(turn, more, _fetch(turn, more, PAGE))


class EnoughReading(Handler):
    intents = ("AMAZON.NoIntent",)
    states = (State.READING_JOURNAL,)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop(MORE_KEY, None)
        turn.state = State.IDLE
        return _done(turn.say("journal/enough"))


# -- patterns -----------------------------------------------------------------------------------

class NoticePatterns(Handler):
    """"Who have I felt safe with?": who most often felt safe, a gentle note on the rest, this week and last."""

    intents = ("JournalPatternsIntent",)

    def respond(self, turn: Turn) -> Response:
        return privacy.read_personal(turn, "journal_patterns", when=turn.slot("when"))


@privacy.personal("journal_patterns")
def _notice_patterns(turn: Turn, when: str | None = None) -> Response:
    today = _today(turn)
    span = period(when, today) or (today - timedelta(days=PATTERN_DAYS - 1), today)
    first, last = span[0], min(span[1], today)
    low, high = query_range(first, today)
    entries = turn.store.feelings_between(turn.user, low.isoformat(), high.isoformat())
    found = patterns(entries, first, last, today)
    log.info("patterns over entries=%d in_period=%d", len(entries), found.total)
    turn.state = State.IDLE
    if not found.total:
        turn.say("journal/patterns_empty")
    else:
        _privacy_once(turn)
        default = when is None
        turn.say("journal/patterns_total", total=found.total, default_period=default,
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
    return _done(turn)


# -- deleting -----------------------------------------------------------------------------------

class DeleteLast(Handler):
    intents = ("DeleteLastCheckInIntent",)

    def respond(self, turn: Turn) -> Response:
        page = turn.store.latest_check_ins(turn.user, 1)
        if not page.entries:
            turn.state = State.IDLE
            return _done(turn.say("journal/empty"))
        entry = page.entries[0]
        turn.session[DELETE_KEY] = {"what": "last", "day": entry.day, "id": entry.id}
        turn.state = State.CONFIRM_DELETE
        turn.say("journal/confirm_delete_last", person=spoken_person(entry.person),
                 day=spoken_day(entry.day, _today(turn)))
        return turn.ask("journal/confirm_delete_reprompt")


class DeleteWithPerson(Handler):
    intents = ("DeletePersonCheckInsIntent",)

    def respond(self, turn: Turn) -> Response:
        said = _clean_person(turn.slot("person") or "")
        if not said:
            return turn.say("journal/which_person_delete").ask("journal/which_person_delete")
        turn.session[DELETE_KEY] = {"what": "person", "person_key": person_key(said), "person": said}
        turn.state = State.CONFIRM_DELETE
        turn.say("journal/confirm_delete_person", person=spoken_person(said))
        return turn.ask("journal/confirm_delete_reprompt")


class DeleteJournal(Handler):
    intents = ("DeleteJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.session[DELETE_KEY] = {"what": "journal"}
        turn.state = State.CONFIRM_DELETE
        return turn.say("journal/confirm_delete_journal").ask("journal/confirm_delete_reprompt")


class DeleteAllMyData(Handler):
    intents = ("DeleteAllMyDataIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.session[DELETE_KEY] = {"what": "all"}
        turn.state = State.CONFIRM_DELETE
        return turn.say("journal/confirm_delete_all").ask("journal/confirm_delete_reprompt")


class ConfirmDelete(Handler):
    """"Yes" to a delete question: delete exactly what was asked about, and say what went.

    If DynamoDB fails, the question stays open: the person hears that it may not all be gone, and "yes" tries
    again (deleting is idempotent)."""

    intents = ("AMAZON.YesIntent",)
    states = (State.CONFIRM_DELETE,)

    def respond(self, turn: Turn) -> Response:
        pending = turn.session.get(DELETE_KEY) or {}
        try:
            said = self._delete(turn, pending)
        except StoreError:
            log.warning("delete failed what=%s", pending.get("what"))
            return turn.say("journal/delete_failed").ask("journal/confirm_delete_reprompt")
        turn.session.pop(DELETE_KEY, None)
        turn.state = State.IDLE
        if said is None:
            return turn.say("fallback/out_of_context").ask("fallback/reprompt")
        key, values = said
        return _done(turn.say(key, **values))

    @staticmethod
    def _delete(turn: Turn, pending: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        what = pending.get("what")
        if what == "last":
            turn.store.delete_check_in(turn.user, pending["day"], pending["id"])
            return "journal/deleted_last", {}
        if what in ("person", "journal", "all"):
            # Queued for the deletion worker and hidden from every read at once; the id and time of the first
            # attempt stay in the session, so "yes, try again" after a failure repeats exactly that deletion.
            started = pending.get("started")
            if not (isinstance(started, dict) and all(isinstance(started.get(k), str) for k in ("id", "at"))):
                started = {"id": new_entry_id(turn.request_id), "at": turn.now.isoformat(timespec="seconds")}
            turn.session[DELETE_KEY] = {**pending, "started": started}
            turn.store.start_deletion(turn.user, what, person_key=str(pending.get("person_key") or ""),
                                      id=started["id"], at=started["at"])
            if what == "all":
                turn.session.clear()
            return f"journal/deleting_{what}", {"person": spoken_person(pending.get("person", ""))}
        return None


class KeepData(Handler):
    intents = ("AMAZON.NoIntent", "AMAZON.CancelIntent")
    states = (State.CONFIRM_DELETE,)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop(DELETE_KEY, None)
        turn.state = State.IDLE
        return _done(turn.say("journal/kept"))


# -- export ---------------------------------------------------------------------------------------

class SendJournal(Handler):
    """"Send my journal to my phone": the recent check-ins in an Alexa app card, a copy they can read."""

    intents = ("SendJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        page = turn.store.latest_check_ins(turn.user, CARD_ENTRIES)
        turn.state = State.IDLE
        if not page.entries:
            return _done(turn.say("journal/empty"))
        entries = [{**entry_values(e, _today(turn)), "date": e.day} for e in page.entries]
        turn.card("journal/card_title", "journal/card_body", entries=entries)
        return _done(turn.say("journal/card_sent", count=len(entries)))


HANDLERS = [
    # in the middle of logging: the draft's own yes, no, help, fallback and changes come first
    SaveCheckIn(),
    NoteToCome(),
    SkipNote(),
    DiscardCheckIn(),
    AddNote(),
    ChangePart(),
    CheckInNotCaught(),
    StopWhileLogging(),
    CheckInHelp(),
    LogCheckIn(),
    StartWithNote(),
    NothingToChange(),
    # reading back
    HearMore(),
    EnoughReading(),
    ReadJournal(),
    ReadPerson(),
    NoticePatterns(),
    # deleting
    ConfirmDelete(),
    KeepData(),
    DeleteLast(),
    DeleteWithPerson(),
    DeleteJournal(),
    DeleteAllMyData(),
    SendJournal(),
]
