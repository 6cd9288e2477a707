"""A person says the belief weighing on them, in their own words, and hears its counter-belief.

Every belief of the article is said in three phrasings Alexa's entity resolution matches and in
three it does not (the skill's word matcher must catch those), through the real lambda_handler.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conversations.counter_beliefs_support import (
    GENERAL,
    LIBRARY,
    beliefs_spoken,
    counters_in,
    heard,
    say_belief,
)
from tests.ssml import check_ssml

# Said to Alexa, and resolved by entity resolution to the belief (they are synonyms in the model).
RESOLVED = {
    "BURDEN": ["I don't want to be a burden", "I'm too much", "I don't want to bother anyone"],
    "TRUST": ["I don't trust people", "nobody can be trusted", "people always let me down"],
    "WEAK": ["asking for help is weak", "I shouldn't need anyone", "I'm needy"],
    "DESERVE": ["I'm unlovable", "I don't deserve kindness", "nobody could love me"],
    "ALONE": ["I should be strong enough to figure this out by myself", "I'm better off alone",
              "I have to do this alone"],
    "LEAVE": ["everyone leaves eventually", "nobody stays", "everyone abandons me"],
    "UNDERSTAND": ["nobody gets it", "no one understands me", "nobody knows what it's like"],
    "GUARD": ["if I open up I'll get hurt", "I have to keep my walls up", "I can't let anyone get close"],
}
# Said to Alexa in words the model has no synonym for: ER_SUCCESS_NO_MATCH, the word matcher decides.
UNRESOLVED = {
    "BURDEN": ["I don't want to put anyone out", "I'm such a burden to my friends", "I always ask people for too much"],
    "TRUST": ["I don't trust anybody anymore", "you can never trust anyone", "everyone always betrays me eventually"],
    "WEAK": ["asking for help makes me weak", "needing others is pathetic", "I'm weak because I need people"],
    "DESERVE": ["I don't deserve anybody's love", "I'm not worth caring for", "nobody could love someone like me"],
    "ALONE": ["I should handle everything myself", "I should be strong enough to do it alone",
              "I don't need anybody's help"],
    "LEAVE": ["everyone leaves me sooner or later", "people always abandon me", "everyone always ends up leaving"],
    "UNDERSTAND": ["no one understands what happened to me", "nobody could get what I've lived through",
                   "nobody ever understands me"],
    "GUARD": ["if I open up to people I'll get hurt", "letting my guard down means I'll be hurt",
              "whenever I let someone close they hurt me"],
}
SYNONYMS = {
    belief["id"]: {s.lower() for s in belief["synonyms"]}
    for belief in yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "content/en/data/beliefs.yaml").read_text())["beliefs"]
}


def _assert_hears_counter_belief(reply, belief_id):
    belief, counter = LIBRARY[belief_id]
    check_ssml(reply.ssml)
    assert counters_in(reply) == [belief_id], heard(reply)
    assert belief.rstrip(".") in heard(reply)
    assert not reply.ends_session and reply.reprompt
    assert reply.attributes["state"] == "belief"
    assert reply.card["title"] == belief and counter in reply.card["content"]


def test_every_belief_is_covered_by_three_resolved_and_three_unresolved_phrasings():
    assert set(RESOLVED) == set(UNRESOLVED) == set(LIBRARY)
    for belief_id in LIBRARY:
        assert len(set(RESOLVED[belief_id])) >= 3 and len(set(UNRESOLVED[belief_id])) >= 3
        assert all(p.lower() in SYNONYMS[belief_id] for p in RESOLVED[belief_id])
        assert not any(p.lower() in SYNONYMS[belief_id] for p in UNRESOLVED[belief_id])


@pytest.mark.parametrize(("belief_id", "said"), [(b, s) for b, phrases in RESOLVED.items() for s in phrases])
def test_a_belief_alexa_resolves_gets_its_counter_belief(talk, belief_id, said):
    talk.launch()
    _assert_hears_counter_belief(say_belief(talk, said, match_id=belief_id), belief_id)


@pytest.mark.parametrize(("belief_id", "said"), [(b, s) for b, phrases in UNRESOLVED.items() for s in phrases])
def test_a_belief_alexa_cannot_resolve_is_still_understood(talk, belief_id, said):
    # One-shot ("Alexa, tell safe connections ..."): no launch, a brand-new session.
    _assert_hears_counter_belief(say_belief(talk, said), belief_id)


@pytest.mark.parametrize("belief_id", ["BURDEN", "TRUST", "WEAK", "DESERVE"])
def test_the_article_pairs_are_spoken_word_for_word(talk, belief_id):
    belief, counter = LIBRARY[belief_id]
    reply = say_belief(talk, belief.rstrip("."), match_id=belief_id)
    spoken = heard(reply)
    assert belief.rstrip(".") in spoken
    assert counter in spoken
    # The belief comes first, then its counter-belief, then the invitation to say it aloud.
    assert spoken.index(belief.rstrip(".")) < spoken.index(counter) < spoken.index("out loud")


ARTICLE_WORDINGS = [(b, belief.rstrip(".")) for b, (belief, _c) in LIBRARY.items()] + [
    ("BURDEN", "I don't want to be a burden"),  # the first table's wording of the same belief
    ("ALONE", "I should be strong enough to figure this out by myself"),  # the introduction's
]


@pytest.mark.parametrize("resolved", [True, False], ids=["resolved", "unresolved"])
@pytest.mark.parametrize(("belief_id", "said"), ARTICLE_WORDINGS)
def test_the_articles_own_words_for_every_belief_get_its_counter_belief(talk, belief_id, said, resolved):
    reply = say_belief(talk, said, match_id=belief_id if resolved else None)
    _assert_hears_counter_belief(reply, belief_id)


def test_the_invitation_offers_to_say_it_together_or_hear_another(talk):
    reply = say_belief(talk, "I'm too much", match_id="BURDEN")
    after = heard(reply).split(LIBRARY["BURDEN"][1], 1)[1]
    assert "out loud with me" in after and "another" in after
    assert any(soft in after.lower() for soft in ("you might", "if you'd like", "you could")), "invite, never command"


def test_each_counter_belief_comes_with_a_plain_card_of_belief_and_counter_belief(talk):
    reply = say_belief(talk, "I'm a drain on people", match_id="BURDEN")
    belief, counter = LIBRARY["BURDEN"]
    assert reply.card["type"] == "Simple"
    assert reply.card["title"] == belief
    assert belief in reply.card["content"] and counter in reply.card["content"]
    for text in (reply.card["title"], reply.card["content"]):
        assert not re.search(r"<[^>]+>|&(amp|lt|gt|#\d+);", text), "card text must be plain"


def test_words_that_fit_no_belief_get_a_kind_answer_and_a_counter_belief_for_anyone_naming_no_other_thought(talk):
    talk.launch()
    reply = say_belief(talk, "my cat knocked over the plant")
    check_ssml(reply.ssml)
    spoken = heard(reply)
    assert counters_in(reply) == [GENERAL]
    assert "plant" not in spoken, "the person's own words are not read back"
    assert "sorry" in spoken.lower() or "thank you" in spoken.lower()
    assert beliefs_spoken(reply) == [], "no painful thought they did not say"
    assert reply.said("beliefs/no_match")
    assert reply.card["title"] == "A counter-belief that fits most people"
    assert LIBRARY[GENERAL][1] in reply.card["content"]
    assert not reply.ends_session and reply.reprompt


def test_after_no_match_the_person_can_still_name_a_belief(talk):
    say_belief(talk, "bananas are yellow")
    reply = say_belief(talk, "everyone leaves eventually", match_id="LEAVE")
    assert counters_in(reply) == ["LEAVE"]


def test_a_belief_slot_left_empty_offers_one_instead_of_failing(talk):
    talk.launch()
    reply = say_belief(talk, None)
    assert len(counters_in(reply)) == 1 and not reply.ends_session and reply.reprompt
