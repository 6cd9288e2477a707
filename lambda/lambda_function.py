"""AWS Lambda entry point: Alexa envelope -> safe_connections.app."""

from typing import Any

from safe_connections.app import handle_event


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_event(event, context)
