"""Someone says they are not safe: from launch, mid-reflection, as a check-in note, as a counter-belief,
as their own counter-belief, in each locale. They hear that they matter and their locale's line, and
nothing of what they said is stored or logged."""

from __future__ import annotations

import json

import pytest

from tests.conversations.safety_helpers import LINES, assert_crisis_answer, stored_text
from tests.unit.test_crisis_screen import PHRASINGS
from tools.conversation import Conversation
from tools.envelopes import Device, slot

LOCALES = sorted(LINES)


def _no_trace(phrase: str, caplog, ddb, talk: Conversation, reply) -> None:
    words = phrase.lower()
    assert words not in caplog.text.lower(), "crisis words reached the logs"
    assert words not in stored_text(ddb, talk.device.user_id), "crisis words reached DynamoDB"
    assert words not in json.dumps(reply.attributes).lower(), "crisis words went into the session"
    assert not any("#C#" in item for item in stored_text(ddb, talk.device.user_id).split('"sk"')[1:])


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("phrase", PHRASINGS)
def test_crisis_words_reach_the_crisis_answer_everywhere(handler, ddb, caplog, locale, phrase):
    caplog.set_level("DEBUG")
    # From launch: the words are a CrisisIntent utterance (the unit test checks each is a sample).
    talk = Conversation(handler, Device(locale=locale))
    talk.launch()
    assert_crisis_answer(talk.intent("CrisisIntent"), locale)

    # Mid-reflection, in a real one.
    talk.new_session()
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    reply = talk.intent("CrisisIntent")
    assert_crisis_answer(reply, locale)
    assert reply.attributes["state"] == "crisis"

    # Mid-check-in, as the note: never saved, and the user is told so.
    talk.new_session()
    talk.launch()
    reply = talk.intent("LogCheckInIntent", slot("person", "Sam"), slot("feeling", "calm", slot_type="FEELING"),
                        slot("note", phrase))
    assert_crisis_answer(reply, locale)
    assert "haven't saved" in reply.text
    _no_trace(phrase, caplog, ddb, talk, reply)

    # Mid-check-in, as the answer to "what helped, or what did you notice?".
    talk.new_session()
    talk.launch()
    asked = talk.intent("LogCheckInIntent", slot("person", "Sam"), slot("feeling", "calm", slot_type="FEELING",
                                                                     match_id="safe"), dialog_state="STARTED")
    assert any(d["type"] == "Dialog.ElicitSlot" for d in asked.directives)
    reply = talk.intent("CheckInNoteIntent", slot("note", phrase), dialog_state="STARTED")
    assert_crisis_answer(reply, locale)
    assert "haven't saved" in reply.text
    _no_trace(phrase, caplog, ddb, talk, reply)

    # As a counter-belief request, and as the user's own counter-belief.
    for intent, name, slot_type in (("CounterBeliefIntent", "belief", "BELIEF"),
                                    ("SaveOwnCounterBeliefIntent", "counterBelief", "AMAZON.SearchQuery")):
        talk.new_session()
        talk.launch()
        reply = talk.intent(intent, slot(name, phrase, slot_type=slot_type))
        assert_crisis_answer(reply, locale)
        _no_trace(phrase, caplog, ddb, talk, reply)
    assert "suicid" not in caplog.text.lower()


def test_carry_on_returns_to_the_reflection_where_it_was(talk):
    talk.launch()
    talk.intent("StartReflectionIntent")
    step = talk.intent("AMAZON.NextIntent")
    talk.intent("CrisisIntent")
    reply = talk.intent("AMAZON.ResumeIntent")
    assert reply.state == "reflecting" and reply.question == step.question == "reflection.step"
    # the question said again (nothing else this turn asks it), and kept as the reprompt
    assert reply.keys == ("safety/carry_on", "reflection/reprompt", "reflection/reprompt"), "back to the very question"
    assert talk.intent("AMAZON.NextIntent").state == "reflecting"


def test_yes_carries_on_too_and_without_a_question_to_go_back_to_offers_the_choices(talk):
    talk.launch()
    talk.intent("CrisisIntent")
    reply = talk.intent("AMAZON.YesIntent")
    assert "reflection" in reply.text and reply.attributes["state"] == "idle"
    assert not reply.ends_session and reply.reprompt


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.NoIntent", "AMAZON.CancelIntent"])
def test_stop_after_the_crisis_answer_ends_kindly_and_leaves_the_numbers_in_the_app(talk, intent):
    talk.launch()
    talk.intent("CrisisIntent")
    reply = talk.intent(intent)
    assert reply.ends_session and "gentle" in reply.text
    assert "988" in reply.card["content"]


