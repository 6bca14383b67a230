"""Shared parts of the benchmarks: databases, seeded data, SQL capture, API processes.

Every benchmark takes `--database sqlite|postgres`. A SQLite benchmark uses a file
in a temporary folder; a PostgreSQL one starts a throwaway server through
steward.pg_server. Nothing runs outside 127.0.0.1.
"""

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg

from models import Account, ObjectRole, User
from policy import PolicyEngine
from steward import accounts, db
from steward.auth import hash_password
from steward.clock import utcnow
from steward.pg_server import postgres_server
from steward.processes import HOST, Child, free_port, start_child, stop_child
from steward.runner import api_is_healthy
from steward.sql import Statement, connection

DATABASES = ("sqlite", "postgres")
SECRET_KEY = "benchmark-secret-key-with-enough-length-for-hs256"
READY_TIMEOUT_SECONDS = 60.0
PASSWORD = "benchmark password"

Captured = tuple[str, list[Any]]


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--database",
        choices=DATABASES,
        default="sqlite",
        help="database to run on (default: sqlite)",
    )
    return parser.parse_args()


Benchmark = Callable[[str, Path, str], Awaitable[str]]


def main(docstring: str, benchmark: Benchmark) -> None:
    """Run `benchmark(database, folder, url)` on the database named on the command
    line, in a temporary folder, and print the Markdown it returns."""
    args = parse_args(docstring.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="steward-bench-") as name:
        folder = Path(name)
        with database_url(args.database, folder) as url:
            print(asyncio.run(benchmark(args.database, folder, url)))


