"""The only SSML builder: every spoken word comes from content/<language>/messages/*.yaml.

A message key is "<file>/<name>" (e.g. "launch/welcome_new"). A message is one jinja2 template,
or a list of variants of which one is picked at random. Values are clipped and XML-escaped by
autoescaping, so "me & my brother <3" can never break the SSML. Locale folders (content/en-GB/)
hold only what differs from their language folder (content/en/).
"""

from __future__ import annotations

import html
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

try:  # libyaml's C loader when the wheel has it; the pure-Python one otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader

MAX_VALUE_CHARS = 250
MAX_BREAK_SECONDS = 10.0
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
# Characters XML 1.0 forbids: one of them in a value would make the whole answer unspeakable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class MissingMessage(KeyError):
    """A handler asked for a message key that no content file defines."""


def clip(value: str, limit: int = MAX_VALUE_CHARS) -> str:
    """Shortens a user's value at a word boundary; Alexa must never read 2,000 characters back."""
    value = _SPACES.sub(" ", _NOT_XML.sub("", value)).strip()
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0] or value[:limit]
    return cut.rstrip(" ,.;:") + "…"


def _clip_values(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return clip(value)
    if isinstance(value, dict):
        return {k: _clip_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clip_values(v) for v in value]
    return value


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


class Speech:
    """Renders named messages. Templates are parsed once per process and reused."""

    def __init__(self, content_dir: Path, rng: random.Random | None = None) -> None:
        self.content_dir = content_dir
        self.rng = rng or random.Random()
        self._ssml = self._environment()
        self._fragments: dict[str, jinja2.Template] = {}

    # -- loading --------------------------------------------------------------------------------

    def _environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FunctionLoader(self._template_source),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            cache_size=-1,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals["pause"] = _pause
        env.globals["say"] = self._say
        return env

    @cache  # noqa: B019 - one Speech per process; the cache lives as long as the content does
    def _file(self, folder: str, kind: str, name: str) -> dict[str, Any]:
        path = self.content_dir / folder / kind / f"{name}.yaml"
        if not path.exists():
            return {}
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}

    def _variants(self, key: str, locale: str | None) -> list[str]:
        file, _, name = key.partition("/")
        for folder in locale_chain(locale):
            messages = self._file(folder, "messages", file)
            if name in messages:
                found = messages[name]
                return list(found) if isinstance(found, list) else [found]
        raise MissingMessage(key)

    def _template_source(self, template_name: str) -> str:
        # template_name is "<locale>|<key>|<variant index>"
        locale, key, index = template_name.split("|")
        return self._variants(key, locale)[int(index)]

    # -- rendering ------------------------------------------------------------------------------

    def _render(self, key: str, locale: str, index: int, values: dict) -> str:
        template = self._ssml.get_template(f"{locale}|{key}|{index}")
        return template.render(_locale=locale, **_clip_values(values)).strip()

    @jinja2.pass_context
    def _say(self, context: jinja2.runtime.Context, key: str, **values: Any) -> Markup:
        """Lets one message include another: {{ say("common/stop_hint") }}."""
        locale = context["_locale"]
        index = self.rng.randrange(len(self._variants(key, locale)))
        return Markup(self._render(key, locale, index, values))

    def message(self, key: str, locale: str, **values: Any) -> Markup:
        """One variant of a message as an SSML fragment (no <speak> wrapper)."""
        index = self.rng.randrange(len(self._variants(key, locale)))
        return Markup(self._render(key, locale, index, values))

    def variants(self, key: str, locale: str, **values: Any) -> list[str]:
        """Every variant rendered: tests check what was said against these."""
        return [
            self._render(key, locale, i, values) for i in range(len(self._variants(key, locale)))
        ]

    def text(self, key: str, locale: str, **values: Any) -> str:
        """A message as plain text (for Alexa app cards): rendered as SSML, then read as text."""
        return plain_text(self.message(key, locale, **values))

    def fragment(self, source: str, locale: str, **values: Any) -> Markup:
        """An SSML template kept in structured content (e.g. the reflection script), rendered like a
        message: same globals, same escaping and clipping of values."""
        template = self._fragments.get(source)
        if template is None:
            template = self._fragments[source] = self._ssml.from_string(source)
        return Markup(template.render(_locale=locale, **_clip_values(values)).strip())

    def data(self, name: str, locale: str) -> Any:
        """Structured content (belief library, reflection script...) from content/<lang>/data/."""
        for folder in locale_chain(locale):
            found = self._file(folder, "data", name)
            if found:
                return found
        raise MissingMessage(f"data/{name}")

    def data_layers(self, name: str, locale: str) -> list[Any]:
        """Every file of a data name along the locale chain, most specific first: for content a locale
        adds to (heard phrases, a lexicon) rather than replaces."""
        return [found for folder in locale_chain(locale) if (found := self._file(folder, "data", name))]

    def keys(self, locale: str) -> set[str]:
        """Every message key visible from a locale (for content validation)."""
        found: set[str] = set()
        for folder in locale_chain(locale):
            directory = self.content_dir / folder / "messages"
            for path in directory.glob("*.yaml") if directory.is_dir() else ():
                found.update(f"{path.stem}/{name}" for name in self._file(folder, "messages", path.stem))
        return found


def _pause(seconds: float) -> Markup:
    """A <break>, clamped to Alexa's 10 s ceiling."""
    seconds = max(0.0, min(float(seconds), MAX_BREAK_SECONDS))
    amount = f"{int(seconds * 1000)}ms" if seconds < 1 else f"{seconds:g}s"
    return Markup(f'<break time="{amount}"/>')
