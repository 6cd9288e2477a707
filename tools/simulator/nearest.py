"""How near a sentence is to one sample utterance: the simulator's stand-in for Alexa's generalising.

The sentence and the sample are aligned word by word, as in an edit distance with weights: a sample
word that was said is matched; a word said that the sample lacks is inserted (at half its weight: more
words rarely change the request); a sample word not said is deleted; one word said in place of another
is a substitution; a `{slot}` takes a span of the sentence that its type accepts (or is left empty, at
the slot's weight). Words weigh what they carry:
fillers and politeness ("um", "please") 0.2, function words ("the", "to", "my") 0.5, every other word
1, a filled slot 1. With M the weight matched and C the cost of everything not matched,

    similarity = 2M / (2M + C)

which is 1.0 for the sample said word for word, about 0.95 for the sample with "um" and "please"
around it, and 0.75 for a three-word sample with one word changed ("begin a reflection" for
"start a reflection"). Before comparing, contractions are spelled out on both sides ("what's" is
"what is"), a few British and American spellings are the same word, and words that differ only by a
plural or a verb ending ("minute"/"minutes", "log"/"logging") match at a quarter of their weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

FILLER, FUNCTION, CONTENT, SLOT = 0.2, 0.5, 1.0, 1.0
STEM_COST = 0.25  # a match by stem ("minutes" for "minute") costs this share of the word's weight
UNLIKE = 0.5  # a custom slot's words that none of its values use cost this much, shared over the span
INSERTED = 0.5  # a word said beyond the sample costs this share of its weight: more words rarely change the intent

def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Hesitation and politeness: never part of what a slot holds.
HESITATIONS = words_of("""
    um umm uh uhh er erm hmm hm mm ah oh hey alexa please pls okay ok alright
    so mate yaar kindly eh
""")
# Thanks weighs as little as a filler, but is words Alexa writes down: a slot can hold them ("thanks so much"
# reaches a slot-only sample whole).
FILLERS = HESITATIONS | words_of("""
    thanks thank cheers
    well just actually really kinda maybe perhaps basically literally honestly
    instead now then quickly lately recently anymore again too though earlier
""")
# Words that join a phrase to what follows: a slot does not begin or end with one unless its values do.
JOINS = words_of("and or but to of for in on at by with from about into if that than as because so")
FUNCTION_WORDS = words_of("""
    a an the to of for in on at by with from about into and or but if that this these those there
    here i me my mine myself you your yourself we us our they them their he him his she her it its
    is am are was were be been being do does did have has had can could would will should shall
    may might must let some any up out as than
""")

# Spelled out before comparing; the keys are words as `resolver.words` leaves them (no apostrophe).
# "ill" is also "ill" (unwell), "its" also the possessive: rare in what people say to this skill.
CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "im": ("i", "am"), "id": ("i", "would"), "ill": ("i", "will"), "ive": ("i", "have"),
    "youre": ("you", "are"), "youve": ("you", "have"), "youd": ("you", "would"), "youll": ("you", "will"),
    "theyre": ("they", "are"), "theyve": ("they", "have"), "weve": ("we", "have"),
    "hes": ("he", "is"), "shes": ("she", "is"), "its": ("it", "is"), "itll": ("it", "will"),
    "whats": ("what", "is"), "whos": ("who", "is"), "hows": ("how", "is"), "wheres": ("where", "is"),
    "whens": ("when", "is"), "thats": ("that", "is"), "theres": ("there", "is"), "heres": ("here", "is"),
    "lets": ("let", "us"), "dont": ("do", "not"), "doesnt": ("does", "not"), "didnt": ("did", "not"),
    "cant": ("can", "not"), "cannot": ("can", "not"), "wont": ("will", "not"), "isnt": ("is", "not"),
    "arent": ("are", "not"), "wasnt": ("was", "not"), "werent": ("were", "not"),
    "havent": ("have", "not"), "hasnt": ("has", "not"), "hadnt": ("had", "not"),
    "couldnt": ("could", "not"), "wouldnt": ("would", "not"), "shouldnt": ("should", "not"),
    "gonna": ("going", "to"), "wanna": ("want", "to"), "gotta": ("got", "to"), "lemme": ("let", "me"),
    "gimme": ("give", "me"), "kinda": ("kind", "of"), "sorta": ("sort", "of"),
}
# One spelling for words the locales spell differently, and compounds people write either way.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "mum": ("mom",), "mummy": ("mommy",), "neighbour": ("neighbor",), "counsellor": ("counselor",),
    "colour": ("color",), "favourite": ("favorite",), "practise": ("practice",), "programme": ("program",),
    "checkin": ("check", "in"), "checkins": ("check", "in"), "ins": ("in",), "alright": ("all", "right"),
    "ok": ("okay",), "nevermind": ("never", "mind"), "counterbelief": ("counter", "belief"),
    "realise": ("realize",), "realised": ("realized",), "summarise": ("summarize",), "apologise": ("apologize",),
}
_SUFFIXES = ("ing", "ion", "ed", "er", "ly")


def _stem(word: str) -> str:
    """A crude stem: a plural s, then one ending ("reflections" -> "reflect", "logging" -> "log")."""
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2]:  # logging -> logg -> log
                word = word[:-1]
            return word
    return word


def weight(word: str) -> float:
    return FILLER if word in FILLERS else FUNCTION if word in FUNCTION_WORDS else CONTENT


@dataclass(frozen=True)
class Token:
    text: str
    stem: str
    weight: float
    source: int  # which word of the sentence it comes from (a contraction gives two tokens)
    first: bool  # the first token of its word
    last: bool  # the last token of its word


def tokens(norms: list[str]) -> list[Token]:
    found = []
    for index, word in enumerate(norms):
        spelled = SPELLINGS.get(word, (word,))
        parts = [p for w in spelled for p in CONTRACTIONS.get(w, (w,))]
        for k, part in enumerate(parts):
            found.append(Token(part, _stem(part), weight(part), index, k == 0, k == len(parts) - 1))
    return found


Item = Token | str  # a literal word, or a slot by name


def sample_items(parts: tuple[tuple[str, str], ...]) -> tuple[Item, ...]:
    """A compiled sample's ("lit", word) / ("slot", name) parts as alignment items."""
    items: list[Item] = []
    for kind, value in parts:
        if kind == "slot":
            items.append(value)
        else:
            items.extend(tokens([value]))
    return tuple(items)


