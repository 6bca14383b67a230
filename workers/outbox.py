"""The job that publishes the outbox now (see steward/outbox.py).

The worker also runs an OutboxPublisher in the background from its startup, so
this job is only needed to publish at once, for example from a script.
"""

import logging
from typing import Any

from steward import outbox

logger = logging.getLogger(__name__)


async def publish_outbox(ctx: dict[str, Any]) -> int:
    """Publish every pending outbox event; raise RedisError when Redis fails."""
    sent = await outbox.publish_pending(ctx["redis"])
    logger.info("outbox job %s published %d events", ctx["job_id"], sent)
    return sent
