"""Deleting, always after a yes from the speaker who asked (DELETE): the last check-in, every check-in
with one person, the whole journal, or all of a person's data (asked for in my_data.py). All but the
last check-in are queued for the deletion worker (deletions.py) and hidden from every read at once."""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.handler import Handler
from safe_connections.handlers.journal_reading import done, person_said
from safe_connections.journal_text import spoken_day, spoken_person
from safe_connections.people import person_key
from safe_connections.questions import CANCEL, NO, YES, Answer, Question
from safe_connections.state import SessionState, State
from safe_connections.store import StoreError, new_entry_id
from safe_connections.turn import Turn

log = logging.getLogger(__name__)

DELETE = questions.declare(Question(
    name="journal.delete",
    outcomes={"yes": (YES,), "no": (NO, CANCEL), "yes_delete": ()},
    reprompt="journal/confirm_delete_reprompt",
    miss="journal/confirm_delete_miss",
    give_up="no",
    holds=questions.DELETIONS,  # a Delete intent heard for "delete it" must not start a bigger deletion
))


def ask_to_delete(turn: Turn, what: dict[str, Any], key: str, **values: Any) -> Response:
    """Says what would go, and waits for a yes from this speaker."""
    turn.state = State.IDLE
    return questions.ask(turn.say(key, **values), DELETE, context=what)


class DeleteLast(Handler):
    intents = ("DeleteLastCheckInIntent",)

    def respond(self, turn: Turn) -> Response:
        page = turn.store.latest_check_ins(turn.user, 1)
        if not page.entries:
            return done(turn.say("journal/empty"))
        entry = page.entries[0]
        return ask_to_delete(turn, {"what": "last", "day": entry.day, "id": entry.id}, "journal/confirm_delete_last",
                             person=spoken_person(entry.person), day=spoken_day(entry.day, turn.today))


class DeleteWithPerson(Handler):
    intents = ("DeletePersonCheckInsIntent",)

    def respond(self, turn: Turn) -> Response:
        said = person_said(turn, turn.slot("person"))
        if not said:
            return questions.menu(turn.say("journal/which_person_delete"), reprompt="journal/which_person_delete")
        return ask_to_delete(turn, {"what": "person", "person_key": person_key(said), "person": said},
                             "journal/confirm_delete_person", person=spoken_person(said))


class DeleteJournal(Handler):
    intents = ("DeleteJournalIntent",)

    def respond(self, turn: Turn) -> Response:
        return ask_to_delete(turn, {"what": "journal"}, "journal/confirm_delete_journal")


@questions.resolves(DELETE)
def _delete_answered(turn: Turn, answer: Answer) -> Response:
    """"Yes": delete exactly what was asked about, and say what went. If DynamoDB fails the question
    stays open: the person hears that it may not all be gone, and "yes" tries again (deleting is
    idempotent)."""
    if answer.outcome == "no":
        return done(turn.say("journal/kept"))
    try:
        said = _delete(turn, answer.context)
    except StoreError:
        log.warning("delete failed what=%s", answer.context.get("what"))
        return questions.ask(turn.say("journal/delete_failed"), DELETE, context=answer.context)
    if said is None:
        return questions.menu(turn.say("fallback/out_of_context"))
    key, values = said
    return done(turn.say(key, **values))


def _delete(turn: Turn, what: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    kind = what.get("what")
    if kind == "last" and isinstance(what.get("day"), str) and isinstance(what.get("id"), str):
        turn.store.delete_check_in(turn.user, what["day"], what["id"])
        return "journal/deleted_last", {}
    if kind in ("journal", "all") or (kind == "person" and isinstance(what.get("person_key"), str)):
        # Queued for the deletion worker and hidden from every read at once; the id and time of the first
        # attempt stay in the question's context, so "yes, try again" repeats exactly that deletion.
        started = what.get("started")
        if not (isinstance(started, dict) and all(isinstance(started.get(k), str) for k in ("id", "at"))):
            started = what["started"] = {"id": new_entry_id(turn.request_id),
                                         "at": turn.now.isoformat(timespec="seconds")}
        turn.store.start_deletion(turn.user, kind, person_key=str(what.get("person_key") or ""),
                                  id=started["id"], at=started["at"])
        if kind == "all":
            turn.s = SessionState(time_zone=turn.s.time_zone)
        return f"journal/deleting_{kind}", {"person": spoken_person(str(what.get("person", "")))}
    return None


HANDLERS = [DeleteLast(), DeleteWithPerson(), DeleteJournal()]
