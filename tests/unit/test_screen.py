"""The screen as content: its pattern language, its normalising, and the lexicon in content/.

The phrasings here are the team's own, written from the issue and public guidance to pin down what
each kind of entry must do. They are NOT the measure of the screen: that is the blind corpus
(tests/corpus/, `python -m tools.safety_recall`, tests/conversations/test_safety_recall.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from safe_connections import screen
from safe_connections.crisis import is_negative_belief
from safe_connections.screen import Lexicon, PatternError, category_of, normalise

CONTENT = Path(__file__).resolve().parents[2] / "content"
LOCALES = ["en-US", "en-GB", "en-AU", "en-IN", "en-CA"]


def tiny(**sections) -> Lexicon:
    return Lexicon([{"lists": sections.pop("lists", {}), **sections}])


# -- the pattern language ------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "said", "caught"), [
    ("i want to die", "honestly I want to die today", True),
    ("i want to die", "I want to dine", False),
    ("(kill | end) myself", "I could end myself", True),
    ("i [really | just] want out", "I just want out", True),
    ("i [really | just] want out", "I want out", True),
    ("suicid*", "feeling suicidal", True),
    ("nobody ... miss me", "nobody at all would miss me", True),
    ("nobody ... miss me", "nobody in this whole wide town would miss me", False),  # more than four words
    ("{someone} hit me", "my husband hit me", True),
    ("took ## pills", "I took 30 pills", True),
    ("took ## pills", "I took 2 pills", False),
    ("took # pills", "I took 2 pills", True),
    ("^ help $", "help", True),
    ("^ help $", "help with the dishes", False),
    ("i'm not safe", "Im not safe", True),  # entries are normalised like what people say
])
def test_each_kind_of_entry(pattern, said, caught):
    lexicon = tiny(crisis=[pattern], lists={"someone": ["he", "my (husband | wife)"]})
    assert bool(lexicon.categories(normalise(said))) is caught


@pytest.mark.parametrize("broken", ["(kill | myself", "kill ] myself", "{nowhere} hit me", "(a | )"])
def test_a_broken_entry_is_refused_and_named(broken):
    with pytest.raises(PatternError, match="in"):
        tiny(crisis=[broken])


def test_an_entry_that_could_match_nothing_at_all_is_a_problem_a_test_reports():
    """"[maybe]" would catch every sentence anyone says."""
    assert tiny(crisis=["[maybe]"]).problems() == ["crisis: '[maybe]' can match nothing at all, so it would "
                                                   "catch every sentence"]


def test_groups_of_entries_are_only_for_reading():
    lexicon = tiny(crisis={"ideation": ["want to die"], "means": ["took ## pills"]})
    assert lexicon.categories("i took 40 pills") == {"crisis"}


def test_every_occurrence_is_tried_not_only_the_first():
    """The issue's example: the first half is a safe statement, the second is not."""
    assert category_of("I am safe now, but honestly I do not feel safe right now") == "crisis"
    lexicon = tiny(crisis=["not safe"], everyday=["i am not safe to drive"])
    assert lexicon.categories("i am not safe to drive and i am not safe at home") == {"crisis"}
    assert not lexicon.categories("i am not safe to drive")


def test_an_everyday_idiom_silences_only_what_it_overlaps():
    lexicon = tiny(danger=["he ... hit me"], everyday=["hit me up"])
    assert not lexicon.categories("he hit me up last night")
    assert lexicon.categories("he hit me up last night and then he hit me") == {"danger"}


def test_a_phrase_can_span_two_slots_in_either_order():
    assert screen.categories_of(["keeps hitting me", "my husband"]) == {"danger"}
    assert screen.categories_of(["my husband", "calm", "keeps hitting me"]) == {"danger"}
    assert screen.categories_of(["Sam", "calm", "we went for a walk"]) == set()


def test_regional_files_add_to_the_language_file_and_never_replace_it():
    gb = screen.lexicon("en-GB")
    us = screen.lexicon("en-US")
    for name in ("crisis", "danger", "everyday"):
        assert len(gb.patterns[name]) > len(us.patterns[name])
    assert category_of("I'm going to top myself", "en-GB") == "crisis"
    assert category_of("my fella knocks me about", "en-GB") == "danger"
    assert category_of("my fella hits me", "en-GB") == "danger"
    assert category_of("my fella hits me", "en-US") is None  # "fella" is British usage
    assert category_of("I want to kill myself", "en-GB") == "crisis"  # the language file still counts


