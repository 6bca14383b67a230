"""Fixtures: a migrated database per test, a real Redis server, the ASGI app.

STEWARD_TEST_DATABASE=postgres runs the suite on PostgreSQL: a throwaway server,
or the one at STEWARD_TEST_POSTGRES_URL, with a database copied from a migrated
template for each test.
"""

import asyncio
import functools
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis.asyncio as aioredis
from starlette.applications import Starlette

from models import Account, User
from policy import PolicyEngine
from steward import accounts, db, rate_limit
from steward.app import create_app
from steward.auth import hash_password
from steward.config import Settings
from steward.pg_server import postgres_server
from steward.redis_server import redis_server

PASSWORD = "correct horse battery staple"

# The database the suite runs on: "sqlite" (default) or "postgres".
TEST_DATABASE = os.environ.get("STEWARD_TEST_DATABASE", "sqlite")
TEMPLATE = "steward_template"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start a real Redis server on loopback for the whole test session."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Return STEWARD_TEST_POSTGRES_URL, or start a throwaway PostgreSQL server."""
    configured = os.environ.get("STEWARD_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    with postgres_server() as url:
        yield url


async def _execute_postgres(server_url: str, statement: str) -> None:
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _database_url(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def migrated_template(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> str:
    """Apply the migrations once; each test copies the resulting database."""
    if TEST_DATABASE == "postgres":
        server_url = request.getfixturevalue("postgres_url")
        asyncio.run(
            _execute_postgres(server_url, f"DROP DATABASE IF EXISTS {TEMPLATE}")
        )
        asyncio.run(_execute_postgres(server_url, f"CREATE DATABASE {TEMPLATE}"))
        url = _database_url(server_url, TEMPLATE)
    else:
        url = f"sqlite://{tmp_path_factory.mktemp('template') / 'steward.sqlite3'}"
    asyncio.run(db.migrate(url))
    return url


def copy_database(
    template_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """Yield the URL of a fresh copy of the database at `template_url`."""
    if TEST_DATABASE != "postgres":
        path = tmp_path / "steward.sqlite3"
        shutil.copyfile(template_url.removeprefix("sqlite://"), path)
        yield f"sqlite://{path}"
        return
    server_url = request.getfixturevalue("postgres_url")
    template = template_url.rsplit("/", 1)[1]
    name = f"test_{uuid.uuid4().hex[:12]}"
    asyncio.run(
        _execute_postgres(server_url, f"CREATE DATABASE {name} TEMPLATE {template}")
    )
    yield _database_url(server_url, name)
    asyncio.run(
        _execute_postgres(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    )


@pytest.fixture
def database_url(
    tmp_path: Path, migrated_template: str, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh copy of the migrated database for one test."""
    yield from copy_database(migrated_template, tmp_path, request)


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        secret_key="test-secret-key-with-enough-length-for-hs256",
        # No background outbox publisher: its queries would land in tests that
        # count statements. Tests of live events turn it on.
        outbox_poll_ms=0,
    )


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[None]:
    await db.connect(settings.database_url)
    yield
    await db.disconnect()


async def clear_login_counters(redis_url: str) -> None:
    """Delete the login rate limit counters that earlier tests left in Redis."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        keys = await client.keys(f"{rate_limit.KEY_PREFIX}*")
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def app(settings: Settings, database: None) -> AsyncIterator[Starlette]:
    await clear_login_counters(settings.redis_url)
    application = create_app(settings, manage_database=False)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
def policy(app: Starlette) -> PolicyEngine:
    return app.state.services.policy


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://steward.test"
    ) as c:
        yield c


@dataclass
class Caller:
    """A user of a test account with a token, sending GraphQL operations."""

    client: httpx.AsyncClient
    user: User
    account: Account
    token: str | None

    async def execute(self, query: str, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, **variables: Any) -> dict[str, Any]:
        """Execute and return `data`, failing the test on any GraphQL error."""
        body = await self.execute(query, **variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error_code(self, query: str, **variables: Any) -> str:
        body = await self.execute(query, **variables)
        assert body.get("errors"), f"expected an error, got {body}"
        return body["errors"][0]["extensions"]["code"]


@functools.cache
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def make_caller(client: httpx.AsyncClient, policy: PolicyEngine, app: Starlette):
    """Create users (and their account on first use) with a token each."""
    services = app.state.services

    async def make(
        email: str,
        *,
        account: Account | None = None,
        roles: tuple[str, ...] = ("salesperson",),
        name: str | None = None,
        manager: User | None = None,
    ) -> Caller:
        if account is None:
            slug = email.split("@", 1)[1].split(".", 1)[0]
            account = await Account.get_or_none(slug=slug)
            if account is None:
                account = await accounts.create_account(policy, slug.title(), slug)
        # Hashing with argon2 takes about 0.1 s, so users share one hash of
        # PASSWORD and get their token directly; tests of login log in for real.
        user = await User.create(
            account=account,
            name=name or email.split("@", 1)[0].title(),
            email=accounts.normalize_email(email),
            password_hash=password_hash(),
            manager=manager,
        )
        await policy.set_user_roles(account.id, user.id, list(roles))
        token, _ = services.tokens.issue(user)
        return Caller(client=client, user=user, account=account, token=token)

    return make
