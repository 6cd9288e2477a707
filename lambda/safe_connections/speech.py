"""The only SSML builder: every spoken word comes from content/<language>/messages/*.yaml.

A message key is "<file>/<name>" (e.g. "launch/welcome_new"). A message is one jinja2 template,
or a list of variants of which one is picked at random. Values are clipped and XML-escaped by
autoescaping, so "me & my brother <3" can never break the SSML. Locale folders (content/en-GB/)
hold only what differs from their language folder (content/en/).

A request reads content only in its compiled form (tools/compile_content.py: `make test`, `make run`
and `make zip` build it): every template is a Python module written by jinja2's own compiler and
loaded by its ModuleLoader, every YAML file is JSON. So no request parses YAML, and no request lexes,
parses or compiles a template: it imports the module of each template it speaks, once per process.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

MAX_VALUE_CHARS = 250
MAX_BREAK_SECONDS = 10.0
# The compiled form (tools/compile_content.py writes it; this module only reads it).
INDEX_FILE = "index.json"
TEMPLATES_DIR = "templates"
DATA_DIR = "data"
SOURCES_FILE = "sources.json"
FORMAT = 1
MAX_FOUND = 4096  # (message key, locale) lookups remembered
MAX_RENDERED = 1024  # renders of pure templates from content values remembered
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
# Characters XML 1.0 forbids: one of them in a value would make the whole answer unspeakable.
_NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_NOT_XML = re.compile(f"[{_NOT_XML_CHARS}]")
# What clip() would change: a forbidden character, whitespace other than one plain space between words.
_UNCLEAN = re.compile(rf"[{_NOT_XML_CHARS}]|[^\S ]|\s\s|^\s|\s$")


class MissingMessage(KeyError):
    """A handler asked for a message key that no content file defines."""


def environment_options() -> dict[str, Any]:
    """What the compiler bakes into a template's code and the renderer must agree with."""
    return {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}


def template_name(folder: str, key: str, index: int) -> str:
    """The compiled template of one variant of a message, as defined in content/<folder>/."""
    return f"{folder}/{key}#{index}"


def is_fragment_source(text: str) -> bool:
    """A string in structured content that is an SSML template (the compiler compiles these)."""
    return "{{" in text or "{%" in text or "{#" in text


def fragment_name(source: str) -> str:
    return "fragment/" + hashlib.sha1(source.encode("utf-8")).hexdigest()


def clip(value: str, limit: int = MAX_VALUE_CHARS) -> str:
    """Shortens a user's value at a word boundary; Alexa must never read 2,000 characters back."""
    if len(value) <= limit and not _UNCLEAN.search(value):
        return value  # already clean: the common case, and every value a template passes on again
    value = _SPACES.sub(" ", _NOT_XML.sub("", value)).strip()
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0] or value[:limit]
    return cut.rstrip(" ,.;:") + "…"


class _Clipped(dict):
    """A dict of values already clipped: a message that passes it on to another is not clipped twice."""


class _Content(dict):
    """A mapping read from content/*/data: shared by every request and never changed, so its clipped
    copy is made once, the first time it is passed to a message, and kept."""

    __slots__ = ("_clipped",)


class _ClippedContent(_Clipped):
    """The clipped copy of a _Content mapping: the same object for every request, and no user's words."""


