"""The registry of rules that decide each action.

A rule is an async function that receives the account's policy snapshot and the
request, and narrows the Decision: it sets `denied` to reject the whole request or
adds ids to `refused_records`. `PolicyEngine.decide` runs the rules of the action in
registration order and stops at the first that denies the whole request.

A rule registered with `plugin=` is optional: it runs only for callers who hold a
user role that an admin enabled it for (a policy line with the action
`plugin:<name>`, see `policy.plugins`). To add a rule, add a module to
`policy/plugins/`; every module there is imported when the package loads.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from policy.actions import Action
from policy.decision import Decision
from policy.snapshot import AccountPolicy


@dataclass(frozen=True)
class RuleRequest:
    account_id: int
    user_id: int
    action: Action
    record_type: str
    object_role: str
    record_ids: Sequence[int] | None = None


RuleCheck = Callable[[AccountPolicy, RuleRequest, Decision], Awaitable[None]]


@dataclass(frozen=True)
class Rule:
    name: str
    actions: frozenset[Action]
    check: RuleCheck
    plugin: str | None = None
    description: str = ""


_rules: list[Rule] = []


def rule(
    *actions: Action, plugin: str | None = None, description: str = ""
) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as a rule of `actions`."""

    def register(check: RuleCheck) -> RuleCheck:
        name = plugin or check.__name__
        if any(existing.name == name for existing in _rules):
            raise ValueError(f"a policy rule named {name!r} is registered already")
        _rules.append(Rule(name, frozenset(actions), check, plugin, description))
        return check

    return register


def rules_for(action: Action) -> list[Rule]:
    return [registered for registered in _rules if action in registered.actions]


def plugins() -> list[Rule]:
    """Return the optional rules, which admins enable per user role."""
    return [registered for registered in _rules if registered.plugin is not None]


def find_plugin(name: str) -> Rule | None:
    return next((plugin for plugin in plugins() if plugin.name == name), None)


@rule(*Action)
async def granted(
    policy: AccountPolicy, request: RuleRequest, decision: Decision
) -> None:
    """Deny the request unless one of the caller's user roles grants the action."""
    if policy.user_allows(
        request.user_id, request.record_type, request.object_role, request.action
    ):
        return
    decision.denied = (
        f"Missing permission {request.action.value!r} on record type "
        f"{request.record_type!r} and object role {request.object_role!r}; ask an "
        "admin to grant it."
    )
