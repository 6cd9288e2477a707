"""Someone says another person is hurting, threatening, controlling or following them, or a child is at
risk: from launch, mid-reflection, as a check-in note, as a belief, in each locale. They hear the
emergency number first, their locale's line, that it is not their fault, and a choice; never their safe
person (who may be the one hurting them); nothing of what they said is stored or logged."""

from __future__ import annotations

import json

import pytest

from tests.conversations.safety_helpers import (
    DANGER_LINES,
    LINES,
    assert_danger_answer,
    slow_numbers,
    stored_text,
    table,
)
from tests.unit.test_crisis_screen import DANGER_PHRASINGS
from tools.conversation import Conversation
from tools.envelopes import Device, slot

LOCALES = sorted(DANGER_LINES)


def _no_trace(words: str, caplog, ddb, talk: Conversation, reply) -> None:
    words = words.lower()
    assert words not in caplog.text.lower(), "danger words reached the logs"
    assert words not in stored_text(ddb, talk.device.user_id), "danger words reached DynamoDB"
    assert words not in json.dumps(reply.attributes).lower(), "danger words went into the session"


@pytest.mark.parametrize("locale", LOCALES)
def test_danger_intent_from_launch_gets_the_danger_answer(handler, locale):
    talk = Conversation(handler, Device(locale=locale))
    talk.launch()
    reply = talk.intent("DangerIntent")
    assert_danger_answer(reply, locale)
    assert reply.attributes["state"] == "crisis"
    assert "haven't saved" not in reply.text, "nothing was being saved"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("phrase", DANGER_PHRASINGS)
def test_danger_words_in_any_free_text_are_not_kept_and_get_the_danger_answer(handler, ddb, caplog, locale, phrase):
    caplog.set_level("DEBUG")
    talk = Conversation(handler, Device(locale=locale))
    talk.launch()
    reply = talk.intent("LogCheckInIntent", slot("person", "Sam"), slot("feeling", "tense", slot_type="FEELING"),
                        slot("note", phrase))
    assert_danger_answer(reply, locale)
    assert "haven't saved" in reply.text
    _no_trace(phrase, caplog, ddb, talk, reply)
    assert not any("#C#" in item for item in stored_text(ddb, talk.device.user_id).split('"sk"')[1:])

    for intent, name, slot_type in (("CounterBeliefIntent", "belief", "BELIEF"),
                                    ("SaveOwnCounterBeliefIntent", "counterBelief", "AMAZON.SearchQuery")):
        talk.new_session()
        talk.launch()
        reply = talk.intent(intent, slot(name, phrase, slot_type=slot_type))
        assert_danger_answer(reply, locale)
        _no_trace(phrase, caplog, ddb, talk, reply)
    assert "own_counter_belief" not in stored_text(ddb, talk.device.user_id)


def test_the_danger_answer_never_names_their_safe_person_or_reads_their_plan(talk):
    from safe_connections.store import Store, UserRef

    Store(table()).update_profile(UserRef(talk.device.user_id), safe_person="Alex",
                                  own_counter_belief="I am allowed to ask for help",
                                  safety_plan={"person": "Alex", "place": "home"})
    reply = talk.intent("DangerIntent")
    assert_danger_answer(reply, "en-US")
    for words in ("Alex", "ask for help", "safety plan", "home"):
        assert words not in reply.text, words


def test_danger_and_crisis_words_together_get_the_danger_answer_with_the_crisis_line_too(talk):
    talk.launch()
    reply = talk.intent("CheckInNoteIntent", slot("note", "he hit me again and honestly I want to die"))
    assert_danger_answer(reply, "en-US")
    assert LINES["en-US"]["line"] in slow_numbers(reply.ssml)


def test_the_danger_answer_speaks_the_emergency_number_before_anything_else_it_says(talk):
    reply = talk.intent("DangerIntent")
    before = reply.ssml.index("<prosody")
    assert "line" not in reply.ssml[:before].lower() and "fault" not in reply.ssml[:before]
    assert reply.keys[:3] == ("danger/heard", "danger/emergency_first", "danger/line")
    assert reply.question == "danger.carry_on"


def test_stop_after_the_danger_answer_ends_gently_and_warns_about_the_card(talk):
    talk.launch()
    talk.intent("DangerIntent")
    reply = talk.intent("AMAZON.StopIntent")
    assert reply.ends_session
    assert "delete the card" in reply.text
    assert "1-800-799-7233" in reply.card["content"]


def test_carry_on_after_the_danger_answer_goes_back_to_the_reflection(talk):
    talk.launch()
    talk.intent("StartReflectionIntent")
    step = talk.intent("AMAZON.NextIntent")
    talk.intent("DangerIntent")
    reply = talk.intent("AMAZON.ResumeIntent")
    assert reply.state == "reflecting" and reply.question == step.question == "reflection.step"
    # the question said again (nothing else this turn asks it), and kept as the reprompt
    assert reply.keys == ("safety/carry_on", "reflection/reprompt", "reflection/reprompt"), "back to the very question"


def test_say_that_again_repeats_the_danger_answer(talk):
    first = talk.intent("DangerIntent")
    assert talk.intent("AMAZON.RepeatIntent").ssml == first.ssml


def test_a_crisis_after_a_danger_answer_says_the_crisis_goodbye_when_stopping(talk):
    talk.intent("DangerIntent")
    talk.intent("CrisisIntent")
    reply = talk.intent("AMAZON.StopIntent")
    assert "988" in reply.card["content"] and "delete the card" not in reply.text


def test_nothing_about_the_danger_turn_is_logged(talk, caplog):
    caplog.set_level("DEBUG")
    talk.launch()
    caplog.clear()
    talk.intent("LogCheckInIntent", slot("note", "my husband hits me"))
    talk.intent("AMAZON.ResumeIntent")
    talk.intent("AMAZON.StopIntent")
    assert "Danger" not in caplog.text and "crisis" not in caplog.text.lower() and "danger" not in caplog.text
    assert "hits" not in caplog.text


def test_the_longest_danger_answer_stays_well_under_alexas_limit(talk):
    from tests.ssml import check_ssml

    reply = talk.intent("LogCheckInIntent", slot("note", "he beat me and I want to die"))
    check_ssml(reply.ssml)
    assert len(reply.ssml) < 3000
