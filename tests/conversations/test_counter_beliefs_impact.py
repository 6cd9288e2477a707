"""A person asks how a belief affects them: the article's impact, then always the counter-belief."""

from __future__ import annotations

import pytest

from tests.conversations.counter_beliefs_support import LIBRARY, belief_slot, counters_in, heard, say_belief
from tests.ssml import check_ssml
from tools.envelopes import slot

# The article's first table, as it should be heard (lists joined with "and", lower case).
IMPACT = {
    "BURDEN": ("withdrawing from support and self-silencing",
               "lack of collaboration and difficulty asking for help"),
    "ALONE": ("isolation, suppressed emotions and delayed healing", "burnout, avoidance and reluctance to delegate"),
    "LEAVE": ("fear of intimacy and sabotaging healthy connections",
              "distrust and difficulty forming work relationships"),
    "UNDERSTAND": ("shame, disconnection and hopelessness", "feeling out of place and emotional suppression at work"),
    "GUARD": ("emotional walls, loneliness and hypervigilance",
              "difficulty receiving feedback or building trust in teams"),
}


def _area(value: str, match_id: str) -> dict:
    return slot("area", value, slot_type="BELIEF_IMPACT_AREA", match_id=match_id)


@pytest.mark.parametrize("belief_id", list(IMPACT))
def test_how_does_this_affect_me_reads_life_and_work_then_the_counter_belief(talk, belief_id):
    say_belief(talk, LIBRARY[belief_id][0], match_id=belief_id)
    reply = talk.intent("BeliefImpactIntent")
    check_ssml(reply.ssml)
    spoken = heard(reply)
    life, work = IMPACT[belief_id]
    counter = LIBRARY[belief_id][1]
    assert life in spoken and work in spoken, spoken
    assert spoken.index(life) < spoken.index(work) < spoken.index(counter), "never the impact alone"
    assert reply.card["title"] == LIBRARY[belief_id][0]
    assert not reply.ends_session and reply.reprompt


def test_how_does_it_affect_my_work_reads_work_only_then_the_counter_belief(talk):
    say_belief(talk, "I don't want to be a burden", match_id="BURDEN")
    reply = talk.intent("BeliefImpactIntent", _area("my work", "WORK"))
    spoken = heard(reply)
    life, work = IMPACT["BURDEN"]
    assert work in spoken and life not in spoken
    assert "at work" in spoken.lower()
    assert spoken.index(work) < spoken.index(LIBRARY["BURDEN"][1])


def test_how_does_it_affect_my_life_reads_life_only_then_the_counter_belief(talk):
    say_belief(talk, "nobody gets it", match_id="UNDERSTAND")
    reply = talk.intent("BeliefImpactIntent", _area("my relationships", "LIFE"))
    spoken = heard(reply)
    life, work = IMPACT["UNDERSTAND"]
    assert life in spoken and work not in spoken
    assert spoken.index(life) < spoken.index(LIBRARY["UNDERSTAND"][1])


def test_the_burden_belief_uses_the_first_tables_wording_for_its_impact(talk):
    say_belief(talk, "I'll be a burden", match_id="BURDEN")
    spoken = heard(talk.intent("BeliefImpactIntent"))
    assert "I don't want to be a burden" in spoken


@pytest.mark.parametrize("belief_id", ["TRUST", "WEAK", "DESERVE"])
def test_a_belief_the_article_gives_no_impact_for_says_so_kindly_and_gives_the_counter_belief(talk, belief_id):
    say_belief(talk, LIBRARY[belief_id][0], match_id=belief_id)
    reply = talk.intent("BeliefImpactIntent")
    spoken = heard(reply)
    assert "doesn't describe" in spoken and "won't guess" in spoken
    assert counters_in(reply) == [belief_id]
    assert not any(life in spoken for life, _work in IMPACT.values())


def test_a_belief_named_in_the_question_is_the_one_described(talk):
    talk.launch()
    reply = talk.intent("BeliefImpactIntent", belief_slot("people always leave", "LEAVE"), _area("work", "WORK"))
    spoken = heard(reply)
    assert IMPACT["LEAVE"][1] in spoken and counters_in(reply) == ["LEAVE"]
    # ...and it is now the current one.
    assert counters_in(talk.intent("AMAZON.RepeatIntent")) == ["LEAVE"]


def test_impact_before_any_belief_asks_which_one(talk):
    talk.launch()
    reply = talk.intent("BeliefImpactIntent")
    spoken = heard(reply)
    assert counters_in(reply) == []
    assert not any(life in spoken or work in spoken for life, work in IMPACT.values())
    assert "thought" in spoken and not reply.ends_session and reply.reprompt


def test_impact_of_the_persons_own_counter_belief_is_not_invented(talk):
    talk.intent("SaveOwnCounterBeliefIntent", slot("counterBelief", "I am allowed to rest"))
    reply = talk.intent("BeliefImpactIntent")
    spoken = heard(reply)
    assert "your own counter-belief" in spoken
    assert not any(life in spoken for life, _work in IMPACT.values())
