"""Undoing a batch of assignee changes by restoring the previous users."""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from models import (
    AssignmentReason,
    BulkJob,
    BulkJobState,
    ObjectRole,
    OwnershipHistory,
    RecordType,
    User,
)
from policy import Action, PolicyEngine
from steward import ownership
from steward.bulk import current_assignees
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.errors import Conflict, Forbidden, NotFound, quoted
from steward.sql import Statement, connection

logger = logging.getLogger(__name__)

# Conflicts listed in a response; undoing a large import can report thousands.
MAX_CONFLICTS_LISTED = 100

# The later undo rows that restore a row `b` of a batch: same record and object
# role, users swapped. A user id is never 0, so COALESCE makes NULLs compare equal.
RESTORING_ROWS = """
SELECT u.batch_id, u.id, b.id FROM ownership_history b
JOIN ownership_history u ON u.account_id = b.account_id
 AND u.record_type = b.record_type AND u.record_id = b.record_id
 AND u.object_role_id = b.object_role_id AND u.id > b.id
 AND COALESCE(u.previous_user_id, 0) = COALESCE(b.new_user_id, 0)
 AND COALESCE(u.new_user_id, 0) = COALESCE(b.previous_user_id, 0)
WHERE b.account_id = {account_id} AND b.batch_id = {batch_id} AND u.reason = {undo}
"""


@dataclass
class UndoConflict:
    record_type: RecordType
    record_id: int
    object_role_id: int
    reason: str


@dataclass
class UndoOutcome:
    batch_id: uuid.UUID | None = None
    """The batch of the restored records; None when nothing was restored."""
    restored: int = 0
    conflicts: list[UndoConflict] = field(default_factory=list)


def parse_batch_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound(f"Batch {quoted(raw)} was not found.") from None


async def _check_may_undo(
    policy: PolicyEngine, actor: User, rows: list[OwnershipHistory], batch_id: uuid.UUID
) -> None:
    if rows[0].actor_id == actor.id:
        return
    decision = await policy.decide(actor.account_id, actor.id, Action.UNDO_BATCH)
    if decision.allowed:
        return
    raise Forbidden(
        f"Only the user who made batch {batch_id} or a user granted 'undo_batch' "
        "may undo it; ask an admin.",
        permission=Action.UNDO_BATCH.value,
    )


async def _check_job_changed_nothing(actor: User, batch_id: uuid.UUID) -> None:
    """Raise Conflict when `batch_id` is that of a bulk job that changed no record.

    A bulk job has its batch id from the start, but the batch has history only
    once a record changed.
    """
    job = await BulkJob.get_or_none(account_id=actor.account_id, batch_id=batch_id)
    if job is None:
        return
    if job.state == BulkJobState.DONE:
        status = "finished without changing any record"
    elif job.state == BulkJobState.FAILED:
        status = "failed before it changed any record"
    else:
        status = "has not changed any record yet"
    raise Conflict(
        f"Bulk job {job.id} {status}, so batch {batch_id} has nothing to undo."
    )


async def undo_batch(
    policy: PolicyEngine, actor: User, raw_batch_id: str
) -> UndoOutcome:
    """Restore the previous users of a batch as a new batch with reason `undo`.

    A record whose user changed again since the batch is left alone and reported
    as a conflict, and so is a record whose previous user was deleted meanwhile.
    An undo that restores nothing writes no history, so it has no batch of its own.
    It raises Conflict instead when earlier undos restored every record already.
    """
    batch_id = parse_batch_id(raw_batch_id)
    rows = await OwnershipHistory.filter(
        account_id=actor.account_id, batch_id=batch_id
    ).order_by("id")
    if not rows:
        await _check_job_changed_nothing(actor, batch_id)
        raise NotFound(f"Batch {quoted(raw_batch_id)} was not found.")
    await _check_may_undo(policy, actor, rows, batch_id)

    outcome = UndoOutcome()
    by_key: dict[tuple[RecordType, int], list[OwnershipHistory]] = defaultdict(list)
    for row in rows:
        by_key[(RecordType(row.record_type), row.object_role_id)].append(row)

    async with in_transaction():
        changes: list[AssigneeChange] = []
        for (record_type, role_id), group in by_key.items():
            role = await ObjectRole.get(id=role_id)
            await policy.require(
                actor.account_id,
                actor.id,
                Action.CHANGE_ASSIGNEE,
                record_type,
                role.key,
                record_ids=[row.record_id for row in group],
            )
            changes += await _restorable(actor, record_type, role, group, outcome)
        if not changes:
            await _check_not_undone(actor.account_id, batch_id, rows)
        else:
            outcome.batch_id = uuid.uuid4()
            await apply_changes(
                actor.account_id,
                changes,
                actor_id=actor.id,
                reason=AssignmentReason.UNDO,
                batch_id=outcome.batch_id,
                at=utcnow(),
            )
    outcome.restored = len(changes)
    logger.info(
        "user %s undid batch %s as %s: %d restored, %d conflicts",
        actor.id,
        batch_id,
        outcome.batch_id,
        outcome.restored,
        len(outcome.conflicts),
    )
    return outcome