@contextlib.contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database of `kind` that lives in `folder`."""
    if kind == "sqlite":
        yield f"sqlite://{folder / 'bench.sqlite3'}"
        return
    # The server gets a folder of its own, which it can hand to the postgres user.
    with postgres_server() as server_url:
        asyncio.run(_create_database(server_url, "bench"))
        yield server_url.rsplit("/", 1)[0] + "/bench"


async def _create_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


@dataclass
class Team:
    """A seeded account: its admin, its salespeople and its Owner object role."""

    account: Account
    admin: User
    salespeople: list[User]
    owner_role: ObjectRole
    policy: PolicyEngine


async def seed_team(salespeople: int) -> Team:
    """Create an account with one admin and `salespeople` salespeople."""
    policy = PolicyEngine()
    await policy.load()
    account = await accounts.create_account(policy, "Bench", "bench")

    password_hash = hash_password(PASSWORD)
    await User.bulk_create(
        [
            User(
                account=account,
                name=f"Salesperson {number:03d}",
                email=f"sales{number:03d}@bench.test",
                password_hash=password_hash,
            )
            for number in range(salespeople)
        ]
    )
    admin = await User.create(
        account=account,
        name="Admin",
        email="admin@bench.test",
        password_hash=password_hash,
    )
    people = await User.filter(account=account, email__startswith="sales").order_by(
        "id"
    )

    await policy.set_user_roles(account.id, admin.id, ["admin"])
    for person in people:
        await policy.set_user_roles(account.id, person.id, ["salesperson"])
    owner_role = await ObjectRole.get(account=account, key="owner")
    return Team(account, admin, people, owner_role, policy)


# Dialect-specific SQL that turns the row number `n.i` into a close date.
CLOSE_DATE_SQL = {
    "sqlite": "date('2026-01-01', '+' || (n.i % 365) || ' days')",
    "postgres": "DATE '2026-01-01' + (n.i % 365)",
}


async def insert_deals(team: Team, total: int, at: datetime | None = None) -> None:
    """Insert `total` deals owned round-robin by the salespeople, in set-based SQL.

    Every fourth deal is won and has a value and a close date; the names are
    "Deal 000001" and so on.
    """
    at = at or utcnow()
    conn = connection()
    sql = Statement(conn)
    dialect = "postgres" if sql.postgres else "sqlite"
    account_id = sql.param(team.account.id)
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
        f"WHERE i < {int(total)}) "
        "INSERT INTO deal (account_id, name, stage, value, close_date, created_at, "
        "updated_at) "
        f"SELECT {account_id}, 'Deal ' || substr('00000' || n.i, -6), "
        "CASE n.i % 4 WHEN 0 THEN 'Won' WHEN 1 THEN 'Prospecting' "
        "WHEN 2 THEN 'Engaging' ELSE 'Lost' END, "
        "CASE WHEN n.i % 4 = 0 THEN (n.i % 997) * 10 + 0.5 END, "
        f"CASE WHEN n.i % 4 = 0 THEN {CLOSE_DATE_SQL[dialect]} END, "
        f"{sql.param(at)}, {sql.param(at)} FROM n"
    )
    if sql.postgres:
        # substr with a negative start counts from the end only on SQLite.
        query = query.replace("substr('00000' || n.i, -6)", "lpad(n.i::text, 6, '0')")
    await conn.execute_query(query, sql.params)
    await assign_owners(team, "deal", at)


async def assign_owners(team: Team, table: str, at: datetime) -> None:
    """Make the salespeople owners of the account's records of `table`, by id.

    The records must have no owner yet; record `id` goes to salesperson
    `id % len(salespeople)`.
    """
    conn = connection()
    sql = Statement(conn)
    first_user = team.salespeople[0].id
    count = len(team.salespeople)
    query = (
        "INSERT INTO assignment (account_id, record_type, record_id, "
        "object_role_id, user_id, started_at, last_activity_at) "
        f"SELECT account_id, {sql.param(table)}, id, "
        f"{sql.param(team.owner_role.id)}, "
        f"{sql.param(first_user)} + (id % {sql.param(count)}), "
        f"{sql.param(at)}, {sql.param(at)} FROM {table} "
        f"WHERE account_id = {sql.param(team.account.id)}"
    )
    await conn.execute_query(query, sql.params)


async def analyze() -> None:
    """Refresh the planner statistics after seeding (ANALYZE on both databases)."""
    await connection().execute_script("ANALYZE")


class SqlCapture(logging.Handler):
    """A log handler that keeps every statement Tortoise sends, with its values."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[Captured] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Tortoise's clients log each statement as debug("%s: %s", query, values).
        args = record.args
        if isinstance(args, tuple) and len(args) == 2 and isinstance(args[0], str):
            self.statements.append((args[0], list(args[1] or [])))


@contextlib.contextmanager
def capture_sql() -> Iterator[SqlCapture]:
    logger = logging.getLogger("tortoise.db_client")
    handler = SqlCapture()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextlib.asynccontextmanager
async def connected(url: str) -> AsyncIterator[None]:
    """Migrate the database at `url` and keep a connection open in this process."""
    await db.migrate(url)
    await db.connect(url)
    try:
        yield
    finally:
        await db.disconnect()


def api_environment(database_url: str, redis_url: str = "") -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STEWARD_SECRET_KEY": SECRET_KEY,
        "STEWARD_GRAPHIQL": "0",
    }


def uvicorn_command(app: str, port: int) -> list[str]:
    """Return the command of one uvicorn process serving the app factory `app`.

    Access logging is off, so that the measured endpoints do only their own work
    per request.
    """
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


@contextlib.asynccontextmanager
async def serving(name: str, app: str, env: dict[str, str]) -> AsyncIterator[int]:
    """Run `app` under uvicorn on a free port until the block exits; yield the port."""
    port = free_port()
    child: Child = await start_child(name, uvicorn_command(app, port), env)
    try:
        await wait_healthy(child, port)
        yield port
    finally:
        await stop_child(child)


async def wait_healthy(child: Child, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if child.process.returncode is not None:
            raise RuntimeError(f"the {child.name} exited before it served /health")
        if await api_is_healthy(port):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the {child.name} did not serve /health within 60 seconds")


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
