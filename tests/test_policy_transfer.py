"""Exporting and importing an account's policy in Casbin's CSV format."""

from pathlib import Path

import pytest

from models import Account, PolicyChange, User, UserRole
from policy import Action, PolicyEngine
from policy.transfer import (
    export_policy,
    export_to_file,
    import_from_file,
    import_policy,
)
from steward import accounts
from steward.errors import NotFound, ValidationFailed
from tests.conftest import PASSWORD


async def make_team(policy: PolicyEngine, slug: str) -> tuple[Account, User, User]:
    account = await accounts.create_account(policy, slug.title(), slug)
    users = []
    for name, role in (("anna", "admin"), ("sam", "salesperson")):
        users.append(
            await accounts.create_user(
                policy,
                account,
                name=name.title(),
                email=f"{name}@{slug}.test",
                password=PASSWORD,
                roles=[role],
            )
        )
    return account, users[0], users[1]


@pytest.fixture
async def acme(policy: PolicyEngine) -> tuple[Account, User, User]:
    return await make_team(policy, "acme")


async def test_export_lists_grants_and_roles(
    policy: PolicyEngine, acme: tuple[Account, User, User]
) -> None:
    account, admin, _ = acme
    lines = (await export_policy(policy, account.id)).splitlines()
    domain = f"account:{account.id}"
    assert f"p, role:admin, {domain}, *, *, manage_policy" in lines
    assert f"g, user:{admin.id}, role:admin, {domain}" in lines
    assert lines[0].startswith("p, ")


async def test_round_trip_into_other_account(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    account, _, _ = acme
    target, target_admin, target_seller = await make_team(policy, "globex")
    source = (await export_policy(policy, account.id)).splitlines()
    grants = [line for line in source if line.startswith("p, ")]
    grants.append(f"p, role:auditor, account:{account.id}, *, *, manage_settings")
    memberships = [
        f"g, user:{target_admin.id}, role:admin, account:999",
        f"g, user:{target_seller.id}, role:auditor, account:999",
    ]
    path = tmp_path / "policy.csv"
    path.write_text("# copied\n\n" + "\n".join(grants + memberships) + "\n")

    outcome = await import_from_file(policy, "globex", path)
    exported = await export_to_file(policy, "globex", tmp_path / "again.csv")

    result = (tmp_path / "again.csv").read_text().splitlines()
    expected = [
        line.replace(f"account:{account.id}", f"account:{target.id}") for line in grants
    ]
    assert outcome.defined_roles == ["auditor"]
    assert exported == len(result)
    assert sorted(line for line in result if line.startswith("p, ")) == sorted(expected)
    assert policy.allows(target.id, target_seller.id, Action.MANAGE_SETTINGS)
    assert not policy.allows(target.id, target_seller.id, Action.CLAIM)
    assert await UserRole.exists(account_id=target.id, name="auditor")


async def test_reimport_keeps_policy_records_history(
    policy: PolicyEngine, acme: tuple[Account, User, User]
) -> None:
    account, _, _ = acme
    text = await export_policy(policy, account.id)

    await import_policy(policy, account.id, text)

    change = await PolicyChange.get(account_id=account.id)
    assert await export_policy(policy, account.id) == text
    assert change.kind == "import"
    assert change.actor_id is None
    assert change.after == {"lines": text.splitlines()}


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("p, role:admin, account:1, *, *", "columns"),
        ("p, role:admin, account:1, *, *, fly", "'fly'"),
        ("g, user:1, role:admin", "columns"),
        ("x, role:admin, account:1, *, *, claim", "'x'"),
        ("p, role:admin, account:1, ship, *, claim", "'ship'"),
        ("p, role:admin, account:1, deal, pilot, claim", "'pilot'"),
        ("p, role:admin, account:1, deal, *, manage_policy", "whole account"),
        ("p, user:1, account:1, *, *, claim", "not a user role"),
        ("g, user:424242, role:admin, account:1", "not a user of"),
        ("p, role:Bad Name, account:1, *, *, claim", "'Bad Name'"),
        ("p, role:admin, tenant:1, *, *, claim", "domain"),
    ],
)
async def test_malformed_file_writes_nothing(
    policy: PolicyEngine,
    acme: tuple[Account, User, User],
    tmp_path: Path,
    bad_line: str,
    reason: str,
) -> None:
    account, _, _ = acme
    before = await export_policy(policy, account.id)
    path = tmp_path / "policy.csv"
    path.write_text(before + "\n" + bad_line + "\n")
    bad_number = len(before.splitlines()) + 2

    with pytest.raises(ValidationFailed) as raised:
        await import_from_file(policy, "acme", path)

    assert f"line {bad_number}:" in raised.value.message
    assert reason in raised.value.message
    assert await export_policy(policy, account.id) == before
    assert not await PolicyChange.exists(account_id=account.id)


async def test_import_without_manager_rejected(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    account, _, seller = acme
    path = tmp_path / "policy.csv"
    path.write_text(
        f"p, role:salesperson, account:{account.id}, *, *, claim\n"
        f"g, user:{seller.id}, role:salesperson, account:{account.id}\n"
    )
    before = await export_policy(policy, account.id)

    with pytest.raises(ValidationFailed) as raised:
        await import_from_file(policy, "acme", path)

    assert "'manage_policy'" in raised.value.message
    assert await export_policy(policy, account.id) == before


async def test_unknown_account_not_found(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    with pytest.raises(NotFound) as raised:
        await export_to_file(policy, "initech", tmp_path / "policy.csv")
    assert "'initech'" in raised.value.message


async def test_missing_file_rejected(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        await import_from_file(policy, "acme", tmp_path / "missing.csv")
    assert "missing.csv" in raised.value.message
