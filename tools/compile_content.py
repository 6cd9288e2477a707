"""Compiles content/ into the form a request reads, so that no request parses YAML or compiles a template.

  python -m tools.compile_content [--source content] [--target build/content] [--force] [--check]

Every `content/<folder>/messages/*.yaml` and `content/<folder>/data/*.yaml` is read, whatever its name,
so a new capability's files need no change here. What is written (`build/content/`, git-ignored;
`tools/build_zip.py` writes the same into the zip's `content/`):

  index.json              which message keys each folder defines and how many variants each has,
                          which data files each folder has, which data strings are templates, the
                          finished text of every template that reads no value (most of them: it is
                          rendered here, once), and the digest of everything it was made from
  templates/tmpl_*.py     one Python module per template, by jinja2's `Environment.compile_templates`,
                          loaded by its `ModuleLoader`, with bytecode beside it (`__pycache__/`)
  data/<folder>/<n>.json  each data file as JSON: measured the cheapest to load with marshal
                          (bench/README.md), and readable, and the same on every Python version
  data/<folder>/screen.lexicon.json  the screen's lexicon for that folder's locale, as regular
                          expressions and trigger words (DERIVED below): a request loads it in ~3 ms
  sources.json            every message's template source, for content tests and tools (no request reads it)

Data must be plain data (mappings with string keys, lists, strings, numbers, booleans, null): a
YAML date, a number as a key or a tag is refused with the file and the place, because JSON would
change it silently. Strings in data that hold template syntax ({{ }}, {% %}, {# #}) are SSML
fragments (e.g. the reflection script); they are compiled too and must be valid templates.
The compiled form is rebuilt only when a source, this compiler, jinja2 or Python changed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import py_compile
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content"
TARGET = ROOT / "build" / "content"
KINDS = ("messages", "data")
# Data a module turns into something costlier to build than to load (the screen's lexicon: ~300 ms of CPU
# per locale): built here, once, as data/<folder>/<name>.<suffix>.json for every folder that has <name>.
# The module gives precompile(documents along the folder's chain) and locale_folders(folder).
DERIVED = {"screen": ("safe_connections.screen", "lexicon")}

if str(ROOT / "lambda") not in sys.path:
    sys.path.insert(0, str(ROOT / "lambda"))
from safe_connections import speech  # noqa: E402 - the runtime's own names for what it reads


class ContentError(ValueError):
    """A content file the skill could not speak from; the message names the file and the place."""


@dataclass(frozen=True)
class Compiled:
    target: Path
    templates: int
    fragments: int
    data_files: int
    seconds: float
    rebuilt: bool


def source_files(source: Path = SOURCE) -> list[Path]:
    """Every YAML file a request may read from, in a stable order."""
    return sorted(path for kind in KINDS for path in source.glob(f"*/{kind}/*.yaml") if path.is_file())


def digest(source: Path = SOURCE) -> str:
    """What the compiled form depends on: the sources, this compiler and the renderer, jinja2, Python."""
    import jinja2

    hashed = hashlib.sha256()
    derived = [Path(importlib.util.find_spec(module).origin).read_text("utf-8") for module, _ in DERIVED.values()]
    for part in (str(speech.FORMAT), jinja2.__version__, sys.implementation.cache_tag,
                 json.dumps(speech.environment_options(), sort_keys=True), Path(__file__).read_text("utf-8"),
                 Path(speech.__file__).read_text("utf-8"), *derived):  # pause() and the names are the renderer's
        hashed.update(part.encode("utf-8") + b"\0")
    for path in source_files(source):
        hashed.update(path.relative_to(source).as_posix().encode("utf-8") + b"\0")
        hashed.update(path.read_bytes() + b"\0")
    return hashed.hexdigest()


def is_current(source: Path = SOURCE, target: Path = TARGET) -> bool:
    try:
        index = json.loads((target / speech.INDEX_FILE).read_bytes())
    except (OSError, ValueError):
        return False
    return index.get("digest") == digest(source)


def _load_yaml(path: Path) -> Any:
    import yaml

    try:
        loader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - a PyYAML wheel without libyaml
        loader = yaml.SafeLoader
    try:
        return yaml.load(path.read_text("utf-8"), Loader=loader)
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from None


def _plain(value: Any, where: str) -> None:
    """Refuses what JSON cannot hold as it is: the skill would read something else than was written."""
    if value is None or isinstance(value, str | bool | int | float):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _plain(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ContentError(f"{where}: the key {key!r} is a {type(key).__name__}; quote it")
            _plain(item, f"{where}.{key}")
        return
    raise ContentError(f"{where}: {type(value).__name__} {value!r} is not plain data; quote it as a string")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _read(source: Path) -> tuple[dict, dict, dict]:
    """(folder -> key -> variant sources, folder -> data name -> data, template name -> source)."""
    messages: dict[str, dict[str, list[str]]] = {}
    data: dict[str, dict[str, Any]] = {}
    templates: dict[str, str] = {}
    for path in source_files(source):
        folder, kind, name = path.relative_to(source).parts[0], path.parent.name, path.stem
        where = path.relative_to(source.parent).as_posix() if path.is_relative_to(source.parent) else str(path)
        loaded = _load_yaml(path)
        loaded = {} if loaded is None else loaded
        _plain(loaded, where)
        if kind == "data":
            data.setdefault(folder, {})[name] = loaded
            for text in _strings(loaded):
                if speech.is_fragment_source(text):
                    templates[speech.fragment_name(text)] = text
            continue
        if not isinstance(loaded, dict):
            raise ContentError(f"{where}: a messages file is a mapping of names to messages")
        found = messages.setdefault(folder, {})
        for message, body in loaded.items():
            key = f"{name}/{message}"
            if message.startswith("_"):  # notes for tests (_examples), not something to say
                found[key] = []
                continue
            variants = body if isinstance(body, list) else [body]
            if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
                raise ContentError(f"{where}: {message} must be a non-empty string or a list of them")
            found[key] = variants
            for i, variant in enumerate(variants):
                templates[speech.template_name(folder, key, i)] = variant
    return messages, data, templates


def _compile_templates(templates: dict[str, str], folder: Path) -> tuple[dict[str, str], list[str]]:
    """jinja2's own compiler writes one module per template; bytecode beside each, so even the import
    compiles nothing (unchecked: the compiler owns this folder and rewrites it whole). Returns the
    finished text of each template whose output reads no value, no other message and no randomness:
    its only free name, if any, is pause(), which depends on its arguments alone; and the names of the
    templates whose text depends on their values alone (no say(), no random lipsum())."""
    import jinja2
    import jinja2.meta

    env = jinja2.Environment(loader=jinja2.DictLoader(templates), undefined=jinja2.StrictUndefined,
                             **speech.environment_options())
    env.globals.update(speech.PURE_GLOBALS)
    try:
        env.compile_templates(str(folder), zip=None, ignore_errors=False)
    except jinja2.TemplateSyntaxError as error:
        raise ContentError(f"template {error.name} (line {error.lineno}): {error.message}") from None
    for module in folder.glob("*.py"):
        py_compile.compile(str(module), cfile=importlib.util.cache_from_source(str(module)), doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    static, pure = {}, []
    for name, source in templates.items():
        names = jinja2.meta.find_undeclared_variables(env.parse(source))
        if names <= set(speech.PURE_GLOBALS):
            static[name] = env.get_template(name).render().strip()
        elif not names & {"say", "lipsum"}:
            pure.append(name)
    return static, sorted(pure)


def _drop_modules(folder: Path, names: dict[str, str]) -> None:
    from jinja2 import ModuleLoader

    for name in names:
        module = folder / ModuleLoader.get_module_filename(name)
        module.unlink()
        Path(importlib.util.cache_from_source(str(module))).unlink()


def _derived(data: dict[str, dict[str, Any]]) -> list[tuple[str, str, Any]]:
    found = []
    for name, (module_name, suffix) in DERIVED.items():
        module = importlib.import_module(module_name)
        for folder in sorted(folder for folder, files in data.items() if name in files):
            documents = [data[f][name] for f in module.locale_folders(folder) if name in data.get(f, {})]
            try:
                found.append((folder, f"{name}.{suffix}", module.precompile(documents)))
            except ValueError as error:  # a lexicon entry that is not a valid pattern
                raise ContentError(f"content/{folder}/data/{name}.yaml: {error}") from None
    return found


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")


def compile_content(source: Path = SOURCE, target: Path = TARGET, force: bool = False,
                    static_modules: bool = True) -> Compiled:
    """Writes the compiled form of `source` into `target` unless it is already current. Without
    `static_modules` (the zip) the modules of templates the index carries as text are left out: no
    request imports them (tests compare the two in build/content)."""
    started = time.perf_counter()
    fingerprint = digest(source)
    if not force and is_current(source, target):
        return Compiled(target, 0, 0, 0, time.perf_counter() - started, rebuilt=False)
    import jinja2

    messages, data, templates = _read(source)
    # Built beside the target and swapped in whole: a reader never sees half of it.
    building = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(building, ignore_errors=True)
    (building / speech.TEMPLATES_DIR).mkdir(parents=True)
    try:
        static, pure = _compile_templates(templates, building / speech.TEMPLATES_DIR)
        if not static_modules:
            _drop_modules(building / speech.TEMPLATES_DIR, static)
        for folder, files in data.items():
            for name, value in files.items():
                _write_json(building / speech.DATA_DIR / folder / f"{name}.json", value)
        for folder, name, value in _derived(data):
            _write_json(building / speech.DATA_DIR / folder / f"{name}.json", value)
        _write_json(building / speech.SOURCES_FILE, messages)
        _write_json(building / speech.INDEX_FILE, {
            "format": speech.FORMAT,
            "jinja2": jinja2.__version__,
            "digest": fingerprint,
            "messages": {folder: {key: len(v) for key, v in found.items()} for folder, found in messages.items()},
            "data": {folder: sorted(files) for folder, files in data.items()},
            "fragments": sorted(name for name in templates if name.startswith("fragment/")),
            "static": static,
            "pure": pure,
        })
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        if target.exists():
            target.rename(old)
        building.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    fragments = sum(name.startswith("fragment/") for name in templates)
    return Compiled(target, len(templates) - fragments, fragments, sum(len(f) for f in data.values()),
                    time.perf_counter() - started, rebuilt=True)


def target_for(source: Path) -> Path:
    """Where the compiled form of a content folder goes: build/content for content/, beside any other."""
    return TARGET if source.resolve() == SOURCE.resolve() else source.with_name(f"{source.name}.compiled")


def ensure_current(source: Path = SOURCE, target: Path | None = None) -> Path:
    """For tools (the reflection timeline, the audio render, benchmarks): compile if anything changed."""
    target = target or target_for(source)
    compile_content(source, target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument("--force", action="store_true", help="compile even if nothing changed")
    parser.add_argument("--check", action="store_true", help="exit 1 if the compiled form is stale; write nothing")
    args = parser.parse_args()
    shown = args.target.relative_to(ROOT) if args.target.is_relative_to(ROOT) else args.target
    if args.check:
        current = is_current(args.source, args.target)
        print(f"{shown}: {'current' if current else 'stale: run python -m tools.compile_content'}")
        return 0 if current else 1
    try:
        done = compile_content(args.source, args.target, force=args.force)
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 1
    if done.rebuilt:
        print(f"{shown}: {done.templates} message templates, {done.fragments} fragments, "
              f"{done.data_files} data files compiled in {done.seconds:.2f} s")
    else:
        print(f"{shown}: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
