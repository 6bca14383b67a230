"""Bulk owner changes, claims, undo and bulk job status."""

import logging
import uuid
from collections.abc import AsyncGenerator

import strawberry
from redis.exceptions import RedisError
from strawberry.types import Info

from models import BulkJob, RecordType
from policy import Action
from resolvers.ownership import require_user_argument
from resolvers.records import load_record_by_id, record_filter, user_pk
from schema import bulk_types, types
from schema.ids import parse_typed_id, to_global_id
from steward import bulk, bulk_jobs, claims, ownership, undo
from steward.errors import NotFound, Unavailable, ValidationFailed, quoted

logger = logging.getLogger(__name__)

BULK_JOB_FUNCTION = "run_bulk_job"


def _record_pks(
    info: Info, record_type: RecordType, ids: list[strawberry.ID] | None, field: str
) -> list[int]:
    maximum = info.context.services.settings.max_bulk_ids
    if ids is not None and len(ids) > maximum:
        remedy = (
            "narrow the filter instead"
            if field == "excludedIds"
            else "select by filter instead"
        )
        raise ValidationFailed(
            f"'{field}' has {len(ids)} ids, more than the maximum of {maximum}; "
            f"{remedy}.",
            field=field,
            limit="bulkIds",
            maximum=maximum,
        )
    type_name = types.RECORD_TYPE_NAMES[record_type]
    return [parse_typed_id(gid, type_name, field=field)[1] for gid in ids or []]


def bulk_request(info: Info, data: bulk_types.BulkChangeOwnerInput) -> bulk.BulkRequest:
    require_user_argument(data.new_user_id, "newUserId", "make the records free")
    record_type = RecordType(data.record_type.value)
    selection = data.selection
    return bulk.BulkRequest(
        record_type=record_type,
        object_role=data.object_role,
        new_user_id=None if data.new_user_id is None else user_pk(data.new_user_id),
        record_ids=(
            _record_pks(info, record_type, selection.record_ids, "recordIds")
            if selection.record_ids is not None
            else None
        ),
        record_filter=record_filter(info, selection.filter)
        if selection.filter
        else None,
        excluded_ids=_record_pks(
            info, record_type, selection.excluded_ids, "excludedIds"
        ),
        include_related=data.include_related,
    )


def job_to_graphql(job: BulkJob) -> bulk_types.BulkJob:
    return bulk_types.BulkJob(
        id=strawberry.ID(str(job.id)),
        state=bulk_types.BulkJobState(job.state.value),
        done=job.done,
        total=job.total,
        changed=job.changed,
        unchanged=job.unchanged,
        related_changed=job.related_changed,
        batch_id=strawberry.ID(str(job.batch_id)),
        error=job.error,
        created_at=job.created_at,
    )


def _refusals(outcome: bulk.BulkOutcome) -> list[bulk_types.BulkRefusal]:
    return [
        bulk_types.BulkRefusal(
            record_id=strawberry.ID(
                to_global_id(
                    types.RECORD_TYPE_NAMES[refusal.record_type], refusal.record_id
                )
            ),
            code=refusal.code,
            message=refusal.message,
        )
        for refusal in outcome.refusals[: bulk.MAX_REFUSALS_LISTED]
    ]


async def _enqueue(
    info: Info, request: bulk.BulkRequest, selection: bulk.Selection
) -> bulk_types.BulkChangeResult:
    services = info.context.services
    if services.queue is None:
        raise Unavailable(
            f"Bulk changes of more than {bulk.INLINE_LIMIT} records need the worker "
            "queue, but this API process has no Redis (REDIS_URL is not set). Send "
            f"at most {bulk.INLINE_LIMIT} records per change, or ask the operator "
            "to set REDIS_URL."
        )
    job = await bulk_jobs.create_job(
        services.policy, info.context.viewer, request, selection
    )
    try:
        await services.queue.enqueue_job(
            BULK_JOB_FUNCTION, str(job.id), _job_id=bulk_jobs.queue_job_id(job.id)
        )
    except (RedisError, OSError) as error:
        # The job stays queued in the database, and the worker's
        # resume_orphaned_jobs (workers/bulk.py) enqueues it once Redis is back.
        logger.warning(
            "bulk job %s not enqueued, Redis failed (%s); a worker resumes it",
            job.id,
            error,
        )
    return bulk_types.BulkChangeResult(
        dry_run=False,
        matched=job.total,
        changed=0,
        unchanged=0,
        related_changed=0,
        refused=[],
        refused_count=0,
        batch_id=None,
        job=job_to_graphql(job),
    )


