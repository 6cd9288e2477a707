"""AWS Lambda entry points: Alexa envelope -> safe_connections.app; the deletion queue -> safe_connections.deletions."""

from typing import Any

from safe_connections.app import handle_event


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_event(event, context)


def deletion_worker(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The DeletionQueue's worker (template.yaml: DeletionWorker): an SQS event in, batchItemFailures out."""
    from safe_connections.deletions import handle_batch

    return handle_batch(event, context)
