"""Stopping background tasks reliably."""

import asyncio
import logging

logger = logging.getLogger(__name__)

RECANCEL_SECONDS = 0.1


async def cancel_and_wait(task: asyncio.Task) -> None:
    """Cancel `task` and wait until it has finished.

    The cancellation is repeated until the task ends, because a library may lose
    one: redis-py 5.3 with a `socket_timeout` on Python 3.11 can swallow a
    CancelledError that arrives while it reads a reply.
    """
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=RECANCEL_SECONDS)
    if not task.cancelled() and task.exception() is not None:
        logger.error("task %s failed", task.get_name(), exc_info=task.exception())
