"""The worker jobs that run bulk owner changes and resume those whose worker died.

A worker running a bulk job holds a lease in Redis, a key with a LEASE_SECONDS
expiry that it renews every RENEW_SECONDS. When the worker dies, arq leaves the job
marked in progress until its job timeout (300 s by default) has passed, and only
then runs it again. `resume_orphaned_jobs`, a cron job that also runs at each
worker's start, does not wait that long: it enqueues a fresh run of each
unfinished job whose lease has expired. That also covers a job whose queue entry
was lost with Redis, and a run that arq cancelled at its job timeout. Running a
job twice is harmless, because each chunk's progress update is conditional (see
steward/bulk_jobs.py): the second run resumes after the last committed chunk, and
no chunk is applied twice.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix

from models import BulkJob, BulkJobState
from steward import bulk_jobs

logger = logging.getLogger(__name__)

LEASE_KEY = "steward:bulk-job-lease:{job_id}"
LEASE_SECONDS = 10
RENEW_SECONDS = 2
RESUME_EVERY_SECONDS = 10


def lease_key(job_id: uuid.UUID | str) -> str:
    return LEASE_KEY.format(job_id=job_id)


@contextlib.asynccontextmanager
async def lease(redis: ArqRedis, job_id: str) -> AsyncIterator[None]:
    """Hold the job's lease while the block runs, renewing it in the background."""
    key = lease_key(job_id)
    await redis.set(key, "1", ex=LEASE_SECONDS)

    async def renew() -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            await redis.set(key, "1", ex=LEASE_SECONDS)

    renewer = asyncio.create_task(renew(), name=f"bulk-job-lease:{job_id}")
    try:
        yield
    finally:
        renewer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewer
        await redis.delete(key)


async def run_bulk_job(ctx: dict[str, Any], job_id: str) -> dict[str, Any]:
    """Run or resume one bulk job; a retried job continues after its last chunk."""
    redis = ctx["redis"]
    outbox = ctx.get("outbox")

    async def publish(channel: str, message: str) -> object:
        # Progress goes out after each chunk commits: the chunk's notifications
        # and owner changes wait in the outbox, so publish them now too.
        if outbox is not None:
            outbox.wake()
        return await redis.publish(channel, message)

    async with lease(redis, job_id):
        job = await bulk_jobs.run_job(ctx["policy"], uuid.UUID(job_id), publish=publish)
    return {"state": job.state.value, "done": job.done, "total": job.total}


async def is_orphaned(redis: ArqRedis, job: BulkJob) -> bool:
    """Return whether no worker runs the unfinished `job` and none will by itself.

    That is a job without a live lease that is running, or that arq has handed to
    a worker, or that arq no longer has in its queue.
    """
    if await redis.exists(lease_key(job.id)):
        return False
    if job.state == BulkJobState.RUNNING:
        return True
    queue_id = bulk_jobs.queue_job_id(job.id)
    if await redis.exists(in_progress_key_prefix + queue_id):
        return True
    return not await redis.exists(job_key_prefix + queue_id)


async def resume_orphaned_jobs(ctx: dict[str, Any]) -> int:
    """Enqueue a new run of every orphaned bulk job; return how many."""
    redis: ArqRedis = ctx["redis"]
    unfinished = await BulkJob.filter(
        state__in=[BulkJobState.QUEUED, BulkJobState.RUNNING]
    ).order_by("created_at")
    resumed = 0
    for job in unfinished:
        if not await is_orphaned(redis, job):
            continue
        # Claim the job for a lease period, so that the resume jobs of other
        # workers starting at the same time skip it.
        if not await redis.set(
            lease_key(job.id), "resuming", ex=LEASE_SECONDS, nx=True
        ):
            continue
        run_id = f"{bulk_jobs.queue_job_id(job.id)}:resume:{time.time_ns()}"
        await redis.enqueue_job(run_bulk_job.__name__, str(job.id), _job_id=run_id)
        logger.warning(
            "bulk job %s had no live worker at %d of %d; enqueued it again as %s",
            job.id,
            job.done,
            job.total,
            run_id,
        )
        resumed += 1
    return resumed