def test_not_understood_after_the_crisis_answer_repeats_the_choice_gently(talk):
    talk.launch()
    talk.intent("CrisisIntent")
    reply = talk.intent("AMAZON.FallbackIntent")
    assert "no rush" in reply.text and "carry on" in reply.text and not reply.ends_session


def test_say_that_again_repeats_the_numbers(talk):
    talk.launch()
    first = talk.intent("CrisisIntent")
    again = talk.intent("AMAZON.RepeatIntent")
    assert again.ssml == first.ssml


def test_crisis_words_straight_from_a_one_shot_request_without_launch(talk):
    reply = talk.intent("LogCheckInIntent", slot("note", "I want to end it all"))
    assert_crisis_answer(reply, "en-US")


def test_a_multi_value_slot_is_screened_too(talk, ddb):
    note = {"name": "note", "confirmationStatus": "NONE", "slotValue": {"type": "List", "values": [
        {"type": "Simple", "value": "a walk"}, {"type": "Simple", "value": "I want to kill myself"}]}}
    reply = talk.intent("LogCheckInIntent", note)
    assert_crisis_answer(reply, "en-US")
    assert "kill myself" not in stored_text(ddb, talk.device.user_id)


def test_an_ordinary_note_is_not_mistaken_for_a_crisis(talk):
    reply = talk.intent("SaveOwnCounterBeliefIntent", slot("counterBelief", "this week is killing me but I'm okay"))
    assert "988" not in reply.ssml and reply.attributes.get("state") != "crisis"


def test_the_crisis_answer_holds_when_the_database_is_down(monkeypatch):
    from dataclasses import replace

    from safe_connections import app
    from safe_connections.config import load_config

    broken = app.build_skill(replace(load_config(), table_name="no-such-table"))
    talk = Conversation(lambda event, context: app.handle_event(event, context, skill=broken))
    assert_crisis_answer(talk.intent("CrisisIntent"), "en-US")
    assert_crisis_answer(talk.intent("LogCheckInIntent", slot("note", "I can't go on")), "en-US")


def test_the_crisis_answer_includes_their_own_safe_person_counter_belief_and_plan(talk):
    from safe_connections.store import Store, UserRef

    from tests.conversations.safety_helpers import table

    Store(table()).update_profile(
        UserRef(talk.device.user_id), safe_person="my sister Ana",
        own_counter_belief="People who care about me want to support me",
        safety_plan={"calm": "a warm shower", "place": "the park"})
    reply = talk.intent("CrisisIntent")
    assert_crisis_answer(reply, "en-US")
    for words in ("my sister Ana", "People who care about me want to support me", "a warm shower", "the park"):
        assert words in reply.text
    assert reply.text.index("Lifeline") < reply.text.index("my sister Ana"), "the line comes first"
    assert "change any part" not in reply.text, "a crisis answer offers carrying on or stopping, nothing else"


def test_the_crisis_handler_is_first_and_the_screen_runs_right_after_the_turn_is_built():
    from dataclasses import replace

    from safe_connections import app, interceptors
    from safe_connections.config import load_config
    from safe_connections.handlers.crisis_answer import AnswerCrisis
    from safe_connections.handlers.danger import AnswerDanger

    assert [type(h) for h in app.ordered_handlers()[:2]] == [AnswerDanger, AnswerCrisis]
    skill = app.build_skill(replace(load_config()))
    chain = [type(i) for i in skill.request_dispatcher.request_interceptors]
    assert chain[:2] == [interceptors.BuildTurn, interceptors.ScreenForCrisis]


def test_the_longest_possible_crisis_answer_stays_well_under_alexas_limit(handler):
    from safe_connections.store import Store, UserRef

    from tests.conversations.safety_helpers import table
    from tests.ssml import check_ssml

    long = "and " * 400
    device = Device(locale="en-GB")
    Store(table()).update_profile(UserRef(device.user_id), safe_person=long, own_counter_belief=long,
                                  safety_plan={part: long for part in ("calm", "person", "place", "professional")})
    reply = Conversation(handler, device).intent("LogCheckInIntent", slot("note", "I'm not safe"))
    check_ssml(reply.ssml)
    assert len(reply.ssml) < 4000
