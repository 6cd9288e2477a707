"""Builds dist/lambda.zip: our code, content/, and the dependencies for python3.13 on arm64.

Dependencies come as wheels for the Lambda platform (manylinux aarch64, CPython 3.13), never
from this machine's site-packages. boto3 ships with the Lambda runtime and is left out.

  python -m tools.build_zip [--out dist/lambda.zip]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "package"
DEFAULT_OUT = ROOT / "dist" / "lambda.zip"
# pip caches what it downloads; this keeps the wheels for the Lambda platform apart from ours.
PLATFORM_ARGS = [
    "--platform", "manylinux2014_aarch64",
    "--platform", "manylinux_2_28_aarch64",
    "--implementation", "cp",
    "--python-version", "3.13",
    "--only-binary=:all:",
]
SKIP_DIRS = {"__pycache__", "tests", "bin"}
SKIP_SUFFIXES = {".pyc", ".pyi"}


def install_dependencies(target: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-compile", "--target", str(target), *PLATFORM_ARGS,
            "-r", str(ROOT / "lambda" / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pip could not fetch the Lambda dependencies:\n{result.stderr[-3000:]}")


def _include(path: Path) -> bool:
    return not (set(path.parts) & SKIP_DIRS) and path.suffix not in SKIP_SUFFIXES


def build(out: Path = DEFAULT_OUT) -> Path:
    if BUILD.exists():
        shutil.rmtree(BUILD)
    BUILD.mkdir(parents=True)
    install_dependencies(BUILD)
    shutil.copy2(ROOT / "lambda" / "lambda_function.py", BUILD / "lambda_function.py")
    shutil.copytree(ROOT / "lambda" / "safe_connections", BUILD / "safe_connections")
    shutil.copytree(ROOT / "content", BUILD / "content", ignore=shutil.ignore_patterns("model"))
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(BUILD.rglob("*")):
            relative = path.relative_to(BUILD)
            if path.is_file() and _include(relative):
                archive.write(path, relative.as_posix())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    out = build(args.out)
    with zipfile.ZipFile(out) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
          f"{out.stat().st_size / 1e6:.2f} MB zipped, {unpacked / 1e6:.2f} MB unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
