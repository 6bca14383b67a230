"""The policy engine: defaults, decisions per action, plugins, reloads."""

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest

from models import Account, Assignment, Deal, ObjectRole, RecordType, User, UserRole
from policy import Action, PolicyEngine
from policy.actions import ACCOUNT_ACTIONS, domain_of, plugin_action
from policy.admin import Grant, grant_permission, revoke_permission, set_plugin
from steward import accounts
from steward.clock import utcnow
from steward.errors import Forbidden, ValidationFailed
from tests.conftest import PASSWORD

ROLE_ACTIONS = (Action.CHANGE_ASSIGNEE, Action.CLAIM)


async def make_account(policy: PolicyEngine, slug: str = "acme") -> Account:
    return await accounts.create_account(policy, slug.title(), slug)


async def make_user(
    policy: PolicyEngine, account: Account, name: str, roles: tuple[str, ...]
) -> User:
    return await accounts.create_user(
        policy,
        account,
        name=name,
        email=f"{name.lower()}@{account.slug}.test",
        password=PASSWORD,
        roles=list(roles),
    )


@pytest.fixture
async def team(policy: PolicyEngine) -> tuple[Account, User, User]:
    account = await make_account(policy)
    admin = await make_user(policy, account, "Anna", ("admin",))
    seller = await make_user(policy, account, "Sam", ("salesperson",))
    return account, admin, seller


async def make_deals(account: Account, owner: User, count: int) -> list[int]:
    """Create deals assigned to `owner` in the Owner role; return their ids."""
    role = await ObjectRole.get(account_id=account.id, key="owner")
    ids = []
    now = utcnow()
    for number in range(count):
        deal = await Deal.create(account=account, name=f"Deal {number}")
        await Assignment.create(
            account=account,
            record_type=RecordType.DEAL,
            record_id=deal.id,
            object_role=role,
            user=owner,
            started_at=now,
            last_activity_at=now,
        )
        ids.append(deal.id)
    return ids


def count_enforce_calls(policy: PolicyEngine, account_id: int) -> list[Any]:
    """Record every enforce call of the account's current snapshot."""
    enforcer = policy.snapshot(account_id).enforcer
    calls: list[Any] = []
    original: Callable[..., bool] = enforcer.enforce

    def counting(*args: Any) -> bool:
        calls.append(args)
        return original(*args)

    enforcer.enforce = counting  # type: ignore[method-assign]
    return calls


async def test_new_account_default_roles(policy: PolicyEngine) -> None:
    account = await make_account(policy)
    names = await UserRole.filter(account_id=account.id).values_list("name", flat=True)
    assert sorted(names) == ["admin", "manager", "salesperson"]


@pytest.mark.parametrize("role", ["admin", "manager", "salesperson"])
@pytest.mark.parametrize("action", ROLE_ACTIONS)
async def test_default_grants_record_actions(
    policy: PolicyEngine, role: str, action: Action
) -> None:
    account = await make_account(policy)
    user = await make_user(policy, account, "Uma", (role,))
    for record_type in RecordType:
        assert policy.allows(account.id, user.id, action, record_type, "owner")


@pytest.mark.parametrize("action", sorted(ACCOUNT_ACTIONS))
async def test_default_account_actions_admin_only(
    policy: PolicyEngine, action: Action
) -> None:
    account = await make_account(policy)
    admin = await make_user(policy, account, "Anna", ("admin",))
    manager = await make_user(policy, account, "Max", ("manager",))
    seller = await make_user(policy, account, "Sam", ("salesperson",))
    assert policy.allows(account.id, admin.id, action)
    assert not policy.allows(account.id, manager.id, action)
    assert not policy.allows(account.id, seller.id, action)


@pytest.mark.parametrize("action", list(Action))
async def test_revoke_denies_each_action(
    policy: PolicyEngine, team: tuple[Account, User, User], action: Action
) -> None:
    account, admin, _ = team
    other = await make_user(policy, account, "Otto", ("admin",))
    assert (await policy.decide(account.id, other.id, action, "deal", "owner")).allowed

    if action in ACCOUNT_ACTIONS:
        # Revoking it from admins needs another role that keeps it.
        await UserRole.create(account_id=account.id, name="keeper")
        await grant_permission(policy, admin, Grant("keeper", action.value))
        await policy.set_user_roles(account.id, admin.id, ["admin", "keeper"])
    await revoke_permission(policy, admin, Grant("admin", action.value))

    decision = await policy.decide(account.id, other.id, action, "deal", "owner")
    assert decision.denied is not None
    assert action.value in decision.denied


