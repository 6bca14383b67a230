"""The cron job that records when a worker last ran, for health checks."""

import logging
from datetime import datetime
from typing import Any

from redis.asyncio import Redis

from steward.clock import utcnow

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "steward:worker:heartbeat"


async def heartbeat(ctx: dict[str, Any]) -> str:
    """Store the current UTC time (ISO 8601) under HEARTBEAT_KEY and return it."""
    logger.info("heartbeat job %s started", ctx["job_id"])
    now = utcnow().isoformat()
    await ctx["redis"].set(HEARTBEAT_KEY, now)
    logger.info("heartbeat job %s finished at %s", ctx["job_id"], now)
    return now


async def last_heartbeat(redis: Redis) -> datetime | None:
    """Return when a worker last ran the heartbeat job, or None if none has."""
    value = await redis.get(HEARTBEAT_KEY)
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode()
    return datetime.fromisoformat(value)
