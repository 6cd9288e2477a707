"""The environment, read once per process into a frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path


def _content_dir() -> Path:
    # The compiled content (tools/compile_content.py): in the Lambda zip, content/ beside safe_connections/;
    # in the repository, build/content/ (content/ there holds the YAML it is compiled from).
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "content", here.parent.parent / "build" / "content"):
        if (candidate / "index.json").is_file():
            return candidate
    raise RuntimeError("no compiled content beside the package or in build/content: "
                       "run `python -m tools.compile_content` (make test and make run do)")


@dataclass(frozen=True)
class Config:
    table_name: str
    skill_id: str | None
    content_dir: Path
    retention_days: int
    # Tests set SAFE_CONNECTIONS_STRICT=1 so a bug fails the test instead of sounding polite.
    strict_errors: bool
    # Fixes the choice of phrasing variants (tests, replays); None means random.
    variant_seed: int | None
    # The bucket of the reflection's rendered audio (template.yaml AudioBucket); None: always spoken.
    audio_bucket: str | None = None


@cache
def load_config() -> Config:
    seed = os.environ.get("SAFE_CONNECTIONS_VARIANT_SEED")
    return Config(
        table_name=os.environ.get("TABLE_NAME", "safe-connections"),
        skill_id=os.environ.get("SKILL_ID") or None,
        content_dir=Path(os.environ["CONTENT_DIR"]) if os.environ.get("CONTENT_DIR") else _content_dir(),
        retention_days=int(os.environ.get("RETENTION_DAYS") or 0),
        strict_errors=os.environ.get("SAFE_CONNECTIONS_STRICT") == "1",
        variant_seed=int(seed) if seed else None,
        audio_bucket=os.environ.get("AUDIO_BUCKET") or None,
    )
