"""The screen: does what someone said sound like a crisis, or like danger from someone else?

Pure text matching against a per-locale lexicon in content/<lang>/data/screen.yaml (merged with
content/<locale>/data/screen.yaml for regional usage). The lexicon is data a reviewer can read and
extend; its pattern language is documented at the top of content/en/data/screen.yaml:

    words           matched as whole words          i want to die
    (a | b c)       one of the alternatives         (kill | end) myself
    [a | b]         optional words                  i [really | just] want to die
    word*           any word beginning like that    suicid*   (suicide, suicidal)
    ...             any few words (none up to 4)    nobody ... miss me
    {name}          one of the phrases in a list    {someone} ... hit me
    #   ##          a number in digits / of 10 up   took ## pills
    ^  $            the start / end of what was said

Text is normalised first (lower case, curly quotes, contractions spelled out, "im"/"dont", "sooo",
hyphens and punctuation), and so are the words of each pattern, so "I'm", "Im", "I am" and "I’m"
all read the same. Every pattern is tried at every word, in every text given and in the texts joined
(every two, in either order): a match anywhere that no `everyday` entry overlaps catches the text.

Nothing here does I/O at match time or logs anything. The lexicon is read and compiled once per
process and locale; `read_lexicon` is the one place that reads the files, so a precompiled form
(issue 16) can replace it. Results are a category name, never the words that matched.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

CRISIS = "crisis"
DANGER = "danger"
CATEGORIES = (CRISIS, DANGER)
PAINFUL = "painful_thoughts"  # not a screen category: negative self-talk (is_negative_belief)
GAP_WORDS = 4
_GAP = f"(?:[^ ]+ ){{0,{GAP_WORDS}}}"  # what `...` compiles to: the only atom that can reach across a break
# Between two slots' words when they are heard together: a phrase may run across it ("my husband" +
# "keeps hitting me"), and ^ and $ match at it ("she cut me off" ends there, whatever slot comes next).
SLOT_BREAK = "|"

# -- normalising --------------------------------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "“": " ", "”": " "})
_SEPARATORS = re.compile(r"[-‐‑‒–—_/\\|+~]")
_TOKEN = re.compile(r"[a-z0-9']+")
_RUN = re.compile(r"([a-z])\1{2,}")
_WHOLE = {
    # apostrophes already gone, or never typed
    "im": "i am", "ive": "i have", "id": "i would", "youre": "you are", "youve": "you have",
    "hes": "he is", "shes": "she is", "theyre": "they are", "theyve": "they have", "theyll": "they will",
    "youll": "you will", "thats": "that is", "theres": "there is", "whats": "what is", "its": "it is",
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "cannot", "wont": "will not",
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not", "havent": "have not",
    "hasnt": "has not", "hadnt": "had not", "wouldnt": "would not", "couldnt": "could not",
    "shouldnt": "should not", "aint": "is not", "mustnt": "must not",
    # spoken forms
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "tryna": "trying to", "finna": "going to",
    "kinda": "kind of", "sorta": "sort of", "lemme": "let me", "gimme": "give me", "dunno": "do not know",
    "cuz": "because", "coz": "because", "cos": "because", "u": "you", "ur": "your", "ya": "you", "b": "be",
    "r": "are", "n": "and", "luv": "love", "pls": "please", "plz": "please", "ppl": "people", "bc": "because",
    "tho": "though", "rn": "right now", "idk": "i do not know", "nvm": "never mind", "prolly": "probably",
    "meself": "myself", "anymore": "any more", "cannot": "cannot", "noone": "no one",
    "everytime": "every time", "alot": "a lot",
}
_APOSTROPHE = {
    "i'm": "i am", "can't": "cannot", "won't": "will not", "shan't": "shall not", "ain't": "is not",
    "let's": "let us", "y'all": "you all",
}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"),
             ("'m", " am"))
# "he's been", "she's got": the 's is "has" before these words
_HAS = re.compile(r"\b(he|she|it|that|there|who|what|someone|somebody|everyone|nobody) is (been|got|gotten)\b")
_IS_AFTER = {"he", "she", "it", "that", "there", "what", "who", "where", "here", "this", "everyone",
             "everybody", "nobody", "someone", "somebody", "life", "everything", "nothing"}


def _word(token: str, vocabulary: frozenset[str]) -> str:
    """One typed token as plain words: contractions opened, stretched letters ("sooo") shrunk."""
    token = token.strip("'")
    if not token:
        return ""
    if _RUN.search(token):
        twice, once = _RUN.sub(r"\1\1", token), _RUN.sub(r"\1", token)
        token = twice if twice in vocabulary and once not in vocabulary else once
    if token in _WHOLE:
        return _WHOLE[token]
    if token in _APOSTROPHE:
        return _APOSTROPHE[token]
    for suffix, words in _SUFFIXES:
        if token.endswith(suffix):
            return _word(token[: -len(suffix)], vocabulary) + words
    if token.endswith("'s"):
        stem = token[:-2]
        return f"{stem} is" if stem in _IS_AFTER else stem  # "he's" is "he is"; "mum's" is "mum"
    return token.replace("'", "")


def normalise(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Lower-case words separated by single spaces: contractions spelled out, no punctuation."""
    text = _SEPARATORS.sub(" ", text.lower().translate(_QUOTES)).replace("&", " and ")
    words = (_word(token, vocabulary) for token in _TOKEN.findall(text))
    plain = " ".join(" ".join(words).split()).replace("can not", "cannot")
    return _HAS.sub(r"\1 has \2", plain)