@pytest.mark.parametrize("locale", LOCALES)
def test_every_lexicon_compiles_without_a_problem(locale):
    assert screen.lexicon(locale).problems() == []


def test_an_unknown_locale_reads_as_english():
    assert category_of("I want to end my life", "fr-FR") == "crisis"


# -- normalising --------------------------------------------------------------------------------


@pytest.mark.parametrize(("said", "plain"), [
    ("I’m NOT okay... I can't; I won't!", "i am not okay i cannot i will not"),
    ("Im done, dont care", "i am done do not care"),
    ("self-harm/ending", "self harm ending"),
    ("he's gonna hurt me", "he is going to hurt me"),
    ("my mum's home", "my mum home"),
    ("sooo tired", "so tired"),
    ("I took 20 pills", "i took 20 pills"),
    ("i cant do this anymore", "i cannot do this any more"),
    ("I'd rather not say", "i would rather not say"),
    ("u r not alone", "you are not alone"),
])
def test_normalising_reads_what_people_type_and_alexa_writes(said, plain):
    assert normalise(said) == plain


def test_stretched_letters_shrink_to_the_word_the_lexicon_knows():
    lexicon = screen.lexicon("en-US")
    assert normalise("killll myselfff", lexicon.vocabulary) == "kill myself"
    assert category_of("i want to diiiie") == "crisis"


# -- the lexicon's categories, in the team's own phrasings ----------------------------------------

CRISIS = [
    ("en-US", "i keep thinking everyone would be better off if i was gone"),
    ("en-US", "nobody would notice if I disappeared"),
    ("en-US", "I wish I could just disappear"),
    ("en-US", "i want to unalive myself"),
    ("en-US", "kms"),
    ("en-US", "I have a plan to end my life"),
    ("en-US", "I've been stockpiling my sleeping pills"),
    ("en-US", "I took a bunch of tylenol"),
    ("en-US", "I swallowed 30 pills"),
    ("en-US", "I overdosed last night"),
    ("en-US", "I self harmed again"),
    ("en-US", "I've been cutting again"),
    ("en-US", "I burned myself on purpose"),
    ("en-US", "I hurt myself"),
    ("en-US", "I'd rather be dead"),
    ("en-US", "I don't see the point in living any more"),
    ("en-US", "what's the point of going on"),
    ("en-US", "I can't go on like this"),
    ("en-US", "I'm so tired of living"),
    ("en-US", "it all feels hopeless"),
    ("en-US", "I'm thinking about driving into a wall"),
    ("en-US", "I might jump off the roof"),
    ("en-US", "i just want to go to sleep and not wake up"),
    ("en-US", "I need help"),
    ("en-US", "help me I'm not safe"),
    ("en-GB", "I feel like doing myself in"),
    ("en-GB", "I've had enough of it all"),
    ("en-GB", "I'm really not coping any more"),
    ("en-GB", "I necked a whole packet of co-codamol"),
    ("en-AU", "gonna neck myself"),
    ("en-AU", "I'm going to pull the pin on everything"),
    ("en-IN", "I will finish myself today"),
    ("en-IN", "I am fed up of my life"),
    ("en-IN", "thinking to consume pesticide"),
    ("en-IN", "I will jump from the terrace"),
    ("en-CA", "I'm going to off myself eh"),
]

DANGER = [
    ("en-US", "he hit me again"),
    ("en-US", "i'm not safe at home"),
    ("en-US", "someone is hurting me"),
    ("en-US", "i'm scared he's going to hurt me"),
    ("en-US", "my partner is hurting me"),
    ("en-US", "He's going to kill me"),
    ("en-US", "he grabbed my arm and said no one would believe me"),
    ("en-US", "my boyfriend choked me last night"),
    ("en-US", "my dad gets drunk and hits us"),
    ("en-US", "she threatened to take the kids"),
    ("en-US", "I don't feel safe around my husband"),
    ("en-US", "I'm scared to go home"),
    ("en-US", "he forced me to have sex"),
    ("en-US", "someone keeps following me home"),
    ("en-US", "my ex put a tracker on my car"),
    ("en-US", "I think my neighbor's kids are being hurt"),
    ("en-US", "my husband won't let me see my family"),
    ("en-US", "he takes all my money"),
    ("en-US", "he promised he would never hit me again"),
    ("en-GB", "my other half gives me a hiding when he's had a drink"),
    ("en-GB", "I need to find a refuge"),
    ("en-AU", "my partner bashes me"),
    ("en-AU", "I need an AVO"),
    ("en-IN", "my in-laws torture me for dowry"),
    ("en-IN", "my husband beats me daily"),
    ("en-CA", "I need to call children's aid"),
]

