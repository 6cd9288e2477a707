"""Does what someone said sound like they may not be safe? The skill's questions to the screen.

The screen itself (safe_connections.screen) matches words against a per-locale lexicon in
content/<lang>/data/screen.yaml. This module names what the rest of the skill uses: the two
categories, the intents that carry them, the request attribute that marks a caught turn, and the
few questions handlers ask. Pure, no I/O at match time, no logging.

The screen errs on the side of answering: a gentle answer to a false alarm costs the user one
"carry on"; a missed crisis costs far more. It still leaves everyday idioms alone ("this job is
killing me", "I'm dying to see her", "I hurt my knee", "dye my hair"), because a skill that cries
wolf teaches people to stop talking to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from safe_connections.screen import CRISIS, DANGER, categories_of, category_of, is_painful_thought, normalise

if TYPE_CHECKING:
    from safe_connections.belief_match import Matcher

# Request attribute set by interceptors.ScreenForCrisis on a caught turn: the category, CRISIS or DANGER.
CRISIS_KEY = "crisis"
# Set too when a turn carries both: the danger answer then also gives the crisis line.
CRISIS_TOO_KEY = "crisis_too"
CRISIS_INTENT = "CrisisIntent"
DANGER_INTENT = "DangerIntent"
INTENT_CATEGORY = {CRISIS_INTENT: CRISIS, DANGER_INTENT: DANGER}
# How close words must be to a wording of a negative belief to be that belief, when the aim is to keep it
# from being saved as a counter-belief. Stricter than finding a belief for a counter-belief request:
# "I can ask for help" shares words with "asking for help is weak" and must stay a counter-belief.
BELIEF_ECHO = 0.8


def sounds_like_crisis(text: str | None, locale: str = "en-US") -> bool:
    """True when the text says, in any of the ways the lexicon knows, that the speaker may not be safe
    (a crisis, or danger from someone else)."""
    return category_of([text], locale) is not None


def any_crisis(texts: Iterable[str | None], locale: str = "en-US") -> bool:
    return category_of(list(texts), locale) is not None


def is_negative_belief(text: str | None, locale: str = "en-US") -> bool:
    """Whether words someone wants to keep as their own counter-belief are a painful thought instead:
    one of the library's negative beliefs (in any of its wordings), negative self-talk the lexicon
    knows, or crisis or danger words. "I am not a burden" is not; "I'm a burden" is."""
    if not text or not text.strip():
        return False
    if is_painful_thought(text, locale):
        return True
    from safe_connections.belief_match import negated

    match = _belief_matcher(locale).best(text)
    return match is not None and match.score >= BELIEF_ECHO and negated(text) == negated(match.wording)


@cache
def _belief_matcher(locale: str) -> Matcher:
    """The belief library's wordings (content/<lang>/data/beliefs.yaml), as the skill matches them."""
    from safe_connections.belief_match import Matcher

    data = _belief_library(locale)
    return Matcher({item["id"]: [item["belief"], *item.get("synonyms", [])] for item in data["beliefs"]})


def _belief_library(locale: str) -> dict:
    from safe_connections.config import load_config
    from safe_connections.speech import locale_chain, read_data

    for folder in locale_chain(locale):
        found = read_data(load_config().content_dir, folder, "beliefs")  # compiled content/<folder>/data
        if found:
            return found
    raise FileNotFoundError(f"no beliefs data for {locale}")


__all__ = [
    "CRISIS",
    "CRISIS_INTENT",
    "CRISIS_KEY",
    "CRISIS_TOO_KEY",
    "DANGER",
    "DANGER_INTENT",
    "INTENT_CATEGORY",
    "any_crisis",
    "categories_of",
    "category_of",
    "is_negative_belief",
    "normalise",
    "sounds_like_crisis",
]
