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
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://deploy-bucket/lambda.zip"
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


def _function(template: dict[str, Any], handler: str) -> dict[str, Any]:
    return next(f for f in _of_type(template, "AWS::Lambda::Function") if f["Properties"]["Handler"] == handler)


def _statements(template: dict[str, Any], function: dict[str, Any]) -> list[dict[str, Any]]:
    role = template["Resources"][function["Properties"]["Role"]["Fn::GetAtt"][0]]
    return [s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]


def _get_att(value: Any) -> list[str]:
    """!GetAtt X.Arn and {"Fn::GetAtt": ["X", "Arn"]} alike, as ["X", "Arn"]."""
    found = value.get("Fn::GetAtt") if isinstance(value, dict) else None
    return found.split(".", 1) if isinstance(found, str) else list(found or [])


QUEUE_ARN = ["DeletionQueue", "Arn"]


def test_function_runs_python313_on_arm64_within_alexas_time(transformed):
    props = _function(transformed, "lambda_function.lambda_handler")["Properties"]
    assert props["Runtime"] == "python3.13" and props["Architectures"] == ["arm64"]
    assert props["Timeout"] < 8
    assert props["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "JournalTable"}


def test_only_the_configured_skill_may_invoke_the_function(transformed):
    assert "Default" not in load_template()["Parameters"]["SkillId"]
    (permission,) = _of_type(transformed, "AWS::Lambda::Permission")
    assert permission["Properties"]["Principal"] == "alexa-appkit.amazon.com"
    assert permission["Properties"]["EventSourceToken"] == {"Ref": "SkillId"}


def test_the_skill_may_touch_only_its_own_table_and_send_to_its_own_queue(transformed):
    skill = _function(transformed, "lambda_function.lambda_handler")
    assert skill["Properties"]["Environment"]["Variables"]["DELETION_QUEUE_URL"] == {"Ref": "DeletionQueue"}
    for statement in _statements(transformed, skill):
        actions = statement["Action"]
        if any(action.startswith("sqs:") for action in actions):
            assert actions == ["sqs:SendMessage"] and _get_att(statement["Resource"]) == QUEUE_ARN
            continue
        if any(action.startswith("s3:") for action in actions):
            continue  # the audio bucket: below
        assert all(action.startswith("dynamodb:") for action in actions)
        assert "dynamodb:Scan" not in actions and "dynamodb:CreateTable" not in actions
        for resource in statement["Resource"]:
            assert "JournalTable" in json.dumps(resource)


def test_the_deletion_worker_may_only_delete_from_its_table_and_drain_its_queue(transformed):
    worker = _function(transformed, "lambda_function.deletion_worker")
    assert worker["Properties"]["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "JournalTable"}
    found: dict[str, Any] = {}
    for statement in _statements(transformed, worker):
        for action in statement["Action"]:
            found[action] = statement["Resource"]
    table_actions = {"dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
    queue_actions = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                     "sqs:GetQueueAttributes", "sqs:SendMessage"}
    assert set(found) == table_actions | queue_actions
    for action in table_actions:
        assert all("JournalTable" in json.dumps(resource) for resource in found[action])
    assert all(_get_att(found[action]) == QUEUE_ARN for action in queue_actions)
    role = transformed["Resources"][worker["Properties"]["Role"]["Fn::GetAtt"][0]]
    managed = [json.dumps(arn).rsplit("/", 1)[-1].strip('"}') for arn in role["Properties"]["ManagedPolicyArns"]]
    assert managed == ["AWSLambdaBasicExecutionRole"], "no managed SQS policy that reaches every queue"


def test_the_deletion_queue_is_encrypted_drained_with_partial_failures_and_has_a_dead_letter_queue(transformed):
    queues = {name: r["Properties"] for name, r in transformed["Resources"].items() if r["Type"] == "AWS::SQS::Queue"}
    queue, dead = queues["DeletionQueue"], queues["DeletionDeadLetterQueue"]
    assert queue["SqsManagedSseEnabled"] is True and dead["SqsManagedSseEnabled"] is True
    assert _get_att(queue["RedrivePolicy"]["deadLetterTargetArn"]) == ["DeletionDeadLetterQueue", "Arn"]
    assert 1 < queue["RedrivePolicy"]["maxReceiveCount"] <= 10
    assert dead["MessageRetentionPeriod"] > queue["MessageRetentionPeriod"], "a failed deletion outlives its retries"
    worker = _function(transformed, "lambda_function.deletion_worker")["Properties"]
    assert queue["VisibilityTimeout"] >= 6 * worker["Timeout"], "Lambda's SQS event source asks for 6x the timeout"
    (mapping,) = _of_type(transformed, "AWS::Lambda::EventSourceMapping")
    assert _get_att(mapping["Properties"]["EventSourceArn"]) == QUEUE_ARN
    assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    (policy,) = _of_type(transformed, "AWS::SQS::QueuePolicy")
    (deny,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    (alarm,) = _of_type(transformed, "AWS::CloudWatch::Alarm")
    assert _get_att(alarm["Properties"]["Dimensions"][0]["Value"]) == ["DeletionDeadLetterQueue", "QueueName"]


def test_the_worker_stops_in_time_to_queue_the_rest():
    from safe_connections.deletions import CONTINUE_RESERVE_SECONDS

    from tools.local_queues import worker_settings

    assert worker_settings()["timeout"] > 4 * CONTINUE_RESERVE_SECONDS


def test_the_function_only_reads_the_rendered_audio_and_nothing_else(transformed):
    skill = _function(transformed, "lambda_function.lambda_handler")
    others = [s for s in _statements(transformed, skill)
              if not all(a.startswith(("dynamodb:", "sqs:")) for a in s["Action"])]
    assert [s["Action"] for s in others] == [["s3:GetObject"]], "only GetObject: presigned URLs and HeadObject"
    assert json.dumps(others[0]["Resource"]) == json.dumps({"Fn::Sub": "${AudioBucket.Arn}/reflection/*"})
    assert skill["Properties"]["Environment"]["Variables"]["AUDIO_BUCKET"] == {"Ref": "AudioBucket"}
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
    for logs in _of_type(transformed, "AWS::Logs::LogGroup"):
        assert logs["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
