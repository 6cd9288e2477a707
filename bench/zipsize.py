"""(d) The deployable Lambda zip's size (built by tools/build_zip.py, for python3.13 arm64).

  python -m bench.zipsize
"""

from __future__ import annotations

import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from bench.common import table
from tools import build_zip


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        archive = build_zip.build(Path(folder) / "lambda.zip")
        with zipfile.ZipFile(archive) as zipped:
            infos = zipped.infolist()
        by_top: Counter[str] = Counter()
        for info in infos:
            by_top[info.filename.split("/", 1)[0]] += info.compress_size
        return {"zipped_mb": archive.stat().st_size / 1e6,
                "unpacked_mb": sum(i.file_size for i in infos) / 1e6,
                **{f"part:{name}": size / 1e6 for name, size in by_top.most_common(6)}}


def report(found: dict[str, float]) -> str:
    rows = [["lambda.zip", f"{found['zipped_mb']:.2f}", f"{found['unpacked_mb']:.2f}",
             "met" if found["zipped_mb"] < 5 else "NOT met"]]
    rows += [[f"  {k.removeprefix('part:')}", f"{v:.2f}", "", ""] for k, v in found.items() if k.startswith("part:")]
    return table(["what", "zipped MB", "unpacked MB", "< 5 MB"], rows)


def main() -> int:
    print("Lambda zip (dependencies for python3.13 arm64; boto3 comes with the runtime)")
    print(report(measure()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
