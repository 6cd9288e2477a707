"""template.yaml transforms with aws-sam-translator offline and lints clean with cfn-lint."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tools.template import load_template

SKILL_ID = "amzn1.ask.skill.01234567-89ab-cdef-0123-456789abcdef"


class _NoManagedPolicies:
    """The template names no AWS managed policies, so the translator never needs IAM to look one up."""

    def load(self) -> dict[str, str]:
        return {}


@pytest.fixture(scope="module")
def transformed() -> dict[str, Any]:
    from samtranslator.translator.transform import transform

    template = copy.deepcopy(load_template())
    # What `sam package` does: the local zip becomes an S3 location.
    template["Resources"]["SkillFunction"]["Properties"]["CodeUri"] = "s3://deploy-bucket/lambda.zip"
    return transform(template, {"SkillId": SKILL_ID, "AWS::Region": "us-east-1"}, _NoManagedPolicies())


def _lint(template_text: str) -> list[Any]:
    from cfnlint.api import ManualArgs, lint

    return lint(template_text, config=ManualArgs(regions=["us-east-1"]))


def test_the_sam_template_lints_clean():
    from tools.template import TEMPLATE

    assert _lint(TEMPLATE.read_text()) == []


def test_the_transformed_template_lints_clean(transformed):
    assert _lint(json.dumps(transformed)) == []


def _of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


def test_function_runs_python313_on_arm64_within_alexas_time(transformed):
    (function,) = _of_type(transformed, "AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Runtime"] == "python3.13" and props["Architectures"] == ["arm64"]
    assert props["Timeout"] < 8
    assert props["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "JournalTable"}


def test_only_the_configured_skill_may_invoke_the_function(transformed):
    assert "Default" not in load_template()["Parameters"]["SkillId"]
    (permission,) = _of_type(transformed, "AWS::Lambda::Permission")
    assert permission["Properties"]["Principal"] == "alexa-appkit.amazon.com"
    assert permission["Properties"]["EventSourceToken"] == {"Ref": "SkillId"}


def _statements(transformed: dict[str, Any]) -> list[dict[str, Any]]:
    (role,) = _of_type(transformed, "AWS::IAM::Role")
    return [s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]


def test_the_function_may_touch_only_its_own_table(transformed):
    statements = [s for s in _statements(transformed) if any(a.startswith("dynamodb:") for a in s["Action"])]
    assert statements
    for statement in statements:
        assert all(action.startswith("dynamodb:") for action in statement["Action"])
        assert "dynamodb:Scan" not in statement["Action"] and "dynamodb:CreateTable" not in statement["Action"]
        for resource in statement["Resource"]:
            assert "JournalTable" in json.dumps(resource)


def test_the_function_only_reads_the_rendered_audio_and_nothing_else(transformed):
    others = [s for s in _statements(transformed) if not all(a.startswith("dynamodb:") for a in s["Action"])]
    assert [s["Action"] for s in others] == [["s3:GetObject"]], "only GetObject: presigned URLs and HeadObject"
    assert json.dumps(others[0]["Resource"]) == json.dumps({"Fn::Sub": "${AudioBucket.Arn}/reflection/*"})
    (function,) = _of_type(transformed, "AWS::Lambda::Function")
    assert function["Properties"]["Environment"]["Variables"]["AUDIO_BUCKET"] == {"Ref": "AudioBucket"}
    assert load_template()["Outputs"]["AudioBucketName"]["Value"] == {"Ref": "AudioBucket"}


def test_the_audio_bucket_is_private_encrypted_and_tls_only(transformed):
    (bucket,) = _of_type(transformed, "AWS::S3::Bucket")
    props = bucket["Properties"]
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True} and \
        len(props["PublicAccessBlockConfiguration"]) == 4
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert "AccessControl" not in props and "WebsiteConfiguration" not in props
    (policy,) = _of_type(transformed, "AWS::S3::BucketPolicy")
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == "*" and statement["Action"] == "s3:*"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": False}}
    assert len(statement["Resource"]) == 2, "the bucket and every object in it"


def test_the_journal_survives_a_stack_deletion_and_is_encrypted(transformed):
    (table,) = [r for r in transformed["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    props = table["Properties"]
    assert props["DeletionProtectionEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["TimeToLiveSpecification"]["Enabled"] is True
    assert {a["AttributeType"] for a in props["AttributeDefinitions"]} == {"S"}


def test_logs_are_kept_for_a_set_time(transformed):
    (logs,) = _of_type(transformed, "AWS::Logs::LogGroup")
    assert logs["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
