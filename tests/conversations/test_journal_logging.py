"""A person logs check-ins by voice: all at once, a bit at a time, with a day, without a note, with a
correction, or changes their mind. Nothing is stored until they say yes, and then exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.conversations.journal_talk import (
    check_ins,
    directive,
    feeling,
    log_check_in,
    log_slots,
    note,
    person,
)
from tests.ssml import check_ssml
from tools.envelopes import slot


def _today() -> date:
    return datetime.now(UTC).date()


def test_everything_said_at_once_is_read_back_in_one_sentence_and_saved_on_yes(talk, ddb, speech):
    talk.launch()
    asked = talk.intent("LogCheckInIntent", *log_slots("my brother", "calm"), dialog_state="STARTED")
    elicit = directive(asked, "Dialog.ElicitSlot")
    assert elicit and elicit["slotToElicit"] == "note" and elicit["updatedIntent"]["name"] == "CheckInNoteIntent"
    assert asked.ssml[len("<speak>"):-len("</speak>")] in speech.variants("journal/ask_note", "en-US",
                                                                         person="your brother")
    assert asked.reprompt
    assert any(w in asked.text for w in ("helped", "noticed", "difference")), "the prompt asks what helped"
    assert check_ins(ddb, talk.device.user_id) == []

    read_back = talk.intent("CheckInNoteIntent", note("he listened without fixing anything"))
    check_ssml(read_back.ssml)
    assert "your brother today" in read_back.text and "calm" in read_back.text
    assert "he listened without fixing anything" in read_back.text and "save" in read_back.text
    assert check_ins(ddb, talk.device.user_id) == [], "nothing is stored before yes"

    saved = talk.intent("AMAZON.YesIntent")
    assert not saved.ends_session and saved.reprompt
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["person"]["S"] == "my brother" and item["feeling"]["S"] == "safe"
    assert item["feltAs"]["S"] == "calm" and item["note"]["S"] == "he listened without fixing anything"
    assert f"#C#{_today().isoformat()}#" in item["sk"]["S"]
    assert item["whoKey"]["S"].split("#W#")[1].startswith(f"brother#{_today().isoformat()}#")
    assert "expiresAt" not in item, "no retention configured: nothing expires"


def test_a_note_said_in_the_first_sentence_is_not_asked_for_again(talk, ddb):
    reply = talk.intent("LogCheckInIntent", *log_slots("Maya", "safe", "she listened"), dialog_state="STARTED")
    assert not reply.directives and "Maya today" in reply.text and "she listened" in reply.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "she listened"


def test_missing_parts_are_asked_for_one_at_a_time_in_our_own_words(talk, ddb):
    """"Log a check-in" alone: the skill asks who, then how it felt (its own questions, from content/,
    each an elicitation Alexa hears the answer to), then what they noticed."""
    first = talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")
    assert directive(first, "Dialog.ElicitSlot")["slotToElicit"] == "person"
    assert first.said("journal/ask_person") and first.question == "journal.person" and first.state == "checkin"
    second = talk.intent("LogCheckInIntent", *log_slots("Sam"), dialog_state="IN_PROGRESS")
    assert directive(second, "Dialog.ElicitSlot")["slotToElicit"] == "feeling"
    assert second.said("journal/ask_feeling") and second.question == "journal.feeling"
    third = talk.intent("LogCheckInIntent", *log_slots("Sam", "tense"), dialog_state="IN_PROGRESS")
    assert directive(third, "Dialog.ElicitSlot")["slotToElicit"] == "note" and third.question == "journal.note"
    read_back = talk.intent("AMAZON.NoIntent")  # "no", nothing to add
    assert "Sam today" in read_back.text and "tense" in read_back.text and "noticed" not in read_back.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["feeling"]["S"] == "unsafe" and "note" not in item


def test_the_dialog_model_prompts_ask_who_and_how_with_variations():
    from tools.build_models import build

    model = build("en-US")["interactionModel"]
    prompts = {p["id"]: p["variations"] for p in model["prompts"]}
    dialog = next(i for i in model["dialog"]["intents"] if i["name"] == "LogCheckInIntent")
    required = {s["name"]: s["prompts"]["elicitation"] for s in dialog["slots"] if s["elicitationRequired"]}
    assert set(required) == {"person", "feeling"}
    assert all(len(prompts[p]) >= 2 for p in required.values())
    note_intent = next(i for i in model["languageModel"]["intents"] if i["name"] == "CheckInNoteIntent")
    assert [s["type"] for s in note_intent["slots"]] == ["AMAZON.SearchQuery"], "SearchQuery must be alone"
    assert "CheckInNoteIntent" in {i["name"] for i in model["dialog"]["intents"]}, "ElicitSlot needs it there"


def test_a_day_in_the_past_is_kept_and_a_weekday_alexa_put_in_the_future_means_the_last_one(talk, ddb):
    three_days_ago = (_today() - timedelta(days=3)).isoformat()
    log_check_in(talk, "my sister", "mostly safe", when=three_days_ago)
    coming = (_today() + timedelta(days=2)).isoformat()  # "Saturday" said on a Thursday: Alexa means next one
    log_check_in(talk, "my sister", "safe", when=coming)
    days = sorted(item["sk"]["S"].split("#C#")[1][:10] for item in check_ins(ddb, talk.device.user_id))
    assert days == sorted([three_days_ago, (_today() + timedelta(days=2) - timedelta(days=7)).isoformat()])


def test_skip_and_nothing_are_fine_answers_for_the_note(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Jordan", "okay"), dialog_state="STARTED")
    read_back = talk.intent("CheckInNoteIntent", note("nothing really"))
    assert "noticed" not in read_back.text and "save" in read_back.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert "note" not in item and item["feeling"]["S"] == "mostly_safe"


def test_change_the_person_fixes_only_the_person(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Mia", "heard"), dialog_state="STARTED")
    talk.intent("CheckInNoteIntent", note("we laughed"))
    change = talk.intent("ChangeCheckInIntent", slot("part", "person", slot_type="CHECKIN_PART", match_id="person"))
    elicit = directive(change, "Dialog.ElicitSlot")
    assert elicit["slotToElicit"] == "person" and elicit["updatedIntent"]["name"] == "LogCheckInIntent"
    assert elicit["updatedIntent"]["slots"]["feeling"]["value"] == "heard"
    assert "who" in change.text.lower()
    # Alexa sends the intent back with the new person and the other slots as we handed them over.
    kept = elicit["updatedIntent"]["slots"]
    fixed = talk.intent("LogCheckInIntent", person("Maya"), slot("feeling", kept["feeling"]["value"]),
                        slot("note", kept["note"]["value"]), slot("date", kept["date"]["value"]),
                        dialog_state="IN_PROGRESS")
    assert "Maya today" in fixed.text and "heard" in fixed.text and "we laughed" in fixed.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["person"]["S"] == "Maya" and item["feeling"]["S"] == "safe" and item["note"]["S"] == "we laughed"


def test_change_the_note_asks_for_the_note_again(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Sam", "mixed"), dialog_state="STARTED")
    talk.intent("CheckInNoteIntent", note("it was loud"))
    change = talk.intent("ChangeCheckInIntent", slot("part", "the note", slot_type="CHECKIN_PART", match_id="note"))
    assert directive(change, "Dialog.ElicitSlot")["updatedIntent"]["name"] == "CheckInNoteIntent"
    fixed = talk.intent("CheckInNoteIntent", note("I left early and that was okay"))
    assert "I left early and that was okay" in fixed.text and "it was loud" not in fixed.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "I left early and that was okay"


def test_no_discards_the_check_in_and_nothing_is_stored(talk, ddb):
    talk.launch()
    talk.intent("LogCheckInIntent", *log_slots("my boss", "drained"), dialog_state="STARTED")
    talk.intent("AMAZON.NoIntent")
    let_go = talk.intent("AMAZON.NoIntent")
    assert "Nothing was saved" in let_go.text or "I haven't saved anything" in let_go.text
    assert not let_go.ends_session and let_go.attributes["state"] == "idle"
    assert "journal_draft" not in let_go.attributes
    assert check_ins(ddb, talk.device.user_id) == []
    again = talk.intent("AMAZON.YesIntent")
    assert check_ins(ddb, talk.device.user_id) == [], "a stray yes later saves nothing"
    assert not again.ends_session


def test_a_retried_request_with_the_same_request_id_stores_one_entry(talk, handler, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Maya", "safe"), dialog_state="STARTED")
    talk.intent("AMAZON.NoIntent")
    first = talk.intent("AMAZON.YesIntent")
    retried = handler(talk.sent[-1], None)  # Alexa (or Lambda) sends the very same envelope again
    assert len(check_ins(ddb, talk.device.user_id)) == 1
    assert retried["response"]["outputSpeech"]["ssml"] and "sorry" not in first.text.lower()
    for _ in range(2):
        handler(talk.sent[-1], None)
    assert len(check_ins(ddb, talk.device.user_id)) == 1


def test_two_check_ins_in_one_session_are_two_entries(talk, ddb):
    log_check_in(talk, "Maya", "safe", "she listened")
    log_check_in(talk, "Maya", "safe", "she listened")
    assert len(check_ins(ddb, talk.device.user_id)) == 2


def test_a_hostile_thousand_character_note_is_stored_as_said_up_to_the_limit_and_read_back_as_valid_ssml(talk, ddb):
    from safe_connections.store import MAX_NOTE_CHARS

    said = ('me & my brother <3 said "stop" & \'wait\' </speak><audio src="x"/> ' * 20)[:1000]
    assert len(said) == 1000
    talk.intent("LogCheckInIntent", *log_slots("Sam & <Co>", "safe"), dialog_state="STARTED")
    read_back = talk.intent("CheckInNoteIntent", note(said))
    check_ssml(read_back.ssml)
    assert "<audio" not in read_back.ssml and "&lt;3" in read_back.ssml
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    stored = item["note"]["S"]
    assert len(stored) == MAX_NOTE_CHARS == 500 and said.startswith(stored), "stored as said, cut at the limit"
    assert item["person"]["S"] == "Sam & <Co>"
    heard = talk.intent("ReadJournalIntent")
    root = check_ssml(heard.ssml)
    assert "<audio" not in heard.ssml and "Sam & <Co>" in "".join(root.itertext())
    assert len(heard.ssml) < 8000


def test_help_and_an_unclear_answer_in_the_middle_keep_the_draft(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Ana", "calm"), dialog_state="STARTED")
    helped = talk.intent("AMAZON.HelpIntent")
    assert "skip" in helped.text and helped.attributes["state"] == "checkin"
    unclear = talk.intent("AMAZON.FallbackIntent")
    assert directive(unclear, "Dialog.ElicitSlot") and unclear.attributes["draft"]["person"] == "Ana"
    assert unclear.said("journal/note_not_caught") and unclear.question == "journal.note"
    talk.intent("CheckInNoteIntent", note("skip"))
    talk.intent("AMAZON.YesIntent")
    assert len(check_ins(ddb, talk.device.user_id)) == 1


def test_a_note_said_first_starts_a_check_in_and_keeps_the_words(talk, ddb):
    started = talk.intent("CheckInNoteIntent", note("she really listened"))
    elicit = directive(started, "Dialog.ElicitSlot")
    assert elicit["updatedIntent"]["name"] == "LogCheckInIntent" and elicit["slotToElicit"] == "person"
    assert elicit["updatedIntent"]["slots"]["note"]["value"] == "she really listened"
    talk.intent("LogCheckInIntent", person("Maya"), slot("note", "she really listened"), dialog_state="IN_PROGRESS")
    reply = talk.intent("LogCheckInIntent", person("Maya"), feeling("safe"), slot("note", "she really listened"),
                        slot("date", None), dialog_state="IN_PROGRESS")
    assert "she really listened" in reply.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "she really listened"


def test_retention_sets_an_expiry_when_configured(talk, ddb, monkeypatch):
    from safe_connections import config

    monkeypatch.setenv("RETENTION_DAYS", "30")
    config.load_config.cache_clear()
    try:
        log_check_in(talk, "Maya", "safe")
    finally:
        monkeypatch.delenv("RETENTION_DAYS")
        config.load_config.cache_clear()
    [item] = check_ins(ddb, talk.device.user_id)
    expires = int(item["expiresAt"]["N"])
    expected = datetime.now(UTC).timestamp() + 30 * 86400
    assert abs(expires - expected) < 120


def test_yes_to_have_you_noticed_anything_listens_for_the_note(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Maya", "safe"), dialog_state="STARTED")
    go_on = talk.intent("AMAZON.YesIntent")
    assert directive(go_on, "Dialog.ElicitSlot")["slotToElicit"] == "note"
    assert check_ins(ddb, talk.device.user_id) == [], "yes to the note question is not yes to saving"
    talk.intent("CheckInNoteIntent", note("she made tea"))
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["note"]["S"] == "she made tea"


def test_cancel_in_the_middle_lets_the_check_in_go_and_keeps_listening(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Maya", "safe"), dialog_state="STARTED")
    talk.intent("AMAZON.NoIntent")
    reply = talk.intent("AMAZON.CancelIntent")
    assert not reply.ends_session and check_ins(ddb, talk.device.user_id) == []


def test_stop_before_saving_says_it_was_not_saved(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots("Maya", "safe"), dialog_state="STARTED")
    reply = talk.intent("AMAZON.StopIntent")
    assert reply.ends_session and "isn't saved" in reply.text
    assert reply.keys == ("journal/stopped_unsaved", "goodbye/goodbye"), "said once, no double 'Okay'"
    assert check_ins(ddb, talk.device.user_id) == []
