"""The policy of every account in this process, and the decisions made with it.

The engine keeps one immutable snapshot per account (see `policy.snapshot`). A
change is written to the database first. Then the engine reads the account's lines
back, builds a new snapshot off to the side and swaps it in with one assignment.
Last, it publishes the account id so that other processes do the same (see
`policy.watcher`). Reloads run one at a time, so an older read never replaces a
newer one.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence

from tortoise.transactions import in_transaction

import policy.plugins  # noqa: F401  (registers the optional rules)
from models import UserRole
from policy.actions import (
    ANY,
    DEFAULT_USER_ROLES,
    Action,
    default_policy,
    domain_of,
    plugin_action,
    role_subject,
    user_subject,
)
from policy.adapter import PolicyAdapter
from policy.decision import Decision
from policy.rules import RuleRequest, rules_for
from policy.snapshot import AccountPolicy, PolicyLine, build_snapshot, line_domain
from policy.validation import check_roles_defined
from steward.errors import counted

__all__ = ["Decision", "PolicyEngine"]

logger = logging.getLogger(__name__)

Publisher = Callable[[int], Awaitable[None]]


class PolicyEngine:
    """One process's view of the stored policy of all accounts."""

    def __init__(self, adapter: PolicyAdapter | None = None) -> None:
        self.adapter = adapter or PolicyAdapter()
        self.publisher: Publisher | None = None
        """Called with the account id after this process changed its policy."""
        self._accounts: dict[int, AccountPolicy] = {}
        self._reload_lock = asyncio.Lock()

    async def load(self) -> None:
        """Replace the snapshots of all accounts with the stored policy."""
        async with self._reload_lock:
            lines = await self.adapter.load_lines()
            by_account: dict[int, list[PolicyLine]] = defaultdict(list)
            for line in lines:
                account_id = _account_of(line)
                if account_id is not None:
                    by_account[account_id].append(line)
            self._accounts = {
                account_id: build_snapshot(account_id, account_lines)
                for account_id, account_lines in by_account.items()
            }
        logger.info(
            "policy loaded: %s of %s",
            counted(len(lines), "line"),
            counted(len(by_account), "account"),
        )

    async def reload(self, account_id: int) -> AccountPolicy:
        """Replace the snapshot of one account with its stored policy."""
        async with self._reload_lock:
            lines = await self.adapter.load_lines(account_id)
            snapshot = build_snapshot(account_id, lines)
            self._accounts[account_id] = snapshot
        logger.debug("policy of account %s reloaded: %d lines", account_id, len(lines))
        return snapshot

    async def changed(self, account_id: int) -> None:
        """Apply a committed change here now, then tell the other processes."""
        await self.reload(account_id)
        if self.publisher is not None:
            await self.publisher(account_id)

    def snapshot(self, account_id: int) -> AccountPolicy:
        """Return the account's current snapshot; empty if none is loaded."""
        snapshot = self._accounts.get(account_id)
        if snapshot is None:
            return build_snapshot(account_id, [])
        return snapshot

    async def current(self, account_id: int) -> AccountPolicy:
        """Return the account's snapshot, loading it if this process has none yet.

        An account created by another process may reach a request here before the
        change notification does.
        """
        snapshot = self._accounts.get(account_id)
        if snapshot is None:
            snapshot = await self.reload(account_id)
        return snapshot

    def allows(
        self,
        account_id: int,
        user_id: int,
        action: Action,
        record_type: str = ANY,
        object_role: str = ANY,
    ) -> bool:
        """Return whether the user's roles grant the action; one enforce call."""
        return self.snapshot(account_id).user_allows(
            user_id, record_type, object_role, action.value
        )

    async def decide(
        self,
        account_id: int,
        user_id: int,
        action: Action,
        record_type: str = ANY,
        object_role: str = ANY,
        record_ids: Sequence[int] | None = None,
    ) -> Decision:
        """Run the rules of `action` for one request.

        Costs one enforce call, plus one per optional rule of the action that the
        account enabled for any role, plus one query per enabled rule that looks at
        records, whatever the number of `record_ids`.
        """
        snapshot = await self.current(account_id)
        request = RuleRequest(
            account_id, user_id, action, str(record_type), object_role, record_ids
        )
        decision = Decision(action, str(record_type), object_role)
        for rule in rules_for(action):
            if rule.plugin is not None and not _plugin_applies(
                snapshot, request, rule.plugin
            ):
                continue
            await rule.check(snapshot, request, decision)
            if decision.denied is not None:
                break
        return decision

    async def require(
        self,
        account_id: int,
        user_id: int,
        action: Action,
        record_type: str = ANY,
        object_role: str = ANY,
        record_ids: Sequence[int] | None = None,
    ) -> None:
        """Raise Forbidden, naming the missing permission, unless allowed."""
        decision = await self.decide(
            account_id, user_id, action, record_type, object_role, record_ids
        )
        decision.raise_if_denied()

    async def user_roles(self, account_id: int, user_id: int) -> list[str]:
        """Return the user's roles, loading the account's policy if needed."""
        return (await self.current(account_id)).user_roles(user_id)

    async def set_user_roles(
        self, account_id: int, user_id: int, roles: Sequence[str]
    ) -> None:
        """Give the user exactly `roles` and apply the change at once.

        Raises ValidationFailed naming a role the account does not define. Inside a
        transaction, use `write_user_roles` and call `changed` after the commit;
        otherwise other processes may reload before the roles are committed.
        """
        before, after = await self.write_user_roles(account_id, user_id, roles)
        if before != after:
            await self.changed(account_id)

    async def write_user_roles(
        self, account_id: int, user_id: int, roles: Sequence[str]
    ) -> tuple[list[str], list[str]]:
        """Store `roles` as the user's roles; return the roles before and after.

        Runs inside the caller's transaction, if any, and leaves the snapshot alone:
        call `changed` after the commit.
        """
        await check_roles_defined(account_id, roles)
        domain = domain_of(account_id)
        subject = user_subject(user_id)
        stored = await self.adapter.load_lines(account_id)
        current = sorted(
            line[2].removeprefix("role:")
            for line in stored
            if line[0] == "g" and line[1] == subject
        )
        wanted = sorted(set(roles))
        if current != wanted:
            await self.adapter.remove_lines(
                [("g", subject, role_subject(role), domain) for role in current]
            )
            await self.adapter.add_lines(
                ("g", subject, role_subject(role), domain) for role in wanted
            )
        return current, wanted

    async def install_defaults(self, account_id: int) -> None:
        """Store the user roles and policy of a new account, unless it has a policy."""
        if await self.adapter.load_lines(account_id):
            return
        existing = await UserRole.filter(account_id=account_id).values_list(
            "name", flat=True
        )
        async with in_transaction():
            await UserRole.bulk_create(
                [
                    UserRole(account_id=account_id, name=name, builtin=True)
                    for name in DEFAULT_USER_ROLES
                    if name not in existing
                ]
            )
            await self.adapter.add_lines(
                ("p", *line) for line in default_policy(account_id)
            )
        await self.changed(account_id)


def _plugin_applies(snapshot: AccountPolicy, request: RuleRequest, plugin: str) -> bool:
    """Return whether an admin enabled `plugin` for one of the caller's roles."""
    enabling = plugin_action(plugin)
    if enabling not in snapshot.actions:
        return False
    return snapshot.user_allows(
        request.user_id, request.record_type, request.object_role, enabling
    )


def _account_of(line: PolicyLine) -> int | None:
    """Return the account id of a line's domain; None for a foreign line."""
    domain = line_domain(line) if len(line) >= 4 else ""
    prefix, _, raw_id = domain.partition(":")
    if prefix != "account" or not raw_id.isdigit():
        logger.warning("ignoring a policy line outside any account: %s", line)
        return None
    return int(raw_id)
