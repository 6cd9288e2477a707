"""Journals are private: two accounts, and two recognised speakers on one shared Echo, never hear or
delete each other's check-ins. Read-back happens only when asked, with a privacy line once a session."""

from __future__ import annotations

from tests.conversations.journal_talk import check_ins, log_check_in, person
from tools.conversation import Conversation
from tools.envelopes import Device


def test_two_accounts_never_see_each_others_entries(handler, ddb):
    ana, ben = Conversation(handler, Device()), Conversation(handler, Device())
    log_check_in(ana, "Maya", "safe", "ana's words")
    log_check_in(ben, "Theo", "tense", "ben's words")
    heard_by_ana = ana.intent("ReadJournalIntent").text
    asked = ben.intent("ReadJournalIntent")
    assert asked.said("journal/ask_before_hard") and "Theo" not in asked.text, "a tense check-in: asked first"
    heard_by_ben = ben.intent("AMAZON.YesIntent").text
    assert "Maya" in heard_by_ana and "Theo" not in heard_by_ana and "ben's" not in heard_by_ana
    assert "Theo" in heard_by_ben and "Maya" not in heard_by_ben
    assert "I don't have any check-ins with Maya" in ben.intent("PersonJournalIntent", person("Maya")).text


def test_two_recognised_speakers_on_one_echo_keep_separate_journals(handler, ddb, deletion_worker):
    echo = Device()
    first = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.A"))
    second = Conversation(handler, Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.B"))
    unknown = Conversation(handler, echo)  # nobody recognised
    log_check_in(first, "my sister", "safe")
    log_check_in(second, "my boss", "drained")
    assert len(check_ins(ddb, echo.user_id)) == 2, "same account, two journals"
    assert "your sister" in first.intent("ReadJournalIntent").text
    assert second.intent("ReadJournalIntent").question == "read_aloud", "a drained check-in: asked first"
    heard = second.intent("AMAZON.YesIntent").text
    assert "your boss" in heard and "sister" not in heard
    assert "empty" in unknown.intent("ReadJournalIntent").text
    safe_for_second = second.intent("JournalPatternsIntent").text
    assert "sister" not in safe_for_second
    # Deleting one speaker's journal leaves the other's.
    second.intent("DeleteJournalIntent")
    second.intent("AMAZON.YesIntent")
    assert "your sister" in first.intent("ReadJournalIntent").text, "the other speaker's journal is not hidden"
    deletion_worker.drain()
    remaining = check_ins(ddb, echo.user_id)
    assert len(remaining) == 1 and remaining[0]["person"]["S"] == "my sister"


def test_the_privacy_line_is_said_once_per_session_before_reading(talk, speech):
    log_check_in(talk, "Maya", "safe")
    first = talk.intent("ReadJournalIntent")
    assert "out loud" in first.text and first.text.index("out loud") < first.text.index("Maya")
    second = talk.intent("PersonJournalIntent", person("Maya"))
    assert "out loud" not in second.text
    talk.new_session()
    assert "out loud" in talk.intent("JournalPatternsIntent").text


def test_an_empty_journal_needs_no_privacy_line(talk):
    assert "out loud" not in talk.intent("ReadJournalIntent").text


def test_saving_and_launching_never_read_the_journal_aloud(talk):
    log_check_in(talk, "Maya", "safe", "a private note")
    talk.new_session()
    welcome = talk.launch()
    assert "Maya" not in welcome.text and "private note" not in welcome.text


def test_in_private_mode_the_journal_is_read_only_after_a_yes_and_as_asked(talk):
    from tools.envelopes import slot

    log_check_in(talk, "Maya", "safe", "she listened")
    log_check_in(talk, "my brother", "tense")
    talk.intent("PrivateModeOnIntent")
    talk.new_session()
    asked = talk.intent("PersonJournalIntent", person("Maya"))
    assert "Maya" not in asked.text and "okay to read it out loud" in asked.text
    heard = talk.intent("AMAZON.YesIntent").text
    assert "Maya" in heard and "she listened" in heard and "brother" not in heard, "only what was asked"
    talk.intent("ReadJournalIntent", slot("count", "1"), slot("when", None))
    declined = talk.intent("AMAZON.NoIntent")
    assert "brother" not in declined.text and "Maya" not in declined.text and not declined.ends_session
    talk.intent("JournalPatternsIntent", slot("when", None))
    assert "Maya" in talk.intent("AMAZON.YesIntent").text
