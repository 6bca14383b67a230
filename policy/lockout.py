"""The check that a policy change leaves every account-wide action with a user.

Only users with `manage_policy` can grant an action back, so losing its last active
holder locks the policy for good. Losing the last holder of `manage_settings`,
`manage_users` or `undo_batch` leaves work that nobody can do until a policy
manager notices. Every change of grants or user roles therefore keeps at least one
active user with each action in ACCOUNT_ACTIONS.
"""

from collections.abc import Iterable

from models import User
from policy.actions import ACCOUNT_ACTIONS, ANY, Action
from policy.engine import PolicyEngine
from policy.snapshot import PolicyLine
from steward.errors import Conflict

USER_PREFIX = "user:"


def holders(lines: Iterable[PolicyLine], action: Action) -> set[int]:
    """Return the ids of users granted `action` on the whole account by `lines`."""
    lines = list(lines)
    subjects = {
        line[1]
        for line in lines
        if line[0] == "p" and line[3:] == (ANY, ANY, action.value)
    }
    users = {line[1] for line in lines if line[0] == "g" and line[2] in subjects}
    users |= {subject for subject in subjects if subject.startswith(USER_PREFIX)}
    return {int(user.removeprefix(USER_PREFIX)) for user in users}


def unheld_actions(lines: Iterable[PolicyLine], active_user_ids: set[int]) -> list[str]:
    """Return the account-wide actions that no user of `active_user_ids` has."""
    lines = list(lines)
    return sorted(
        action.value
        for action in ACCOUNT_ACTIONS
        if not holders(lines, action) & active_user_ids
    )


def quoted_actions(actions: Iterable[str]) -> str:
    """Return action names quoted and separated by commas, for messages."""
    return ", ".join(repr(action) for action in actions)


async def check_account_actions_held(policy: PolicyEngine, account_id: int) -> None:
    """Raise Conflict unless an active user has each account-wide action.

    Reads the stored lines, so call it inside the transaction after the write,
    which the Conflict then rolls back.
    """
    lines = await policy.adapter.load_lines(account_id)
    candidates: set[int] = set()
    for action in ACCOUNT_ACTIONS:
        candidates |= holders(lines, action)
    active = await User.filter(
        account_id=account_id, id__in=sorted(candidates), deleted_at__isnull=True
    ).values_list("id", flat=True)
    missing = unheld_actions(lines, set(active))
    if not missing:
        return
    raise Conflict(
        f"This change would leave no active user with the permission "
        f"{quoted_actions(missing)}. Only a user with 'manage_policy' can grant a "
        "permission back, so keep at least one active user with each of them.",
        permissions=missing,
    )
