"""The Casbin enforcer of every account, loaded from the database.

Subjects are `user:<id>` and `role:<name>`, domains are `account:<id>`, and a policy
line grants a user role an action on a record type and object role, with `*` for any.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import casbin

from policy.adapter import PolicyAdapter
from steward.errors import Forbidden

logger = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent.parent / "casbin_model.conf"
ANY = "*"


class Action(StrEnum):
    CHANGE_ASSIGNEE = "change_assignee"
    CLAIM = "claim"
    MANAGE_POLICY = "manage_policy"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_USERS = "manage_users"


DEFAULT_USER_ROLES = ("admin", "manager", "salesperson")
ADMIN_ROLE = "admin"


def domain_of(account_id: int) -> str:
    return f"account:{account_id}"


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def role_subject(role: str) -> str:
    return f"role:{role}"


def default_policy(account_id: int) -> list[list[str]]:
    """Return the policy lines of a new account.

    Every user role may change and claim every object role on every record type, and
    only admins may manage the policy and the ownership settings.
    """
    domain = domain_of(account_id)
    lines = []
    for role in DEFAULT_USER_ROLES:
        for action in (Action.CHANGE_ASSIGNEE, Action.CLAIM):
            lines.append([role_subject(role), domain, ANY, ANY, action.value])
    for action in (Action.MANAGE_POLICY, Action.MANAGE_SETTINGS, Action.MANAGE_USERS):
        lines.append([role_subject(ADMIN_ROLE), domain, ANY, ANY, action.value])
    return lines


@dataclass
class Decision:
    """The outcome of one permission check for a request.

    `denied` is the message when the whole request is denied; `refused_records` maps
    record ids that a rule refuses individually to the reason.
    """

    action: Action
    record_type: str
    object_role: str
    denied: str | None = None
    refused_records: dict[int, str] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.denied is None and not self.refused_records

    def raise_if_denied(self) -> None:
        """Raise Forbidden, naming the missing permission, unless fully allowed."""
        if self.allowed:
            return
        message = self.denied or next(iter(self.refused_records.values()))
        raise Forbidden(
            message,
            permission=self.action.value,
            recordType=self.record_type,
            objectRole=self.object_role,
        )


class PolicyEngine:
    """One process's view of the stored policy of all accounts."""

    def __init__(self) -> None:
        self.enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), PolicyAdapter())

    async def load(self) -> None:
        await self.enforcer.load_policy()
        logger.info("policy loaded: %d lines", len(self.enforcer.get_policy()))

    def allows(
        self,
        account_id: int,
        user_id: int,
        action: Action,
        record_type: str = ANY,
        object_role: str = ANY,
    ) -> bool:
        return self.enforcer.enforce(
            user_subject(user_id),
            domain_of(account_id),
            record_type,
            object_role,
            action.value,
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
        """Decide one request: one enforcer call, whatever the number of records."""
        decision = Decision(action, record_type, object_role)
        if not self.allows(account_id, user_id, action, record_type, object_role):
            decision.denied = (
                f"Missing permission {action.value!r} on record type {record_type!r} "
                f"and object role {object_role!r}; ask an admin to grant it."
            )
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

    def user_roles(self, account_id: int, user_id: int) -> list[str]:
        lines = self.enforcer.get_filtered_grouping_policy(
            0, user_subject(user_id), "", domain_of(account_id)
        )
        return sorted(line[1].removeprefix("role:") for line in lines)

    async def set_user_roles(
        self, account_id: int, user_id: int, roles: list[str]
    ) -> None:
        domain = domain_of(account_id)
        subject = user_subject(user_id)
        current = set(self.user_roles(account_id, user_id))
        wanted = set(roles)
        for role in sorted(current - wanted):
            await self.enforcer.remove_grouping_policy(
                subject, role_subject(role), domain
            )
        for role in sorted(wanted - current):
            await self.enforcer.add_grouping_policy(subject, role_subject(role), domain)

    async def install_defaults(self, account_id: int) -> None:
        """Store the default policy of a new account, unless it has a policy already."""
        domain = domain_of(account_id)
        if self.enforcer.get_filtered_policy(1, domain):
            return
        await self.enforcer.add_policies(default_policy(account_id))
