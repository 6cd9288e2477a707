"""ASK CLI replay files: `{"skillId", "locale", "type": "text", "userInput": [...]}`, run without a prompt."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools import envelopes
from tools.conversation import Handler
from tools.envelopes import Device
from tools.simulator.model import InteractionModel
from tools.simulator.resolver import Resolver
from tools.simulator.session import Simulator
from tools.simulator.skill import deployed_as


@dataclass(frozen=True)
class ReplayFile:
    path: Path
    skill_id: str
    locale: str
    user_input: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> ReplayFile:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("type", "text") != "text":
            raise ValueError(f"{path}: only text replays are supported (type {data.get('type')!r})")
        lines = data.get("userInput")
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            raise ValueError(f"{path}: userInput must be a list of strings")
        return cls(
            path=Path(path),
            skill_id=data.get("skillId") or envelopes.DEFAULT_SKILL_ID,
            locale=data.get("locale") or "en-US",
            user_input=tuple(lines),
        )


def replay(
    file: ReplayFile,
    handler: Handler,
    *,
    device: Device | None = None,
    locale: str | None = None,
    out: Callable[[str], None] = print,
    strict: bool = False,
    lambda_skill_id: str | None = None,
    **options: Any,
) -> Simulator:
    """Says every line of the file to the skill, then leaves; the simulator keeps what went wrong.

    Alexa sends the file's skillId, and the skill plays as deployed for it (SKILL_ID), unless
    `lambda_skill_id` says the function was deployed for another skill (a wrong SkillId parameter)."""
    locale = locale or file.locale
    device = device or Device(skill_id=file.skill_id, locale=locale)
    resolver = Resolver(InteractionModel.for_locale(locale), skill_id=device.skill_id, strict=strict)
    simulator = Simulator(handler, resolver, device, out=out, **options)
    out(f"== replay {file.path} ({locale}, {len(file.user_input)} utterances, {resolver.mode})")
    with deployed_as(lambda_skill_id or file.skill_id):
        for line in file.user_input:
            out(f"you> {line}")
            simulator.say(line)
        simulator.finish()
    return simulator
