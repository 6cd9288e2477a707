"""A person asks for counter-beliefs without naming a belief: one, another, again, slowly, aloud."""

from __future__ import annotations

import re

import pytest

from tests.conversations.counter_beliefs_support import (
    COUNTERS,
    EVERY_COUNTER,
    LIBRARY,
    beliefs_spoken,
    counter_texts_in,
    counters_in,
    heard,
    say_belief,
)
from tests.ssml import break_seconds, check_ssml


def _only_counter(reply) -> str:
    found = counters_in(reply)
    assert len(found) == 1, heard(reply)
    return found[0]


def _only_counter_text(reply) -> str:
    found = counter_texts_in(reply)
    assert len(found) == 1, heard(reply)
    return found[0]


def test_give_me_a_counter_belief_gives_one_without_naming_a_painful_thought(talk):
    talk.launch()
    reply = talk.intent("GiveCounterBeliefIntent")
    check_ssml(reply.ssml)
    _only_counter(reply)
    assert beliefs_spoken(reply) == [], "they asked for a counter-belief, not for a painful thought"
    assert reply.card["title"] == "A counter-belief that fits most people"
    assert not any(belief.rstrip(".") in reply.card["content"] for belief, _c in LIBRARY.values())
    assert not reply.ends_session and reply.reprompt


@pytest.mark.parametrize("belief_id", list(LIBRARY))
def test_give_me_a_counter_belief_is_never_the_one_heard_last(talk, belief_id):
    heard_first = counter_texts_in(say_belief(talk, LIBRARY[belief_id][0], match_id=belief_id))
    assert counter_texts_in(talk.intent("GiveCounterBeliefIntent")) != heard_first, "not the one just heard"


def test_another_one_never_repeats_until_all_have_been_heard_then_says_so_and_starts_again(talk):
    talk.launch()
    first_round = [_only_counter_text(talk.intent("GiveCounterBeliefIntent"))]
    for _ in range(len(EVERY_COUNTER) - 1):
        reply = talk.intent("AnotherCounterBeliefIntent")
        assert "heard all" not in heard(reply) and "every one" not in heard(reply)
        first_round.append(_only_counter_text(reply))
    assert sorted(first_round) == sorted(COUNTERS), "each counter-belief exactly once"

    wrap = talk.intent("AnotherCounterBeliefIntent")
    assert re.search(r"heard all|every one of the", heard(wrap)), heard(wrap)
    assert str(len(EVERY_COUNTER)) in heard(wrap)
    second_round = [_only_counter_text(wrap)]
    assert second_round[0] != first_round[-1], "starting again never repeats the one just heard"
    for _ in range(len(EVERY_COUNTER) - 1):
        second_round.append(_only_counter_text(talk.intent("AnotherCounterBeliefIntent")))
    assert sorted(second_round) == sorted(COUNTERS)


@pytest.mark.parametrize("intent", ["AnotherCounterBeliefIntent", "AMAZON.NextIntent"])
def test_another_one_after_a_named_thought_stays_with_that_thought(talk, intent):
    """"Another one" after "nobody stays" is another way to see THAT thought, never a new painful one."""
    first = say_belief(talk, "nobody stays", match_id="LEAVE")
    assert first.said("beliefs/counter_belief")
    for _ in range(4):
        reply = talk.intent(intent)
        check_ssml(reply.ssml)
        assert beliefs_spoken(reply, except_id="LEAVE") == [], heard(reply)
        assert reply.said("beliefs/counter_only") and reply.question == "beliefs.after_counter"


def test_next_outside_a_counter_belief_is_not_taken_as_a_request_for_one(talk):
    talk.launch()
    reply = talk.intent("AMAZON.NextIntent")
    assert counters_in(reply) == []


def test_say_it_again_repeats_the_counter_belief(talk):
    say_belief(talk, "nobody gets it", match_id="UNDERSTAND")
    reply = talk.intent("AMAZON.RepeatIntent")
    check_ssml(reply.ssml)
    assert counters_in(reply) == ["UNDERSTAND"]
    assert not reply.ends_session and reply.reprompt


