"""Requests read content compiled when the zip (or build/content) is built: the compiled form is never
stale, picks up any new YAML file, refuses YAML that JSON would silently change, and a request never
parses YAML or compiles a template."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from safe_connections.speech import MissingMessage, Speech

from tools import compile_content
from tools.compile_content import ContentError

ROOT = Path(__file__).resolve().parents[2]


def test_the_compiled_content_the_tests_use_is_current():
    from safe_connections.config import load_config

    assert load_config().content_dir == compile_content.TARGET
    assert compile_content.is_current(), (
        "build/content is stale against content/: run `python -m tools.compile_content` (make test does)")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy, ignore=shutil.ignore_patterns("model"))
    return copy


def test_any_change_to_the_sources_makes_it_stale(content, tmp_path):
    target = tmp_path / "compiled"
    compile_content.compile_content(content, target)
    assert compile_content.is_current(content, target)
    launch = content / "en" / "messages" / "launch.yaml"
    launch.write_text(launch.read_text() + "\nextra: A new sentence.\n")
    assert not compile_content.is_current(content, target)
    compile_content.compile_content(content, target)
    assert compile_content.is_current(content, target)
    (content / "en-GB" / "data").mkdir(parents=True, exist_ok=True)
    (content / "en-GB" / "data" / "anything.yaml").write_text("a: 1\n")
    assert not compile_content.is_current(content, target), "a new file"
    compile_content.compile_content(content, target)
    (content / "en-GB" / "data" / "anything.yaml").unlink()
    assert not compile_content.is_current(content, target), "a deleted file"


def test_new_message_and_data_files_in_any_folder_are_compiled_without_code_changes(content, tmp_path):
    (content / "en" / "messages" / "newcapability.yaml").write_text(
        "hello:\n  - 'Hello {{ name }}, {{ say(\"common/reprompt\") }}'\n  - 'Hi {{ name }}.'\n")
    (content / "en-GB" / "data").mkdir(parents=True, exist_ok=True)
    (content / "en-GB" / "data" / "screen_slang.yaml").write_text(
        "phrases: [\"top myself\", \"do myself in\"]\nlevels: {high: 3}\n")
    (content / "en" / "data" / "screen_slang.yaml").write_text("phrases: [\"kms\"]\n")
    speech = Speech(compile_content.compile_content(content, tmp_path / "compiled").target)
    assert speech.variants("newcapability/hello", "en-GB", name="Sam & co")[1] == "Hi Sam &amp; co."
    assert speech.data("screen_slang", "en-GB") == {"phrases": ["top myself", "do myself in"], "levels": {"high": 3}}
    assert speech.data("screen_slang", "en-US") == {"phrases": ["kms"]}
    assert "newcapability/hello" in speech.keys("en-AU")


@pytest.mark.parametrize(("yaml_text", "complaint"), [
    ("checked: 2026-11-26\n", "date"),
    ("levels:\n  1: high\n", "key 1"),
    ("when: 2026-11-26T10:00:00\n", "datetime"),
    ("raw: !!binary aGVsbG8=\n", "bytes"),
])
def test_data_that_json_would_change_is_refused_with_its_place(content, tmp_path, yaml_text, complaint):
    (content / "en" / "data" / "lines.yaml").write_text(yaml_text)
    with pytest.raises(ContentError, match=complaint) as raised:
        compile_content.compile_content(content, tmp_path / "compiled")
    assert "content/en/data/lines.yaml" in str(raised.value)


def test_a_broken_template_fails_the_build_and_names_it(content, tmp_path):
    (content / "en" / "messages" / "broken.yaml").write_text("oops: 'Hello {{ name '\n")
    with pytest.raises(ContentError, match="en/broken/oops"):
        compile_content.compile_content(content, tmp_path / "compiled")


def test_every_template_in_the_data_is_compiled_and_plain_text_is_spoken_as_written(speech):
    segment = speech.data("reflection", "en-US")["segments"]["opening"]["ssml"]
    assert "<break" in speech.fragment(segment, "en-US", safe_person=None, ask_name=False, audio=False)
    assert str(speech.fragment("Plain words & no template.", "en-US")) == "Plain words & no template."
    with pytest.raises(MissingMessage):
        speech.fragment("{{ made_up_in_code }}", "en-US")


def test_what_the_compiler_rendered_once_is_what_the_template_says(speech):
    static = speech._static
    assert len(static) > 100, "most messages read no value"
    for name, text in static.items():
        assert speech._template(name).render(_locale="en-US").strip() == text, name


def test_a_number_from_content_is_rendered_once_and_no_users_words_are_kept(speech):
    line = speech.data("crisis_lines", "en-US")["locales"]["en-US"]["line"]
    first = speech.message("safety/number", "en-US", n=line)
    assert "<say-as" in first and len(speech._rendered) >= 1
    assert speech.message("safety/number", "en-US", n=line) == first
    kept = dict(speech._rendered)
    said = {"words": "my secret words", "groups": [], "read_as": "digits"}
    assert "my secret words" in speech.message("safety/number", "en-US", n=said)
    assert speech._rendered == kept, "a value from a request is never kept"
    assert not any("my secret words" in text for text, _ in speech._rendered.values())


CHILD = """
import json, sys
import jinja2
def refuse(*args, **kwargs):
    raise AssertionError("a template was lexed, parsed or compiled while answering")
jinja2.Environment._parse = jinja2.Environment._tokenize = jinja2.Environment.compile = refuse
import lambda_function
for event in json.loads(sys.stdin.read()):
    answer = lambda_function.lambda_handler(event, None)
    assert answer["response"].get("outputSpeech") or event["request"]["type"] != "IntentRequest", answer
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("yaml", "_yaml"))))
"""


def test_no_request_parses_yaml_or_compiles_a_template(dynamodb):
    """A launch, a reflection, a counter-belief, help and a crisis, in a fresh process."""
    from tools.envelopes import Device, intent_request, launch_request, slot

    device = Device()
    session = {"new": False, "sessionId": "s-1", "attributes": {}}
    events = [device.envelope(launch_request(), {**session, "new": True})] + [
        device.envelope(intent_request(name, slots), session) for name, slots in (
            ("StartReflectionIntent", []), ("AMAZON.NextIntent", []), ("AMAZON.HelpIntent", []),
            ("GiveCounterBeliefIntent", [slot("belief", "I'll be a burden")]), ("CrisisIntent", []))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "lambda"), str(ROOT)])}
    env.pop("SAFE_CONNECTIONS_STRICT", None)
    result = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(events), capture_output=True, text=True,
                            env={**env, "SAFE_CONNECTIONS_STRICT": "1"}, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.splitlines()[-1]) == [], "a request imported a YAML parser"
