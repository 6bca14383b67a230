"""Deleting users softly, with a choice of what happens to their records.

A deleted user keeps every row that mentions them; they can no longer log in
(tokens are checked against `deleted_at` on each request, and tokens issued
before the deletion stay invalid after a restore), be chosen as an
assignee, or receive notifications. The deletion queues a USER_DELETED outbox
event, on which every API process closes the user's open websockets. Transfers run
as one bulk batch with reason `user_deleted`, so an admin can undo them.
"""

import logging
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from models import (
    Assignment,
    AssignmentReason,
    ObjectRole,
    OutboxEventKind,
    PolicyChangeKind,
    RecordType,
    User,
)
from policy import Action, PolicyEngine
from policy.history import record_change
from policy.lockout import check_account_actions_held
from steward import ownership
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.errors import ValidationFailed
from steward.outbox import queue_events

logger = logging.getLogger(__name__)


class TransferMode(StrEnum):
    KEEP = "keep"
    TO_USER = "to_user"
    FREE = "free"


@dataclass
class HeldCount:
    record_type: RecordType
    object_role: ObjectRole
    records: int


@dataclass
class DeletionOutcome:
    user: User
    transferred: int = 0
    freed: int = 0
    kept: int = 0
    batch_id: uuid.UUID | None = None
    held: list[HeldCount] = field(default_factory=list)


async def held_counts(user: User) -> list[HeldCount]:
    """Count the records a user holds per record type and object role."""
    rows = (
        await Assignment.filter(user_id=user.id)
        .annotate(records=Count("id"))
        .group_by("record_type", "object_role_id")
        .values_list("record_type", "object_role_id", "records")
    )
    roles = {
        role.id: role for role in await ObjectRole.filter(account_id=user.account_id)
    }
    return [
        HeldCount(RecordType(record_type), roles[role_id], count)
        for record_type, role_id, count in sorted(rows)
    ]


async def preview_deletion(
    policy: PolicyEngine, actor: User, user_id: int
) -> list[HeldCount]:
    await policy.require(actor.account_id, actor.id, Action.MANAGE_USERS)
    user = await ownership.account_user(actor.account_id, user_id)
    _check_not_deleted(user)
    return await held_counts(user)


def _check_not_deleted(user: User) -> None:
    if user.deleted_at is not None:
        raise ValidationFailed(
            f"User {user.name!r} is deleted already.", field="userId"
        )


async def delete_user(
    policy: PolicyEngine,
    actor: User,
    user_id: int,
    mode: TransferMode,
    targets: dict[RecordType, int] | None = None,
) -> DeletionOutcome:
    """Delete a user and keep, transfer or free their records.

    With TO_USER, `targets` maps each record type to the user who receives that
    type's records; a type missing from it keeps its records with the deleted user.
    """
    await policy.require(actor.account_id, actor.id, Action.MANAGE_USERS)
    user = await ownership.account_user(actor.account_id, user_id)
    _check_not_deleted(user)
    if user.id == actor.id:
        raise ValidationFailed(
            "You cannot delete yourself; ask another admin.", field="userId"
        )
    targets = targets or {}
    if mode == TransferMode.TO_USER and not targets:
        raise ValidationFailed(
            "Transfer mode TO_USER needs a receiving user; give 'toUserId' or "
            "'perRecordType'.",
            field="toUserId",
        )
    for target_id in set(targets.values()):
        if target_id == user.id:
            raise ValidationFailed(
                f"Records cannot be transferred to {user.name!r}, the user being "
                "deleted; choose another user.",
                field="transfer",
            )
        await ownership.resolve_target_user(actor.account_id, target_id, "transfer")

    outcome = DeletionOutcome(user=user, held=await held_counts(user))
    changes: list[AssigneeChange] = []
    for held in outcome.held:
        new_user = _new_user(mode, targets, held.record_type)
        if mode == TransferMode.KEEP or (
            mode == TransferMode.TO_USER and new_user is None
        ):
            outcome.kept += held.records
            continue
        if new_user is None:
            await ownership.check_may_be_free(
                actor.account_id, held.record_type, held.object_role
            )
        await policy.require(
            actor.account_id,
            actor.id,
            Action.CHANGE_ASSIGNEE,
            held.record_type,
            held.object_role.key,
        )
        record_ids = await Assignment.filter(
            user_id=user.id,
            record_type=held.record_type,
            object_role_id=held.object_role.id,
        ).values_list("record_id", flat=True)
        changes += [
            AssigneeChange(
                held.record_type, record_id, held.object_role.id, user.id, new_user
            )
            for record_id in sorted(record_ids)
        ]

    async with in_transaction():
        # Mark the user deleted first so that the transfer notifies nobody deleted.
        deleted_at = utcnow()
        count = await User.filter(id=user.id, deleted_at__isnull=True).update(
            deleted_at=deleted_at, tokens_valid_after=deleted_at
        )
        if count != 1:
            raise ValidationFailed(
                f"User {user.name!r} is deleted already.", field="userId"
            )
        await check_account_actions_held(policy, actor.account_id)
        # Queued before the transfer's events, so that every API process closes
        # the user's websockets before it sends them anything of this deletion.
        await queue_events(
            actor.account_id,
            OutboxEventKind.USER_DELETED,
            [{"user_id": user.id}],
            utcnow(),
        )
        if changes:
            outcome.batch_id = uuid.uuid4()
            await apply_changes(
                actor.account_id,
                changes,
                actor_id=actor.id,
                reason=AssignmentReason.USER_DELETED,
                batch_id=outcome.batch_id,
                at=utcnow(),
            )
        outcome.transferred = sum(1 for c in changes if c.new_user_id is not None)
        outcome.freed = sum(1 for c in changes if c.new_user_id is None)
        await record_change(
            actor.account_id,
            actor.id,
            PolicyChangeKind.USER_DELETED,
            f"user:{user.id}",
            {"deleted": False},
            {
                "deleted": True,
                "mode": mode.name,
                "transferred": outcome.transferred,
                "freed": outcome.freed,
                "kept": outcome.kept,
                "batchId": str(outcome.batch_id) if outcome.batch_id else None,
            },
        )
    await user.refresh_from_db()
    logger.info(
        "user %s deleted user %s: %d transferred, %d freed, %d kept (batch %s)",
        actor.id,
        user.id,
        outcome.transferred,
        outcome.freed,
        outcome.kept,
        outcome.batch_id,
    )
    return outcome


def _new_user(
    mode: TransferMode, targets: dict[RecordType, int], record_type: RecordType
) -> int | None:
    if mode == TransferMode.TO_USER:
        return targets.get(record_type)
    return None


async def restore_user(policy: PolicyEngine, actor: User, user_id: int) -> User:
    """Undo the deletion of a user; transfers already made stay as they are."""
    await policy.require(actor.account_id, actor.id, Action.MANAGE_USERS)
    user = await ownership.account_user(actor.account_id, user_id)
    not_deleted = ValidationFailed(
        f"User {user.name!r} is not deleted.", field="userId"
    )
    if user.deleted_at is None:
        raise not_deleted
    async with in_transaction():
        # Conditional, so that of two restores at once only one is recorded.
        count = await User.filter(id=user.id, deleted_at__isnull=False).update(
            deleted_at=None
        )
        if count != 1:
            raise not_deleted
        await record_change(
            actor.account_id,
            actor.id,
            PolicyChangeKind.USER_RESTORED,
            f"user:{user.id}",
            {"deleted": True},
            {"deleted": False},
        )
    await user.refresh_from_db()
    logger.info("user %s restored user %s", actor.id, user.id)
    return user
