"""The access policy admin API: grants, user roles, plugins, settings, history."""

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from models import Account, PolicyChange, UserRole
from policy import Action, admin, history
from policy.admin import Grant
from policy.snapshot import AccountPolicy
from policy.validation import record_type_value
from schema import policy_types, types
from schema.ids import parse_typed_id
from steward import settings_store
from steward.errors import NotFound, ValidationFailed, quoted


def _parse_id(global_id: strawberry.ID, type_name: str, field: str) -> int:
    """Return the pk of a global ID; a NotFound names the argument in `field`."""
    try:
        return parse_typed_id(global_id, type_name)[1]
    except NotFound as error:
        error.extensions["field"] = field
        raise


def _grant(grant: Grant) -> policy_types.PolicyGrant:
    return policy_types.PolicyGrant(
        role=grant.role,
        action=grant.action,
        record_type=grant.record_type,
        object_role=grant.object_role,
    )


def _user_role(snapshot: AccountPolicy, role: UserRole) -> policy_types.UserRole:
    return policy_types.UserRole(
        name=role.name, builtin=role.builtin, user_pks=snapshot.role_users(role.name)
    )


def _plugin(state: admin.PluginState) -> policy_types.PolicyPlugin:
    return policy_types.PolicyPlugin(
        name=state.name,
        description=state.description,
        actions=state.actions,
        enabled_for=state.roles,
    )


def _ownership_settings(
    settings: settings_store.OwnershipSettings,
) -> policy_types.OwnershipSettings:
    return policy_types.OwnershipSettings(
        record_type=types.RecordType(settings.record_type.value),
        object_role=types.ObjectRole.from_model(settings.object_role),
        required=settings.required,
        auto_remove_after_days=settings.auto_remove_after_days,
        warn_before_days=settings.warn_before_days,
        auto_remove_since=settings.auto_remove_since,
    )


def _account_settings(account: Account) -> policy_types.AccountSettings:
    return policy_types.AccountSettings(
        show_deleted_users_in_filters=account.show_deleted_users_in_filters
    )


async def access_policy(info: Info) -> policy_types.AccessPolicy:
    viewer = info.context.viewer
    policy = await admin.read_access_policy(info.context.services.policy, viewer)
    settings = await settings_store.list_ownership_settings(viewer.account_id)
    account = await Account.get(id=viewer.account_id)
    snapshot = await info.context.services.policy.current(viewer.account_id)
    return policy_types.AccessPolicy(
        user_roles=[_user_role(snapshot, role) for role in policy.roles],
        actions=sorted(action.value for action in Action),
        grants=[_grant(grant) for grant in policy.grants],
        plugins=[_plugin(state) for state in policy.plugins],
        ownership_settings=[_ownership_settings(item) for item in settings],
        account_settings=_account_settings(account),
    )


async def access_policy_history(
    info: Info, limit: int = 50, before: strawberry.ID | None = None
) -> list[policy_types.PolicyChange]:
    """Return recorded changes, newest first; pass the last id as `before` to page."""
    viewer = info.context.viewer
    await admin.require_any(
        info.context.services.policy,
        viewer,
        (Action.MANAGE_POLICY, Action.MANAGE_SETTINGS),
    )
    before_id = None
    if before is not None:
        before_id = _parse_id(before, "PolicyChange", "before")
        if not await PolicyChange.exists(id=before_id, account_id=viewer.account_id):
            raise NotFound(
                f"Policy change {quoted(before)} was not found.", field="before"
            )
    rows = await history.list_changes(viewer.account_id, limit, before_id)
    return [policy_types.PolicyChange.from_model(row) for row in rows]


async def grant_permission(
    info: Info, role: str, action: str, record_type: str = "*", object_role: str = "*"
) -> policy_types.PolicyGrant:
    grant = await admin.grant_permission(
        info.context.services.policy,
        info.context.viewer,
        Grant(role, action, record_type_value(record_type), object_role),
    )
    return _grant(grant)


async def revoke_permission(
    info: Info, role: str, action: str, record_type: str = "*", object_role: str = "*"
) -> policy_types.PolicyGrant:
    grant = await admin.revoke_permission(
        info.context.services.policy,
        info.context.viewer,
        Grant(role, action, record_type_value(record_type), object_role),
    )
    return _grant(grant)


async def set_user_roles(
    info: Info, user_id: strawberry.ID, roles: list[str]
) -> types.User:
    user = await admin.set_user_roles(
        info.context.services.policy,
        info.context.viewer,
        _parse_id(user_id, "User", "userId"),
        roles,
    )
    return types.User.from_model(user)


async def define_user_role(info: Info, name: str) -> policy_types.UserRole:
    role = await admin.define_user_role(
        info.context.services.policy, info.context.viewer, name
    )
    snapshot = await info.context.services.policy.current(role.account_id)
    return _user_role(snapshot, role)


async def set_policy_plugin(
    info: Info, plugin: str, role: str, enabled: bool
) -> policy_types.PolicyPlugin:
    state = await admin.set_plugin(
        info.context.services.policy, info.context.viewer, plugin, role, enabled
    )
    return _plugin(state)


async def update_ownership_settings(
    info: Info,
    record_type: str,
    object_role: str,
    required: bool | None = strawberry.UNSET,
    auto_remove_after_days: Annotated[
        int | None,
        strawberry.argument(
            description="Days without activity after which the user is removed, 1 "
            f"to {settings_store.MAX_DAYS}; null turns automatic removal off, and "
            "the warning with it unless warnBeforeDays is sent too."
        ),
    ] = strawberry.UNSET,
    warn_before_days: Annotated[
        int | None,
        strawberry.argument(
            description="Days before the automatic removal that the user is "
            "warned, fewer than autoRemoveAfterDays; null turns the warning off."
        ),
    ] = strawberry.UNSET,
) -> policy_types.UpdateOwnershipSettingsResult:
    """Change the given settings; arguments left out keep their value."""
    if required is None:
        raise ValidationFailed(
            "'required' cannot be null; pass true or false, or leave it out.",
            field="required",
        )
    arguments = {
        "required": required,
        "auto_remove_after_days": auto_remove_after_days,
        "warn_before_days": warn_before_days,
    }
    changes: dict[str, Any] = {
        name: value
        for name, value in arguments.items()
        if value is not strawberry.UNSET
    }
    update = await settings_store.update_ownership_settings(
        info.context.services.policy,
        info.context.viewer,
        record_type_value(record_type),
        object_role,
        changes,
    )
    return policy_types.UpdateOwnershipSettingsResult(
        settings=_ownership_settings(update.settings),
        free_records=update.free_records,
    )


async def update_account_settings(
    info: Info, show_deleted_users_in_filters: bool
) -> policy_types.AccountSettings:
    account = await settings_store.update_account_settings(
        info.context.services.policy,
        info.context.viewer,
        show_deleted_users_in_filters,
    )
    return _account_settings(account)