def test_say_it_slowly_speaks_it_slower_with_a_pause_and_invites_saying_it_aloud(talk):
    say_belief(talk, "I don't trust people", match_id="TRUST")
    reply = talk.intent("SayItSlowlyIntent")
    root = check_ssml(reply.ssml)
    counter = LIBRARY["TRUST"][1]
    prosody = [p for p in root.iter("prosody") if "".join(p.itertext()).strip() == counter]
    assert prosody, reply.ssml
    rate = prosody[0].attrib["rate"]
    assert rate in ("slow", "x-slow") or int(rate.rstrip("%")) < 100
    # A pause of a few seconds right after it, so the person can say it with Alexa.
    after = reply.ssml.split("</prosody>", 1)[1]
    pause = re.match(r'\s*<break time="([^"]+)"/>', after)
    assert pause and 2 <= break_seconds(pause.group(1)) <= 10
    assert "out loud" in heard(reply).split(counter, 1)[1]
    assert not reply.ends_session and reply.reprompt


def test_yes_to_saying_it_together_is_the_slow_version(talk):
    say_belief(talk, "I'm unlovable", match_id="DESERVE")
    reply = talk.intent("AMAZON.YesIntent")
    assert '<prosody rate="slow">' + LIBRARY["DESERVE"][1] + "</prosody>" in reply.ssml


def test_saying_the_counter_belief_aloud_is_thanked_not_mistaken_for_a_belief(talk):
    say_belief(talk, "I don't trust people", match_id="TRUST")
    talk.intent("SayItSlowlyIntent")
    # Alexa hears the person's words as a belief it cannot resolve.
    reply = say_belief(talk, "some people are unsafe but not everyone is")
    assert re.search(r"thank you for saying (that out loud|it with me)", heard(reply).lower()), heard(reply)
    assert counters_in(reply) == [] and not reply.ends_session and reply.reprompt


def test_say_it_slowly_before_any_counter_belief_offers_a_way_in(talk):
    talk.launch()
    reply = talk.intent("SayItSlowlyIntent")
    assert "<prosody" not in reply.ssml and counters_in(reply) == []
    assert "give me a counter belief" in heard(reply)
    assert not reply.ends_session and reply.reprompt


def test_no_to_the_invitation_is_fine_and_keeps_the_door_open(talk):
    say_belief(talk, "nobody stays", match_id="LEAVE")
    reply = talk.intent("AMAZON.NoIntent")
    assert "alright" in heard(reply).lower() and "another" in heard(reply)
    assert not reply.ends_session and reply.reprompt


def test_help_inside_a_counter_belief_explains_what_can_be_said_here(talk):
    say_belief(talk, "nobody stays", match_id="LEAVE")
    reply = talk.intent("AMAZON.HelpIntent")
    check_ssml(reply.ssml)
    for phrase in ("another one", "say it slowly", "save that", "stop"):
        assert phrase in heard(reply)


def test_something_not_understood_inside_a_counter_belief_is_met_gently_and_never_thanked(talk):
    """A painful thought Alexa could not place is not thanked as if it were the counter-belief said aloud."""
    say_belief(talk, "nobody stays", match_id="LEAVE")
    reply = talk.intent("AMAZON.FallbackIntent")
    assert reply.said("beliefs/fallback") and "thank" not in heard(reply).lower()
    assert not reply.ends_session and reply.reprompt


def test_stop_inside_a_counter_belief_ends_gently(talk):
    say_belief(talk, "nobody stays", match_id="LEAVE")
    assert talk.intent("AMAZON.StopIntent").ends_session


def test_a_session_from_an_older_version_does_not_break_another_one(talk):
    talk.launch()
    talk.attributes = {**talk.attributes, "state": "belief", "beliefs": {"current": "GONE"}}
    reply = talk.intent("AnotherCounterBeliefIntent")
    assert len(counters_in(reply)) == 1 and not reply.ends_session