async def _undo_batches_of(
    account_id: int, batch_id: uuid.UUID
) -> dict[uuid.UUID, set[int]]:
    """Return the undo batches of a batch, each with the ids of the rows it restored.

    An undo batch of the batch is a later batch with reason `undo` whose every row
    restores a row of the batch.
    """
    conn = connection()
    sql = Statement(conn)
    query = RESTORING_ROWS.format(
        account_id=sql.param(account_id),
        batch_id=sql.param(batch_id if sql.postgres else str(batch_id)),
        undo=sql.param(AssignmentReason.UNDO.value),
    )
    _, matches = await conn.execute_query(query, sql.params)
    undo_rows: dict[uuid.UUID, set[int]] = defaultdict(set)
    restored: dict[uuid.UUID, set[int]] = defaultdict(set)
    for undo_batch_id, undo_row_id, restored_id in matches:
        undo_batch_id = uuid.UUID(str(undo_batch_id))
        undo_rows[undo_batch_id].add(undo_row_id)
        restored[undo_batch_id].add(restored_id)

    undo_batches = {}
    for undo_batch_id, row_ids in undo_rows.items():
        size = await OwnershipHistory.filter(
            account_id=account_id, batch_id=undo_batch_id
        ).count()
        if size == len(row_ids):
            undo_batches[undo_batch_id] = restored[undo_batch_id]
    return undo_batches


async def _check_not_undone(
    account_id: int, batch_id: uuid.UUID, rows: list[OwnershipHistory]
) -> None:
    """Raise when undo batches restored every row of the batch already.

    Call it only when no row can be restored. A batch that an undo restored in
    part, or whose undo was itself undone, is undone again as before: rows whose
    user changed since the batch come out as conflicts, the others are restored.
    """
    undo_batches = await _undo_batches_of(account_id, batch_id)
    restored = set().union(*undo_batches.values())
    if not undo_batches or restored != {row.id for row in rows}:
        return
    names = sorted(str(undo_batch_id) for undo_batch_id in undo_batches)
    if len(names) == 1:
        undone_by, redo = f"undo batch {names[0]}", "the undo batch"
    else:
        undone_by, redo = f"undo batches {', '.join(names)}", "those undo batches"
    raise Conflict(
        f"Batch {batch_id} was already undone by {undone_by}; nothing was "
        f"changed. To apply the batch's changes again, undo {redo}.",
        undoBatchIds=names,
    )


async def _restorable(
    actor: User,
    record_type: RecordType,
    role: ObjectRole,
    rows: list[OwnershipHistory],
    outcome: UndoOutcome,
) -> list[AssigneeChange]:
    held = await current_assignees(
        record_type, role.id, [row.record_id for row in rows]
    )
    required = await ownership.is_required(actor.account_id, record_type, role)
    previous_ids = {row.previous_user_id for row in rows if row.previous_user_id}
    deleted = set(
        await User.filter(
            id__in=list(previous_ids), deleted_at__isnull=False
        ).values_list("id", flat=True)
    )
    changes = []
    for row in rows:
        reason = None
        if held.get(row.record_id) != row.new_user_id:
            reason = "changed again since the batch"
        elif row.previous_user_id in deleted:
            reason = "the previous user is deleted"
        elif row.previous_user_id is None and required:
            reason = f"the object role {role.name!r} is required"
        if reason:
            outcome.conflicts.append(
                UndoConflict(record_type, row.record_id, role.id, reason)
            )
            continue
        changes.append(
            AssigneeChange(
                record_type,
                row.record_id,
                role.id,
                row.new_user_id,
                row.previous_user_id,
            )
        )
    return changes
