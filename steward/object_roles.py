"""Defining the object roles of an account; Owner is built in and cannot be removed."""

import logging
import re
from collections.abc import Collection

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import (
    Assignment,
    ObjectRole,
    OwnershipHistory,
    OwnershipSetting,
    PolicyChangeKind,
    RecordType,
    User,
)
from models.ownership import fold_role_name
from policy import Action, PolicyEngine
from policy.admin import Grant, remove_object_role_grants
from policy.history import record_change
from steward import ownership, settings_store
from steward.errors import Conflict, NotFound, ValidationFailed, counted, quoted
from steward.role_names import check_role_name

logger = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def _check_definition(key: str, name: str, record_types: list[RecordType]) -> str:
    """Return the name stripped of surrounding spaces; raise on an invalid field."""
    if not KEY_PATTERN.match(key):
        raise ValidationFailed(
            f"Object role key {quoted(key)} is invalid; use 1 to 50 lowercase letters, "
            "digits or underscores, starting with a letter.",
            field="key",
        )
    name = check_role_name(name)
    if not record_types:
        raise ValidationFailed(
            "'recordTypes' is empty; name at least one record type.",
            field="recordTypes",
        )
    return name


async def _check_name_free(account_id: int, name: str, key: str) -> None:
    """Raise when another object role of the account has the name, in any case."""
    other = (
        await ObjectRole.filter(account_id=account_id, folded_name=fold_role_name(name))
        .exclude(key=key)
        .first()
    )
    if other is not None:
        raise ValidationFailed(
            f"Object role {other.key!r} is named {quoted(other.name)} already; "
            "choose another name.",
            field="name",
        )


async def _check_definition_free(account_id: int, key: str, name: str) -> None:
    if await ObjectRole.exists(account_id=account_id, key=key):
        raise ValidationFailed(f"Object role {key!r} exists already.", field="key")
    await _check_name_free(account_id, name, key)


def _described(role: ObjectRole) -> dict[str, object]:
    """Return an object role as its history entries show it."""
    return {"name": role.name, "recordTypes": list(role.record_types)}


async def _record_role_change(
    actor: User, key: str, before: dict | None, after: dict | None
) -> None:
    """Record a definition, change or removal of an object role in the history."""
    await record_change(
        actor.account_id,
        actor.id,
        PolicyChangeKind.OBJECT_ROLE,
        f"object_role:{key}",
        before,
        after,
    )


async def _require_manage(policy: PolicyEngine, actor: User) -> None:
    await policy.require(actor.account_id, actor.id, Action.MANAGE_SETTINGS)


async def define_object_role(
    policy: PolicyEngine,
    actor: User,
    key: str,
    name: str,
    record_types: list[RecordType],
) -> ObjectRole:
    await _require_manage(policy, actor)
    name = _check_definition(key, name, record_types)
    await _check_definition_free(actor.account_id, key, name)
    try:
        role = await _create_role(actor, key, name, record_types)
    except IntegrityError:
        # A concurrent request defined the key or the name since the check above.
        await _check_definition_free(actor.account_id, key, name)
        raise
    logger.info("user %s defined object role %s", actor.id, key)
    return role


async def _create_role(
    actor: User, key: str, name: str, record_types: list[RecordType]
) -> ObjectRole:
    """Create the role with a setting per record type, and record it in the history."""
    async with in_transaction():
        role = await ObjectRole.create(
            account_id=actor.account_id,
            key=key,
            name=name,
            record_types=sorted({t.value for t in record_types}),
        )
        await OwnershipSetting.bulk_create(
            [
                OwnershipSetting(
                    account_id=actor.account_id,
                    record_type=t,
                    object_role_id=role.id,
                    required=False,
                )
                for t in RecordType
            ]
        )
        await _record_role_change(actor, key, None, _described(role))
    return role


async def _get_role(actor: User, key: str) -> ObjectRole:
    role = await ownership.find_object_role(actor.account_id, key)
    if role is None:
        raise NotFound(f"Object role {quoted(key)} was not found.", field="key")
    return role


