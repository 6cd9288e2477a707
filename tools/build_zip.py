"""Builds dist/lambda.zip: our code, the compiled content, and the dependencies for python3.13 on arm64.

Dependencies come as wheels for the Lambda platform (manylinux aarch64, CPython 3.13), never
from this machine's site-packages, exactly as lambda/requirements.lock pins them (every version,
with hashes pip checks: `make lock` writes it from lambda/requirements.txt). boto3 ships with the
Lambda runtime and is left out. content/ goes in compiled (tools/compile_content.py): templates as
modules with bytecode, data as JSON, no YAML, so the function needs no YAML parser and compiles no
template.

  python -m tools.build_zip [--out dist/lambda.zip]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tools.compile_content import compile_content

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
SKIP_DIRS = {"tests", "bin"}
# The compiled content's template sources are for tests and tools; a request never reads them.
SKIP_FILES = {"content/sources.json"}
SKIP_SUFFIXES = {".pyi"}
RUNTIME_PYTHON = (3, 13)


LOCK = ROOT / "lambda" / "requirements.lock"


def install_dependencies(target: Path) -> None:
    # --require-hashes: a wheel whose hash the lock does not list is refused; --no-deps: nothing unlocked comes in.
    result = subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-compile", "--target", str(target), *PLATFORM_ARGS,
            "--require-hashes", "--no-deps", "-r", str(LOCK),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pip could not fetch the Lambda dependencies:\n{result.stderr[-3000:]}")


def _include(path: Path) -> bool:
    if path.as_posix() in SKIP_FILES:
        return False
    if path.suffix == ".pyc":  # only the bytecode compile_bytecode() wrote, for the runtime's Python
        return f".cpython-{RUNTIME_PYTHON[0]}{RUNTIME_PYTHON[1]}." in path.name
    return not (set(path.parts) & SKIP_DIRS) and path.suffix not in SKIP_SUFFIXES


PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import lambda_function
for event in json.loads(sys.stdin.read()):
    lambda_function.lambda_handler(event, None)
print(json.dumps([getattr(m, "__file__", None) for m in list(sys.modules.values())]))
"""


def modules_a_request_imports(folder: Path) -> set[Path]:
    """The files of every module the unpacked package imports at INIT (as in Lambda: the skill and the
    DynamoDB client, whose botocore imports urllib3 from the zip) and to answer help, fallback, an
    unknown intent and a session end (no DynamoDB call needed), found by running it."""
    import json
    import os

    from tools.envelopes import Device, intent_request, session_ended_request

    device = Device()
    events = [device.envelope(request, {"new": False, "sessionId": "s", "attributes": {}}) for request in (
        intent_request("AMAZON.HelpIntent"), intent_request("AMAZON.FallbackIntent"),
        intent_request("SomeIntentFromANewerModel"), session_ended_request())]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SKILL_ID", "SAFE_CONNECTIONS_STRICT")}
    env["AWS_LAMBDA_FUNCTION_NAME"] = "build-probe"  # INIT as in Lambda: the DynamoDB client is built
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    result = subprocess.run([sys.executable, "-I", "-c", PROBE, str(folder)], input=json.dumps(events),
                            capture_output=True, text=True, cwd=folder, env=env, timeout=120)
    if result.returncode:
        raise RuntimeError(f"the package did not answer while probing its imports:\n{result.stderr[-2000:]}")
    files = json.loads(result.stdout.strip().splitlines()[-1])
    return {Path(f).resolve() for f in files if f and Path(f).resolve().is_relative_to(folder.resolve())}


def compile_bytecode(folder: Path) -> int:
    """Ships .pyc for what a request imports: /var/task is read-only, so without them Python
    compiles every imported module from source on every cold start (about 0.3 s measured, see
    bench/README.md). Only imported modules, so the zip stays small (ask_sdk_model alone has
    ~1,000 modules, ~60 used). Unchecked-hash pycs are used whatever file times the zip keeps.
    Needs the runtime's Python version; returns how many files were compiled."""
    if sys.version_info[:2] != RUNTIME_PYTHON:
        print(f"warning: Python {sys.version_info[0]}.{sys.version_info[1]} is not the runtime's "
              f"{RUNTIME_PYTHON[0]}.{RUNTIME_PYTHON[1]}: the zip ships without bytecode", file=sys.stderr)
        return 0
    import py_compile
    import warnings

    wanted = modules_a_request_imports(folder) | set((folder / "safe_connections").rglob("*.py"))
    wanted.add(folder / "lambda_function.py")
    for pycache in folder.rglob("__pycache__"):
        if not pycache.is_relative_to(folder / "content"):  # the templates' bytecode is the compiler's
            shutil.rmtree(pycache)  # the probe's own bytecode (timestamp-checked) goes; ours replaces it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # third-party docstrings with invalid escapes
        for source in sorted(wanted):
            py_compile.compile(str(source), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    return len(wanted)


def build(out: Path = DEFAULT_OUT) -> Path:
    if BUILD.exists():
        shutil.rmtree(BUILD)
    BUILD.mkdir(parents=True)
    install_dependencies(BUILD)
    shutil.copy2(ROOT / "lambda" / "lambda_function.py", BUILD / "lambda_function.py")
    shutil.copytree(ROOT / "lambda" / "safe_connections", BUILD / "safe_connections",
                    ignore=shutil.ignore_patterns("__pycache__"))
    compile_content(ROOT / "content", BUILD / "content", force=True, static_modules=False)
    compile_bytecode(BUILD)
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