# -- the pattern language -------------------------------------------------------------------------


class PatternError(ValueError):
    """A lexicon entry that is not a valid pattern (it names the entry, so a reviewer can fix it)."""


_PATTERN_TOKEN = re.compile(r"\.\.\.|\{[a-z_]+\}|##|[()\[\]|^$#]|[^\s()\[\]|{}]+")


class _Compiler:
    """Turns one pattern into a regular expression over normalised text (each word followed by a space)."""

    def __init__(self, lists: Mapping[str, list[str]], vocabulary: frozenset[str]) -> None:
        self.lists = lists
        self.vocabulary = vocabulary
        self._list_cache: dict[str, str] = {}
        self._resolving: set[str] = set()

    def compile(self, pattern: str) -> str:
        tokens = _PATTERN_TOKEN.findall(pattern.lower().translate(_QUOTES))
        regex, at = self._sequence(tokens, 0, pattern)
        if at != len(tokens):
            raise PatternError(f"unbalanced brackets in {pattern!r}")
        return regex

    def _sequence(self, tokens: list[str], at: int, pattern: str) -> tuple[str, int]:
        """Alternatives separated by | up to a closing bracket: (?:a|b)."""
        options, parts = [], []
        while at < len(tokens) and tokens[at] not in (")", "]"):
            token = tokens[at]
            if token == "|":
                options.append("".join(parts))
                parts = []
                at += 1
            elif token in ("(", "["):
                inner, at = self._sequence(tokens, at + 1, pattern)
                closing = ")" if token == "(" else "]"
                if at >= len(tokens) or tokens[at] != closing:
                    raise PatternError(f"{token} without {closing} in {pattern!r}")
                parts.append(f"(?:{inner})" + ("?" if token == "[" else ""))
                at += 1
            else:
                parts.append(self._atom(token, pattern))
                at += 1
        options.append("".join(parts))
        if any(not option for option in options) and len(options) > 1:
            raise PatternError(f"an empty alternative in {pattern!r}")
        return "|".join(options), at

    def _atom(self, token: str, pattern: str) -> str:
        if token == "...":
            return _GAP
        if token == "#":
            return r"[0-9]+ "
        if token == "##":
            return r"[0-9]{2,} "
        if token == "^":  # the start of what was said, or of one slot's words when slots are joined
            return rf"(?:(?<=^ )|(?<={re.escape(SLOT_BREAK)} ))"
        if token == "$":
            return rf"(?=$|{re.escape(SLOT_BREAK)} )"
        if token.startswith("{"):
            return self._list(token[1:-1], pattern)
        if token.endswith("*") and len(token) > 1:
            stem = normalise(token[:-1], self.vocabulary)
            return re.escape(stem) + r"[^ ]* "
        words = normalise(token, self.vocabulary)
        if not words:
            raise PatternError(f"{token!r} in {pattern!r} is not a word")
        return "".join(re.escape(word) + " " for word in words.split())

    def _list(self, name: str, pattern: str) -> str:
        if name not in self.lists:
            raise PatternError(f"{{{name}}} in {pattern!r} names no list under `lists:`")
        if name not in self._list_cache:
            if name in self._resolving:
                raise PatternError(f"the list {{{name}}} refers to itself")
            self._resolving.add(name)
            self._list_cache[name] = "(?:" + "|".join(self.compile(item) for item in self.lists[name]) + ")"
            self._resolving.discard(name)
        return self._list_cache[name]


