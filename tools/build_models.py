"""Builds skill/interactionModels/custom/<locale>.json from content/<lang>/model/*.yaml.

Each capability keeps its intents, slot types and dialog in its own file; this assembles them.
The committed JSON is what `ask deploy` uploads; tests/test_models.py keeps the two in sync.
Compact slot values ({id, name, synonyms}) become Alexa's {id, name: {value, synonyms}} here.
A slot type may instead take its values from a content data file, so that the skill and the
model share one source: `values_from: {data: beliefs, list: beliefs, name: belief}` reads
content/<locale or language>/data/beliefs.yaml, and each item of its `beliefs` list gives `id`,
`synonyms`, and the value's name from its `belief` key (sentence punctuation dropped).

  python -m tools.build_models           # write the files
  python -m tools.build_models --check   # exit 1 if a committed file differs
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
OUT = ROOT / "skill" / "interactionModels" / "custom"


def _fragments(language: str, locale: str) -> list[dict[str, Any]]:
    found = []
    for folder in (CONTENT / language / "model", CONTENT / locale / "model"):
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            found.append(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return found


def _spoken(text: str) -> str:
    """A slot value as Alexa wants it: straight apostrophes, no commas, quotes or final full stop."""
    text = text.replace("’", "'").translate(str.maketrans("", "", ',;:!?"“”'))
    return " ".join(text.split()).rstrip(".")


def _data_values(source: dict[str, Any], language: str, locale: str) -> list[dict[str, Any]]:
    paths = [CONTENT / folder / "data" / f"{source['data']}.yaml" for folder in (locale, language)]
    path = next(p for p in paths if p.exists())
    items = yaml.safe_load(path.read_text(encoding="utf-8"))[source.get("list", source["data"])]
    name = source.get("name", "name")
    return [
        {"id": item.get("id"), "name": _spoken(item[name]), "synonyms": [_spoken(s) for s in item.get("synonyms", ())]}
        for item in items
    ]


def _with_values(compact: dict[str, Any], language: str, locale: str) -> dict[str, Any]:
    if "values_from" not in compact:
        return compact
    return {**compact, "values": _data_values(compact["values_from"], language, locale)}


def _slot_type(compact: dict[str, Any]) -> dict[str, Any]:
    values = []
    for value in compact.get("values", []):
        if isinstance(value, str):
            value = {"name": value}
        entry: dict[str, Any] = {"name": {"value": value["name"]}}
        if value.get("id"):
            entry["id"] = value["id"]
        if value.get("synonyms"):
            entry["name"]["synonyms"] = list(dict.fromkeys(value["synonyms"]))
        values.append(entry)
    return {"name": compact["name"], "values": values}


def _intent(compact: dict[str, Any]) -> dict[str, Any]:
    intent: dict[str, Any] = {"name": compact["name"], "samples": list(dict.fromkeys(compact.get("samples", [])))}
    if compact.get("slots"):
        intent["slots"] = [
            {k: v for k, v in slot.items() if k in ("name", "type", "samples", "multipleValues")}
            for slot in compact["slots"]
        ]
    return intent


def build(locale: str) -> dict[str, Any]:
    language = locale.split("-")[0]
    fragments = _fragments(language, locale)
    settings = next(f for f in fragments if "invocationName" in f)
    intents: dict[str, dict[str, Any]] = {}
    for fragment in fragments:
        for compact in fragment.get("intents", []):
            built = _intent(compact)
            if built["name"] in intents:
                existing = intents[built["name"]]
                existing["samples"] = list(dict.fromkeys(existing["samples"] + built["samples"]))
                existing.setdefault("slots", []).extend(built.get("slots", []))
            else:
                intents[built["name"]] = built
    types = [_slot_type(_with_values(t, language, locale)) for f in fragments for t in f.get("types", [])]
    dialog_intents = [d for f in fragments for d in f.get("dialog", [])]
    prompts = [p for f in fragments for p in f.get("prompts", [])]
    model: dict[str, Any] = {
        "interactionModel": {
            "languageModel": {
                "invocationName": settings["invocationName"],
                "intents": list(intents.values()),
                "types": types,
            }
        }
    }
    if dialog_intents:
        model["interactionModel"]["dialog"] = {"intents": dialog_intents, "delegationStrategy": "SKILL_RESPONSE"}
    if prompts:
        model["interactionModel"]["prompts"] = prompts
    return model


def locales() -> list[str]:
    settings = yaml.safe_load((CONTENT / "en" / "model" / "_skill.yaml").read_text())
    return list(settings["locales"])


def render(locale: str) -> str:
    return json.dumps(build(locale), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for locale in locales():
        path = OUT / f"{locale}.json"
        text = render(locale)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run `make models`):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
