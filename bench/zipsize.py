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


def sizes(archive: Path) -> dict[str, float]:
    """The zip's size, zipped and unpacked, and its six largest parts."""
    with zipfile.ZipFile(archive) as zipped:
        infos = zipped.infolist()
    by_top: Counter[str] = Counter()
    for info in infos:
        by_top[info.filename.split("/", 1)[0]] += info.compress_size
    return {"zipped_mb": archive.stat().st_size / 1e6, "unpacked_mb": sum(i.file_size for i in infos) / 1e6,
            **{f"part:{name}": size / 1e6 for name, size in by_top.most_common(6)}}


def measure(env: dict[str, str] | None = None, runs: int = 10) -> dict[str, float]:
    """Size of the zip; with a local server's env, also cold starts from the unpacked zip with
    and without its .pyc files (read-only like /var/task: PYTHONDONTWRITEBYTECODE=1)."""
    with tempfile.TemporaryDirectory() as folder:
        archive = build_zip.build(Path(folder) / "lambda.zip")
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(Path(folder) / "task")
        found = sizes(archive)
        if env is not None:
            found.update(_cold_from_zip(Path(folder) / "task", env, runs))
        return found


def _cold_from_zip(task: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    import shutil

    from bench.cold import answer_once
    from bench.common import median, session
    from tools.envelopes import Device, launch_request

    bare = task.parent / "task-without-pyc"
    shutil.copytree(task, bare, ignore=shutil.ignore_patterns("__pycache__"))
    folders = {"cold:from zip": task, "cold:from zip without .pyc": bare}
    event = Device().envelope(launch_request(), session(new=True))
    environments = {name: {**env, "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}
                    for name, folder in folders.items()}
    times: dict[str, list[float]] = {name: [] for name in folders}
    for name in folders:
        answer_once("lambda_function", event, environments[name])
    for _ in range(runs):
        for name in folders:
            times[name].append(answer_once("lambda_function", event, environments[name])[0] * 1000)
    return {name: median(values) for name, values in times.items()}


def report(found: dict[str, float]) -> str:
    rows = [["lambda.zip", f"{found['zipped_mb']:.2f}", f"{found['unpacked_mb']:.2f}",
             "met" if found["zipped_mb"] < 5 else "NOT met"]]
    rows += [[f"  {k.removeprefix('part:')}", f"{v:.2f}", "", ""] for k, v in found.items() if k.startswith("part:")]
    text = table(["what", "zipped MB", "unpacked MB", "< 5 MB"], rows)
    colds = [[k.removeprefix("cold:"), f"{v:.0f}"] for k, v in found.items() if k.startswith("cold:")]
    if colds:
        text += "\n\n    cold start (median ms) of the unpacked zip, read-only like /var/task\n"
        text += table(["package", "median ms"], colds)
    return text


def main() -> int:
    from bench.common import local_server

    with local_server() as env:
        found = measure(env)
    print("Lambda zip (dependencies for python3.13 arm64; boto3 comes with the runtime)")
    print(report(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