async def update_object_role(
    policy: PolicyEngine,
    actor: User,
    key: str,
    name: str,
    record_types: list[RecordType],
) -> ObjectRole:
    """Rename an object role or change its record types.

    Record types that records still hold the role on cannot be dropped. Dropping a
    record type revokes the role's grants and removes its ownership settings on
    that type, as `delete_object_role` does for all types.
    """
    await _require_manage(policy, actor)
    name = _check_definition(key, name, record_types)
    role = await _get_role(actor, key)
    await _check_name_free(actor.account_id, name, key)
    wanted = sorted({t.value for t in record_types})
    if role.builtin and wanted != sorted(role.record_types):
        raise ValidationFailed(
            f"The record types of the built-in object role {key!r} cannot change.",
            field="recordTypes",
        )
    dropped = sorted(set(role.record_types) - set(wanted))
    if dropped:
        in_use = await Assignment.filter(
            object_role_id=role.id, record_type__in=dropped
        ).count()
        if in_use:
            raise Conflict(
                f"Object role {key!r} is held on {counted(in_use, 'record')} of the "
                f"record types {', '.join(dropped)}; free them before removing "
                "those types."
            )

    grants: list[Grant] = []
    try:
        async with in_transaction():
            if dropped:
                grants = await _remove_role_policy(policy, actor, role, dropped)
            before = _described(role)
            role.name = name
            role.record_types = wanted
            await role.save()
            if _described(role) != before:
                await _record_role_change(actor, key, before, _described(role))
    except IntegrityError:
        # A concurrent request gave another role the name since the check above.
        await _check_name_free(actor.account_id, name, key)
        raise
    if grants:
        await policy.changed(actor.account_id)
    if dropped:
        logger.info(
            "user %s removed record types %s from object role %s, revoking %d grants",
            actor.id,
            dropped,
            key,
            len(grants),
        )
    return role


async def delete_object_role(policy: PolicyEngine, actor: User, key: str) -> None:
    """Delete an object role that no record has and no history mentions.

    Its grants and ownership settings go with it in the same transaction. The
    policy history records each grant as revoked and each setting of a record type
    the role applies to as removed (`after` is null).
    """
    await _require_manage(policy, actor)
    role = await _get_role(actor, key)
    if role.builtin:
        raise ValidationFailed(
            f"The built-in object role {key!r} cannot be removed.", field="key"
        )
    held = await Assignment.filter(object_role_id=role.id).count()
    if held:
        raise Conflict(
            f"Object role {key!r} is held on {counted(held, 'record')}; free them "
            "first."
        )
    if await OwnershipHistory.exists(object_role_id=role.id):
        raise Conflict(
            f"Object role {key!r} has ownership history and is kept for it; "
            "rename it instead."
        )

    async with in_transaction():
        grants = await _remove_role_policy(policy, actor, role, None)
        await _record_role_change(actor, key, _described(role), None)
        await role.delete()
    if grants:
        await policy.changed(actor.account_id)
    logger.info(
        "user %s deleted object role %s and its %d grants", actor.id, key, len(grants)
    )


async def _remove_role_policy(
    policy: PolicyEngine,
    actor: User,
    role: ObjectRole,
    record_types: Collection[str] | None,
) -> list[Grant]:
    """Revoke the role's grants and remove its ownership settings; return the grants.

    With `record_types`, only those narrowed to one of these types go. The policy
    history records each grant as revoked and each setting of a record type the
    role applies to as removed (`after` is null). Runs inside the caller's
    transaction: call `policy.changed` after the commit.
    """
    grants = await remove_object_role_grants(policy, actor, role.key, record_types)
    settings = OwnershipSetting.filter(object_role_id=role.id)
    if record_types is not None:
        settings = settings.filter(record_type__in=sorted(record_types))
    for row in await settings.order_by("record_type"):
        record_type = RecordType(row.record_type)
        if not role.applies_to(record_type):
            continue
        before = settings_store.settings_of(record_type, role, row)
        await record_change(
            actor.account_id,
            actor.id,
            PolicyChangeKind.OWNERSHIP_SETTINGS,
            f"{record_type.value}/{role.key}",
            before.to_json(),
            None,
        )
    await settings.delete()
    return grants
