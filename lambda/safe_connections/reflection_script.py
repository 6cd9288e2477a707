"""The guided reflection's script (content/<lang>/data/reflection.yaml) as versions of segments.

Plain data and rendering only: the handlers decide where the listener is, this module says what a
segment sounds like. The timeline tool (tools/reflection_timeline.py) renders segments the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from safe_connections.speech import Speech

FULL = "full"
SHORT = "short"
VERSIONS = (FULL, SHORT)
FIRST_STEP, LAST_STEP = 1, 7


@dataclass(frozen=True)
class Segment:
    id: str
    step: int
    place: str
    source: str
    asks_name: bool = False
    uses_safe_person: bool = False


@dataclass(frozen=True)
class Script:
    versions: dict[str, tuple[Segment, ...]]

    def segments(self, version: str) -> tuple[Segment, ...]:
        return self.versions[version if version in self.versions else FULL]

    def segment(self, version: str, index: int) -> Segment:
        return self.segments(version)[self.clamp(version, index)]

    def clamp(self, version: str, index: int) -> int:
        return max(0, min(int(index), len(self.segments(version)) - 1))

    def is_last(self, version: str, index: int) -> bool:
        return index >= len(self.segments(version)) - 1

    def index_of_step(self, version: str, step: int) -> int | None:
        """The first segment of an article step (0 opening ... 8 closing) in a version, or None."""
        for index, segment in enumerate(self.segments(version)):
            if segment.step == step:
                return index
        return None

    def index_of_id(self, version: str, segment_id: str | None) -> int | None:
        for index, segment in enumerate(self.segments(version)):
            if segment.id == segment_id:
                return index
        return None


def load(speech: Speech, locale: str) -> Script:
    data = speech.data("reflection", locale)
    segments = {
        name: Segment(
            id=name,
            step=int(raw["step"]),
            place=raw["place"],
            source=raw["ssml"],
            asks_name=bool(raw.get("asks_name")),
            uses_safe_person=bool(raw.get("uses_safe_person")),
        )
        for name, raw in data["segments"].items()
    }
    return Script({version: tuple(segments[name] for name in names) for version, names in data["versions"].items()})


def render(
    speech: Speech, locale: str, segment: Segment, safe_person: str | None = None, name_kept: bool | None = None,
    *, audio: bool = False,
) -> Markup:
    """A segment's SSML fragment. `safe_person` is the name to speak (None: speak none); the offer to
    remember a name is made only where the segment asks and no name is kept (`name_kept`, by default
    whether a name was given). `audio`: the wording of the rendered audio, one file for everyone, so
    it never holds a name and offers to remember one wherever the segment asks."""
    if audio:
        safe_person, name_kept = None, True
    kept = bool(safe_person) if name_kept is None else name_kept
    return speech.fragment(
        segment.source,
        locale,
        safe_person=safe_person if segment.uses_safe_person else None,
        ask_name=segment.asks_name and not kept,
        audio=audio,
    )
