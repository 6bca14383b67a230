"""Exporting and importing an account's policy in Casbin's CSV format."""

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
import redis

from models import Account, PolicyChange, User, UserRole
from policy import Action, PolicyEngine
from policy.transfer import (
    export_policy,
    export_to_file,
    import_from_file,
    import_policy,
)
from policy.watcher import CHANNEL
from steward import accounts, db
from steward.cli import main
from steward.errors import NotFound, ValidationFailed
from steward.redis_server import RUN_REDIS_FILE, published_redis_url
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


async def test_unchanged_import_records_nothing(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    account, _, _ = acme
    text = await export_policy(policy, account.id)
    path = tmp_path / "policy.csv"
    path.write_text("# unchanged\n" + text)

    outcome = await import_from_file(policy, "acme", path)

    assert outcome.changed is False
    assert outcome.lines == len(text.splitlines())
    assert outcome.defined_roles == []
    assert await export_policy(policy, account.id) == text
    assert not await PolicyChange.exists(account_id=account.id)


async def test_changed_import_records_history(
    policy: PolicyEngine, acme: tuple[Account, User, User]
) -> None:
    account, _, _ = acme
    before = await export_policy(policy, account.id)
    added_grant = f"p, role:manager, account:{account.id}, *, *, undo_batch"

    outcome = await import_policy(policy, account.id, before + added_grant + "\n")

    after = await export_policy(policy, account.id)
    change = await PolicyChange.get(account_id=account.id)
    assert outcome.changed is True
    assert added_grant in after.splitlines()
    assert change.kind == "import"
    assert change.actor_id is None
    assert change.before == {"lines": before.splitlines()}
    assert change.after == {"lines": after.splitlines()}


async def test_import_defining_only_roles_records_history(
    policy: PolicyEngine, acme: tuple[Account, User, User]
) -> None:
    """A stored grant of a role that has no UserRole row is not a no-op import."""
    account, _, _ = acme
    grant = ("p", "role:auditor", f"account:{account.id}", "*", "*", "manage_settings")
    await policy.adapter.add_lines([grant])
    text = await export_policy(policy, account.id)

    outcome = await import_policy(policy, account.id, text)

    assert outcome.changed is True
    assert outcome.defined_roles == ["auditor"]
    assert await UserRole.exists(account_id=account.id, name="auditor")
    assert await PolicyChange.exists(account_id=account.id, kind="import")


async def test_unknown_role_in_user_role_line_rejected(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    account, _, seller = acme
    before = await export_policy(policy, account.id)
    path = tmp_path / "policy.csv"
    path.write_text(before + f"g, user:{seller.id}, role:ghost, account:1\n")
    ghost_number = len(before.splitlines()) + 1

    with pytest.raises(ValidationFailed) as raised:
        await import_from_file(policy, "acme", path)

    message = raised.value.message
    assert f"line {ghost_number}: Unknown user role 'ghost'" in message
    assert "admin, manager, salesperson" in message
    assert "has 1 error" in message
    assert await export_policy(policy, account.id) == before
    assert not await UserRole.exists(account_id=account.id, name="ghost")
    assert not await PolicyChange.exists(account_id=account.id)


async def test_role_granted_later_in_file_accepted(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    """A 'g' line may name a role that a 'p' line further down grants."""
    account, _, seller = acme
    before = await export_policy(policy, account.id)
    path = tmp_path / "policy.csv"
    path.write_text(
        f"g, user:{seller.id}, role:auditor, account:1\n"
        + before
        + "p, role:auditor, account:1, *, *, manage_settings\n"
    )

    outcome = await import_from_file(policy, "acme", path)

    assert outcome.defined_roles == ["auditor"]
    assert policy.allows(account.id, seller.id, Action.MANAGE_SETTINGS)


async def test_stored_role_without_grants_accepted(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    """A role that the account defines needs no 'p' line, as in setUserRoles."""
    account, _, seller = acme
    before = await export_policy(policy, account.id)
    kept = [line for line in before.splitlines() if "role:manager" not in line]
    path = tmp_path / "policy.csv"
    path.write_text(
        "\n".join(kept) + f"\ng, user:{seller.id}, role:manager, account:1\n"
    )

    outcome = await import_from_file(policy, "acme", path)

    after = (await export_policy(policy, account.id)).splitlines()
    assert outcome.defined_roles == []
    assert f"g, user:{seller.id}, role:manager, account:{account.id}" in after
    assert not policy.allows(account.id, seller.id, Action.MANAGE_SETTINGS)


async def test_bad_grant_of_role_reported_once(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    """A role whose 'p' line is invalid is not also reported as unknown."""
    account, _, seller = acme
    before = await export_policy(policy, account.id)
    path = tmp_path / "policy.csv"
    path.write_text(
        before
        + "p, role:auditor, account:1, *, *, fly\n"
        + f"g, user:{seller.id}, role:auditor, account:1\n"
    )

    with pytest.raises(ValidationFailed) as raised:
        await import_from_file(policy, "acme", path)

    assert "has 1 error" in raised.value.message
    assert "'fly'" in raised.value.message
    assert await export_policy(policy, account.id) == before


async def test_import_accepts_byte_order_mark(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    """Excel and Notepad start a UTF-8 file with a byte order mark (U+FEFF)."""
    account, _, _ = acme
    text = await export_policy(policy, account.id)
    extra_grant = f"p, role:manager, account:{account.id}, *, *, undo_batch\n"
    path = tmp_path / "policy.csv"
    path.write_text(extra_grant + text, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    outcome = await import_from_file(policy, "acme", path)

    assert outcome.lines == len(text.splitlines()) + 1
    assert extra_grant.strip() in (await export_policy(policy, account.id)).splitlines()


async def test_import_accepts_record_type_in_any_case(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    account, _, _ = acme
    text = await export_policy(policy, account.id)
    path = tmp_path / "policy.csv"
    path.write_text(
        f"p, role:manager, account:{account.id}, DEAL, owner, claim\n"
        f"p, role:manager, account:{account.id}, Person, owner, claim\n" + text
    )

    await import_from_file(policy, "acme", path)

    exported = (await export_policy(policy, account.id)).splitlines()
    assert f"p, role:manager, account:{account.id}, deal, owner, claim" in exported
    assert f"p, role:manager, account:{account.id}, person, owner, claim" in exported


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("p, role:admin, account:1, *, *", "columns"),
        ("p, role:admin, account:1, *, *, fly", "'fly'"),
        (
            "p, role:admin, account:1, *, *, plugin:nope",
            "Unknown policy plugin 'nope'; use one of assigned_only.",
        ),
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


async def test_import_without_user_manager_rejected(
    policy: PolicyEngine, acme: tuple[Account, User, User], tmp_path: Path
) -> None:
    account, admin, _ = acme
    text = await export_policy(policy, account.id)
    kept = [line for line in text.splitlines() if not line.endswith("manage_users")]
    path = tmp_path / "policy.csv"
    path.write_text("\n".join(kept) + "\n")

    with pytest.raises(ValidationFailed) as raised:
        await import_from_file(policy, "acme", path)

    assert "would hold 'manage_users', and" in raised.value.message
    assert await export_policy(policy, account.id) == text


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


def seed_account(database_url: str) -> tuple[int, int]:
    """Create the account 'acme' with one admin, outside any running app."""

    async def create() -> tuple[int, int]:
        await db.connect(database_url)
        try:
            policy = PolicyEngine()
            account = await accounts.create_account(policy, "Acme", "acme")
            admin = await User.create(
                account=account, name="Anna", email="anna@acme.test", password_hash=""
            )
            await policy.set_user_roles(account.id, admin.id, ["admin"])
            return account.id, admin.id
        finally:
            await db.disconnect()

    return asyncio.run(create())


def next_message(subscriber: redis.client.PubSub) -> dict[str, Any] | None:
    """Return the next published message; get_message returns None for others."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        message = subscriber.get_message(timeout=0.1)
        if message is not None:
            return message
    return None


def test_cli_round_trip_publishes(
    database_url: str,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    account_id, _ = seed_account(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    path = tmp_path / "policy.csv"
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(CHANNEL)

    exported = main(["policy", "export", str(path), "--account", "acme"])
    text = path.read_text()
    path.write_text(text + "p, role:manager, account:7, *, *, undo_batch\n")
    imported = main(["policy", "import", str(path), "--account", "acme"])
    message = next_message(subscriber)
    subscriber.close()

    output = capsys.readouterr().out.splitlines()
    assert exported == 0
    assert imported == 0
    assert f"p, role:admin, account:{account_id}, *, *, manage_policy" in text
    assert text.endswith("\n")
    lines = len(text.splitlines()) + 1
    assert output[-1] == f"imported {lines} policy lines into account acme"
    assert message is not None
    assert json.loads(message["data"])["account"] == account_id


def test_cli_unchanged_import_publishes_nothing(
    database_url: str,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    seed_account(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    path = tmp_path / "policy.csv"
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(CHANNEL)

    main(["policy", "export", str(path), "--account", "acme"])
    imported = main(["policy", "import", str(path), "--account", "acme"])
    # Published after the import returned, so it comes first unless the import
    # published too.
    redis.Redis.from_url(redis_url).publish(CHANNEL, "after the import")
    message = next_message(subscriber)
    subscriber.close()

    output = capsys.readouterr().out.splitlines()
    lines = len(path.read_text().splitlines())
    assert imported == 0
    assert output[-1] == (
        f"the policy of account acme already has the {lines} lines of {path}; "
        "nothing changed"
    )
    assert message is not None
    assert message["data"] == b"after the import"


def test_cli_finds_redis_of_running_service(
    database_url: str,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without REDIS_URL, the import reaches the Redis that `steward run` started."""
    account_id, _ = seed_account(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("STEWARD_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "policy.csv"
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(CHANNEL)

    main(["policy", "export", str(path), "--account", "acme"])
    with path.open("a") as file:
        file.write("p, role:manager, account:7, *, *, undo_batch\n")
    (tmp_path / "data").mkdir()
    with published_redis_url(tmp_path / "data", redis_url):
        assert (tmp_path / "data" / RUN_REDIS_FILE).exists()
        imported = main(["policy", "import", str(path), "--account", "acme"])
    message = next_message(subscriber)
    subscriber.close()

    assert imported == 0
    assert message is not None
    assert json.loads(message["data"])["account"] == account_id
    assert not (tmp_path / "data" / RUN_REDIS_FILE).exists()


def test_cli_rejects_malformed_file(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    seed_account(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    main(["policy", "export", str(before), "--account", "acme"])
    bad = tmp_path / "bad.csv"
    bad.write_text(before.read_text() + "p, role:admin, account:1, *, *\n")
    capsys.readouterr()

    code = main(["policy", "import", str(bad), "--account", "acme"])
    error = capsys.readouterr().err
    main(["policy", "export", str(after), "--account", "acme"])

    bad_number = len(bad.read_text().splitlines())
    assert code == 2
    assert f"line {bad_number}:" in error
    assert after.read_text() == before.read_text()


@pytest.mark.parametrize("action", ["export", "import"])
def test_cli_creates_no_database(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    action: str,
) -> None:
    """Run from a folder without a database, the default URL names a missing file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("STEWARD_DATA_DIR", raising=False)
    path = tmp_path / "policy.csv"
    path.write_text("")

    code = main(["policy", action, str(path), "--account", "acme"])

    error = capsys.readouterr().err
    assert code == 1
    assert error == (
        f"steward policy: the SQLite database {tmp_path / 'data' / 'steward.sqlite3'} "
        "does not exist; set DATABASE_URL or STEWARD_DATA_DIR to name an existing "
        "one, or run 'steward migrate' to create it\n"
    )
    assert not (tmp_path / "data").exists()


def test_cli_reports_missing_file_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # The database is missing too, but the input file is checked first.
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'data' / 'db.sqlite3'}")
    path = tmp_path / "missing.csv"

    code = main(["policy", "import", str(path), "--account", "acme"])

    assert code == 2
    assert capsys.readouterr().err == (
        f"steward policy: Reading {path} failed: No such file or directory.\n"
    )
    assert not (tmp_path / "data").exists()
