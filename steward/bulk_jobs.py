"""Bulk changes larger than one transaction, run by a worker in resumable chunks.

The selection is fixed when the job is created. Each chunk's changes, history and
the job's progress commit in one transaction, and the progress update is
conditional on the progress the chunk started from. A job that is killed and
retried therefore resumes after its last committed chunk, and two runs of the same
job never both apply a chunk.
"""

import json
import logging
import uuid
from collections.abc import Awaitable, Callable

from tortoise.transactions import in_transaction

from models import AssignmentReason, BulkJob, BulkJobState, User
from policy import PolicyEngine
from steward.bulk import (
    BulkRequest,
    check_request,
    plan_chunk,
    raise_refusals,
    resolve_selection,
)
from steward.changes import apply_changes
from steward.clock import utcnow
from steward.errors import Conflict, NotFound
from steward.sql import CHUNK_SIZE

logger = logging.getLogger(__name__)

PROGRESS_CHANNEL = "steward:bulk-job:{job_id}"
Publisher = Callable[[str, str], Awaitable[object]]


def progress_channel(job_id: uuid.UUID) -> str:
    return PROGRESS_CHANNEL.format(job_id=job_id)


def progress_message(job: BulkJob) -> str:
    return json.dumps(
        {
            "id": str(job.id),
            "state": job.state.value,
            "done": job.done,
            "total": job.total,
        }
    )


async def create_job(
    policy: PolicyEngine, actor: User, request: BulkRequest
) -> BulkJob:
    """Check the whole request and store it as a queued job; nothing else changes."""
    role = await check_request(policy, actor, request)
    record_ids = await resolve_selection(actor.account_id, request)
    outcome = await plan_chunk(policy, actor, request, role, record_ids)
    raise_refusals(outcome)
    job = await BulkJob.create(
        id=uuid.uuid4(),
        account_id=actor.account_id,
        actor_id=actor.id,
        request=request.to_json(),
        record_ids=record_ids,
        total=len(record_ids),
        batch_id=uuid.uuid4(),
    )
    logger.info(
        "bulk job %s queued by user %s: %d records", job.id, actor.id, job.total
    )
    return job


async def _run_chunk(
    policy: PolicyEngine, job: BulkJob, actor: User, request: BulkRequest
) -> bool:
    """Apply the next chunk; return False when another run applied it first."""
    assert job.record_ids is not None
    start = job.done
    chunk = job.record_ids[start : start + CHUNK_SIZE]
    role = await check_request(policy, actor, request)
    async with in_transaction():
        outcome = await plan_chunk(policy, actor, request, role, chunk)
        changes = [c for c in outcome.changes]
        await apply_changes(
            job.account_id,
            changes,
            actor_id=job.actor_id,
            reason=AssignmentReason.BULK,
            batch_id=job.batch_id,
            at=utcnow(),
        )
        advanced = await BulkJob.filter(id=job.id, done=start).update(
            done=start + len(chunk),
            changed=job.changed + len(changes),
            unchanged=job.unchanged + outcome.unchanged,
            state=BulkJobState.RUNNING,
        )
        if advanced != 1:
            raise Conflict(f"bulk job {job.id} advanced in another run")
    job.done = start + len(chunk)
    job.changed += len(changes)
    job.unchanged += outcome.unchanged
    return True


async def run_job(
    policy: PolicyEngine, job_id: uuid.UUID, publish: Publisher | None = None
) -> BulkJob:
    """Process a job from its last committed chunk to the end."""
    job = await BulkJob.get_or_none(id=job_id)
    if job is None:
        raise NotFound(f"Bulk job {job_id} was not found.")
    if job.state in (BulkJobState.DONE, BulkJobState.FAILED):
        return job
    actor = await User.get(id=job.actor_id) if job.actor_id else None
    if actor is None:
        raise NotFound(f"The user who started bulk job {job_id} no longer exists.")
    request = BulkRequest.from_json(job.request)
    logger.info("bulk job %s started at %d of %d", job.id, job.done, job.total)
    try:
        while job.done < job.total:
            try:
                await _run_chunk(policy, job, actor, request)
            except Conflict:
                logger.warning(
                    "bulk job %s: chunk at %d lost a race; rereading", job.id, job.done
                )
                await job.refresh_from_db()
                if job.state in (BulkJobState.DONE, BulkJobState.FAILED):
                    return job
                continue
            if publish is not None:
                await publish(progress_channel(job.id), progress_message(job))
    except Exception as error:
        await BulkJob.filter(id=job.id).update(
            state=BulkJobState.FAILED, error=str(error)
        )
        job.state = BulkJobState.FAILED
        logger.exception("bulk job %s failed at %d of %d", job.id, job.done, job.total)
        if publish is not None:
            await publish(progress_channel(job.id), progress_message(job))
        raise
    await BulkJob.filter(id=job.id).update(state=BulkJobState.DONE)
    job.state = BulkJobState.DONE
    if publish is not None:
        await publish(progress_channel(job.id), progress_message(job))
    logger.info(
        "bulk job %s finished: %d changed, %d unchanged",
        job.id,
        job.changed,
        job.unchanged,
    )
    return job
