"""What the zip bundles is locked: lambda/requirements.lock pins every package, with hashes, resolved for the
Lambda platform, and agrees with lambda/requirements.txt (no network needed: the pins are compared)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REQUIREMENTS = ROOT / "lambda" / "requirements.txt"
LOCK = ROOT / "lambda" / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _requirements() -> dict[str, str]:
    pins = {}
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found = PIN.match(line)
            assert found, f"lambda/requirements.txt pins exact versions: {line!r}"
            pins[_name(found[1])] = found[2]
    return pins


def _lock() -> dict[str, dict]:
    """name -> {"version", "hashes", "via"} from the lock's entries."""
    entries: dict[str, dict] = {}
    current = None
    for line in LOCK.read_text().splitlines():
        found = PIN.match(line)
        if found:
            current = entries.setdefault(_name(found[1]), {"version": found[2], "hashes": [], "via": []})
        elif current is not None and "--hash=sha256:" in line:
            current["hashes"].append(line.split("--hash=sha256:", 1)[1].strip(" \\"))
        elif current is not None and line.strip().startswith("#"):
            current["via"].append(line.strip(" #").removeprefix("via").strip())
    return entries


def test_every_requirement_is_locked_at_its_pinned_version():
    lock = _lock()
    for name, version in _requirements().items():
        assert name in lock, f"{name} is in lambda/requirements.txt but not in the lock: run `make lock`"
        assert lock[name]["version"] == version, (
            f"{name}: requirements.txt pins {version}, the lock {lock[name]['version']}: run `make lock`")


def test_the_lock_holds_nothing_the_requirements_no_longer_ask_for():
    direct = set(_requirements())
    for name, entry in _lock().items():
        if any("-r lambda/requirements.txt" in via for via in entry["via"]):
            assert name in direct, f"{name} is locked as a direct requirement but no longer required: `make lock`"
        assert entry["via"], f"{name} is in the lock without saying why"


def test_every_locked_package_has_hashes_and_boto3_is_left_to_the_runtime():
    lock = _lock()
    assert lock, "the lock is empty"
    for name, entry in lock.items():
        assert entry["hashes"] and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in entry["hashes"]), name
    assert not {"boto3", "botocore", "s3transfer"} & set(lock), "the python3.13 runtime provides boto3"


def test_the_lock_is_made_for_the_lambda_platform_and_the_zip_installs_from_it_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    target = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "--generate-hashes" in target and "--python-version 3.13" in target
    assert "--python-platform aarch64-manylinux" in target
    assert "make lock" in LOCK.read_text().splitlines()[1]
    from tools import build_zip

    source = Path(build_zip.__file__).read_text()
    assert build_zip.LOCK == LOCK and '"--require-hashes", "--no-deps", "-r", str(LOCK)' in source
