"""Checks of the names in a grant: user role, action, record type, object role.

Each check raises ValidationFailed naming the rejected value, so the admin API and
the policy import report the same message for the same mistake.
"""

import re
from collections.abc import Sequence
from typing import Any

from models import ObjectRole, RecordType, UserRole
from policy import rules
from policy.actions import ACCOUNT_ACTIONS, ANY, Action
from steward.errors import ValidationFailed, quoted

ROLE_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")

# Object role key -> the record types it applies to, for one account.
ObjectRoleTypes = dict[str, list[str]]


def check_role_name(name: str, field: str = "name") -> str:
    if not ROLE_NAME_PATTERN.match(name):
        raise ValidationFailed(
            f"User role name {quoted(name)} is invalid; use 1 to 50 lowercase letters, "
            "digits or underscores, starting with a letter.",
            field=field,
            value=name,
        )
    return name


def parse_action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        raise ValidationFailed(
            f"Unknown action {quoted(value)}; use one of "
            f"{', '.join(sorted(a.value for a in Action))}.",
            field="action",
            value=value,
        ) from None


def check_plugin(name: str, **details: Any) -> rules.Rule:
    """Return the policy plugin named `name`; `details` go into the error."""
    plugin = rules.find_plugin(name)
    if plugin is None:
        names = sorted(known.name for known in rules.plugins())
        raise ValidationFailed(
            f"Unknown policy plugin {quoted(name)}; use one of {', '.join(names)}.",
            **details,
        )
    return plugin


def record_type_value(value: str) -> str:
    """Return a record type as the policy spells it.

    Clients may send the schema's enum name (DEAL) as well as the policy's value
    (deal), in any letter case. Any other text is returned unchanged, so that the
    checks report it.
    """
    folded = value.lower()
    if folded in RecordType._value2member_map_:
        return folded
    return value


def check_record_type(value: str) -> str:
    if value == ANY or value in RecordType._value2member_map_:
        return value
    raise ValidationFailed(
        f"Unknown record type {quoted(value)}; use '*' or one of "
        f"{', '.join(sorted(t.name for t in RecordType))}.",
        field="recordType",
        value=value,
    )


async def object_role_types(account_id: int) -> ObjectRoleTypes:
    rows = await ObjectRole.filter(account_id=account_id).values_list(
        "key", "record_types"
    )
    return {key: list(record_types) for key, record_types in rows}


def check_object_role(
    value: str, record_type: str, object_roles: ObjectRoleTypes
) -> str:
    """Check that `value` is '*' or an object role that applies to `record_type`."""
    if value == ANY:
        return value
    if value not in object_roles:
        raise ValidationFailed(
            f"Unknown object role {quoted(value)}; use '*' or one of "
            f"{', '.join(sorted(object_roles))}.",
            field="objectRole",
            value=value,
        )
    if record_type != ANY and record_type not in object_roles[value]:
        raise ValidationFailed(
            f"Object role {value!r} does not apply to record type {record_type!r}.",
            field="objectRole",
            value=value,
        )
    return value


def check_scope(action: Action, record_type: str, object_role: str) -> None:
    """Reject a narrowed grant of an account-wide action, which would never match."""
    if action not in ACCOUNT_ACTIONS:
        return
    narrowed = {"recordType": record_type, "objectRole": object_role}
    for field, value in narrowed.items():
        if value != ANY:
            raise ValidationFailed(
                f"Action {action.value!r} applies to the whole account; give "
                "record type '*' and object role '*'.",
                field=field,
                value=value,
            )


async def check_grant(
    account_id: int, action: str, record_type: str, object_role: str
) -> Action:
    """Check the action, record type and object role of a grant; return the action."""
    parsed = parse_action(action)
    check_record_type(record_type)
    check_object_role(object_role, record_type, await object_role_types(account_id))
    check_scope(parsed, record_type, object_role)
    return parsed


async def check_roles_defined(
    account_id: int, roles: Sequence[str], field: str = "roles"
) -> None:
    """Raise ValidationFailed naming the first of `roles` the account lacks.

    `field` is the argument that sent the roles, reported in the error.
    """
    defined = set(
        await UserRole.filter(account_id=account_id).values_list("name", flat=True)
    )
    for role in roles:
        if role not in defined:
            raise ValidationFailed(
                f"Unknown user role {quoted(role)}; use one of "
                f"{', '.join(sorted(defined))} or define it with defineUserRole.",
                field=field,
                value=role,
            )
