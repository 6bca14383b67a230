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
    Selection,
    check_refusals,
    check_request,
    plan_chunk,
    raise_refusals,
    select,
)
from steward.changes import apply_changes
from steward.clock import utcnow
from steward.errors import Conflict, NotFound, StewardError
from steward.sql import IDS_PER_STATEMENT

logger = logging.getLogger(__name__)

# Records per transaction of a job, at most IDS_PER_STATEMENT so that reading the
# assignees and changing them take one statement each. Each commit costs a disk
# sync on SQLite, where a transaction also holds the write lock: bench/bulk_change.py
# measured about 20 µs per record there on a shared 2-CPU machine, so roughly
# 0.2 s per transaction.
JOB_CHUNK_SIZE = IDS_PER_STATEMENT
PROGRESS_CHANNEL = "steward:bulk-job:{job_id}"
# A chunk whose records other changes keep changing while it runs fails the job
# after this many attempts.
MAX_CONFLICTS_PER_CHUNK = 3
FINISHED = (BulkJobState.DONE, BulkJobState.FAILED)
Publisher = Callable[[str, str], Awaitable[object]]


def progress_channel(job_id: uuid.UUID) -> str:
    return PROGRESS_CHANNEL.format(job_id=job_id)


def queue_job_id(job_id: uuid.UUID) -> str:
    """Return the arq job id of a bulk job, which arq enqueues only once."""
    return f"bulk-job:{job_id}"


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
    policy: PolicyEngine,
    actor: User,
    request: BulkRequest,
    selection: Selection | None = None,
) -> BulkJob:
    """Check the whole request and store it as a queued job; nothing else changes.

    `selection` is the result of `steward.bulk.select` for this request, when the
    caller has it.
    """
    if selection is None:
        selection = await select(policy, actor, request)
    await check_refusals(policy, actor, request, selection)
    job = await BulkJob.create(
        id=uuid.uuid4(),
        account_id=actor.account_id,
        actor_id=actor.id,
        request=request.to_json(),
        record_ids=selection.record_ids,
        total=len(selection.record_ids),
        batch_id=uuid.uuid4(),
    )
    logger.info(
        "bulk job %s queued by user %s: %d records", job.id, actor.id, job.total
    )
    return job


async def _run_chunk(
    policy: PolicyEngine,
    job: BulkJob,
    actor: User,
    request: BulkRequest,
    chunk_size: int,
) -> None:
    """Apply the next chunk; raise Conflict when another run applied it first."""
    assert job.record_ids is not None
    start = job.done
    chunk = job.record_ids[start : start + chunk_size]
    role = await check_request(policy, actor, request)
    async with in_transaction():
        outcome = await plan_chunk(policy, actor, request, role, chunk)
        # The policy may have changed since the job was created.
        raise_refusals(outcome.refusals)
        await apply_changes(
            job.account_id,
            outcome.changes,
            actor_id=job.actor_id,
            reason=AssignmentReason.BULK,
            batch_id=job.batch_id,
            at=utcnow(),
        )
        advanced = await BulkJob.filter(id=job.id, done=start).update(
            done=start + len(chunk),
            changed=job.changed + outcome.changed,
            unchanged=job.unchanged + outcome.unchanged,
            related_changed=job.related_changed + outcome.related_changed,
            state=BulkJobState.RUNNING,
        )
        if advanced != 1:
            raise Conflict(f"Bulk job {job.id} advanced in another run.")
    job.done = start + len(chunk)
    job.changed += outcome.changed
    job.unchanged += outcome.unchanged
    job.related_changed += outcome.related_changed


async def _job_actor(job: BulkJob) -> User:
    actor = await User.get_or_none(id=job.actor_id) if job.actor_id else None
    if actor is None:
        raise NotFound(f"The user who started bulk job {job.id} no longer exists.")
    return actor


async def _publish(publish: Publisher | None, job: BulkJob) -> None:
    """Send the job's progress; a failed send is logged and the job goes on."""
    if publish is None:
        return
    try:
        await publish(progress_channel(job.id), progress_message(job))
    except Exception as error:
        logger.warning("bulk job %s: progress not published: %r", job.id, error)


async def _fail(job: BulkJob, error: Exception, publish: Publisher | None) -> None:
    if isinstance(error, StewardError):
        message = error.message
    else:
        message = f"Internal error; the worker log has the details of job {job.id}."
    await BulkJob.filter(id=job.id).update(state=BulkJobState.FAILED, error=message)
    job.state = BulkJobState.FAILED
    job.error = message
    logger.exception("bulk job %s failed at %d of %d", job.id, job.done, job.total)
    await _publish(publish, job)


async def _run_chunks(
    policy: PolicyEngine, job: BulkJob, publish: Publisher | None, chunk_size: int
) -> None:
    """Apply chunks until the job is done, also when another run applies some."""
    actor = await _job_actor(job)
    request = BulkRequest.from_json(job.request)
    conflicts = 0
    while job.done < job.total:
        start = job.done
        try:
            await _run_chunk(policy, job, actor, request, chunk_size)
        except Conflict:
            logger.warning(
                "bulk job %s: chunk at %d conflicted; rereading", job.id, start
            )
            await job.refresh_from_db()
            if job.state in FINISHED:
                return
            # Another run applying the chunk first is no failure of this run.
            conflicts = 0 if job.done > start else conflicts + 1
            if conflicts >= MAX_CONFLICTS_PER_CHUNK:
                raise
            continue
        conflicts = 0
        await _publish(publish, job)


async def run_job(
    policy: PolicyEngine,
    job_id: uuid.UUID,
    publish: Publisher | None = None,
    *,
    chunk_size: int = JOB_CHUNK_SIZE,
) -> BulkJob:
    """Process a job from its last committed chunk to the end.

    Each chunk of `chunk_size` records commits in one transaction and is
    followed by a progress message. Runs may use different chunk sizes, because
    the job stores how many records are done, not how many chunks.

    A failed chunk marks the job failed and re-raises. A cancelled run leaves the
    job running, so that running it again resumes after the last committed chunk.
    """
    job = await BulkJob.get_or_none(id=job_id)
    if job is None:
        raise NotFound(f"Bulk job {job_id} was not found.")
    if job.state in FINISHED:
        return job
    logger.info("bulk job %s started at %d of %d", job.id, job.done, job.total)
    try:
        await _run_chunks(policy, job, publish, chunk_size)
    except Exception as error:
        await _fail(job, error, publish)
        raise
    if job.state == BulkJobState.FAILED:
        return job
    await BulkJob.filter(id=job.id).update(state=BulkJobState.DONE)
    job.state = BulkJobState.DONE
    await _publish(publish, job)
    logger.info(
        "bulk job %s finished: %d changed, %d unchanged",
        job.id,
        job.changed,
        job.unchanged,
    )
    return job