def _clip_values(value: Any) -> Any:
    if isinstance(value, str):
        return value if isinstance(value, Markup) else clip(value)
    if isinstance(value, _Clipped):
        return value
    if isinstance(value, _Content):
        try:
            return value._clipped
        except AttributeError:
            value._clipped = _ClippedContent({k: _clip_values(v) for k, v in value.items()})
            return value._clipped
    if isinstance(value, dict):
        return _Clipped({k: _clip_values(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [_clip_values(v) for v in value]
    return value


@lru_cache(maxsize=64)
def locale_chain(locale: str | None) -> tuple[str, ...]:
    """"en-GB" -> ("en-GB", "en"). Unknown or missing locales fall back to English."""
    locale = (locale or "en-US").strip()
    language = locale.split("-")[0].lower() or "en"
    chain = (locale, language) if locale != language else (language,)
    return chain if language == "en" else (*chain, "en")


def plain_text(ssml: str) -> str:
    """What SSML says, as plain text (cards, transcripts): tags dropped, then entities decoded, so a
    user's "<3" or "&" written into the SSML as "&lt;3" or "&amp;" reads as they said it."""
    return html.unescape(_SPACES.sub(" ", _TAG.sub(" ", ssml)).strip())


def read_data(content_dir: Path, folder: str, name: str) -> Any:
    """One data file of the compiled content (content/<folder>/data/<name>.yaml, as JSON), or None
    when that folder has none: for modules that read data without a Speech (the crisis screen)."""
    path = Path(content_dir) / DATA_DIR / folder / f"{name}.json"
    try:
        return json.loads(path.read_bytes(), object_pairs_hook=_Content)
    except FileNotFoundError:
        return None


def read_index(content_dir: Path) -> dict[str, Any]:
    path = Path(content_dir) / INDEX_FILE
    try:
        index = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no compiled content at {content_dir}: run `python -m tools.compile_content` "
            "(`make test`, `make run` and `make zip` do)") from None
    if index.get("format") != FORMAT or index.get("jinja2") != jinja2.__version__:
        raise RuntimeError(f"the compiled content at {content_dir} was made for another version: "
                           "run `python -m tools.compile_content`")
    return index


class Speech:
    """Renders named messages from compiled content. Each template is loaded once per process."""

    def __init__(self, content_dir: Path, rng: random.Random | None = None) -> None:
        self.content_dir = Path(content_dir)
        self.rng = rng or random.Random()
        index = read_index(self.content_dir)
        # folder -> message key -> number of variants (0 for entries that are not messages, "_examples")
        self._messages: dict[str, dict[str, int]] = index["messages"]
        self._data_names: dict[str, set[str]] = {folder: set(names) for folder, names in index["data"].items()}
        self._fragment_names = frozenset(index["fragments"])
        # The finished text of every template that reads no value (rendered by the compiler), and the
        # templates whose text depends on their values alone (no other message, no randomness).
        self._static: dict[str, str] = index["static"]
        self._pure = frozenset(index["pure"])
        self._rendered: dict[tuple, tuple[str, tuple]] = {}
        self._ssml = self._environment()
        self._templates: dict[str, jinja2.Template] = {}
        self._fragments: dict[str, jinja2.Template | str] = {}
        self._data: dict[tuple[str, str], Any] = {}
        self._found: dict[tuple[str, str | None], tuple[str, int]] = {}
        self._sources: dict[str, dict[str, list[str]]] | None = None

    # -- loading --------------------------------------------------------------------------------

    def _environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.ModuleLoader(str(self.content_dir / TEMPLATES_DIR)),
            undefined=jinja2.StrictUndefined,
            cache_size=-1,
            auto_reload=False,
            **environment_options(),
        )
        env.globals.update(PURE_GLOBALS)
        env.globals["say"] = self._say
        return env

    def _template(self, name: str) -> jinja2.Template:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self._ssml.get_template(name)
        return template

    def _find(self, key: str, locale: str | None) -> tuple[str, int]:
        """(the folder that defines a message for this locale, how many variants it has)."""
        found = self._found.get((key, locale))
        if found is not None:
            return found
        for folder in locale_chain(locale):
            count = self._messages.get(folder, {}).get(key)
            if count:
                if len(self._found) < MAX_FOUND:  # locales come from requests: bounded
                    self._found[(key, locale)] = (folder, count)
                return folder, count
        raise MissingMessage(key)

    def _variants(self, key: str, locale: str | None) -> list[str]:
        """Every variant's template source (content checks; a request never needs them)."""
        folder, _ = self._find(key, locale)
        if self._sources is None:
            self._sources = json.loads((self.content_dir / SOURCES_FILE).read_bytes())
        return list(self._sources[folder][key])

    # -- rendering ------------------------------------------------------------------------------

    def _render(self, key: str, locale: str, index: int, values: dict) -> str:
        folder, _ = self._find(key, locale)
        name = template_name(folder, key, index)
        static = self._static.get(name)
        if static is not None:
            return static
        values = _clip_values(values)
        if name in self._pure and all(type(v) is _ClippedContent for v in values.values()):
            # Content in, the same text out (a phone number from crisis_lines, said slowly): made once.
            # Only content objects key this cache, so no user's words are ever kept in it.
            key = (name, locale, *sorted((k, id(v)) for k, v in values.items()))
            found = self._rendered.get(key)
            if found is None:
                text = self._template(name).render(_locale=locale, **values).strip()
                if len(self._rendered) < MAX_RENDERED:
                    self._rendered[key] = (text, tuple(values.values()))  # the values pin their ids
                return text
            return found[0]
        return self._template(name).render(_locale=locale, **values).strip()

    @jinja2.pass_context
    def _say(self, context: jinja2.runtime.Context, key: str, **values: Any) -> Markup:
        """Lets one message include another: {{ say("common/stop_hint") }}."""
        locale = context["_locale"]
        index = self.rng.randrange(self._find(key, locale)[1])
        return Markup(self._render(key, locale, index, values))

    def message(self, key: str, locale: str, **values: Any) -> Markup:
        """One variant of a message as an SSML fragment (no <speak> wrapper)."""
        index = self.rng.randrange(self._find(key, locale)[1])
        return Markup(self._render(key, locale, index, values))

    def variants(self, key: str, locale: str, **values: Any) -> list[str]:
        """Every variant rendered: tests check what was said against these."""
        return [self._render(key, locale, i, values) for i in range(self._find(key, locale)[1])]

    def text(self, key: str, locale: str, **values: Any) -> str:
        """A message as plain text (for Alexa app cards): rendered as SSML, then read as text."""
        return plain_text(self.message(key, locale, **values))

    def fragment(self, source: str, locale: str, **values: Any) -> Markup:
        """An SSML template kept in structured content (e.g. the reflection script), rendered like a
        message: same globals, same escaping and clipping of values. Every such string in
        content/*/data is compiled with the content; text with no template syntax is spoken as written."""
        template = self._fragments.get(source)
        if template is None:
            if not is_fragment_source(source):
                return Markup(source.strip())
            name = fragment_name(source)
            if name not in self._fragment_names:
                raise MissingMessage(f"{name}: not a template of the compiled content/*/data")
            template = self._fragments[source] = self._static.get(name) or self._template(name)
        if isinstance(template, str):
            return Markup(template)
        return Markup(template.render(_locale=locale, **_clip_values(values)).strip())

    def data(self, name: str, locale: str) -> Any:
        """Structured content (belief library, reflection script...) from content/<lang>/data/<name>.yaml:
        the first folder of the locale chain that has it, whole (folders are not merged). Shared by
        every request: read it, never change it."""
        for folder in locale_chain(locale):
            found = self._load_data(folder, name)
            if found:
                return found
        raise MissingMessage(f"data/{name}")

    def data_layers(self, name: str, locale: str) -> list[Any]:
        """Every file of a data name along the locale chain, most specific first: for content a locale
        adds to (heard phrases, a lexicon) rather than replaces."""
        return [found for folder in locale_chain(locale) if (found := self._load_data(folder, name))]

    def _load_data(self, folder: str, name: str) -> Any:
        if name not in self._data_names.get(folder, ()):
            return None
        found = self._data.get((folder, name))
        if found is None:
            found = self._data[(folder, name)] = read_data(self.content_dir, folder, name)
        return found

    def prime(self) -> None:
        """Loads every template and data file now (SnapStart's snapshot), rather than on first use."""
        names = [template_name(folder, key, index) for folder, messages in self._messages.items()
                 for key, count in messages.items() for index in range(count)]
        for name in [*names, *self._fragment_names]:
            if name not in self._static:
                self._template(name)
        for folder, data_names in self._data_names.items():
            for name in data_names:
                self._load_data(folder, name)

    def keys(self, locale: str) -> set[str]:
        """Every message key visible from a locale (for content validation)."""
        return {key for folder in locale_chain(locale) for key in self._messages.get(folder, {})}


def _pause(seconds: float) -> Markup:
    """A <break>, clamped to Alexa's 10 s ceiling."""
    seconds = max(0.0, min(float(seconds), MAX_BREAK_SECONDS))
    amount = f"{int(seconds * 1000)}ms" if seconds < 1 else f"{seconds:g}s"
    return Markup(f'<break time="{amount}"/>')


# Globals whose result depends on their arguments only: a template that uses no other name always
# says the same, so the compiler renders it once (tools/compile_content.py).
PURE_GLOBALS = {"pause": _pause}
