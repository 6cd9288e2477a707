"""The word matcher (safe_connections.belief_match) and the library it matches against.

The matcher is the safety net under Alexa's entity resolution: when a person says a belief in
words the model has no synonym for, these functions decide which counter-belief they hear.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from safe_connections.belief_match import (
    THRESHOLD,
    Matcher,
    dice,
    is_saying,
    normalise,
    similarity,
    stem,
    tokens,
)

from tools import build_models

LIBRARY = yaml.safe_load((Path(__file__).resolve().parents[2] / "content/en/data/beliefs.yaml").read_text())
BELIEFS = LIBRARY["beliefs"]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher({b["id"]: [b["belief"], *b["synonyms"]] for b in BELIEFS})


# -- the pieces ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("said", "expected"), [
    ("I can't trust anyone.", "i can not trust anyone"),
    ("I won’t ask", "i will not ask"),  # a curly apostrophe, as the article prints them
    ("I don't, I'm, I'll, they're, I've, I'd", "i do not i am i will they are i have i would"),
    ("No one gets it", "noone gets it"),
    ("no-one gets it", "noone gets it"),
    ("anyone's time", "anyone time"),
    ("  Too   MUCH!!  ", "too much"),
])
def test_normalise_opens_contractions_and_keeps_only_words(said, expected):
    assert normalise(said) == expected


@pytest.mark.parametrize(("words", "same"), [
    (["leave", "leaves", "leaving"], True),
    (["need", "needs", "needing", "needed"], True),
    (["abandon", "abandons", "abandoned"], True),
    (["trust", "trusted", "trusting"], True),
    (["weak", "weakness"], True),
    (["nobody", "noone"], True),
    (["everybody", "everyone"], True),
    (["anybody", "anyone"], True),
    (["left", "leave", "leaves"], True),
    (["burden", "bother"], False),
])
def test_stem_meets_the_forms_of_a_word(words, same):
    stems = {stem(w) for w in words}
    if same:
        assert len(stems) == 1, stems
    else:
        assert len(stems) == len(words)


def test_stem_leaves_short_words_and_need_alone():
    assert stem("need") == "need"
    assert stem("hurt") == "hurt"
    assert stem("is") == "is"
    assert stem("left") == stem("leave")


def test_tokens_drop_fillers_and_carriers_but_keep_meaning():
    assert tokens("I feel like I'm a burden") == {"burden"}
    assert tokens("I'm too much") == {"too", "much"}
    assert tokens("I don't deserve love") == {"not", "deserv", "lov"}
    assert tokens("help me with the thought that nobody stays") == tokens("help no one stay")
    assert tokens("everybody leaves") == tokens("everyone leaves")
    assert tokens("") == frozenset()


def test_dice_is_symmetric_bounded_and_weighted():
    a, b = frozenset({"x", "y"}), frozenset({"y", "z"})
    assert dice(a, b) == dice(b, a) == 0.5
    assert dice(a, a) == 1.0
    assert dice(a, frozenset()) == 0.0
    assert dice(frozenset(), frozenset()) == 0.0
    assert dice(a, b, {"y": 3.0, "x": 1.0, "z": 1.0}) == pytest.approx(6 / 8)


def test_similarity_and_saying_it_back():
    counter = "Some people are unsafe, but not everyone is."
    assert similarity(counter, counter) == 1.0
    assert is_saying("some people are unsafe but not everyone is", counter)
    assert is_saying("some people are unsafe, not everyone", counter)
    assert not is_saying("people aren't safe", counter)
    assert not is_saying(None, counter)
    assert not is_saying("", counter)


# -- matching against the library -----------------------------------------------------------------

# Everyday phrasings that are NOT in the library's synonyms (Alexa's entity resolution would miss them).
UNSEEN = {
    "BURDEN": ["such a burden on my family", "I hate bothering my friends with my stuff",
               "I'm always too much for people"],
    "TRUST": ["I can never trust people", "people can't be trusted ever", "trusting anybody is a mistake"],
    "WEAK": ["it's weak to ask for help", "needing people is a weakness", "only pathetic people need others"],
    "DESERVE": ["I am not worthy of love", "I don't deserve anyone's kindness",
                "nobody could ever love someone like me"],
    "ALONE": ["I should be able to do this by myself", "I have to handle everything alone",
              "I ought to cope with this on my own"],
    "LEAVE": ["everybody leaves me in the end", "people always end up leaving", "they all walk away eventually"],
    "UNDERSTAND": ["no one gets what I went through", "nobody understands what I've been through",
                   "no one could ever understand me"],
    "GUARD": ["I'm scared of getting hurt if I open up", "when I open up to people I end up hurt",
              "I'm going to be hurt if I let my guard down"],
}
UNRELATED = ["what's the weather today", "play some music", "I'm tired", "I love my dog", "I had a nice day",
             "call my mom", "stop", "", "   ", "the", "people"]


@pytest.mark.parametrize(("belief_id", "said"), [(b, s) for b, phrases in UNSEEN.items() for s in phrases])
def test_unseen_everyday_words_find_their_belief(matcher, belief_id, said):
    synonyms = {s.lower() for b in BELIEFS for s in b["synonyms"]}
    assert said.lower() not in synonyms, "this phrasing must exercise the matcher, not the synonym list"
    match = matcher.best(said)
    assert match is not None and match.id == belief_id, matcher.scores(said)[:3]
    assert match.score >= THRESHOLD


def test_every_belief_has_unseen_phrasings_under_test():
    assert set(UNSEEN) == {b["id"] for b in BELIEFS}
    assert all(len(phrases) >= 3 for phrases in UNSEEN.values())


@pytest.mark.parametrize("said", UNRELATED)
def test_unrelated_words_match_nothing(matcher, said):
    assert matcher.best(said) is None, matcher.scores(said)[:2]


def test_one_rare_shared_word_is_not_enough_but_a_one_word_wording_is(matcher):
    # "tired" is in "people are tired of me", but "I'm tired" is not the burden belief...
    assert matcher.best("I'm tired") is None
    # ...while "burden" is the whole of "I'm a burden", so it is a keyword.
    assert matcher.best("a burden").id == "BURDEN"


def test_a_tie_between_two_beliefs_is_no_match():
    tied = Matcher({"A": ["red apples"], "B": ["red apples"]})
    assert tied.best("red apples") is None


def test_scores_are_ranked_best_first(matcher):
    ranked = matcher.scores("everyone leaves me eventually")
    assert ranked[0].id == "LEAVE"
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert {m.id for m in ranked} == {b["id"] for b in BELIEFS}


def test_a_higher_threshold_is_stricter():
    strict = Matcher({b["id"]: [b["belief"], *b["synonyms"]] for b in BELIEFS}, threshold=0.95)
    assert strict.best("they all walk away eventually") is None
    assert strict.best("I'm a burden").id == "BURDEN"


# -- the library itself ---------------------------------------------------------------------------

ARTICLE_PAIRS = {
    "BURDEN": ("I'll be a burden.", "People who care about me want to support me."),
    "TRUST": ("I can't trust anyone.", "Some people are unsafe, but not everyone is."),
    "WEAK": ("Needing others means I'm weak.", "Connection is a human need, not a flaw."),
    "DESERVE": ("I don't deserve love or care.", "Everyone deserves support, including me."),
}
FIRST_TABLE = {
    "I should be able to handle this on my own.": ("Isolation, suppressed emotions, delayed healing",
                                                   "Burnout, avoidance, reluctance to delegate"),
    "I don't want to be a burden.": ("Withdrawing from support, self-silencing",
                                     "Lack of collaboration, difficulty asking for help"),
    "People always leave.": ("Fear of intimacy, sabotaging healthy connections",
                             "Distrust, difficulty forming work relationships"),
    "No one would understand what I've been through.": ("Shame, disconnection, hopelessness",
                                                        "Feeling out of place, emotional suppression at work"),
    "If I let my guard down, I'll get hurt again.": ("Emotional walls, loneliness, hypervigilance",
                                                     "Difficulty receiving feedback or building trust in teams"),
}


def test_the_four_article_pairs_are_in_the_library_word_for_word():
    by_id = {b["id"]: b for b in BELIEFS}
    for belief_id, (belief, counter) in ARTICLE_PAIRS.items():
        assert (by_id[belief_id]["belief"], by_id[belief_id]["counter"]) == (belief, counter)


def test_every_belief_of_the_first_table_keeps_its_impact_word_for_word():
    impacts = {b["impact"]["belief"]: (b["impact"]["life"], b["impact"]["work"]) for b in BELIEFS if b["impact"]}
    assert impacts == FIRST_TABLE


def test_every_counter_belief_quotes_the_article_line_it_rests_on():
    for belief in BELIEFS:
        source = belief["source"]
        assert source["where"] and source["line"], belief["id"]
        assert "’" in source["line"] or "“" in source["line"] or source["line"].startswith("- "), (
            f"{belief['id']}: quote the article's line exactly, as printed")
        if belief["id"] in ARTICLE_PAIRS:
            assert belief["counter"] in source["line"].replace("’", "'")


def test_beliefs_without_an_impact_row_say_why():
    for belief in BELIEFS:
        assert belief["impact"] or belief.get("impact_note"), belief["id"]


def test_the_general_counter_belief_is_in_the_library():
    assert LIBRARY["general"] in {b["id"] for b in BELIEFS}


def test_synonyms_are_plain_spoken_words_and_belong_to_one_belief_only():
    seen: dict[str, str] = {}
    for belief in BELIEFS:
        assert len(belief["synonyms"]) >= 15, f"{belief['id']} needs more everyday wordings"
        for synonym in [belief["belief"].rstrip(".").replace(",", ""), *belief["synonyms"]]:
            assert re.fullmatch(r"[A-Za-z' ]+", synonym), f"Alexa synonyms are words only: {synonym!r}"
            key = synonym.lower()
            assert key not in seen, f"{synonym!r} is in {seen.get(key)} and {belief['id']}"
            seen[key] = belief["id"]


def test_every_wording_in_the_library_matches_its_own_belief(matcher):
    """No synonym is closer to another belief than to its own: the matcher and the list agree."""
    for belief in BELIEFS:
        for wording in [belief["belief"], *belief["synonyms"]]:
            match = matcher.best(wording)
            assert match is not None and match.id == belief["id"], (wording, matcher.scores(wording)[:2])


def test_the_other_article_wordings_of_a_belief_are_its_synonyms():
    for belief in BELIEFS:
        synonyms = {s.lower() for s in belief["synonyms"]}
        for other in belief.get("also_in_article") or []:
            quoted = re.findall(r"“([^”]+)”", other["line"])
            for wording in quoted:
                spoken = wording.replace("’", "'").rstrip(".,").lower()
                assert spoken in synonyms, f"{belief['id']} lacks the article's own wording {spoken!r}"


def test_the_belief_slot_type_is_built_from_the_library():
    model = build_models.build("en-US")["interactionModel"]["languageModel"]
    values = next(t for t in model["types"] if t["name"] == "BELIEF")["values"]
    assert [v["id"] for v in values] == [b["id"] for b in BELIEFS]
    for value, belief in zip(values, BELIEFS, strict=True):
        assert value["name"]["value"] == belief["belief"].rstrip(".").replace(",", "")
        assert value["name"]["synonyms"] == belief["synonyms"]
