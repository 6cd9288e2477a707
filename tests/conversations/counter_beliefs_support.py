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
# The further counter-beliefs of each belief ("another one" for the same thought), in the article's voice.
MORE = {
    "BURDEN": ("The right relationships don't drain me, they restore me.",
               "Needing help isn't regression. It's a step toward repair.",
               "Being someone's safe space, and letting them be mine, can be healing for both of us."),
    "TRUST": ("Not all relationships are safe. But safe relationships do exist.",
              "I don't have to trust everyone. I can slowly learn to let the right people in.",
              "Safe doesn't mean perfect. It means consistent, kind, and respectful of my boundaries."),
    "WEAK": ("I'm not weak for needing people. I'm wired for connection.",
             "Healing is not something I'm supposed to do alone.",
             "Being with someone calm and kind can help soothe my nervous system. That's co-regulation, not weakness."),
    "DESERVE": ("Friendship is a healing force, and I deserve to feel its warmth.",
                "Supportive people can reflect back my strengths and worth when I've forgotten them.",
                "Over time, I can start to see myself through the eyes of people who care, more whole, more human."),
    "ALONE": ("Trauma thrives in isolation, and healing begins with connection.",
              "I can reach out to someone who feels steady, or let someone reach out to me.",
              "Getting support for building support is one of the steps of healing."),
    "LEAVE": ("Supportive relationships take intention, not perfection.",
              "Safe people are consistent, kind, and respectful of my boundaries, and I can notice who they are.",
              "Over time, I can spot patterns and learn what kind of support works best for me."),
    "UNDERSTAND": ("Instead of telling my whole story, I can start small, with a feeling, a memory, or one thought.",
                   "Having someone who truly sees me can make all the difference, and I only need to start with one.",
                   "When we hold space for each other, we remember we're not alone in our pain."),
    "GUARD": ("I can let the right people in slowly, not all at once.",
              "I can share something small and notice the response. I'm gathering evidence that it's okay to be seen.",
              "Supportive relationships won't erase the past, but they can help reshape how I relate to it."),
}
COUNTERS = {counter: belief_id for belief_id, (_belief, counter) in LIBRARY.items()}
COUNTERS |= {counter: belief_id for belief_id, more in MORE.items() for counter in more}
EVERY_COUNTER = sorted(COUNTERS.values())  # each belief id once per counter-belief it has
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
    """The ids of the library counter-beliefs spoken in a reply (once for each counter-belief spoken).
    "Not all relationships are safe..." holds no other counter-belief, but "When we hold space for each
    other, we remember we're not alone in our pain." holds BURDEN's shorter one: the longest wins."""
    text = heard(reply)
    found = [c for c in COUNTERS if c in text]
    return [COUNTERS[c] for c in found if not any(c != o and c in o for o in found)]


def counter_texts_in(reply: Reply) -> list[str]:
    """The library counter-beliefs spoken in a reply, as said."""
    text = heard(reply)
    found = [c for c in COUNTERS if c in text]
    return [c for c in found if not any(c != o and c in o for o in found)]


def belief_slot(value: str | None, match_id: str | None = None) -> dict[str, Any]:
    """The `belief` slot as Alexa fills it: with an entity-resolution match, or ER_SUCCESS_NO_MATCH."""
    return slot("belief", value, slot_type="BELIEF", match_id=match_id)


def say_belief(talk: Any, value: str, match_id: str | None = None) -> Reply:
    return talk.intent("CounterBeliefIntent", belief_slot(value, match_id))
