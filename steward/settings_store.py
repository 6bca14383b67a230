"""Ownership settings per record type and object role, and account settings.

Both live in the database (OwnershipSetting rows and Account columns) and are read
per request, so every API process and worker sees a change on its next read without
any notification. Changing them needs the `manage_settings` grant and is recorded
in the policy history.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from models import (
    Account,
    Assignment,
    ObjectRole,
    OwnershipSetting,
    PolicyChangeKind,
    RecordType,
    User,
)
from models.records import RECORD_MODELS
from policy import Action, PolicyEngine
from policy.history import record_change
from steward import ownership
from steward.clock import utcnow
from steward.errors import ValidationFailed, quoted

logger = logging.getLogger(__name__)

MAX_DAYS = 3650
OWNERSHIP_FIELDS = ("required", "auto_remove_after_days", "warn_before_days")
FIELD_NAMES = {
    "required": "required",
    "auto_remove_after_days": "autoRemoveAfterDays",
    "warn_before_days": "warnBeforeDays",
}


@dataclass(frozen=True)
class OwnershipSettings:
    """The settings of one object role on one record type."""

    record_type: RecordType
    object_role: ObjectRole
    required: bool = False
    auto_remove_after_days: int | None = None
    warn_before_days: int | None = None
    auto_remove_since: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {FIELD_NAMES[name]: getattr(self, name) for name in OWNERSHIP_FIELDS}


@dataclass(frozen=True)
class OwnershipSettingsUpdate:
    settings: OwnershipSettings
    free_records: int
    """Records of the type without a user in the object role, after the change."""


async def list_ownership_settings(account_id: int) -> list[OwnershipSettings]:
    """Return the settings of every object role on every type it applies to."""
    roles = await ObjectRole.filter(account_id=account_id).order_by("key")
    rows = await OwnershipSetting.filter(account_id=account_id)
    stored = {(row.record_type, row.object_role_id): row for row in rows}
    result = []
    for role in roles:
        for record_type in RecordType:
            if role.applies_to(record_type):
                row = stored.get((record_type, role.id))
                result.append(settings_of(record_type, role, row))
    return result


def settings_of(
    record_type: RecordType, role: ObjectRole, row: OwnershipSetting | None
) -> OwnershipSettings:
    """Return the settings stored in `row`, or the defaults where there is none."""
    if row is None:
        return OwnershipSettings(record_type, role)
    return OwnershipSettings(
        record_type,
        role,
        row.required,
        row.auto_remove_after_days,
        row.warn_before_days,
        row.auto_remove_since,
    )


async def count_free_records(
    account_id: int, record_type: RecordType, object_role_id: int
) -> int:
    """Count the account's records of a type with no user in the object role."""
    held = Assignment.filter(
        account_id=account_id, record_type=record_type, object_role_id=object_role_id
    ).values("record_id")
    model = RECORD_MODELS[record_type]
    return (
        await model.filter(account_id=account_id).exclude(id__in=Subquery(held)).count()
    )


def _parse_record_type(value: str) -> RecordType:
    try:
        return RecordType(value)
    except ValueError:
        raise ValidationFailed(
            f"Unknown record type {quoted(value)}; use one of "
            f"{', '.join(sorted(t.name for t in RecordType))}.",
            field="recordType",
            value=value,
        ) from None