async def bulk_change_owner(
    info: Info, input: bulk_types.BulkChangeOwnerInput
) -> bulk_types.BulkChangeResult:
    viewer = info.context.viewer
    policy = info.context.services.policy
    request = bulk_request(info, input)
    selection = await bulk.select(policy, viewer, request)
    if not input.dry_run and len(selection.record_ids) > bulk.INLINE_LIMIT:
        return await _enqueue(info, request, selection)
    outcome = await bulk.change_inline(
        policy, viewer, request, dry_run=input.dry_run, selection=selection
    )
    return bulk_types.BulkChangeResult(
        dry_run=input.dry_run,
        matched=outcome.matched,
        changed=outcome.changed,
        unchanged=outcome.unchanged,
        related_changed=outcome.related_changed,
        refused=_refusals(outcome),
        refused_count=len(outcome.refusals),
        batch_id=(
            strawberry.ID(str(outcome.batch_id))
            # A change of no record wrote no history, so it has no batch to undo.
            if outcome.batch_id and outcome.changes
            else None
        ),
        job=None,
    )


async def _may_read_job(info: Info, job: BulkJob) -> bool:
    """Return whether the viewer started the job or may undo others' batches.

    The job carries its batch id, which only those users may undo. The default
    policy grants `undo_batch` to admins.
    """
    viewer = info.context.viewer
    if job.actor_id == viewer.id:
        return True
    decision = await info.context.services.policy.decide(
        viewer.account_id, viewer.id, Action.UNDO_BATCH
    )
    return decision.allowed


async def _load_job(info: Info, job_id: str) -> BulkJob:
    """Return the job, raising NotFound as for an unknown id when it is hidden."""
    try:
        key = uuid.UUID(job_id)
    except ValueError:
        raise NotFound(f"Bulk job {quoted(job_id)} was not found.") from None
    job = await BulkJob.get_or_none(id=key, account_id=info.context.viewer.account_id)
    if job is None or not await _may_read_job(info, job):
        raise NotFound(f"Bulk job {quoted(job_id)} was not found.")
    return job


async def bulk_job(info: Info, id: strawberry.ID) -> bulk_types.BulkJob:
    return job_to_graphql(await _load_job(info, id))


async def bulk_job_progress(
    info: Info, id: strawberry.ID
) -> AsyncGenerator[bulk_types.BulkJob, None]:
    """Stream the job's state: now, then after every chunk until it ends."""
    job = await _load_job(info, id)
    queue = info.context.services.queue
    if job.state in bulk_jobs.FINISHED or queue is None:
        yield job_to_graphql(job)
        return
    pubsub = queue.pubsub()
    # Subscribe before reading the state that is sent first, so that no progress
    # published in between is lost.
    await pubsub.subscribe(bulk_jobs.progress_channel(job.id))
    try:
        await job.refresh_from_db()
        yield job_to_graphql(job)
        while job.state not in bulk_jobs.FINISHED:
            message = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=None
            )
            if message is None:
                continue
            await job.refresh_from_db()
            yield job_to_graphql(job)
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()


async def claim_record(
    info: Info, record_id: strawberry.ID, object_role: str | None = None
) -> types.Record:
    viewer = info.context.viewer
    record = await load_record_by_id(info, record_id)
    role = await ownership.resolve_object_role(viewer.account_id, object_role)
    await claims.claim_record(info.context.services.policy, viewer, record, role)
    return types.record_to_graphql(record)


async def undo_bulk_change(
    info: Info, batch_id: strawberry.ID
) -> bulk_types.UndoResult:
    viewer = info.context.viewer
    outcome = await undo.undo_batch(info.context.services.policy, viewer, batch_id)
    listed = outcome.conflicts[: undo.MAX_CONFLICTS_LISTED]
    roles = {
        role.id: role.key
        for role in await info.context.loaders.object_roles.load_many(
            sorted({c.object_role_id for c in listed})
        )
        if role is not None
    }
    return bulk_types.UndoResult(
        batch_id=(strawberry.ID(str(outcome.batch_id)) if outcome.batch_id else None),
        restored=outcome.restored,
        conflicts=[
            bulk_types.UndoConflict(
                record_id=strawberry.ID(
                    to_global_id(types.RECORD_TYPE_NAMES[c.record_type], c.record_id)
                ),
                object_role=roles.get(c.object_role_id, ""),
                reason=c.reason,
            )
            for c in listed
        ],
        conflict_count=len(outcome.conflicts),
    )