EVERYDAY = [
    "this traffic is killing me",
    "my phone died",
    "I could die of embarrassment",
    "she cut me off",
    "she cut me off on the highway",
    "I'd kill for a coffee",
    "I'm dying to see her",
    "I want to dye my hair",
    "I want to die my hair",
    "I don't want to die alone",
    "I hurt my knee at the gym",
    "I cut myself shaving",
    "I cut myself cooking",
    "my brother beat me at chess",
    "hit me up later",
    "she pushes me to be better",
    "he grabbed me a coffee",
    "my mum is going to kill me if I'm late",
    "I stalked my ex's instagram",
    "I feel safe right now",
    "I'm safe now",
    "I didn't feel safe with my boss",
    "I felt unsafe at the party",
    "I don't want to live with my parents",
    "I don't want to be here at this party",
    "I don't want to wake up early tomorrow",
    "the meeting was killing me",
    "he would never hurt me",
    "I took all my meds this morning",
    "I'm in danger of failing maths",
    "I'm hopeless at cooking",
    "she attacked me in the meeting",
    "I'm taking my life back",
    "I want to end it with him",
    "it is safe at home now",
    "I've been cutting back on sugar",
    "I want to take my life in a new direction",
    "People who care about me want to support me.",
    "I'll be a burden",
    "my neighbour is watching my house while I'm away",
    "the kids are going to die of excitement",
    "we went for a walk and laughed",
]


@pytest.mark.parametrize(("locale", "said"), CRISIS)
def test_crisis_in_many_words(locale, said):
    assert category_of(said, locale) == "crisis"


@pytest.mark.parametrize(("locale", "said"), DANGER)
def test_danger_from_others_in_many_words(locale, said):
    assert category_of(said, locale) == "danger"


@pytest.mark.parametrize("said", EVERYDAY)
@pytest.mark.parametrize("locale", LOCALES)
def test_everyday_words_stay_everyday_in_every_locale(locale, said):
    assert category_of(said, locale) is None


def test_both_at_once_is_danger_the_answer_that_never_names_their_safe_person():
    assert screen.categories_of(["he hit me and I want to die"]) == {"crisis", "danger"}
    assert category_of("he hit me and I want to die") == "danger"


def test_the_answer_is_a_category_never_the_words():
    assert category_of(["my husband", "he keeps hitting me"]) in ("crisis", "danger", None)
    assert isinstance(category_of("he hit me"), str) and category_of("he hit me") == "danger"


# -- painful thoughts: not kept as a counter-belief -------------------------------------------------


@pytest.mark.parametrize("said", [
    "I'm a burden", "I'll be a burden", "I'm broken", "i always mess up", "I hate myself", "I'm worthless",
    "nobody would miss me if i died", "no one understands me", "I can't trust anyone", "it's all my fault",
    "I'm not good enough", "honestly i think im kind of a burden",
])
def test_painful_thoughts_are_not_counter_beliefs(said):
    assert is_negative_belief(said)


@pytest.mark.parametrize("said", [
    "I am not a burden", "People who care about me want to support me", "I am allowed to ask for help",
    "I can ask for help", "I am enough", "it's not my fault", "I deserve love", "I can let people in slowly",
    "Healing is not something I have to do alone.", "I'm not weak for needing people. I'm wired for connection.",
    "",
])
def test_kind_words_are_counter_beliefs(said):
    assert not is_negative_belief(said)


def test_every_counter_belief_in_the_library_can_be_kept():
    import yaml

    library = yaml.safe_load((CONTENT / "en" / "data" / "beliefs.yaml").read_text())
    counters = [c for b in library["beliefs"] for c in [b["counter"], *(m["counter"] for m in b["more_counters"])]]
    assert [c for c in counters if is_negative_belief(c)] == []
    wordings = [w for b in library["beliefs"] for w in [b["belief"], *b["synonyms"]]]
    assert [w for w in wordings if not is_negative_belief(w)] == []


def test_an_idiom_that_ends_one_slot_still_ends_there_when_the_slots_are_heard_together():
    assert screen.categories_of(["Sam", "calm", "she cut me off"]) == set()
    assert screen.categories_of(["I'm beat", "my brother"]) == set()
    assert screen.categories_of(["my brother", "keeps hitting me"]) == {"danger"}
