"""The deployable zip, unpacked into an empty folder, answers a LaunchRequest on its own, from the
compiled content: no YAML parser in the zip, and no template lexed, parsed or compiled to answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import build_zip
from tools.envelopes import Device, launch_request

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import jinja2
def refuse(*args, **kwargs):
    raise AssertionError("a template was compiled while answering")
jinja2.Environment._parse = jinja2.Environment._generate = jinja2.Environment.compile = refuse
import ask_sdk_core, lambda_function
for module in (ask_sdk_core, jinja2, lambda_function):
    assert module.__file__.startswith(sys.argv[1]), module.__file__
assert "botocore.client" in sys.modules, "INIT (the import, in Lambda) builds the DynamoDB client"
answer = lambda_function.lambda_handler(json.loads(sys.stdin.read()), None)
assert "yaml" not in sys.modules, "a request imported a YAML parser"
print(json.dumps(answer))
"""


WORKER_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import lambda_function
print(json.dumps(lambda_function.deletion_worker(json.loads(sys.stdin.read()), None)))
"""


@pytest.mark.slow
def test_the_built_zip_answers_a_launch_request(tmp_path, dynamodb):
    archive = build_zip.build(tmp_path / "lambda.zip")
    size_mb = archive.stat().st_size / 1e6
    assert size_mb < 5, f"zip is {size_mb:.2f} MB"
    unpacked = tmp_path / "task"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert "lambda_function.py" in names and "content/index.json" in names
        assert any(n.startswith("content/templates/__pycache__/tmpl_") for n in names), "templates' bytecode"
        index = json.loads(zipped.read("content/index.json"))
        modules = sum(n.startswith("content/templates/tmpl_") for n in names)
        assert modules == sum(map(sum, (c.values() for c in index["messages"].values()))) + len(
            index["fragments"]) - len(index["static"]), "a module for every template a request renders"
        assert not any(n.endswith((".yaml", ".yml")) or n.startswith("yaml/") for n in names), "YAML stays home"
        assert not any(n.startswith(("boto3/", "botocore/")) for n in names), "boto3 comes with the runtime"
        zipped.extractall(unpacked)
    device = Device()
    event = device.envelope(launch_request(), {"new": True, "sessionId": "s-1", "attributes": {}})
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(dynamodb.env(os.environ["TABLE_NAME"]))
    env["AWS_LAMBDA_FUNCTION_NAME"] = "safe-connections"  # as Lambda sets it: importing the handler is INIT
    result = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, str(unpacked)],
        input=json.dumps(event), capture_output=True, text=True, cwd=unpacked, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    response = json.loads(result.stdout.strip().splitlines()[-1])["response"]
    assert "Welcome to Safe Connections" in response["outputSpeech"]["ssml"]
    assert response["shouldEndSession"] is False
    print(f"lambda.zip: {size_mb:.2f} MB")
    assert Path(unpacked / "safe_connections" / "app.py").exists()
    # The same zip is the deletion worker (template.yaml: DeletionWorker, its own handler).
    worker = subprocess.run(
        [sys.executable, "-I", "-c", WORKER_PROBE, str(unpacked)], input=json.dumps({"Records": []}),
        capture_output=True, text=True, cwd=unpacked, env=env, timeout=60)
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert json.loads(worker.stdout.strip().splitlines()[-1]) == {"batchItemFailures": []}
