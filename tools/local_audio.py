"""The reflection's audio bucket on the local moto server (the same process that serves DynamoDB),
created as template.yaml declares it and filled by the same render a deploy runs (tools/render_audio.py).

moto stands in for S3 and for Polly. Its Polly "audio" is a few silent bytes, so the simulator times
playback from the script itself, and `--speak` renders the segments with espeak-ng. The skill reaches
both through AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_POLLY, with the boto3 code it runs in Lambda.
moto does not enforce bucket policies, so the template's TLS-only policy is checked in tests/deploy.
"""

from __future__ import annotations

from typing import Any

from tools.local_dynamodb import LOCAL_ENV, LocalDynamoDB
from tools.template import load_template

DEFAULT_BUCKET = "safe-connections-audio-local"


def bucket_properties() -> dict[str, Any]:
    resources = load_template()["Resources"]
    return next(r["Properties"] for r in resources.values() if r["Type"] == "AWS::S3::Bucket")


def client(server: LocalDynamoDB, service: str) -> Any:
    import boto3

    return boto3.client(service, endpoint_url=server.endpoint, region_name=LOCAL_ENV["AWS_REGION"],
                        aws_access_key_id="local", aws_secret_access_key="local")


def create_bucket(server: LocalDynamoDB, name: str = DEFAULT_BUCKET) -> str:
    """The bucket with the template's encryption, public access block and ownership (idempotent)."""
    s3 = client(server, "s3")
    try:
        s3.create_bucket(Bucket=name)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        return name
    props = bucket_properties()
    # CloudFormation's ServerSideEncryptionByDefault is the API's ApplyServerSideEncryptionByDefault.
    rules = [{"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}
             for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]]
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=props["OwnershipControls"])
    return name


def env(server: LocalDynamoDB, bucket: str = DEFAULT_BUCKET) -> dict[str, str]:
    return {"AWS_ENDPOINT_URL_S3": server.endpoint, "AWS_ENDPOINT_URL_POLLY": server.endpoint, "AUDIO_BUCKET": bucket}


def prepare(server: LocalDynamoDB, bucket: str = DEFAULT_BUCKET, locales: list[str] | None = None) -> dict[str, str]:
    """Creates the bucket, renders into it through moto's Polly, and returns the skill's environment."""
    from tools import render_audio

    create_bucket(server, bucket)
    render_audio.render(bucket, client(server, "s3"), client(server, "polly"), locales=locales, out=lambda _: None)
    return env(server, bucket)
