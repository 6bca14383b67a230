"""Changing an account's access policy: grants, user roles and plugins.

Every change checks the caller's `manage_policy` grant first, so a caller without it
learns nothing about the names they sent. Then it validates every name, writes the
policy lines and a PolicyChange row in one transaction, and finally applies the
change in this process and publishes it to the others.
"""

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from models import PolicyChangeKind, User, UserRole
from policy import rules
from policy.actions import (
    ANY,
    PLUGIN_PREFIX,
    Action,
    domain_of,
    plugin_action,
    role_subject,
)
from policy.engine import PolicyEngine
from policy.history import record_change
from policy.lockout import check_account_actions_held
from policy.snapshot import PolicyLine
from policy.validation import (
    check_grant,
    check_plugin,
    check_role_name,
    check_roles_defined,
)
from steward.errors import Forbidden, NotFound, ValidationFailed
from steward.ownership import account_user

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Grant:
    """A policy line: a user role may do an action on a record type and object role."""

    role: str
    action: str
    record_type: str = ANY
    object_role: str = ANY

    @classmethod
    def from_line(cls, line: PolicyLine) -> "Grant":
        _, subject, _, record_type, object_role, action = line
        return cls(subject.removeprefix("role:"), action, record_type, object_role)

    def to_line(self, account_id: int) -> PolicyLine:
        return (
            "p",
            role_subject(self.role),
            domain_of(account_id),
            self.record_type,
            self.object_role,
            self.action,
        )

    def to_json(self) -> dict[str, str]:
        return {
            "role": self.role,
            "action": self.action,
            "recordType": self.record_type,
            "objectRole": self.object_role,
        }


@dataclass(frozen=True)
class PluginState:
    name: str
    description: str
    actions: list[str]
    roles: list[str]


@dataclass(frozen=True)
class AccessPolicy:
    roles: list[UserRole]
    grants: list[Grant]
    plugins: list[PluginState]


async def require_any(
    policy: PolicyEngine, actor: User, actions: Sequence[Action]
) -> None:
    """Raise Forbidden unless the actor is granted one of `actions`."""
    for action in actions:
        decision = await policy.decide(actor.account_id, actor.id, action)
        if decision.allowed:
            return
    names = " or ".join(repr(action.value) for action in actions)
    raise Forbidden(
        f"Missing permission {names}; ask an admin to grant it.",
        permission=actions[0].value,
    )


async def read_access_policy(policy: PolicyEngine, actor: User) -> AccessPolicy:
    """Return the account's user roles, grants and plugins, as enforced right now."""
    await require_any(policy, actor, (Action.MANAGE_POLICY, Action.MANAGE_SETTINGS))
    snapshot = await policy.current(actor.account_id)
    lines = snapshot.grants()
    grants = [
        Grant.from_line(line) for line in lines if not line[5].startswith(PLUGIN_PREFIX)
    ]
    roles = await UserRole.filter(account_id=actor.account_id).order_by("name")
    return AccessPolicy(roles, grants, _plugin_states(lines))


def _plugin_states(lines: Sequence[PolicyLine]) -> list[PluginState]:
    return [
        PluginState(
            name=plugin.name,
            description=plugin.description,
            actions=sorted(action.value for action in plugin.actions),
            roles=sorted(
                line[1].removeprefix("role:")
                for line in lines
                if line[5] == plugin_action(plugin.name)
            ),
        )
        for plugin in rules.plugins()
    ]


async def grant_permission(policy: PolicyEngine, actor: User, grant: Grant) -> Grant:
    """Store the grant; granting what the role already has changes nothing."""
    account_id = actor.account_id
    await policy.require(account_id, actor.id, Action.MANAGE_POLICY)
    await check_roles_defined(account_id, [grant.role], field="role")
    await check_grant(account_id, grant.action, grant.record_type, grant.object_role)
    line = grant.to_line(account_id)

    async with in_transaction():
        if line in await policy.adapter.load_lines(account_id):
            return grant
        await policy.adapter.add_lines([line])
        await record_change(
            account_id,
            actor.id,
            PolicyChangeKind.GRANT,
            role_subject(grant.role),
            None,
            grant.to_json(),
        )
    await policy.changed(account_id)
    logger.info("user %s granted %s in account %s", actor.id, line, account_id)
    return grant


async def revoke_permission(policy: PolicyEngine, actor: User, grant: Grant) -> Grant:
    """Remove exactly this grant; a broader or narrower grant stays."""
    account_id = actor.account_id
    await policy.require(account_id, actor.id, Action.MANAGE_POLICY)
    await check_roles_defined(account_id, [grant.role], field="role")
    await check_grant(account_id, grant.action, grant.record_type, grant.object_role)
    line = grant.to_line(account_id)

    async with in_transaction():
        if not await policy.adapter.remove_lines([line]):
            raise NotFound(
                f"User role {grant.role!r} has no grant of {grant.action!r} on record "
                f"type {grant.record_type!r} and object role {grant.object_role!r}; "
                "see accessPolicy for its grants.",
            )
        await check_account_actions_held(policy, account_id)
        await _record_revoke(actor, grant)
    await policy.changed(account_id)
    logger.info("user %s revoked %s in account %s", actor.id, line, account_id)
    return grant


