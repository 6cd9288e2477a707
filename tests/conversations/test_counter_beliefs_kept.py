"""A person keeps a counter-belief: the one they heard, or their own words, and hears it when they ask."""

from __future__ import annotations

from tests.conftest import items_of
from tests.conversations.counter_beliefs_support import LIBRARY, counter_texts_in, heard, say_belief
from tests.ssml import check_ssml
from tools.conversation import Conversation
from tools.envelopes import Device, slot

MINE = "I'm enough & I matter <3"


def _stored(ddb, device: Device) -> str | None:
    profiles = [i for i in items_of(ddb, device.user_id) if i["sk"]["S"].endswith("#profile")]
    assert len(profiles) <= 1
    return profiles[0].get("ownCounterBelief", {}).get("S") if profiles else None


def _own(words: str | None) -> dict:
    return slot("counterBelief", words)


def test_save_that_as_my_counter_belief_stores_the_one_just_heard(talk, ddb):
    talk.launch()
    say_belief(talk, "I'm too much", match_id="BURDEN")
    reply = talk.intent("SaveCounterBeliefIntent")
    check_ssml(reply.ssml)
    assert _stored(ddb, talk.device) == LIBRARY["BURDEN"][1]
    assert "saved" in heard(reply) and "what's my counter belief" in heard(reply)
    assert not reply.ends_session and reply.reprompt


def test_save_that_after_another_one_saves_the_latest(talk, ddb):
    say_belief(talk, "I'm too much", match_id="BURDEN")
    latest = counter_texts_in(talk.intent("AnotherCounterBeliefIntent"))[0]
    talk.intent("SaveCounterBeliefIntent")
    assert _stored(ddb, talk.device) == latest


def test_save_that_with_nothing_heard_saves_nothing(talk, ddb):
    talk.launch()
    reply = talk.intent("SaveCounterBeliefIntent")
    assert _stored(ddb, talk.device) is None
    assert "haven't chosen" in heard(reply) and not reply.ends_session and reply.reprompt


def test_my_own_words_are_saved_exactly_and_not_read_back_unasked(talk, ddb):
    talk.launch()
    reply = talk.intent("SaveOwnCounterBeliefIntent", _own(MINE))
    check_ssml(reply.ssml)
    assert _stored(ddb, talk.device) == MINE
    assert "matter" not in heard(reply), "an Echo is shared: read it back only when asked"
    assert "saved" in heard(reply) or "kept" in heard(reply)
    assert reply.card is None


def test_whats_my_counter_belief_reads_it_back_escaped_in_a_later_session(talk, ddb):
    talk.intent("SaveOwnCounterBeliefIntent", _own(MINE))
    talk.new_session()
    talk.launch()
    reply = talk.intent("MyCounterBeliefIntent")
    check_ssml(reply.ssml)
    assert "I&#39;m enough &amp; I matter &lt;3" in reply.ssml
    assert MINE in heard(reply)
    assert not reply.ends_session and reply.reprompt


def test_my_own_counter_belief_can_be_said_slowly_and_again(talk):
    talk.intent("SaveOwnCounterBeliefIntent", _own(MINE))
    talk.new_session()
    talk.intent("MyCounterBeliefIntent")
    slow = talk.intent("SayItSlowlyIntent")
    check_ssml(slow.ssml)
    assert '<prosody rate="slow">I&#39;m enough &amp; I matter &lt;3</prosody>' in slow.ssml
    again = talk.intent("AMAZON.RepeatIntent")
    assert MINE in heard(again)


def test_saying_my_own_words_replaces_a_saved_article_counter_belief(talk, ddb):
    say_belief(talk, "nobody stays", match_id="LEAVE")
    talk.intent("SaveCounterBeliefIntent")
    talk.intent("SaveOwnCounterBeliefIntent", _own("I am allowed to ask for help"))
    assert _stored(ddb, talk.device) == "I am allowed to ask for help"


def test_whats_my_counter_belief_with_none_saved_explains_how(talk):
    talk.launch()
    reply = talk.intent("MyCounterBeliefIntent")
    assert "haven't saved" in heard(reply) and "my counter belief is" in heard(reply)
    assert not reply.ends_session and reply.reprompt


def test_my_counter_belief_is_with_no_words_asks_for_them_and_stores_nothing(talk, ddb):
    talk.launch()
    reply = talk.intent("SaveOwnCounterBeliefIntent", _own(None))
    assert _stored(ddb, talk.device) is None or _stored(ddb, talk.device) == ""
    assert "my counter belief is" in heard(reply) and not reply.ends_session and reply.reprompt


def test_very_long_words_are_kept_short_enough_to_read_back(talk, ddb):
    talk.intent("SaveOwnCounterBeliefIntent", _own("I am safe now " * 60))
    stored = _stored(ddb, talk.device)
    assert stored and len(stored) <= 251 and stored.startswith("I am safe now")


def test_two_people_on_one_echo_each_keep_their_own(handler, ddb):
    echo = Device(person_id="amzn1.ask.person.first")
    partner = Device(echo.user_id, device_id=echo.device_id, person_id="amzn1.ask.person.second")
    Conversation(handler, echo).intent("SaveOwnCounterBeliefIntent", _own(MINE))
    reply = Conversation(handler, partner).intent("MyCounterBeliefIntent")
    assert "matter" not in heard(reply) and "haven't saved" in heard(reply)
    assert MINE in heard(Conversation(handler, echo).intent("MyCounterBeliefIntent"))


def test_in_private_mode_my_counter_belief_is_read_only_after_a_yes(talk):
    talk.intent("SaveOwnCounterBeliefIntent", _own("I am worth the care I give"))
    talk.intent("PrivateModeOnIntent")
    talk.new_session()
    asked = talk.intent("MyCounterBeliefIntent")
    assert "worth the care" not in asked.text and "okay to read it out loud" in asked.text
    assert "worth the care" in talk.intent("AMAZON.YesIntent").text
    talk.new_session()
    talk.intent("MyCounterBeliefIntent")
    declined = talk.intent("AMAZON.NoIntent")
    assert "worth the care" not in declined.text and not declined.ends_session