# Words so common that a pattern's other words make better triggers (see _Triggers).
_COMMON = frozenset({
    "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "for", "from", "get", "go", "going",
    "got", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it",
    "just", "know", "like", "me", "more", "my", "no", "not", "now", "of", "off", "on", "one", "or", "out", "over",
    "really", "so", "some", "still", "that", "the", "their", "them", "then", "there", "they", "this", "to", "too",
    "up", "us", "very", "want", "was", "we", "were", "what", "when", "who", "will", "with", "would", "you", "your",
})


class _Triggers:
    """For each pattern, words of which any match must contain one (its triggers), read from the same
    pattern language the compiler reads. A text with none of a group's triggers cannot match any of
    its patterns, so the group's scan is skipped; a text with one is scanned exactly as before. A
    pattern that could match without a literal word (only #, ..., [optional] parts) has no triggers,
    and then its group is always scanned."""

    def __init__(self, lists: Mapping[str, list[str]], vocabulary: frozenset[str]) -> None:
        self.lists = lists
        self.vocabulary = vocabulary
        self._list_cache: dict[str, frozenset[str] | None] = {}

    def of(self, pattern: str) -> frozenset[str] | None:
        """Words (and "stem*" prefixes) of which every match has one; None when there are none."""
        tokens = _PATTERN_TOKEN.findall(pattern.lower().translate(_QUOTES))
        found, _ = self._sequence(tokens, 0)
        return found

    def _sequence(self, tokens: list[str], at: int) -> tuple[frozenset[str] | None, int]:
        options: list[frozenset[str] | None] = []
        parts: list[frozenset[str] | None] = []
        while at < len(tokens) and tokens[at] not in (")", "]"):
            token = tokens[at]
            if token == "|":
                options.append(self._best(parts))
                parts = []
                at += 1
            elif token in ("(", "["):
                inner, at = self._sequence(tokens, at + 1)
                parts.append(inner if token == "(" else None)  # an optional part may be absent
                at += 1
            else:
                parts.append(self._atom(token))
                at += 1
        options.append(self._best(parts))
        if any(option is None for option in options):
            return None, at
        return frozenset().union(*options), at  # type: ignore[arg-type]

    @staticmethod
    def _best(parts: list[frozenset[str] | None]) -> frozenset[str] | None:
        """Every part of a sequence must match, so any one part's triggers will do: the rarest."""
        known = [part for part in parts if part is not None]
        if not known:
            return None
        return min(known, key=lambda part: (sum(word in _COMMON for word in part), len(part), -min(map(len, part))))

    def _atom(self, token: str) -> frozenset[str] | None:
        if token in ("...", "#", "##", "^", "$"):
            return None
        if token.startswith("{"):
            return self._list(token[1:-1])
        if token.endswith("*") and len(token) > 1:
            words = normalise(token[:-1], self.vocabulary).split()
            if len(words) > 1:  # "i am*": the words before the last are whole words
                return self._best([frozenset([word]) for word in words[:-1]])
            return frozenset([words[0] + "*"]) if words else None
        return self._best([frozenset([word]) for word in normalise(token, self.vocabulary).split()])

    def _list(self, name: str) -> frozenset[str] | None:
        if name not in self._list_cache:
            self._list_cache[name] = None  # a list that refers to itself: the compiler refuses it
            found = [self.of(item) for item in self.lists.get(name, [])]
            self._list_cache[name] = None if not found or None in found else frozenset().union(*found)
        return self._list_cache[name]


