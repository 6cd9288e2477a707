"""AWS Lambda entry point: Alexa envelope -> safe_connections.app.

In Lambda, importing this module is the INIT phase, so the skill and its DynamoDB client are built
here (app.prepare): INIT runs with Lambda's burst CPU and, with SnapStart on, is kept in the snapshot.
Tests and the simulator set their environment after importing this, so there they are built on the
first request instead.
"""

import os
from typing import Any

from safe_connections import app

if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
    app.prepare()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.handle_event(event, context)
