"""The cron job that expires inactive assignments (see steward/expiry.py)."""

import logging
from typing import Any

from arq import cron
from arq.cron import CronJob

from steward import expiry
from steward.clock import utcnow
from steward.config import check_expiry_interval

logger = logging.getLogger(__name__)


async def expire_assignments(ctx: dict[str, Any]) -> dict[str, Any]:
    """Run one expiry sweep as of now and publish its notifications."""
    logger.info("expiry job %s started", ctx["job_id"])
    outcome = await expiry.sweep(utcnow())
    if ctx.get("outbox") is not None:
        ctx["outbox"].wake()
    logger.info(
        "expiry job %s finished: %d removed, %d reported, %d warned",
        ctx["job_id"],
        outcome.removed,
        outcome.reported,
        outcome.warned,
    )
    return {
        "batch_id": str(outcome.batch_id),
        "removed": outcome.removed,
        "reported": outcome.reported,
        "warned": outcome.warned,
    }


def expiry_cron(every_minutes: int) -> CronJob:
    """Return the cron entry that sweeps every `every_minutes` minutes, at second 0."""
    check_expiry_interval(every_minutes)
    minutes = None if every_minutes == 1 else set(range(0, 60, every_minutes))
    return cron(expire_assignments, minute=minutes, second=0)