def _merge(row: OwnershipSetting, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Return the settings after `changes`, the fields left out keeping their value.

    Turning automatic removal off clears the warning too, unless `changes` sets
    `warn_before_days` itself, because no warning can come before a removal
    that will not happen.
    """
    merged = {name: changes.get(name, getattr(row, name)) for name in OWNERSHIP_FIELDS}
    removal_off = (
        "auto_remove_after_days" in changes
        and changes["auto_remove_after_days"] is None
    )
    if removal_off and "warn_before_days" not in changes:
        merged["warn_before_days"] = None
    return merged


def _check_days(merged: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
    """Raise when a number of days is out of range or the warning is too late.

    The error names a field that `changes` sets: `warnBeforeDays` when it sets
    that, else `autoRemoveAfterDays`.
    """
    for name in ("auto_remove_after_days", "warn_before_days"):
        days = merged[name]
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise ValidationFailed(
                f"'{FIELD_NAMES[name]}' is {days}; use 1 to {MAX_DAYS} days, or null "
                "to turn it off.",
                field=FIELD_NAMES[name],
                value=days,
            )
    remove, warn = merged["auto_remove_after_days"], merged["warn_before_days"]
    if warn is None or (remove is not None and warn < remove):
        return
    if "warn_before_days" in changes:
        raise ValidationFailed(
            f"'warnBeforeDays' is {warn}; it needs 'autoRemoveAfterDays' set to more "
            "days than that.",
            field="warnBeforeDays",
            value=warn,
        )
    raise ValidationFailed(
        f"'autoRemoveAfterDays' is {remove}; it must be more than the "
        f"'warnBeforeDays' of {warn}. Send a smaller 'warnBeforeDays' with it, or "
        "null to turn the warning off.",
        field="autoRemoveAfterDays",
        value=remove,
    )


def _removal_starts_over(days_before: int | None, merged: Mapping[str, Any]) -> bool:
    """Return whether a change turns automatic removal on or shortens its period.

    Either would remove assignments at once whose clocks are old already, without
    the warning the assignees would get under a rule in place all along.
    """
    days = merged["auto_remove_after_days"]
    return days is not None and (days_before is None or days < days_before)


def _deadlines_moved(before: OwnershipSettings, after: OwnershipSettings) -> bool:
    return (before.auto_remove_after_days, before.warn_before_days) != (
        after.auto_remove_after_days,
        after.warn_before_days,
    )


async def _forget_warnings(
    account_id: int, record_type: RecordType, object_role_id: int
) -> None:
    """Clear the markers of warnings and reports sent under the old deadlines.

    The sweep warns and reports once per clock. After the deadlines moved, each
    assignee is notified again when their new deadline comes near or passes.
    """
    await (
        Assignment.filter(
            account_id=account_id,
            record_type=record_type,
            object_role_id=object_role_id,
        )
        .filter(Q(warned_for_clock__isnull=False) | Q(reported_for_clock__isnull=False))
        .update(warned_for_clock=None, reported_for_clock=None)
    )


async def update_ownership_settings(
    policy: PolicyEngine,
    actor: User,
    record_type: str,
    object_role: str,
    changes: Mapping[str, Any],
) -> OwnershipSettingsUpdate:
    """Change some of `required`, `auto_remove_after_days` and `warn_before_days`.

    Fields missing from `changes` keep their value, except that turning automatic
    removal off also turns the warning off. Turning `required` on while records
    are free is allowed, and the result counts those records.
    """
    account_id = actor.account_id
    await policy.require(account_id, actor.id, Action.MANAGE_SETTINGS)
    parsed_type = _parse_record_type(record_type)
    role = await ownership.find_object_role(account_id, object_role)
    if role is None:
        raise await ownership.unknown_object_role(account_id, object_role)
    ownership.check_role_applies(role, parsed_type)

    async with in_transaction():
        row, _ = await OwnershipSetting.get_or_create(
            account_id=account_id, record_type=parsed_type, object_role_id=role.id
        )
        before = settings_of(parsed_type, role, row)
        merged = _merge(row, changes)
        _check_days(merged, changes)
        if _removal_starts_over(row.auto_remove_after_days, merged):
            row.auto_remove_since = utcnow()
        for name, value in merged.items():
            setattr(row, name, value)
        after = settings_of(parsed_type, role, row)
        if after != before:
            await row.save()
            if _deadlines_moved(before, after):
                await _forget_warnings(account_id, parsed_type, role.id)
            await record_change(
                account_id,
                actor.id,
                PolicyChangeKind.OWNERSHIP_SETTINGS,
                f"{parsed_type.value}/{role.key}",
                before.to_json(),
                after.to_json(),
            )
    free = await count_free_records(account_id, parsed_type, role.id)
    logger.info(
        "user %s set ownership settings of %s/%s to %s (%d free records)",
        actor.id,
        parsed_type.value,
        role.key,
        after.to_json(),
        free,
    )
    return OwnershipSettingsUpdate(after, free)


async def update_account_settings(
    policy: PolicyEngine, actor: User, show_deleted_users_in_filters: bool
) -> Account:
    """Change whether deleted users appear as choices in list filters."""
    await policy.require(actor.account_id, actor.id, Action.MANAGE_SETTINGS)
    async with in_transaction():
        account = await Account.get(id=actor.account_id)
        before = account.show_deleted_users_in_filters
        if before != show_deleted_users_in_filters:
            account.show_deleted_users_in_filters = show_deleted_users_in_filters
            await account.save(update_fields=["show_deleted_users_in_filters"])
            await record_change(
                account.id,
                actor.id,
                PolicyChangeKind.ACCOUNT_SETTINGS,
                "account",
                {"showDeletedUsersInFilters": before},
                {"showDeletedUsersInFilters": show_deleted_users_in_filters},
            )
    return account