class _Pattern:
    """One entry as a regular expression over normalised text, compiled the first time a text has
    one of its trigger words (compiling all of a lexicon at once took ~200 ms of CPU)."""

    __slots__ = ("_each", "_scan", "regex", "triggers")

    def __init__(self, regex: str, triggers: frozenset[str] | None) -> None:
        self.regex = regex
        self.triggers = triggers
        self._scan: re.Pattern[str] | None = None
        self._each: re.Pattern[str] | None = None

    def spans(self, padded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of its match at every word where it matches."""
        if self._scan is None:
            self._scan = re.compile(f"(?<= )(?=({self.regex}))")
        for found in self._scan.finditer(padded):
            yield found.start(1), found.end(1)

    def match_at(self, padded: str, start: int) -> tuple[int, int] | None:
        if self._each is None:
            self._each = re.compile(f"(?<= )(?:{self.regex})")
        found = self._each.match(padded, start)
        return (found.start(), found.end()) if found else None


class _Group:
    """The patterns of one category (or the everyday idioms). A text is tried only with the patterns
    whose trigger words it has (those with none known, always): every other one cannot match it."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self.patterns = patterns
        self.regexes = [pattern.regex for pattern in patterns]
        self._always = [i for i, pattern in enumerate(patterns) if pattern.triggers is None]
        self._by_word: dict[str, list[int]] = {}
        self._by_stem: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            for trigger in pattern.triggers or ():
                index = self._by_stem if trigger.endswith("*") else self._by_word
                index.setdefault(trigger.removesuffix("*"), []).append(i)
        self._stem_sizes = sorted({len(stem) for stem in self._by_stem})
        self._scan: re.Pattern[str] | None = None

    def candidates(self, padded: str) -> list[int]:
        found = set(self._always)
        for word in set(padded.split()):
            found.update(self._by_word.get(word, ()))
            for size in self._stem_sizes:
                if size > len(word):
                    break
                found.update(self._by_stem.get(word[:size], ()))
        return sorted(found)

    def could_match(self, padded: str) -> bool:
        """False only when the text has none of the words every match of some pattern needs."""
        return bool(self.candidates(padded))

    def spans(self, padded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match of every pattern that could match, at every word."""
        for i in self.candidates(padded):
            yield from self.patterns[i].spans(padded)

    # -- the reference: one scan of all patterns at every word, as the screen was first written ----

    def reference_spans(self, padded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the first pattern that matches, at each word where one does."""
        if self._scan is None:
            joined = "|".join(f"(?:{r})" for r in self.regexes) or "(?!)"
            self._scan = re.compile(f"(?<= )(?=({joined}))")
        for found in self._scan.finditer(padded):
            yield found.start(1), found.end(1)

    def all_at(self, padded: str, start: int) -> Iterator[tuple[int, int]]:
        """Every pattern's match at this word."""
        for pattern in self.patterns:
            span = pattern.match_at(padded, start)
            if span:
                yield span


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


_GROUPS = (*CATEGORIES, PAINFUL, "everyday")


def precompile(documents: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A lexicon as plain data (its vocabulary, and each entry's source, regular expression and
    trigger words), for tools/compile_content.py to write once; Lexicon(compiled=...) reads it back."""
    lexicon = Lexicon(documents)
    return {"vocabulary": sorted(lexicon.vocabulary), "patterns": {
        name: [[source, regex, None if found is None else sorted(found)]
               for source, regex, found in zip(lexicon.patterns[name], lexicon.regexes[name],
                                               lexicon.triggers[name], strict=True)]
        for name in _GROUPS}}


class Lexicon:
    """One locale's lexicon, compiled: which categories a text falls in. Built from the YAML's documents,
    or (what a request reads) from `precompile`'s data."""

    def __init__(self, documents: Iterable[Mapping[str, Any]] = (), compiled: Mapping[str, Any] | None = None) -> None:
        if compiled is None:
            merged = merge(documents)
            self.vocabulary = frozenset(_words_of(merged))
            compiler = _Compiler(merged["lists"], self.vocabulary)
            triggers = _Triggers(merged["lists"], self.vocabulary)
            self.patterns = {name: merged[name] for name in _GROUPS}
            self.regexes = {name: [compiler.compile(p) for p in self.patterns[name]] for name in _GROUPS}
            self.triggers = {name: [triggers.of(p) for p in self.patterns[name]] for name in _GROUPS}
        else:
            self.vocabulary = frozenset(compiled["vocabulary"])
            entries = compiled["patterns"]
            self.patterns = {name: [source for source, _, _ in entries[name]] for name in _GROUPS}
            self.regexes = {name: [regex for _, regex, _ in entries[name]] for name in _GROUPS}
            self.triggers = {name: [None if found is None else frozenset(found) for _, _, found in entries[name]]
                             for name in _GROUPS}
        patterns = {name: [_Pattern(regex, found) for regex, found in
                           zip(self.regexes[name], self.triggers[name], strict=True)] for name in _GROUPS}
        self.groups = {name: _Group(patterns[name]) for name in (*CATEGORIES, PAINFUL)}
        # Two slots' words joined ("my husband | keeps hitting me") add only matches across the break,
        # and only a gap (...) can reach across it: those patterns alone are tried on joined slots.
        self.across = {name: _Group([p for p in patterns[name] if _GAP in p.regex]) for name in CATEGORIES}
        self.everyday = _Group(patterns["everyday"])

    def prime(self) -> None:
        """Compiles every entry now (SnapStart's snapshot) rather than the first time a text needs it."""
        for group in (*self.groups.values(), self.everyday):
            for pattern in group.patterns:
                for _ in pattern.spans(" "):
                    pass

    def problems(self) -> list[str]:
        """Entries a reviewer must fix: any that can match nothing at all would catch every sentence."""
        return [f"{name}: {pattern!r} can match nothing at all, so it would catch every sentence"
                for name, patterns in self.patterns.items()
                for pattern, regex in zip(patterns, self.regexes[name], strict=True)
                if re.fullmatch(regex, "")]

    def _everyday_spans(self, padded: str, every_word: bool = False) -> list[tuple[int, int]]:
        if not every_word:
            return list(self.everyday.spans(padded))
        spans = []
        for start, _end in self.everyday.reference_spans(padded):
            spans.extend(self.everyday.all_at(padded, start))
        return spans

    def matches(self, text: str, group: str, everyday: list[tuple[int, int]] | None = None,
                every_word: bool = False, across: bool = False) -> bool:
        """Whether any pattern of `group` matches anywhere in normalised `text` outside an everyday idiom.
        Only the patterns whose trigger words the text has are tried; `every_word` tries every pattern
        at every word instead, the reference the tests hold this to. `across`: joined slots (gap
        patterns only)."""
        padded = f" {text} "
        if every_word:
            patterns = self.groups[group]
            quiet = self._everyday_spans(padded, every_word=True) if everyday is None else everyday
            for start, end in patterns.reference_spans(padded):
                if not _overlaps((start, end), quiet):
                    return True
                if any(not _overlaps(span, quiet) for span in patterns.all_at(padded, start)):
                    return True
            return False
        return self._caught(self.across[group] if across else self.groups[group], padded, [everyday])

    def _caught(self, patterns: _Group, padded: str, quiet: list[list[tuple[int, int]] | None]) -> bool:
        for span in patterns.spans(padded):
            if quiet[0] is None:  # everyday idioms matter only once something matched
                quiet[0] = self._everyday_spans(padded)
            if not _overlaps(span, quiet[0]):
                return True
        return False

    def categories(self, text: str, every_word: bool = False, across: bool = False) -> set[str]:
        padded = f" {text} "
        if every_word:
            quiet = self._everyday_spans(padded, every_word=True)
            return {name for name in CATEGORIES if self.matches(text, name, quiet, every_word=True)}
        groups = self.across if across else self.groups
        found: list[list[tuple[int, int]] | None] = [None]  # the everyday spans, once, if needed
        return {name for name in CATEGORIES if self._caught(groups[name], padded, found)}


def merge(documents: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Regional files add to the language file: every list and group grows, nothing is replaced."""
    merged: dict[str, Any] = {"lists": {}, "everyday": [], **{name: [] for name in (*CATEGORIES, PAINFUL)}}
    for document in documents:
        for name, items in (document.get("lists") or {}).items():
            merged["lists"].setdefault(name, []).extend(_strings(items))
        merged["everyday"].extend(_entries(document.get("everyday")))
        for name in (*CATEGORIES, PAINFUL):
            merged[name].extend(_entries(document.get(name)))
    return merged


def _entries(section: Any) -> list[str]:
    """A category is a list of patterns, or named groups of them (ideation: [...], means: [...])."""
    if section is None:
        return []
    if isinstance(section, Mapping):
        return [item for group in section.values() for item in _entries(group)]
    return _strings(section)


def _strings(items: Any) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise PatternError(f"expected a list of phrases, got {items!r}")
    return list(items)


def _words_of(merged: Mapping[str, Any]) -> Iterator[str]:
    """Every literal word the lexicon uses: stretched letters ("sooo") shrink towards these."""
    texts = [p for name in (*CATEGORIES, PAINFUL, "everyday") for p in merged[name]]
    texts += [p for items in merged["lists"].values() for p in items]
    for text in texts:
        yield from re.findall(r"[a-z']+", text.lower())


# -- loading: once per process and locale ---------------------------------------------------------

LEXICON_NAME = "screen"


def locale_folders(locale: str | None) -> tuple[str, ...]:
    """The language folder first, then the locale's own: "en-GB" -> ("en", "en-GB")."""
    locale = (locale or "en-US").strip() or "en-US"
    language = locale.split("-")[0].lower() or "en"
    folders = [language] if language == "en" else ["en", language]
    return (*folders, locale) if locale != language else tuple(folders)


def read_lexicon(content_dir: Path, locale: str) -> list[dict[str, Any]]:
    """The lexicon's documents for a locale, language first, from the compiled content
    (content/<folder>/data/screen.yaml, compiled by tools/compile_content.py). The one function that
    reads files. No lexicon for the language is an error: a screen without one would catch nothing."""
    from safe_connections.speech import read_data

    documents = [found for folder in locale_folders(locale)
                 if (found := read_data(content_dir, folder, LEXICON_NAME)) is not None]
    if not documents:
        raise FileNotFoundError(f"no compiled {LEXICON_NAME} lexicon for {locale} in {content_dir}")
    return [document or {} for document in documents]


# Swappable (issue 16): a function (content_dir, locale) -> the lexicon's documents.
source: Callable[[Path, str], list[dict[str, Any]]] = read_lexicon


def _default_content_dir() -> Path:
    from safe_connections.config import load_config

    return load_config().content_dir


PRECOMPILED = f"{LEXICON_NAME}.lexicon"  # what tools/compile_content.py writes beside the lexicon's data


def lexicon(locale: str = "en-US", content_dir: Path | None = None) -> Lexicon:
    """A locale's lexicon: read as compiled with the content when the default source is used (the
    most specific folder of the locale that has a lexicon holds it; locales that share it share one
    object), else built from the documents."""
    return _lexicon(_known(locale), content_dir or _default_content_dir(), source)


@lru_cache(maxsize=64)  # locales come from requests
def _lexicon(locale: str, content_dir: Path, read: Callable[[Path, str], list[dict[str, Any]]]) -> Lexicon:
    from safe_connections.speech import DATA_DIR

    if read is read_lexicon:
        for folder in reversed(locale_folders(locale)):
            if (content_dir / DATA_DIR / folder / f"{LEXICON_NAME}.json").is_file():
                return _compiled_lexicon(folder, content_dir)
    return _built_lexicon(locale, content_dir)


@cache
def _compiled_lexicon(folder: str, content_dir: Path) -> Lexicon:
    from safe_connections.speech import read_data

    compiled = read_data(content_dir, folder, PRECOMPILED)
    return Lexicon(compiled=compiled) if compiled is not None else _built_lexicon(folder, content_dir)


@cache
def _built_lexicon(locale: str, content_dir: Path) -> Lexicon:
    return Lexicon(source(content_dir, locale))


def _known(locale: str | None) -> str:
    """Locales share a lexicon by name; an unknown one reads as its language."""
    return (locale or "en-US").strip() or "en-US"


# -- the questions the skill asks -----------------------------------------------------------------


# Words people slip into a sentence without changing what it says: "i'm scared he's ACTUALLY going to kill
# me". Each text is also read without them, so an entry need not foresee every one between its words.
SOFTENERS = frozenset({
    "actually", "really", "literally", "honestly", "seriously", "totally", "completely", "truly", "definitely",
    "probably", "genuinely", "basically", "just", "even", "still", "so", "very", "proper", "properly", "um",
    "uh", "erm", "well", "kind of", "sort of", "pretty much", "to be honest",
})
_SOFTENER = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, SOFTENERS), key=len, reverse=True)) + r")\b ?")


