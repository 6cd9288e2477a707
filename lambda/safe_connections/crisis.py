"""Does what someone said sound like they may not be safe? Pure text matching, no I/O, no logging.

The screen errs on the side of answering: a gentle crisis answer to a false alarm costs the user one
"carry on"; a missed crisis costs far more. It still avoids everyday idioms that share words with a
crisis ("this job is killing me", "I'm dying to see her", "I hurt my knee", "dye my hair"), because a
skill that cries wolf teaches people to stop talking to it.

Text is normalised first (lowercase, curly quotes, contractions spelled out, punctuation dropped), so
"I'm", "Im", "I am" and "I’m" all read the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Request attribute that marks a turn the screen caught (set by interceptors.ScreenForCrisis).
CRISIS_KEY = "crisis"
CRISIS_INTENT = "CrisisIntent"

_CONTRACTIONS = {
    "im": "i am", "i'm": "i am", "ive": "i have", "i've": "i have", "i'll": "i will", "ill": "i will",
    "i'd": "i would", "id": "i would",
    "don't": "do not", "dont": "do not", "doesn't": "does not", "didn't": "did not",
    "can't": "cannot", "cant": "cannot", "can not": "cannot", "couldn't": "could not",
    "won't": "will not", "wont": "will not", "isn't": "is not", "aren't": "are not",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "it's": "it is", "there's": "there is",
}
_WORD = re.compile(r"[a-z0-9']+")

# Who might act on themselves: "myself", and slang Alexa may transcribe.
_SELF = r"(?:myself|my self|me self)"
_WANT = (
    r"(?:want to|wants to|wanted to|going to|thinking about|thinking of|think about|feel like|"
    r"might|could|will|would|need to|plan to|planning to|planning on|urge to|tempted to|trying to|try to|"
    r"about to|ready to|scared i will|afraid i will|keep wanting to)"
)

_PATTERNS = [
    r"\bsuicid(?:e|al|ally)\b",
    r"\bkill(?:ing)? " + _SELF,
    r"\bunalive " + _SELF,
    r"\b(?:end|ending|take|taking) my (?:own )?life\b",
    r"\bend(?:ing)? it all\b",
    r"\b(?:hurting|harming|cutting|killing|starving|burning) " + _SELF,
    r"\b" + _WANT + r" (?:hurt|harm|cut|kill|burn|starve|poison|hang|shoot|drown) " + _SELF,
    r"\bself ?harm(?:ing)?\b",
    r"\b(?:do not|never) want to (?:be alive|exist|be around)\b",
    r"\b(?:do not|never) want to (?:be here|wake up)(?: any ?more| again| ever| like this|$)",
    r"\b(?:do not|never) want to live(?! with| in | in$| there| here| near| at | together| like that)",
    r"\b(?:do not|never) want to go on\b",
    r"\b(?<!not )(?<!never )want to die\b(?! (?:my|your|her|his|their|our) hair)",
    r"\bwant(?:ing)? to be dead\b",
    r"\bwish i (?:was|were) (?:dead|not alive|not here|never born)\b",
    r"\bwish i (?:had|would have) never (?:been born|woken up)\b",
    r"\bbetter off (?:dead|without me)\b",
    r"\b(?:cannot|could not|can no longer) (?:go on|keep going|carry on|take it any ?more|do this any ?more)\b",
    r"\bno (?:reason|point) (?:to|in) (?:live|living|being alive|going on)\b",
    r"\bnothing (?:left )?to live for\b",
    r"\b(?:life|living) (?:is not|is no longer|isn't) worth (?:it|living)\b",
    r"\bnot worth living\b",
    r"\bgo to sleep and (?:never|not) wake up\b",
    r"\b(?:i am|i feel|i do not feel) (?:not )?(?:safe|unsafe) (?:right )?now\b",
    r"\bi am not safe\b",
    r"\bi am (?:in danger|unsafe)\b",
    r"\bi am (?:in|having) (?:a )?crisis\b",
    r"\b(?:take|taking|took) (?:an |a )?overdose\b",
    r"\b" + _WANT + r" overdose\b",
    r"\b(?:jump|jumping) (?:off|in front of) (?:a |the )?(?:bridge|building|roof|train|car|cliff|balcony)\b",
]
_MATCHERS = [re.compile(pattern) for pattern in _PATTERNS]
# "i am not safe" / "i feel safe now" would both hit the safe-now pattern; only the unsafe ones count.
_SAFE_NOW = re.compile(r"\b(?:i am|i feel) safe (?:right )?now\b")


def normalise(text: str) -> str:
    """Lowercase words separated by single spaces, contractions spelled out, no punctuation."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[-_/]", " ", text)
    words = [_CONTRACTIONS.get(word, word) for word in _WORD.findall(text)]
    joined = " ".join(word.strip("'") for word in words if word.strip("'"))
    return joined.replace("can not", "cannot")


def sounds_like_crisis(text: str | None) -> bool:
    """True when the text says, in any of the ways we know, that the speaker may not be safe."""
    if not text:
        return False
    plain = normalise(text)
    for matcher in _MATCHERS:
        found = matcher.search(plain)
        if found and not _SAFE_NOW.fullmatch(found.group(0)):
            return True
    return False


def any_crisis(texts: Iterable[str | None]) -> bool:
    return any(sounds_like_crisis(text) for text in texts)


__all__ = ["CRISIS_INTENT", "CRISIS_KEY", "any_crisis", "normalise", "sounds_like_crisis"]
