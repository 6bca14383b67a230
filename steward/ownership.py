"""Ownership rules: who holds which object role on which record, and every change of it.

Resolvers and workers change assignees only through this module, so that each path
checks the same permissions and settings and writes the same history.
"""

import logging
import uuid

from tortoise.transactions import in_transaction

from models import (
    Assignment,
    AssignmentReason,
    ObjectRole,
    OwnershipSetting,
    RecordType,
    User,
)
from models.ownership import OWNER_ROLE_KEY
from models.records import RECORD_MODELS, RecordModel
from policy import Action, PolicyEngine
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.errors import NotFound, OwnerRequired, ValidationFailed, quoted
from steward.global_ids import record_global_id, to_global_id
from steward.rows import model_from_row, select_columns
from steward.sql import Statement, connection

logger = logging.getLogger(__name__)

RECORD_TYPE_LABELS = {
    RecordType.PERSON: "persons",
    RecordType.COMPANY: "companies",
    RecordType.DEAL: "deals",
}


async def find_object_role(account_id: int, key: str) -> ObjectRole | None:
    """Return the account's object role with `key`, or None."""
    # No stored key is longer than the column, and PostgreSQL would compare
    # such a key with the column's values anyway.
    if len(key) > ObjectRole._meta.fields_map["key"].max_length:
        return None
    # Raw SQL, because every filtered list reads its object role
    # (bench/deals_list.py).
    conn = connection()
    sql = Statement(conn)
    rows = await conn.execute_query_dict(
        f"SELECT {select_columns(ObjectRole, 'r')} FROM object_role r "
        f"WHERE r.account_id = {sql.param(account_id)} AND r.key = {sql.param(key)}",
        sql.params,
    )
    # (account_id, key) is unique, so there is at most one row.
    return model_from_row(ObjectRole, rows[0]) if rows else None


async def resolve_object_role(account_id: int, key: str | None) -> ObjectRole:
    """Return the account's object role `key`; the Owner role when `key` is None."""
    if key is None:
        key = OWNER_ROLE_KEY
    role = await find_object_role(account_id, key)
    if role is None:
        raise await unknown_object_role(account_id, key)
    return role


async def unknown_object_role(account_id: int, key: str) -> ValidationFailed:
    """Return the error for an object role key the account does not define."""
    keys = (
        await ObjectRole.filter(account_id=account_id)
        .order_by("key")
        .values_list("key", flat=True)
    )
    return ValidationFailed(
        f"Unknown object role {quoted(key)}; use one of {', '.join(keys)}.",
        field="objectRole",
        value=key,
    )


def check_role_applies(object_role: ObjectRole, record_type: RecordType) -> None:
    if not object_role.applies_to(record_type):
        raise ValidationFailed(
            f"Object role {object_role.key!r} does not apply to "
            f"{RECORD_TYPE_LABELS[record_type]}.",
            field="objectRole",
        )


async def is_required(
    account_id: int, record_type: RecordType, object_role: ObjectRole
) -> bool:
    setting = await OwnershipSetting.get_or_none(
        account_id=account_id, record_type=record_type, object_role_id=object_role.id
    )
    return setting is not None and setting.required


async def check_may_be_free(
    account_id: int, record_type: RecordType, object_role: ObjectRole
) -> None:
    """Raise OwnerRequired when the object role must always have a user on this type."""
    if await is_required(account_id, record_type, object_role):
        label = RECORD_TYPE_LABELS[record_type]
        raise OwnerRequired(
            f"{label.capitalize()} require a user in the object role "
            f"{object_role.name!r}; choose a user or turn off 'required' for "
            f"{label}.",
            recordType=record_type.value,
            objectRole=object_role.key,
        )


async def account_user(account_id: int, user_id: int, field: str = "userId") -> User:
    """Return the account's user with `user_id`, deleted or not, or raise NotFound.

    `field` names the argument that carried the ID, for the error.
    """
    user = await User.get_or_none(id=user_id, account_id=account_id)
    if user is None:
        raise NotFound(
            f"User {to_global_id('User', user_id)!r} was not found.", field=field
        )
    return user


