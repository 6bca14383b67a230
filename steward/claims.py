"""Claiming free records: the first of several concurrent claims wins."""

import logging
import uuid

from tortoise.transactions import in_transaction

from models import AssignmentReason, ObjectRole, User
from models.records import RecordModel
from policy import Action, PolicyEngine
from steward import ownership
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.errors import AlreadyAssigned, Conflict
from steward.global_ids import record_global_id

logger = logging.getLogger(__name__)


async def claim_record(
    policy: PolicyEngine, actor: User, record: RecordModel, object_role: ObjectRole
) -> AssigneeChange | None:
    """Assign `actor` to a record that has no user in `object_role`.

    The assignment is an insert guarded by the unique key of (record, object role),
    so of two concurrent claims exactly one inserts and the other raises
    AlreadyAssigned. Claiming a record already assigned to the caller changes
    nothing, also when the caller's own concurrent claim inserted first.
    """
    record_type = record.record_type
    ownership.check_role_applies(object_role, record_type)
    await policy.require(
        actor.account_id,
        actor.id,
        Action.CLAIM,
        record_type,
        object_role.key,
        record_ids=[record.id],
    )
    holder = await ownership.current_assignee_id(record_type, record.id, object_role.id)
    if holder == actor.id:
        return None
    if holder is not None:
        raise _already_assigned(record, object_role)

    change = AssigneeChange(record_type, record.id, object_role.id, None, actor.id)
    try:
        async with in_transaction():
            await apply_changes(
                actor.account_id,
                [change],
                actor_id=actor.id,
                reason=AssignmentReason.CLAIM,
                batch_id=uuid.uuid4(),
                at=utcnow(),
            )
    except Conflict:
        # Another claim came first: if it was the caller's own, this one is done.
        holder = await ownership.current_assignee_id(
            record_type, record.id, object_role.id
        )
        if holder == actor.id:
            return None
        raise _already_assigned(record, object_role) from None
    logger.info(
        "user %s claimed %s %s (%s)",
        actor.id,
        record_type.value,
        record.id,
        object_role.key,
    )
    return change


def _already_assigned(record: RecordModel, object_role: ObjectRole) -> AlreadyAssigned:
    return AlreadyAssigned(
        f"{record.record_type.value.capitalize()} {record.name!r} "
        f"({record_global_id(record.record_type, record.id)}) already has a user in "
        f"the object role {object_role.name!r}; only free records can be claimed.",
        objectRole=object_role.key,
    )
