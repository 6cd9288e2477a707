"""An interaction model (the JSON ASK CLI uploads), read once: intents, slot types, dialog, prompts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
MODELS = ROOT / "skill" / "interactionModels" / "custom"


@dataclass(frozen=True)
class TypeValue:
    id: str | None
    name: str
    synonyms: tuple[str, ...]


@dataclass
class InteractionModel:
    """A view of `{"interactionModel": {...}}` or of its inner object; built from a dict or a locale."""

    invocation_name: str
    intents: dict[str, dict[str, Any]]
    types: dict[str, list[TypeValue]]
    dialog_intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    prompts: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    delegation_strategy: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InteractionModel:
        model = data.get("interactionModel", data)
        language = model["languageModel"]
        types = {
            t["name"]: [
                TypeValue(
                    id=v.get("id"),
                    name=v["name"]["value"],
                    synonyms=tuple(v["name"].get("synonyms") or ()),
                )
                for v in t.get("values", [])
            ]
            for t in language.get("types", [])
        }
        dialog = model.get("dialog") or {}
        return cls(
            invocation_name=language["invocationName"].lower(),
            intents={i["name"]: i for i in language.get("intents", [])},
            types=types,
            dialog_intents={d["name"]: d for d in dialog.get("intents", [])},
            prompts={p["id"]: p.get("variations", []) for p in model.get("prompts", [])},
            delegation_strategy=dialog.get("delegationStrategy"),
        )

    @classmethod
    def for_locale(cls, locale: str) -> InteractionModel:
        path = MODELS / f"{locale}.json"
        if not path.exists():
            known = ", ".join(sorted(p.stem for p in MODELS.glob("*.json")))
            raise ValueError(f"no interaction model for {locale} (known: {known})")
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def slot_types(self, intent: str) -> dict[str, str]:
        """Slot name -> slot type, in declaration order."""
        return {s["name"]: s["type"] for s in self.intents.get(intent, {}).get("slots", [])}

    def slot_samples(self, intent: str, slot: str) -> list[str]:
        for declared in self.intents.get(intent, {}).get("slots", []):
            if declared["name"] == slot:
                return list(declared.get("samples") or [])
        return []

    def custom_intents(self) -> list[str]:
        return [name for name in self.intents if not name.startswith("AMAZON.")]

    def auto_delegates(self, intent: str) -> bool:
        """Whether Alexa runs this intent's dialog itself before the skill hears of it."""
        dialog = self.dialog_intents.get(intent)
        if dialog is None:
            return False
        return (dialog.get("delegationStrategy") or self.delegation_strategy) == "ALWAYS"
