"""Questions answered the way people answer them (issue 12's conversations, as Alexa sends them):
the intent Alexa picks may be another capability's, the free words may hold a command or fillers, and
a miss says the choices in the answer itself."""

from __future__ import annotations

from tests.conversations.journal_talk import check_ins, log_check_in, log_slots, note, person
from tools.envelopes import slot


def _shall_i_save_it(talk):
    talk.intent("LogCheckInIntent", *log_slots("Maya", "calm"), dialog_state="STARTED")
    return talk.intent("CheckInNoteIntent", note("she listened"))


def test_save_that_heard_as_the_counter_belief_intent_saves_the_check_in(talk, ddb):
    _shall_i_save_it(talk)
    reply = talk.intent("SaveCounterBeliefIntent")  # "save that": Alexa's nearest intent
    assert reply.said("journal/saved") and len(check_ins(ddb, talk.device.user_id)) == 1


def test_a_miss_at_shall_i_save_it_says_the_choices_and_two_offer_a_way_out_that_keeps_it(talk, ddb):
    _shall_i_save_it(talk)
    first = talk.intent("AMAZON.FallbackIntent")  # "hmm"
    assert first.said("journal/save_miss") and "save it" in first.text and "let it go" in first.text
    second = talk.intent("AMAZON.FallbackIntent")  # "umm what were the options"
    assert second.said("journal/save_way_out") and second.question == "journal.save"
    assert talk.intent("AMAZON.YesIntent").said("journal/saved")
    assert len(check_ins(ddb, talk.device.user_id)) == 1


def test_no_wait_change_the_feeling_at_shall_i_save_it_asks_for_the_feeling(talk, ddb):
    _shall_i_save_it(talk)
    reply = talk.intent("ChangeCheckInIntent", slot("part", "feeling", slot_type="CHECKIN_PART", match_id="feeling"))
    assert reply.question == "journal.feeling" and reply.said("journal/change_feeling")


def test_no_at_who_was_it_with_says_the_check_in_was_not_saved_and_stays(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")
    reply = talk.intent("AMAZON.NoIntent")
    assert reply.said("journal/discarded") and not reply.ends_session and reply.question == "anything_else"


def test_not_sure_at_who_was_it_with_logs_it_with_someone(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")
    reply = talk.intent("SkipQuestionIntent")  # "not sure", "I'd rather not say"
    assert reply.said("journal/person_not_sure") and reply.question == "journal.feeling"


def test_id_rather_not_say_heard_as_the_person_is_not_taken_for_a_name(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")
    reply = talk.intent("LogCheckInIntent", person("I'd rather not say"), dialog_state="IN_PROGRESS")
    assert reply.said("journal/person_not_sure")
    talk.intent("LogCheckInIntent", person("someone"), slot("feeling", "okay"), dialog_state="IN_PROGRESS")
    talk.intent("AMAZON.NoIntent")
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["person"]["S"] == "someone"


def test_fillers_and_carriers_are_trimmed_from_the_person_and_the_feeling(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")
    talk.intent("LogCheckInIntent", person("it was with Nguyen actually"), dialog_state="IN_PROGRESS")
    talk.intent("LogCheckInIntent", person("Nguyen"), slot("feeling", "uh it was kind of mixed i guess"),
                dialog_state="IN_PROGRESS")
    read_back = talk.intent("AMAZON.NoIntent")
    assert "Nguyen today" in read_back.text and "kind of mixed" in read_back.text and "guess" not in read_back.text
    talk.intent("AMAZON.YesIntent")
    [item] = check_ins(ddb, talk.device.user_id)
    assert item["person"]["S"] == "Nguyen" and item["feltAs"]["S"] == "kind of mixed"


def test_commands_said_where_the_words_go_act_as_commands(talk, ddb):
    talk.intent("LogCheckInIntent", *log_slots(), dialog_state="STARTED")
    what = talk.intent("LogCheckInIntent", person("what"), dialog_state="IN_PROGRESS")
    assert what.said("journal/ask_person_reprompt") and what.question == "journal.person", "'what?' repeats"
    talk.intent("LogCheckInIntent", person("my sister"), dialog_state="IN_PROGRESS")
    back = talk.intent("LogCheckInIntent", person("my sister"), slot("feeling", "go back"),
                       dialog_state="IN_PROGRESS")
    assert back.question == "journal.person", "'go back' at how it felt asks who again"
    talk.intent("LogCheckInIntent", person("my sister"), dialog_state="IN_PROGRESS")
    change = talk.intent("LogCheckInIntent", person("my sister"), slot("feeling", "no wait change the person"),
                         dialog_state="IN_PROGRESS")
    assert change.question == "journal.person" and change.said("journal/change_person")
    talk.intent("LogCheckInIntent", person("my brother"), dialog_state="IN_PROGRESS")
    talk.intent("LogCheckInIntent", person("my brother"), slot("feeling", "safe"), dialog_state="IN_PROGRESS")
    gone = talk.intent("CheckInNoteIntent", note("actually never mind"))
    assert gone.said("journal/discarded") and check_ins(ddb, talk.device.user_id) == []
    assert "never mind" not in str(gone.attributes), "the command was not kept as a note"


def test_one_person_however_they_are_named_in_reads_and_deletes(talk, ddb, deletion_worker):
    log_check_in(talk, "Maya", "safe", "she listened")
    log_check_in(talk, "my friend Maya", "mixed")
    log_check_in(talk, "my sister", "safe")
    heard = talk.intent("PersonJournalIntent", person("my friend Maya"))
    assert "she listened" in heard.text, "how did it go with my friend Maya finds what was logged as Maya"
    talk.intent("DeletePersonCheckInsIntent", person("maya"))
    done = talk.intent("AMAZON.YesIntent")
    assert done.said("journal/deleting_person") and "check-ins with maya" in done.text
    assert talk.intent("PersonJournalIntent", person("my friend Maya")).said("journal/nobody_logged"), "hidden at once"
    deletion_worker.drain()
    assert [i["person"]["S"] for i in check_ins(ddb, talk.device.user_id)] == ["my sister"], "not merged"


def test_private_mode_asks_once_and_does_not_warn_again_after_the_yes(talk):
    log_check_in(talk, "Maya", "safe")
    talk.intent("PrivateModeOnIntent")
    asked = talk.intent("ReadJournalIntent")
    assert asked.said("privacy/confirm_personal")
    heard = talk.intent("AMAZON.YesIntent")
    assert "Maya" in heard.text and not heard.said("journal/privacy"), "one warning, not two"


def test_how_does_it_affect_my_work_after_a_general_counter_belief_names_no_belief(talk):
    talk.intent("CounterBeliefIntent", slot("belief", "my cat knocked over the plant", slot_type="BELIEF"))
    reply = talk.intent("BeliefImpactIntent", slot("area", "work", slot_type="BELIEF_IMPACT_AREA", match_id="WORK"))
    assert reply.said("beliefs/impact_needs_the_thought") and "deserve" not in reply.text.lower()


def test_skip_in_the_reflection_goes_on_and_keep_going_never_replays_the_step(talk):
    talk.launch()
    talk.intent("StartReflectionIntent")
    question = talk.intent("AMAZON.NextIntent")
    step_one = talk.intent("SkipQuestionIntent")  # "skip" (step one says "you can skip this")
    assert step_one.text.startswith("Step one") and question.text != step_one.text
    step_two = talk.intent("AMAZON.ResumeIntent")  # "keep going"
    assert step_two.text.startswith("Step two")
