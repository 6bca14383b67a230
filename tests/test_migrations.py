"""The migrations of each SQL dialect describe the current models."""

import asyncio
import logging
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from aerich import Command
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from models import Company, ObjectRole, PolicyChange
from steward import db
from tests.conftest import TEST_DATABASE, _database_url, _execute_postgres

ROOT = Path(__file__).resolve().parent.parent


def test_migrations_match_models() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/make_migration.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # A change to the models needs `make migration NAME=...`.
    assert done.returncode == 0, done.stdout + done.stderr


ROLES_BEFORE_FOLDED_NAMES = """
INSERT INTO "account" ("id", "name", "slug", "show_deleted_users_in_filters",
    "created_at") VALUES (1, 'Acme', 'acme', FALSE, '2026-01-01 00:00:00+00:00'),
    (2, 'Other', 'other', FALSE, '2026-01-01 00:00:00+00:00');
INSERT INTO "object_role" ("id", "account_id", "key", "name", "record_types",
    "builtin", "created_at") VALUES
    (1, 1, 'k8', 'OWNER', '["deal"]', FALSE, '2026-01-01 00:00:00+00:00'),
    (2, 1, 'owner', 'Owner', '["deal"]', TRUE, '2026-01-01 00:00:00+00:00'),
    (3, 1, 'holder', ' owner (2)', '["deal"]', FALSE, '2026-01-01 00:00:00+00:00'),
    (4, 1, 'k9', 'owner ', '["person"]', FALSE, '2026-01-01 00:00:00+00:00'),
    (5, 2, 'owner', 'Owner', '["deal"]', TRUE, '2026-01-01 00:00:00+00:00');
"""


@pytest.fixture
def empty_database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Yield the URL of an empty database of the dialect that the suite runs on."""
    if TEST_DATABASE != "postgres":
        yield f"sqlite://{tmp_path / 'steward.sqlite3'}"
        return
    server_url = request.getfixturevalue("postgres_url")
    name = f"migration_{uuid.uuid4().hex[:12]}"
    asyncio.run(_execute_postgres(server_url, f"CREATE DATABASE {name}"))
    yield _database_url(server_url, name)
    asyncio.run(
        _execute_postgres(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    )


def migration_command(url: str, location: Path) -> Command:
    return Command(
        tortoise_config=db.tortoise_config(url), app="models", location=str(location)
    )


def test_duplicate_role_names_renamed(empty_database_url: str, tmp_path: Path) -> None:
    url = empty_database_url
    location = tmp_path / "migrations"
    shutil.copytree(db.migrations_dir(url), location)
    (folded_names,) = (location / "models").glob("*_unique_object_role_names.py")
    held_back = folded_names.rename(tmp_path / folded_names.name)

    # Each step runs in its own event loop: a second Tortoise.init in one loop,
    # after the first closed its connections, fails with "DB configuration not
    # initialised" (Tortoise 1.1).
    async def insert_roles() -> None:
        async with migration_command(url, location) as command:
            await command.init()
            await command.upgrade(run_in_transaction=True)
            await Tortoise.get_connection("default").execute_script(
                ROLES_BEFORE_FOLDED_NAMES
            )

    async def upgrade_and_read() -> tuple[dict[int, str], list[PolicyChange]]:
        async with migration_command(url, location) as command:
            await command.init()
            await command.upgrade(run_in_transaction=True)
            names = dict(await ObjectRole.all().values_list("id", "name"))
            return names, await PolicyChange.all().order_by("id")

    asyncio.run(insert_roles())
    held_back.rename(folded_names)
    names, changes = asyncio.run(upgrade_and_read())

    assert names == {
        1: "OWNER (3)",
        2: "Owner",
        3: " owner (2)",
        4: "owner (4)",
        5: "Owner",
    }
    assert [(c.account_id, c.actor_id, c.target) for c in changes] == [
        (1, None, "object_role:k8"),
        (1, None, "object_role:k9"),
    ]
    assert changes[0].before == {"name": "OWNER", "recordTypes": ["deal"]}
    assert changes[0].after == {"name": "OWNER (3)", "recordTypes": ["deal"]}
    assert changes[1].after == {"name": "owner (4)", "recordTypes": ["person"]}


# The rows of two accounts in the schema before name_key. Companies 2 and 3 have
# the key of company 1, and company 6 that of company 5.
COMPANIES_BEFORE_NAME_KEYS = """
INSERT INTO "account" ("id", "name", "slug", "show_deleted_users_in_filters",
    "created_at") VALUES (1, 'Acme', 'acme', FALSE, '2026-01-01 00:00:00+00:00'),
    (2, 'Other', 'other', FALSE, '2026-01-01 00:00:00+00:00');