def _without_softeners(piece: str) -> str:
    kept = " ".join(_SOFTENER.sub("", piece).split())
    return kept or piece


def _candidates(texts: Iterable[str | None], vocabulary: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """Each text alone (as said, and without its softeners), then every two of them joined, in both
    orders (a phrase can span two slots: person "my husband", note "keeps hitting me"), each with whether
    it is two joined. Values with no letters (a date) are not words."""
    pieces = [p for p in (normalise(t, vocabulary) for t in texts if isinstance(t, str)) if re.search("[a-z]", p)]
    pieces = list(dict.fromkeys(pieces))
    for piece in pieces:
        yield piece, False
        plainer = _without_softeners(piece)
        if plainer != piece:
            yield plainer, False
    for first, second in itertools.permutations(pieces, 2):
        yield f"{first} {SLOT_BREAK} {second}", True


def categories_of(texts: Iterable[str | None], locale: str = "en-US", content_dir: Path | None = None,
                  every_word: bool = False) -> set[str]:
    """Every category the texts fall in: a subset of {"crisis", "danger"}. Each text alone is read
    with every pattern; two joined, only across the break between them (what each alone cannot show).
    `every_word`: every pattern at every word of every candidate, the reference for the shortcuts."""
    found: set[str] = set()
    lex = lexicon(_known(locale), content_dir)
    for text, joined in _candidates(texts, lex.vocabulary):
        found |= lex.categories(text, every_word=every_word, across=joined)
        if len(found) == len(CATEGORIES):
            break
    return found


def category_of(texts: Iterable[str | None] | str | None, locale: str = "en-US",
                content_dir: Path | None = None) -> str | None:
    """"crisis", "danger" or None. Danger from someone else wins when both are heard: its answer
    leaves out the safe person (who may be the one hurting them) and also gives the crisis line."""
    if texts is None or isinstance(texts, str):
        texts = [texts]
    found = categories_of(texts, locale, content_dir)
    return DANGER if DANGER in found else (CRISIS if CRISIS in found else None)


def is_painful_thought(text: str | None, locale: str = "en-US", content_dir: Path | None = None) -> bool:
    """Negative self-talk the lexicon knows ("i'm broken", "i always mess up"), crisis or danger words."""
    if not text:
        return False
    lex = lexicon(_known(locale), content_dir)
    plain = normalise(text, lex.vocabulary)
    return bool(lex.categories(plain)) or lex.matches(plain, PAINFUL)


__all__ = [
    "CATEGORIES",
    "CRISIS",
    "DANGER",
    "Lexicon",
    "PatternError",
    "categories_of",
    "category_of",
    "is_painful_thought",
    "lexicon",
    "normalise",
    "read_lexicon",
]
