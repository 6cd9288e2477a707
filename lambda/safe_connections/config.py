"""The environment, read once per process into a frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path


def _content_dir() -> Path:
    # In the Lambda zip content/ sits beside safe_connections/; in the repo it is one level up.
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "content", here.parent.parent / "content"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("content/ not found beside the package or the repository root")


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
