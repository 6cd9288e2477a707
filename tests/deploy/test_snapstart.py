"""SnapStart, off by default: the template in both settings, and the hooks a restored function runs."""

from __future__ import annotations

import copy
import json
import random
import sys
import types
from typing import Any

import pytest

from tools.template import load_template

SKILL_ID = "amzn1.ask.skill.01234567-89ab-cdef-0123-456789abcdef"


class _NoManagedPolicies:
    def load(self) -> dict[str, str]:
        return {}


def _resolved(node: Any, on: bool) -> Any:
    """The transformed template as CloudFormation evaluates it with SnapStart On or Off."""
    if isinstance(node, dict):
        if set(node) == {"Fn::If"} and node["Fn::If"][0] == "SnapStartOn":
            return _resolved(node["Fn::If"][1 if on else 2], on)
        kept = {key: _resolved(value, on) for key, value in node.items()}
        return {key: value for key, value in kept.items() if value != {"Ref": "AWS::NoValue"}}
    if isinstance(node, list):
        return [_resolved(value, on) for value in node]
    return node


@pytest.fixture(scope="module", params=["Off", "On"])
def deployed(request) -> tuple[str, dict[str, Any]]:
    from samtranslator.translator.transform import transform

    template = copy.deepcopy(load_template())
    for resource in template["Resources"].values():  # what `sam package` does: the local zip becomes S3
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://deploy-bucket/lambda.zip"
    transformed = transform(template, {"SkillId": SKILL_ID, "SnapStart": request.param, "AWS::Region": "us-east-1"},
                            _NoManagedPolicies())
    resolved = _resolved(transformed, request.param == "On")
    # Resolved, the condition and its parameter have done their work; the linter would call them unused.
    resolved["Conditions"].pop("SnapStartOn")
    resolved["Parameters"].pop("SnapStart")
    return request.param, {key: value for key, value in resolved.items() if value != {}}


def _of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


def test_snapstart_is_off_unless_the_deployer_turns_it_on():
    parameter = load_template()["Parameters"]["SnapStart"]
    assert parameter["Default"] == "Off" and set(parameter["AllowedValues"]) == {"Off", "On"}
    assert "billed" in parameter["Description"]


def test_each_setting_lints_clean_as_cloudformation_will_see_it(deployed):
    from cfnlint.api import ManualArgs, lint

    _, template = deployed
    assert lint(json.dumps(template), config=ManualArgs(regions=["us-east-1"])) == []


def test_snapstart_applies_to_the_published_version_alexa_invokes(deployed):
    setting, template = deployed
    function = template["Resources"]["SkillFunction"]
    snapstart = function["Properties"].get("SnapStart")
    assert snapstart == ({"ApplyOn": "PublishedVersions"} if setting == "On" else None)
    (version,) = _of_type(template, "AWS::Lambda::Version")
    (alias,) = _of_type(template, "AWS::Lambda::Alias")
    version_id = next(k for k, r in template["Resources"].items() if r is version)
    alias_id = next(k for k, r in template["Resources"].items() if r is alias)
    assert version["Properties"]["FunctionName"] == {"Ref": "SkillFunction"}
    assert alias["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [version_id, "Version"]}
    (permission,) = [p for p in _of_type(template, "AWS::Lambda::Permission")
                     if p["Properties"]["Principal"] == "alexa-appkit.amazon.com"]
    assert permission["Properties"]["FunctionName"] == {"Ref": alias_id}, "Alexa must invoke the alias"
    assert permission["Properties"]["EventSourceToken"] == {"Ref": "SkillId"}
    assert template["Outputs"]["SkillFunctionArn"]["Value"] == {"Ref": alias_id}, "skill.json gets the alias"


# -- the runtime hooks ----------------------------------------------------------------------------


@pytest.fixture
def runtime_hooks(monkeypatch) -> dict[str, list]:
    """What Lambda's snapshot_restore_py records; Lambda runs them around the snapshot."""
    hooks: dict[str, list] = {"before": [], "after": []}
    module = types.ModuleType("snapshot_restore_py")
    module.register_before_snapshot = lambda func, *args, **kwargs: hooks["before"].append((func, args, kwargs))
    module.register_after_restore = lambda func, *args, **kwargs: hooks["after"].append((func, args, kwargs))
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", module)
    return hooks


def _run(hooks: list) -> None:
    for func, args, kwargs in hooks:
        func(*args, **kwargs)


def test_without_lambdas_runtime_there_is_nothing_to_register(dynamodb):
    from safe_connections import app, snapstart
    from safe_connections.config import load_config

    assert snapstart.register(app.build_skill(load_config())) is False


def test_the_snapshot_holds_every_template_and_a_restore_gets_fresh_seeds(runtime_hooks, dynamodb, talk):
    from safe_connections import app, snapstart
    from safe_connections.config import load_config

    skill = app.build_skill(load_config(), rng=random.Random(7))
    assert snapstart.register(skill) is True
    _run(runtime_hooks["before"])
    index = json.loads((load_config().content_dir / "index.json").read_bytes())
    every_template = sum(sum(counts.values()) for counts in index["messages"].values()) + len(index["fragments"])
    assert len(skill.speech._templates) == every_template - len(index["static"]), "the others are text already"

    restored_twice = []
    for _ in range(2):  # two environments resumed from one snapshot
        skill.speech.rng.setstate(random.Random(7).getstate())
        _run(runtime_hooks["after"])
        restored_twice.append([skill.speech.rng.random() for _ in range(3)])
    assert restored_twice[0] != restored_twice[1], "each restored environment chooses its own variants"

    answer = app.handle_event(talk.device.envelope(_launch(), {"new": True, "sessionId": "s", "attributes": {}}),
                              None, skill=skill)
    assert "Safe Connections" in answer["response"]["outputSpeech"]["ssml"], "DynamoDB still answers after restore"


def test_a_fixed_variant_seed_survives_a_restore(runtime_hooks, dynamodb):
    from safe_connections import app, snapstart
    from safe_connections.config import load_config

    skill = app.build_skill(load_config(), rng=random.Random(3))
    snapstart.register(skill, reseed=False)
    _run(runtime_hooks["after"])
    assert skill.speech.rng.random() == random.Random(3).random()


def _launch() -> dict[str, Any]:
    from tools.envelopes import launch_request

    return launch_request()
