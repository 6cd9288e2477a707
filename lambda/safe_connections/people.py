"""One person, however they are named: "my friend Maya", "Maya" and "maya" are one person in the
journal (logging, reading, patterns, deleting), "my sister" and "my sister's friend" are two.

A person key is what the byPerson index sorts on (store.py). It drops a leading "my"/"the", and a word
for how someone is related when a name follows it ("my friend Maya" -> "maya", "my sister Jo" -> "jo"),
but keeps the relation when it is all there is ("my mum" -> "mum") or when more than a name follows
("my friend from work" -> "friend-from-work").
"""

from __future__ import annotations

_LEADING = frozenset({"my", "the", "a", "an", "our", "this"})
_KIND = frozenset({"best", "close", "old", "new", "good", "dear", "lovely", "dearest", "oldest", "little", "big",
                   "younger", "older", "baby"})
RELATIONS = frozenset({
    "friend", "mate", "bestie", "buddy", "pal", "sister", "brother", "sis", "bro", "sibling", "mum", "mom",
    "mam", "mother", "mommy", "mummy", "ma", "dad", "father", "daddy", "papa", "pa", "parent", "partner",
    "husband", "wife", "hubby", "spouse", "boyfriend", "girlfriend", "fiance", "fiancee", "ex", "colleague",
    "coworker", "boss", "manager", "supervisor", "neighbour", "neighbor", "cousin", "aunt", "auntie", "aunty",
    "uncle", "nan", "nana", "nanna", "gran", "granny", "grandma", "grandmother", "grandpa", "grandad",
    "granddad", "grandfather", "son", "daughter", "kid", "child", "niece", "nephew", "therapist",
    "counsellor", "counselor", "doctor", "teacher", "tutor", "coach", "mentor", "pastor", "priest",
    "roommate", "flatmate", "housemate", "classmate", "stepmom", "stepmum", "stepdad", "stepmother",
    "stepfather", "stepsister", "stepbrother", "bhai", "didi", "bhaiya", "amma", "appa",
})
# After a relation word these mean "more than a name follows": "my friend from work".
_NOT_A_NAME = frozenset({"from", "at", "in", "of", "who", "that", "with", "on", "and", "s", "i", "we", "she", "he"})


def person_key(person: str) -> str:
    """The journal's one spelling of a person (see the module's docstring)."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in person).split()
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    rest = words
    while len(rest) > 1 and rest[0] in _KIND:
        rest = rest[1:]
    if len(rest) > 1 and rest[0] in RELATIONS and rest[1] not in _NOT_A_NAME and rest[1] not in RELATIONS:
        words = rest[1:]
    return "-".join(words)[:80] or "someone"


__all__ = ["RELATIONS", "person_key"]