async def _record_revoke(actor: User, grant: Grant) -> None:
    await record_change(
        actor.account_id,
        actor.id,
        PolicyChangeKind.REVOKE,
        role_subject(grant.role),
        grant.to_json(),
        None,
    )


async def remove_object_role_grants(
    policy: PolicyEngine,
    actor: User,
    object_role: str,
    record_types: Collection[str] | None = None,
) -> list[Grant]:
    """Revoke the grants narrowed to an object role; return them.

    With `record_types`, revokes only the grants also narrowed to one of those
    types, so a grant on every record type (`*`) stays. Records each as revoked by
    `actor`. Runs inside the caller's transaction and leaves the snapshot alone:
    call `policy.changed` after the commit.
    """
    account_id = actor.account_id
    lines = [
        line
        for line in await policy.adapter.load_lines(account_id)
        if line[0] == "p"
        and line[4] == object_role
        and (record_types is None or line[3] in record_types)
    ]
    await policy.adapter.remove_lines(lines)
    grants = [Grant.from_line(line) for line in lines]
    for grant in grants:
        await _record_revoke(actor, grant)
    return grants


async def set_user_roles(
    policy: PolicyEngine, actor: User, user_id: int, roles: Sequence[str]
) -> User:
    """Give a user of the caller's account exactly `roles`."""
    account_id = actor.account_id
    await policy.require(account_id, actor.id, Action.MANAGE_POLICY)
    user = await account_user(account_id, user_id)
    if user.deleted_at is not None:
        raise ValidationFailed(
            f"User {user.name!r} is deleted; restore the user before changing "
            "their roles.",
            field="userId",
        )

    async with in_transaction():
        before, after = await policy.write_user_roles(account_id, user.id, roles)
        if before == after:
            return user
        await check_account_actions_held(policy, account_id)
        await record_change(
            account_id,
            actor.id,
            PolicyChangeKind.USER_ROLES,
            f"user:{user.id}",
            {"roles": before},
            {"roles": after},
        )
    await policy.changed(account_id)
    logger.info("user %s set the roles of user %s to %s", actor.id, user.id, after)
    return user


async def define_user_role(policy: PolicyEngine, actor: User, name: str) -> UserRole:
    """Create a user role without grants; grant it actions with grantPermission."""
    account_id = actor.account_id
    await policy.require(account_id, actor.id, Action.MANAGE_POLICY)
    check_role_name(name)
    if await UserRole.exists(account_id=account_id, name=name):
        raise ValidationFailed(
            f"User role {name!r} exists already.", field="name", value=name
        )

    async with in_transaction():
        role = await UserRole.create(account_id=account_id, name=name)
        await record_change(
            account_id,
            actor.id,
            PolicyChangeKind.DEFINE_USER_ROLE,
            role_subject(name),
            None,
            {"name": name},
        )
    logger.info("user %s defined user role %s", actor.id, name)
    return role


async def set_plugin(
    policy: PolicyEngine, actor: User, plugin: str, role: str, enabled: bool
) -> PluginState:
    """Enable or disable an optional rule for one user role of the account."""
    account_id = actor.account_id
    await policy.require(account_id, actor.id, Action.MANAGE_POLICY)
    check_plugin(plugin, field="plugin", value=plugin)
    await check_roles_defined(account_id, [role], field="role")
    line = ("p", role_subject(role), domain_of(account_id), ANY, ANY)
    line += (plugin_action(plugin),)

    async with in_transaction():
        stored = await policy.adapter.load_lines(account_id)
        before = _plugin_roles(stored, plugin)
        if enabled and line not in stored:
            await policy.adapter.add_lines([line])
        elif not enabled and line in stored:
            await policy.adapter.remove_lines([line])
        after = _plugin_roles(await policy.adapter.load_lines(account_id), plugin)
        if before != after:
            await record_change(
                account_id,
                actor.id,
                PolicyChangeKind.PLUGIN,
                plugin_action(plugin),
                {"roles": before},
                {"roles": after},
            )
    if before != after:
        await policy.changed(account_id)
        logger.info("user %s set plugin %s to roles %s", actor.id, plugin, after)
    state = _plugin_states((await policy.current(account_id)).grants())
    return next(item for item in state if item.name == plugin)


def _plugin_roles(lines: Sequence[PolicyLine], plugin: str) -> list[str]:
    action = plugin_action(plugin)
    return sorted(
        line[1].removeprefix("role:")
        for line in lines
        if line[0] == "p" and line[5] == action
    )
