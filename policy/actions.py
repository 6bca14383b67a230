"""Actions, Casbin subjects and domains, and the default policy of a new account.

A policy line is `p, <subject>, <domain>, <record type>, <object role>, <action>`:
subjects are `user:<id>` and `role:<name>`, domains are `account:<id>`, and `*`
matches any record type or object role. A grouping line `g, user:<id>,
role:<name>, account:<id>` gives a user a user role in one account.
"""

from enum import StrEnum

ANY = "*"
PLUGIN_PREFIX = "plugin:"


class Action(StrEnum):
    CHANGE_ASSIGNEE = "change_assignee"
    CLAIM = "claim"
    MANAGE_POLICY = "manage_policy"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_USERS = "manage_users"
    UNDO_BATCH = "undo_batch"
    """Undo a batch of changes that another user made; one's own needs no grant."""


# Actions on the whole account: their grants use `*` for record type and object role.
ACCOUNT_ACTIONS = frozenset(
    {
        Action.MANAGE_POLICY,
        Action.MANAGE_SETTINGS,
        Action.MANAGE_USERS,
        Action.UNDO_BATCH,
    }
)

DEFAULT_USER_ROLES = ("admin", "manager", "salesperson")
ADMIN_ROLE = "admin"


def domain_of(account_id: int) -> str:
    return f"account:{account_id}"


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def role_subject(role: str) -> str:
    return f"role:{role}"


def plugin_action(plugin: str) -> str:
    """Return the policy action whose line enables `plugin` for a user role."""
    return f"{PLUGIN_PREFIX}{plugin}"


def default_policy(account_id: int) -> list[list[str]]:
    """Return the policy lines (without the `p`) of a new account.

    Every user role may change and claim every object role on every record type, and
    only admins may manage the policy, the settings and users, and undo other users'
    batches.
    """
    domain = domain_of(account_id)
    lines = []
    for role in DEFAULT_USER_ROLES:
        for action in (Action.CHANGE_ASSIGNEE, Action.CLAIM):
            lines.append([role_subject(role), domain, ANY, ANY, action.value])
    for action in sorted(ACCOUNT_ACTIONS):
        lines.append([role_subject(ADMIN_ROLE), domain, ANY, ANY, action.value])
    return lines