async def test_other_account_not_granted(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    _, admin, _ = team
    other = await make_account(policy, "globex")
    assert not policy.allows(other.id, admin.id, Action.MANAGE_POLICY)


async def test_require_names_missing_permission(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, _, seller = team
    with pytest.raises(Forbidden) as raised:
        await policy.require(account.id, seller.id, Action.MANAGE_SETTINGS)
    assert raised.value.extensions["permission"] == "manage_settings"
    assert "'manage_settings'" in raised.value.message


async def test_unknown_user_role_rejected(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, _, seller = team
    with pytest.raises(ValidationFailed) as raised:
        await policy.set_user_roles(account.id, seller.id, ["pilot"])
    assert "'pilot'" in raised.value.message
    assert await policy.user_roles(account.id, seller.id) == ["salesperson"]


async def test_user_roles_of_account_loaded_elsewhere(policy: PolicyEngine) -> None:
    """An account created by another process after this one loaded its policy."""
    await policy.load()
    other_process = PolicyEngine()
    account = await make_account(other_process, slug="later")
    admin = await make_user(other_process, account, "Admin", ("admin",))

    assert await policy.user_roles(account.id, admin.id) == ["admin"]


async def test_plugin_refuses_unassigned_record(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, seller = team
    own = await make_deals(account, seller, 1)
    foreign = await make_deals(account, admin, 1)
    await set_plugin(policy, admin, "assigned_only", "salesperson", True)

    allowed = await policy.decide(
        account.id, seller.id, Action.CHANGE_ASSIGNEE, "deal", "owner", own
    )
    refused = await policy.decide(
        account.id, seller.id, Action.CHANGE_ASSIGNEE, "deal", "owner", foreign
    )
    assert allowed.allowed
    assert list(refused.refused_records) == foreign


async def test_plugin_off_for_other_roles(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, seller = team
    foreign = await make_deals(account, seller, 1)
    await set_plugin(policy, admin, "assigned_only", "salesperson", True)
    decision = await policy.decide(
        account.id, admin.id, Action.CHANGE_ASSIGNEE, "deal", "owner", foreign
    )
    assert decision.allowed


async def test_plugin_set_costs_one_query(
    policy: PolicyEngine,
    team: tuple[Account, User, User],
    caplog: pytest.LogCaptureFixture,
) -> None:
    account, admin, seller = team
    own = await make_deals(account, seller, 30)
    foreign = await make_deals(account, admin, 20)
    await set_plugin(policy, admin, "assigned_only", "salesperson", True)
    calls = count_enforce_calls(policy, account.id)

    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        decision = await policy.decide(
            account.id,
            seller.id,
            Action.CHANGE_ASSIGNEE,
            "deal",
            "owner",
            own + foreign,
        )
    queries = [r for r in caplog.records if r.name == "tortoise.db_client"]
    assert sorted(decision.refused_records) == foreign
    assert len(queries) == 1
    assert len(calls) == 2


async def test_enforce_calls_independent_of_size(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, seller = team
    ids = await make_deals(account, seller, 200)
    await set_plugin(policy, admin, "assigned_only", "salesperson", True)
    calls = count_enforce_calls(policy, account.id)

    await policy.decide(
        account.id, seller.id, Action.CHANGE_ASSIGNEE, "deal", "owner", ids[:1]
    )
    single = len(calls)
    await policy.decide(
        account.id, seller.id, Action.CHANGE_ASSIGNEE, "deal", "owner", ids
    )
    assert len(calls) - single == single


async def test_unused_plugin_costs_nothing(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, _, seller = team
    ids = await make_deals(account, seller, 3)
    calls = count_enforce_calls(policy, account.id)
    await policy.decide(
        account.id, seller.id, Action.CHANGE_ASSIGNEE, "deal", "owner", ids
    )
    assert len(calls) == 1


async def test_plugin_disabled_allows_again(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, seller = team
    foreign = await make_deals(account, admin, 1)
    await set_plugin(policy, admin, "assigned_only", "salesperson", True)
    await set_plugin(policy, admin, "assigned_only", "salesperson", False)
    decision = await policy.decide(
        account.id, seller.id, Action.CHANGE_ASSIGNEE, "deal", "owner", foreign
    )
    assert decision.allowed


async def test_plugin_line_stored_in_policy(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, _ = team
    await set_plugin(policy, admin, "assigned_only", "salesperson", True)
    lines = await policy.adapter.load_lines(account.id)
    expected = (
        "p",
        "role:salesperson",
        domain_of(account.id),
        "*",
        "*",
        plugin_action("assigned_only"),
    )
    assert expected in lines


async def test_reload_never_shows_partial_policy(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, seller = team
    await UserRole.create(account_id=account.id, name="scout")
    results: list[bool] = []
    running = True

    async def hammer() -> None:
        while running:
            results.append(
                policy.allows(account.id, seller.id, Action.CLAIM, "deal", "owner")
            )
            results.append(policy.allows(account.id, admin.id, Action.MANAGE_POLICY))
            # Not sleep(0): a busy loop would starve the SQLite driver's thread.
            await asyncio.sleep(0.0005)

    task = asyncio.create_task(hammer())
    for number in range(40):
        grant = Grant("scout", Action.CLAIM.value, "deal" if number % 2 else "*")
        await grant_permission(policy, admin, grant)
        await policy.reload(account.id)
        await policy.load()
        await revoke_permission(policy, admin, grant)
    running = False
    await task

    assert len(results) > 40
    assert all(results)


async def test_current_loads_missing_account(
    policy: PolicyEngine, team: tuple[Account, User, User]
) -> None:
    account, admin, _ = team
    fresh = PolicyEngine()
    decision = await fresh.decide(account.id, admin.id, Action.MANAGE_POLICY)
    assert decision.allowed
