"""AWS Lambda entry points: Alexa envelope -> safe_connections.app; the deletion queue -> safe_connections.deletions.

In the skill's Lambda function, importing this module is the INIT phase, so the skill and its
DynamoDB client are built here (app.prepare): INIT runs with Lambda's burst CPU and, with SnapStart
on, is kept in the snapshot. The garbage collector is off while they are built: INIT allocates some
100,000 objects that live as long as the process, and collecting while they pile up costs about a
tenth of a cold start (bench/README.md). Then gc.freeze() moves them out of every later collection,
and collection resumes. The deletion worker's function (another _HANDLER) builds none of it. Tests
and the simulator set their environment after importing this, so there the skill is built on the
first request instead, with nothing of the above.
"""

import gc
import os
from typing import Any

SKILL_HANDLER = "lambda_function.lambda_handler"

if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") and os.environ.get("_HANDLER", SKILL_HANDLER) == SKILL_HANDLER:
    gc.disable()
    try:
        from safe_connections import app

        app.prepare()
    finally:
        gc.freeze()
        gc.enable()
else:
    from safe_connections import app


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.handle_event(event, context)


def deletion_worker(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The DeletionQueue's worker (template.yaml: DeletionWorker): an SQS event in, batchItemFailures out."""
    from safe_connections.deletions import handle_batch

    return handle_batch(event, context)
