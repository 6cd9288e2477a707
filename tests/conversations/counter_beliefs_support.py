"""What the counter-belief conversations expect to hear, written out here (not read from content/),
so that a changed library fails the tests instead of silently changing what they check."""

from __future__ import annotations

import html
from typing import Any

from tools.conversation import Reply
from tools.envelopes import slot

# id -> (the belief as the library says it, its counter-belief)
LIBRARY = {
    # The article's four pairs (step 3), word for word.
    "BURDEN": ("I'll be a burden.", "People who care about me want to support me."),
    "TRUST": ("I can't trust anyone.", "Some people are unsafe, but not everyone is."),
    "WEAK": ("Needing others means I'm weak.", "Connection is a human need, not a flaw."),
    "DESERVE": ("I don't deserve love or care.", "Everyone deserves support, including me."),
    # The first table's beliefs, with counter-beliefs written from the article's reframes.
    "ALONE": ("I should be able to handle this on my own.", "Healing is not something I have to do alone."),
    "LEAVE": ("People always leave.", "Some people have left, but safe relationships do exist."),
    "UNDERSTAND": ("No one would understand what I've been through.",
                   "I don't have to open up all at once. I can start with one moment of real connection."),
    "GUARD": ("If I let my guard down, I'll get hurt again.",
              "Being vulnerable is not the same as being unprotected. I can have boundaries and still let love in."),
}
COUNTERS = {counter: belief_id for belief_id, (_belief, counter) in LIBRARY.items()}
GENERAL = "DESERVE"


def beliefs_spoken(reply: Reply, except_id: str | None = None) -> list[str]:
    """The ids of the library's negative beliefs a reply speaks (other than `except_id`): the skill
    never puts a painful thought in someone's head that they did not say."""
    text = heard(reply).lower()
    return [b for b, (belief, _c) in LIBRARY.items() if b != except_id and belief.rstrip(".").lower() in text]


def heard(reply: Reply) -> str:
    """What a listener hears, as plain text (entities decoded)."""
    return html.unescape(reply.text)


def counters_in(reply: Reply) -> list[str]:
    """The ids of the library counter-beliefs spoken in a reply."""
    text = heard(reply)
    return [belief_id for counter, belief_id in COUNTERS.items() if counter in text]


def belief_slot(value: str | None, match_id: str | None = None) -> dict[str, Any]:
    """The `belief` slot as Alexa fills it: with an entity-resolution match, or ER_SUCCESS_NO_MATCH."""
    return slot("belief", value, slot_type="BELIEF", match_id=match_id)


def say_belief(talk: Any, value: str, match_id: str | None = None) -> Reply:
    return talk.intent("CounterBeliefIntent", belief_slot(value, match_id))
