"""The real skill as Lambda runs it for one Alexa skill: SKILL_ID in the environment, read once.

ASK CLI's replay files name the skill they were recorded against (`skillId`); Alexa sends that id in
every request and the skill refuses any other (envelope.refuse_foreign). To play such a file locally,
the simulator deploys the skill for that id, as `sam deploy` does with the SkillId parameter: it sets
SKILL_ID and forgets the configuration and the skill the process built (both are cached, by design,
once per Lambda container), so the next request builds them again for the new id.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


def _forget_the_built_skill() -> None:
    from safe_connections import app, config

    config.load_config.cache_clear()
    app._skill.cache_clear()


@contextmanager
def deployed_as(skill_id: str) -> Iterator[None]:
    """While inside, lambda_handler is the skill deployed with SKILL_ID=skill_id; then as it was."""
    before = os.environ.get("SKILL_ID")
    os.environ["SKILL_ID"] = skill_id
    _forget_the_built_skill()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SKILL_ID", None)
        else:
            os.environ["SKILL_ID"] = before
        _forget_the_built_skill()