INSERT INTO "company" ("id", "account_id", "name", "created_at", "updated_at")
VALUES
    (1, 1, 'Acme Corporation', '2026-01-01 00:00:00+00:00',
        '2026-01-01 00:00:00+00:00'),
    (2, 1, 'ACME CORPORATION', '2026-01-02 00:00:00+00:00',
        '2026-01-02 00:00:00+00:00'),
    (3, 1, 'acme  corporation', '2026-01-03 00:00:00+00:00',
        '2026-01-03 00:00:00+00:00'),
    (4, 2, 'acme corporation', '2026-01-01 00:00:00+00:00',
        '2026-01-01 00:00:00+00:00'),
    (5, 1, 'Straße', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00'),
    (6, 1, 'STRASSE', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00'),
    (7, 1, 'Globex', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00');
"""


def test_migration_fills_name_keys(
    empty_database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = empty_database_url
    location = tmp_path / "migrations"
    shutil.copytree(db.migrations_dir(url), location)
    (name_keys,) = (location / "models").glob("*_company_name_keys.py")
    held_back = name_keys.rename(tmp_path / name_keys.name)

    # Each step runs in its own event loop, because Tortoise 1.1 cannot be
    # initialised again in a loop where it was closed.
    async def insert_companies() -> None:
        async with migration_command(url, location) as command:
            await command.init()
            await command.upgrade(run_in_transaction=True)
            connection = Tortoise.get_connection("default")
            await connection.execute_script(COMPANIES_BEFORE_NAME_KEYS)
            if TEST_DATABASE == "postgres":
                # The rows above chose their ids, so the sequence starts after them.
                await connection.execute_script(
                    "SELECT setval(pg_get_serial_sequence('company', 'id'), 7)"
                )

    async def upgrade_and_read() -> list[tuple[int, str, str | None]]:
        async with migration_command(url, location) as command:
            await command.init()
            applied = await command.upgrade(run_in_transaction=True)
            assert applied == [name_keys.name]
            rows = (
                await Company.all().order_by("id").values_list("id", "name", "name_key")
            )
            await Company.create(account_id=1, name="Initech")
            with pytest.raises(IntegrityError):
                await Company.create(account_id=2, name="ACME CORPORATION")
            return list(rows)

    asyncio.run(insert_companies())
    held_back.rename(name_keys)
    with caplog.at_level(logging.WARNING, logger="steward.company_names"):
        rows = asyncio.run(upgrade_and_read())

    assert rows == [
        (1, "Acme Corporation", "acme corporation"),
        (2, "ACME CORPORATION", None),
        (3, "acme  corporation", None),
        (4, "acme corporation", "acme corporation"),
        (5, "Straße", "strasse"),
        (6, "STRASSE", None),
        (7, "Globex", "globex"),
    ]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "company 2 'ACME CORPORATION' of account 1 has no name_key, because the "
        "older company 1 has a name with the same key",
        "company 3 'acme  corporation' of account 1 has no name_key, because the "
        "older company 1 has a name with the same key",
        "company 6 'STRASSE' of account 1 has no name_key, because the older "
        "company 5 has a name with the same key",
    ]