async def resolve_target_user(
    account_id: int, user_id: int, field: str = "userId"
) -> User:
    """Return an active user of the account who may receive records."""
    user = await account_user(account_id, user_id, field)
    if user.deleted_at is not None:
        raise ValidationFailed(
            f"User {user.name!r} is deleted and cannot be assigned records; "
            "choose an active user.",
            field=field,
        )
    return user


async def load_record(
    account_id: int, record_type: RecordType, record_id: int
) -> RecordModel:
    model = RECORD_MODELS[record_type]
    record = await model.get_or_none(id=record_id, account_id=account_id)
    if record is None:
        raise NotFound(
            f"{record_type.value.capitalize()} "
            f"{record_global_id(record_type, record_id)!r} was not found."
        )
    return record


async def current_assignee_id(
    record_type: RecordType, record_id: int, object_role_id: int
) -> int | None:
    row = await Assignment.get_or_none(
        record_type=record_type, record_id=record_id, object_role_id=object_role_id
    )
    return row.user_id if row else None


async def change_assignee(
    policy: PolicyEngine,
    actor: User,
    record: RecordModel,
    object_role: ObjectRole,
    new_user_id: int | None,
    *,
    reason: AssignmentReason = AssignmentReason.MANUAL,
) -> AssigneeChange | None:
    """Set the user holding `object_role` on `record`; None makes the record free.

    Returns the change, or None when the record already had that user.
    """
    record_type = record.record_type
    check_role_applies(object_role, record_type)
    if new_user_id is None:
        await check_may_be_free(actor.account_id, record_type, object_role)
    else:
        await resolve_target_user(actor.account_id, new_user_id, "ownerId")
    decision = await policy.decide(
        actor.account_id,
        actor.id,
        Action.CHANGE_ASSIGNEE,
        record_type,
        object_role.key,
        record_ids=[record.id],
    )
    if decision.denied:
        decision.raise_if_denied()

    async with in_transaction():
        previous = await current_assignee_id(record_type, record.id, object_role.id)
        # As in a bulk change, a record that already has the user does not
        # change, so a rule on records (assigned_only) does not refuse it.
        if previous == new_user_id:
            return None
        decision.raise_if_denied()
        change = AssigneeChange(
            record_type, record.id, object_role.id, previous, new_user_id
        )
        await apply_changes(
            actor.account_id,
            [change],
            actor_id=actor.id,
            reason=reason,
            batch_id=uuid.uuid4(),
            at=utcnow(),
        )
    logger.info(
        "assignee of %s %s (%s) changed from %s to %s by user %s",
        record_type.value,
        record.id,
        object_role.key,
        previous,
        new_user_id,
        actor.id,
    )
    return change


async def assign_new_record(
    policy: PolicyEngine, actor: User, record: RecordModel, owner_id: int | None
) -> AssigneeChange | None:
    """Give a record created by `actor` its first owner, in the caller's transaction.

    The creator becomes the owner unless `owner_id` names another user, which needs
    the permission to change the owner.
    """
    record_type = record.record_type
    owner_role = await resolve_object_role(actor.account_id, OWNER_ROLE_KEY)
    if owner_id is None:
        owner_id = actor.id
    elif owner_id != actor.id:
        await policy.require(
            actor.account_id,
            actor.id,
            Action.CHANGE_ASSIGNEE,
            record_type,
            owner_role.key,
        )
        await resolve_target_user(actor.account_id, owner_id, "ownerId")
    change = AssigneeChange(record_type, record.id, owner_role.id, None, owner_id)
    await apply_changes(
        actor.account_id,
        [change],
        actor_id=actor.id,
        reason=AssignmentReason.CREATE,
        batch_id=uuid.uuid4(),
        at=utcnow(),
    )
    return change