@dataclass
class Alignment:
    similarity: float
    matched: float
    cost: float
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # slot -> token span [start, end)


# accept(slot name, first token, end token) -> extra cost of that span, or None if the slot cannot take it
Accept = Callable[[str, int, int], "float | None"]


def upper_bound(items: tuple[Item, ...], said: list[Token]) -> float:
    """A similarity no alignment can beat, from the words the two share (cheap: for pruning)."""
    heard = {t.text for t in said} | {t.stem for t in said}
    literals = [item for item in items if isinstance(item, Token)]
    slots = len(items) - len(literals)
    present = sum(t.weight for t in literals if t.text in heard or t.stem in heard)
    absent = sum(t.weight for t in literals) - present
    if not slots:
        known = {t.text for t in literals} | {t.stem for t in literals}
        absent = max(absent, INSERTED * sum(t.weight for t in said if t.text not in known and t.stem not in known))
    best = 2 * (present + slots * SLOT)
    return best / (best + absent) if best else 0.0


def carrier_heard(items: tuple[Item, ...], said: list[Token], phrase: bool = False) -> bool:
    """A sample with slots is near only when its carrier phrase was heard, for the carrier is what
    names the intent, not the free words in the slot: every word of the carrier of a phrase slot
    (AMAZON.SearchQuery takes any words) or of a carrier of three words or fewer ("help me with
    {belief}"), else most of its content words."""
    literals = [t for t in items if isinstance(t, Token)]
    if len(literals) == len(items) or not literals:
        return True
    heard = {t.text for t in said} | {t.stem for t in said}
    if phrase or len(literals) <= 3:
        return all(t.text in heard or t.stem in heard for t in literals)
    content = [t for t in literals if t.weight == CONTENT]
    return 2 * sum(1 for t in content if t.text in heard or t.stem in heard) > len(content)


Cell = tuple[float, float, "tuple[int, int] | None", "tuple[str, int, int] | None"]


class _Table:
    """The alignment's table: cell (k, j) is the cheapest way to cover k sample items with j tokens."""

    def __init__(self, m: int, n: int) -> None:
        # cell: (cost, -matched, the cell it came from, the slot span taken on the way)
        self.cells: list[list[Cell | None]] = [[None] * (n + 1) for _ in range(m + 1)]
        self.cells[0][0] = (0.0, 0.0, None, None)

    def relax(self, k: int, j: int, cost: float, matched: float, came: tuple[int, int],
              span: tuple[str, int, int] | None = None) -> None:
        old = self.cells[k][j]
        if old is None or (cost, -matched) < (old[0], old[1]):
            self.cells[k][j] = (cost, -matched, came, span)


def align(items: tuple[Item, ...], said: list[Token], accept: Accept) -> Alignment | None:
    """The cheapest alignment of a sample's items with the sentence's tokens (ties: more matched)."""
    m, n = len(items), len(said)
    table = _Table(m, n)
    for k in range(m + 1):
        for j in range(n + 1):
            cell = table.cells[k][j]
            if cell is None:
                continue
            cost, matched = cell[0], -cell[1]
            if j < n:
                table.relax(k, j + 1, cost + INSERTED * said[j].weight, matched, (k, j))  # said, not in the sample
            if k == m:
                continue
            item = items[k]
            if isinstance(item, Token):
                _literal(table, item, said, k, j, cost, matched)
                continue
            table.relax(k + 1, j, cost + SLOT, matched, (k, j))  # the slot left empty
            for end in range(j + 1, n + 1):
                extra = accept(item, j, end)
                if extra is not None:
                    table.relax(k + 1, end, cost + extra, matched + SLOT, (k, j), (item, j, end))
    return _traced(table.cells, m, n)


def _literal(table: _Table, word: Token, said: list[Token], k: int, j: int, cost: float, matched: float) -> None:
    table.relax(k + 1, j, cost + word.weight, matched, (k, j))  # a sample word not said
    if j == len(said):
        return
    heard = said[j]
    if heard.text == word.text:
        table.relax(k + 1, j + 1, cost, matched + word.weight, (k, j))
    elif heard.stem == word.stem:
        table.relax(k + 1, j + 1, cost + STEM_COST * word.weight, matched + word.weight, (k, j))
    else:
        table.relax(k + 1, j + 1, cost + max(heard.weight, word.weight), matched, (k, j))  # one for the other


def _traced(cells: list[list[Cell | None]], m: int, n: int) -> Alignment | None:
    final = cells[m][n]
    if final is None:
        return None
    cost, matched = final[0], -final[1]
    spans: dict[str, tuple[int, int]] = {}
    cell: Cell | None = final
    while cell is not None and cell[2] is not None:
        if cell[3]:
            name, start, end = cell[3]
            spans[name] = (start, end)
        k, j = cell[2]
        cell = cells[k][j]
    similarity = 2 * matched / (2 * matched + cost) if matched else 0.0
    return Alignment(similarity, matched, cost, spans)
