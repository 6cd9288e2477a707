"""Logging a check-in by voice: who, how it felt, what they noticed (optional), read back, saved on yes.

The check-in being logged is a draft in the session (SessionState.draft). The skill asks for each
missing part itself (PERSON, FEELING, NOTE: free words, tidied by heard.py, with commands like
"never mind" or "change the person" heard as such), reads the whole entry back in one sentence and
saves it only on "yes" (SAVE), from the speaker who was asked.

Saved exactly once: the entry id is fixed by the first save attempt. When a save's answer is lost
(a timeout), the item is read back by its key before the person is told anything; a draft changed
after a save that may have landed replaces that same item (store.save_check_in `replacing_day`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from ask_sdk_model import Response

from safe_connections import heard, questions
from safe_connections.config import load_config
from safe_connections.handler import Handler
from safe_connections.handlers.danger import danger_lines
from safe_connections.journal_text import FEELING_WORDS, clean_note, entry_day, felt_words, spoken_day, spoken_person
from safe_connections.questions import CANCEL, NO, STOP, YES, Answer, Question
from safe_connections.state import Draft, State
from safe_connections.store import CheckIn, StoreError, new_entry_id
from safe_connections.turn import Turn

log = logging.getLogger(__name__)

LOG = "LogCheckInIntent"
NOTE = "CheckInNoteIntent"
CHANGE = "ChangeCheckInIntent"
SKIP = "SkipQuestionIntent"
MAX_PERSON_CHARS = 80
MAX_FELT_CHARS = 60
CHANGE_COMMANDS = {"change_person": "person", "change_feeling": "feeling", "change_note": "note",
                   "change_date": "date"}
_LEAVING = {"cancel": (CANCEL,), "stop": (STOP,), "repeat": ("AMAZON.RepeatIntent",)}

PERSON = questions.declare(Question(
    name="journal.person",
    outcomes={**_LEAVING, "cancel": (NO, CANCEL), "not_sure": (SKIP,)},
    reprompt="journal/ask_person_reprompt",
    miss="journal/person_miss",
    help="journal/help_person",
    answer=(LOG, "person"),
    state=State.CHECKIN,
))
FEELING = questions.declare(Question(
    name="journal.feeling",
    outcomes={**_LEAVING, "cancel": (NO, CANCEL), "not_sure": (SKIP,), "go_back": ("AMAZON.PreviousIntent",),
              "change": (CHANGE,),
              **{command: () for command in CHANGE_COMMANDS}},
    reprompt="journal/ask_feeling_reprompt",
    miss="journal/feeling_miss",
    help="journal/help_feeling",
    answer=(LOG, "feeling"),
    state=State.CHECKIN,
))
NOTE_QUESTION = questions.declare(Question(
    name="journal.note",
    outcomes={**_LEAVING, "skip": (NO, "AMAZON.NextIntent", SKIP), "not_sure": (), "go_on": (YES,),
              "go_back": ("AMAZON.PreviousIntent",), "change": (CHANGE,), **{c: () for c in CHANGE_COMMANDS},
              "new_check_in": ()},
    reprompt="journal/ask_note_reprompt",
    miss="journal/note_not_caught",
    help="journal/help_note",
    answer=(NOTE, "note"),
    state=State.CHECKIN,
))
SAVE = questions.declare(Question(
    name="journal.save",
    # "save that" reaches the counter-belief intent on an Echo: here it can only mean this check-in.
    outcomes={"save": (YES, "SaveCounterBeliefIntent"), "discard": (NO, CANCEL), "change": (CHANGE,),
              "stop": (STOP,), **{command: () for command in CHANGE_COMMANDS},
              # the check-in's own words again while it waits ("it was with Sam") correct it
              "correct": (LOG,)},
    reprompt="journal/confirm_reprompt",
    miss="journal/save_miss",
    help="journal/help_confirm",
    way_out="journal/save_way_out",
    state=State.CHECKIN,
    holds=True,
))
# "Which part?" when "change" came without a part.
WHICH_PART = questions.declare(Question(
    name="journal.which_part",
    outcomes={"change": (CHANGE,), **{c: () for c in CHANGE_COMMANDS}, "discard": (CANCEL,), "stop": (STOP,),
              "keep": (NO,)},
    reprompt="journal/change_which",
    miss="journal/change_which",
    give_up="keep",
    state=State.CHECKIN,
))


# -- the draft ------------------------------------------------------------------------------------

def _draft(turn: Turn) -> Draft:
    if turn.s.draft is None:
        turn.s.draft = Draft(day=turn.today.isoformat())
    return turn.s.draft


def _drop_draft(turn: Turn) -> None:
    turn.s.draft = None
    turn.state = State.IDLE


def _person(turn: Turn, said: str | None) -> str:
    said = heard.person_before_story(turn.speech, turn.locale, said) if said else said
    person = heard.tidy(turn.speech, turn.locale, said, "person")[:MAX_PERSON_CHARS]
    return "" if heard.names_nobody(turn.speech, turn.locale, person) else person


def _feeling_id(turn: Turn, said: str) -> str:
    matched = turn.slot_id("feeling")
    if matched in FEELING_WORDS:
        return matched
    by_word = {word: key for key, word in FEELING_WORDS.items()}
    return by_word.get(heard.plain(said)) or heard.feeling_in(turn.speech, turn.locale, said) or "other"


def _set_person(draft: Draft, person: str) -> None:
    if person and person != draft.person:
        draft.person = person
        draft.revision += 1


def _set_feeling(turn: Turn, draft: Draft, said: str) -> None:
    felt = heard.tidy(turn.speech, turn.locale, said, "feeling")[:MAX_FELT_CHARS]
    if felt and felt != draft.felt_as:
        draft.felt_as = felt
        draft.feeling = _feeling_id(turn, felt)
        draft.revision += 1


def _set_note(draft: Draft, note: str) -> None:
    draft.note_asked = True
    if note != draft.note:
        draft.note = note
        draft.revision += 1


def _set_day(turn: Turn, draft: Draft, said: str | None) -> None:
    day = entry_day(said, turn.today)
    if day != draft.day:
        draft.day = day
        draft.revision += 1


def _take_slots(turn: Turn, draft: Draft) -> None:
    """Whatever this LogCheckInIntent carries: "I saw Maya yesterday and it felt safe" fills three parts."""
    _set_person(draft, _person(turn, turn.slot("person")))
    if turn.slot("feeling"):
        _set_feeling(turn, draft, turn.slot("feeling") or "")
    if turn.slot("note"):
        _set_note(draft, clean_note(heard.tidy(turn.speech, turn.locale, turn.slot("note"), "note")))
    if turn.slot("date"):
        _set_day(turn, draft, turn.slot("date"))


def _slots_of(draft: Draft) -> dict[str, str | None]:
    """The draft as LogCheckInIntent slots, handed back to Alexa with an elicitation."""
    return {"person": draft.person or None, "feeling": draft.felt_as or None, "note": draft.note or None,
            "date": draft.day or None}


def next_step(turn: Turn) -> Response:
    """Asks for what is still missing, else reads the check-in back and asks to save it."""
    draft = _draft(turn)
    turn.state = State.CHECKIN
    if not draft.person:
        return questions.ask(turn.say("journal/ask_person"), PERSON, slots=_slots_of(draft))
    if not draft.felt_as:
        return questions.ask(turn.say("journal/ask_feeling"), FEELING, slots=_slots_of(draft))
    if not draft.note_asked:
        return ask_note(turn, "journal/ask_note")
    return _read_back(turn)


def ask_note(turn: Turn, key: str) -> Response:
    draft = _draft(turn)
    draft.note_asked = True
    turn.say(key, person=spoken_person(draft.person))
    return questions.ask(turn, NOTE_QUESTION, slots={"note": None})


def _read_back(turn: Turn) -> Response:
    draft = _draft(turn)
    turn.say("journal/confirm", person=spoken_person(draft.person), day=spoken_day(draft.day, turn.today),
             felt=felt_words(draft.feeling, draft.felt_as), note=draft.note)
    turn.personal = True
    return questions.ask(turn, SAVE)


def _unsaved(turn: Turn) -> None:
    """Says, once, that the check-in being logged is not in the journal, and lets it go."""
    draft = turn.s.draft
    if draft is not None and (draft.person or draft.felt_as or draft.note):
        turn.say("journal/stopped_unsaved" if draft.stored == "no" else "journal/left_maybe_saved")
    _drop_draft(turn)


# -- starting --------------------------------------------------------------------------------------

class LogCheckIn(Handler):
    """"I went for a walk with my brother and it felt safe": fill what was said, ask for the rest."""

    intents = (LOG,)

    def respond(self, turn: Turn) -> Response:
        if turn.s.draft is not None:
            _unsaved(turn)  # a new check-in said while one waited: the other one is not saved
        turn.s.draft = Draft(day=turn.today.isoformat())
        _take_slots(turn, turn.s.draft)
        return next_step(turn)


class StartWithNote(Handler):
    """"I noticed she really listened" before any check-in: keep the words, then ask who and how it felt."""

    intents = (NOTE,)

    def respond(self, turn: Turn) -> Response:
        turn.s.draft = Draft(day=turn.today.isoformat())
        _set_note(turn.s.draft, clean_note(heard.tidy(turn.speech, turn.locale, turn.slot("note"), "note")))
        return next_step(turn)


class NothingToChange(Handler):
    intents = (CHANGE,)

    def respond(self, turn: Turn) -> Response:
        return questions.menu(turn.say("journal/nothing_to_change"))


# -- the answers ------------------------------------------------------------------------------------

def _common(turn: Turn, answer: Answer, question: Question) -> Response | None:
    """What every logging question does with cancel, stop, repeat, go back and changes."""
    outcome = answer.outcome
    if outcome == "cancel":
        return discard(turn)
    if outcome == "stop":
        _unsaved(turn)
        return turn.say("goodbye/goodbye").end()
    if outcome == "change" or outcome in CHANGE_COMMANDS:
        return change(turn, CHANGE_COMMANDS.get(outcome) or _part_said(turn))
    if outcome == "new_check_in":  # "actually, log that I saw my brother..." where the note was asked for
        _unsaved(turn)
        turn.s.draft = Draft(day=turn.today.isoformat())
        return questions.ask(turn.say("journal/new_check_in_instead"), PERSON, slots=_slots_of(turn.s.draft))
    return None


@questions.resolves(PERSON)
def _person_answered(turn: Turn, answer: Answer) -> Response:
    common = _common(turn, answer, PERSON)
    if common is not None:
        return common
    draft = _draft(turn)
    if answer.outcome == "not_sure":
        _set_person(draft, str(turn.render("journal/someone")))
        turn.say("journal/person_not_sure")
    else:
        _set_person(draft, (answer.value or "")[:MAX_PERSON_CHARS])
    if turn.intent_name == LOG:  # "Maya, and it felt safe": take the rest too
        _take_other_slots(turn, draft, "person")
    return next_step(turn)


@questions.resolves(FEELING)
def _feeling_answered(turn: Turn, answer: Answer) -> Response:
    common = _common(turn, answer, FEELING)
    if common is not None:
        return common
    draft = _draft(turn)
    if answer.outcome == "go_back":
        draft.person = ""
        return next_step(turn)
    if answer.outcome == "not_sure":
        _set_feeling(turn, draft, str(turn.render("journal/feeling_hard_to_name")))
        draft.feeling = "other"
        turn.say("journal/feeling_not_sure")
    else:
        _set_feeling(turn, draft, answer.value or "")
    if turn.intent_name == LOG:
        _take_other_slots(turn, draft, "feeling")
    return next_step(turn)


def _take_other_slots(turn: Turn, draft: Draft, answered: str) -> None:
    if answered != "feeling" and turn.slot("feeling"):
        _set_feeling(turn, draft, turn.slot("feeling") or "")
    if answered != "person" and turn.slot("person"):
        _set_person(draft, _person(turn, turn.slot("person")))
    if turn.slot("date"):
        _set_day(turn, draft, turn.slot("date"))


@questions.resolves(NOTE_QUESTION)
def _note_answered(turn: Turn, answer: Answer) -> Response:
    common = _common(turn, answer, NOTE_QUESTION)
    if common is not None:
        return common
    draft = _draft(turn)
    if answer.outcome == "go_on":
        turn.say("journal/note_go_on")
        return questions.ask(turn, NOTE_QUESTION, slots={"note": None})
    if answer.outcome == "go_back":
        draft.felt_as = ""
        return next_step(turn)
    _set_note(draft, "" if answer.outcome in ("skip", "not_sure") else clean_note(answer.value))
    return _read_back(turn)


@questions.resolves(SAVE)
def _save_answered(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "save":
        return save(turn)
    if answer.outcome == "correct":
        draft = _draft(turn)
        before = draft.revision
        _take_slots(turn, draft)
        if draft.revision == before:  # nothing new in it: "log a check-in" said again
            turn.say("journal/save_still_waiting")
        return _read_back(turn)
    if answer.outcome == "change" or answer.outcome in CHANGE_COMMANDS:
        part = CHANGE_COMMANDS.get(answer.outcome) or _part_said(turn)
        if part is not None and answer.value:  # "wait, it was with Sam, not Maya"
            return _changed_to(turn, _draft(turn), part, answer.value)
        return change(turn, part)
    if answer.outcome == "stop":
        _unsaved(turn)
        return turn.say("goodbye/goodbye").end()
    return discard(turn)


@questions.on_leave(SAVE)
@questions.on_leave(PERSON)
@questions.on_leave(FEELING)
@questions.on_leave(NOTE_QUESTION)
@questions.on_leave(WHICH_PART)
def _left(turn: Turn) -> None:
    """The person moved on mid-check-in: they hear it is not saved (never a silent drop)."""
    _unsaved(turn)


# -- changing a part -------------------------------------------------------------------------------

_PARTS = {"person": "person", "who": "person", "name": "person", "feeling": "feeling", "how it felt": "feeling",
          "note": "note", "what i noticed": "note", "what helped": "note", "date": "date", "day": "date",
          "when": "date"}


def _part_said(turn: Turn) -> str | None:
    return turn.slot_id("part") or _PARTS.get(heard.plain(turn.slot("part") or ""))


def _new_value(turn: Turn, part: str | None) -> tuple[str, str] | None:
    """"Change the day to monday": the part and its new words, when the change came with them. Which
    slot the words landed in does not decide the part when the part was named ("change the person to
    my manager" may fill the feeling slot); a day must be one Alexa heard as a date."""
    if turn.intent_name != CHANGE:
        return None
    for slot in ("person", "feeling", "date"):
        said = turn.slot(slot)
        if said:
            target = part or slot
            if (target == "date") != (slot == "date"):
                return None
            return target, said
    return None


def _changed_to(turn: Turn, draft: Draft, part: str, said: str) -> Response:
    if part == "person":
        _set_person(draft, _person(turn, said))
    elif part == "feeling":
        _set_feeling(turn, draft, said)
    elif part == "note":
        _set_note(draft, clean_note(heard.tidy(turn.speech, turn.locale, said, "note")))
    else:
        _set_day(turn, draft, said)
    return _read_back(turn)


def change(turn: Turn, part: str | None) -> Response:
    """"Change the person" / "change the note": that one part again, the rest kept; "change the day to
    monday": the new words straight in, and the check-in read back."""
    draft = _draft(turn)
    given = _new_value(turn, part)
    if given is not None:
        return _changed_to(turn, draft, *given)
    if part == "note":
        return ask_note(turn, "journal/change_note")
    if part == "person":
        draft.person = ""
        return questions.ask(turn.say("journal/change_person"), PERSON, slots=_slots_of(draft))
    if part == "feeling":
        draft.felt_as = ""
        return questions.ask(turn.say("journal/change_feeling"), FEELING, slots=_slots_of(draft))
    if part == "date":
        return questions.ask(turn.say("journal/change_date"), WHEN, slots=_slots_of(draft))
    return questions.ask(turn.say("journal/change_which"), WHICH_PART)


WHEN = questions.declare(Question(
    name="journal.when",
    outcomes={**_LEAVING},
    reprompt="journal/change_date",
    miss="journal/when_miss",
    answer=(LOG, "date"),
    state=State.CHECKIN,
))


@questions.resolves(WHEN)
def _when_answered(turn: Turn, answer: Answer) -> Response:
    common = _common(turn, answer, WHEN)
    if common is not None:
        return common
    _set_day(turn, _draft(turn), turn.slot("date"))
    return _read_back(turn)


questions.on_leave(WHEN)(_left)


@questions.resolves(WHICH_PART)
def _which_part(turn: Turn, answer: Answer) -> Response:
    if answer.outcome == "discard":
        return discard(turn)
    if answer.outcome == "stop":
        _unsaved(turn)
        return turn.say("goodbye/goodbye").end()
    if answer.outcome == "keep":
        return _read_back(turn)
    part = CHANGE_COMMANDS.get(answer.outcome) or _part_said(turn)
    if part is None:
        return _read_back(turn)
    return change(turn, part)


# -- saving, and the truth about it ----------------------------------------------------------------

def _request_time(turn: Turn) -> str:
    """HHMMSS of the request as Alexa stamped it (a retried envelope carries the same stamp), on the
    device's clock: the day is the device's, so the order within it must be too (an evening check-in in
    New York is past midnight in UTC)."""
    stamp = getattr(turn.request, "timestamp", None)
    moment = stamp if isinstance(stamp, datetime) else turn.now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return turn.local(moment).strftime("%H%M%S")


def _entry(turn: Turn, draft: Draft) -> CheckIn:
    return CheckIn(id=draft.id, day=draft.day, person=draft.person, feeling=draft.feeling or "other",
                   note=draft.note, created_at=turn.now.isoformat(timespec="seconds"), felt_as=draft.felt_as,
                   revision=draft.revision)


def _expiry(turn: Turn) -> int | None:
    retention = load_config().retention_days
    return int((turn.now + timedelta(days=retention)).timestamp()) if retention > 0 else None


def save(turn: Turn) -> Response:
    """Stores it once. If DynamoDB's answer is lost, the item is looked up before anything is said."""
    draft = _draft(turn)
    # The id is fixed by the first attempt and kept in the session, so every retry targets the same item.
    draft.id = draft.id or new_entry_id(turn.request_id, _request_time(turn))
    entry = _entry(turn, draft)
    replacing = draft.stored_day if draft.stored in ("maybe", "yes") else None
    try:
        turn.store.save_check_in(turn.user, entry, _expiry(turn), replacing_day=replacing)
    except StoreError:
        return _after_a_failed_save(turn, draft, entry)
    return _saved(turn, entry)


def _after_a_failed_save(turn: Turn, draft: Draft, entry: CheckIn) -> Response:
    try:
        found = turn.store.get_check_in(turn.user, entry.day, entry.id)
    except StoreError:
        # Neither the save's answer nor a look at the journal: it may be there or not. A retry (the same
        # id, replacing whatever may be there) or a "no" (which removes it) settles it either way.
        if draft.stored == "no":
            draft.stored, draft.stored_day = "maybe", entry.day
        log.warning("check-in save unknown id=%s", entry.id)
        return questions.ask(turn.say("journal/save_unknown"), SAVE, reprompt="journal/save_failed_reprompt")
    if found is not None and found.revision == entry.revision:
        return _saved(turn, entry)  # the write landed; only its answer was lost
    if found is not None:  # an earlier version is stored: a retry replaces it
        draft.stored, draft.stored_day = "yes", entry.day
    log.warning("check-in not saved id=%s", entry.id)
    return questions.ask(turn.say("journal/save_failed"), SAVE, reprompt="journal/save_failed_reprompt")


def _saved(turn: Turn, entry: CheckIn) -> Response:
    log.info("check-in saved id=%s", entry.id)
    _drop_draft(turn)
    if entry.feeling == "unsafe":
        # Care and a way to reach people, never praise (issue 11): the line comes from danger_lines.yaml.
        place = danger_lines(turn)
        turn.say("journal/saved_unsafe").say("danger/checkin_unsafe", line=place["line"], emergency=place["emergency"])
    else:
        turn.say("journal/saved", person=spoken_person(entry.person))
    return questions.menu(turn.say("journal/anything_else"), reprompt="journal/after_reprompt")


def discard(turn: Turn) -> Response:
    """"No": nothing is kept. If an earlier attempt may have stored it, that item is removed too."""
    draft = _draft(turn)
    if draft.stored in ("maybe", "yes") and draft.id:
        try:
            turn.store.delete_check_in(turn.user, draft.stored_day, draft.id)
        except StoreError:
            _drop_draft(turn)
            return questions.menu(turn.say("journal/discard_unknown"))
    _drop_draft(turn)
    return questions.menu(turn.say("journal/discarded"))


HANDLERS = [
    LogCheckIn(),
    StartWithNote(),
    NothingToChange(),
]
