"""Login protection: rate limits, password checks off the event loop, secrets."""

import asyncio
import dataclasses
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from steward import auth
from steward.app import create_app
from steward.config import Settings
from steward.errors import RateLimited
from steward.processes import free_port
from steward.rate_limit import FixedWindowCounter, LoginLimiter
from tests.conftest import PASSWORD, Caller

LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { token }
}
"""
ME = "query { me { email } }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings,
        login_window_seconds=60,
        login_attempts_per_email=3,
        login_attempts_per_client=6,
    )


async def login(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": password}},
    )
    assert response.status_code == 200, response.text
    return response.json()


def error_code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


async def test_email_limit_blocks_right_password(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for _ in range(3):
        body = await login(anna.client, "anna@acme.test", "wrong password")
        assert error_code(body) == "UNAUTHENTICATED"

    blocked = await login(anna.client, "anna@acme.test")
    assert error_code(blocked) == "RATE_LIMITED"
    error = blocked["errors"][0]
    assert 0 < error["extensions"]["retryAfter"] <= 60
    assert error["message"] == (
        f"Too many login attempts; try again in {error['extensions']['retryAfter']} "
        "seconds."
    )


async def test_email_limit_ignores_case(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for email in ("anna@acme.test", "ANNA@acme.test", " Anna@Acme.test "):
        await login(anna.client, email, "wrong password")
    assert error_code(await login(anna.client, "anna@acme.test")) == "RATE_LIMITED"


async def test_client_limit_spans_emails(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for index in range(6):
        body = await login(anna.client, f"nobody{index}@acme.test")
        assert error_code(body) == "UNAUTHENTICATED"
    assert error_code(await login(anna.client, "anna@acme.test")) == "RATE_LIMITED"


async def test_success_resets_email_count(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for _ in range(2):
        await login(anna.client, "anna@acme.test", "wrong password")
    assert error_code(await login(anna.client, "anna@acme.test")) is None
    for _ in range(2):
        await login(anna.client, "anna@acme.test", "wrong password")
    assert error_code(await login(anna.client, "anna@acme.test")) is None


async def test_successful_logins_leave_client_limit_to_failures(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for _ in range(10):
        assert error_code(await login(anna.client, "anna@acme.test")) is None
    for index in range(6):
        body = await login(anna.client, f"nobody{index}@acme.test")
        assert error_code(body) == "UNAUTHENTICATED"
    assert error_code(await login(anna.client, "anna@acme.test")) == "RATE_LIMITED"


async def test_take_back_stops_at_zero() -> None:
    counter = FixedWindowCounter("", 60)
    await counter.take_back("key")
    await counter.hit("key")
    await counter.take_back("key")
    await counter.take_back("key")
    assert (await counter.hit("key")).count == 1


@pytest.fixture
async def second_process(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a second app with its own services, as another API process."""
    application = create_app(settings, manage_database=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://steward.test"
        ) as client:
            yield client


async def test_limit_shared_between_processes(
    make_caller, second_process: httpx.AsyncClient
) -> None:
    anna = await make_caller("anna@acme.test")
    for _ in range(3):
        await login(second_process, "anna@acme.test", "wrong password")
    assert error_code(await login(anna.client, "anna@acme.test")) == "RATE_LIMITED"


async def test_unreachable_redis_counts_locally(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Nothing listens on a free port, so every Redis command fails at once.
    counter = FixedWindowCounter(f"redis://127.0.0.1:{free_port()}/0", 60)
    limiter = LoginLimiter(counter, per_email=2, per_client=100)
    try:
        with caplog.at_level(logging.WARNING, logger="steward.rate_limit"):
            await limiter.attempt("anna@acme.test", "127.0.0.1")
            await limiter.attempt("anna@acme.test", "127.0.0.1")
            with pytest.raises(RateLimited):
                await limiter.attempt("anna@acme.test", "127.0.0.1")
    finally:
        await counter.close()
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1


async def test_local_window_restarts(caplog: pytest.LogCaptureFixture) -> None:
    counter = FixedWindowCounter("", 1)
    first = await counter.hit("key")
    second = await counter.hit("key")
    await asyncio.sleep(1.05)
    third = await counter.hit("key")
    assert (first.count, second.count, third.count) == (1, 2, 1)
    assert first.retry_after == 1


async def test_login_log_has_no_secrets(
    make_caller, caplog: pytest.LogCaptureFixture
) -> None:
    anna = await make_caller("anna@acme.test")
    inline = (
        'mutation { login(email: "anna@acme.test", password: "inline secret") '
        "{ token } }"
    )
    with caplog.at_level(logging.DEBUG):
        await login(anna.client, "anna@acme.test", "variable secret")
        await anna.client.post("/graphql", json={"query": inline})
        success = await login(anna.client, "anna@acme.test")
    token = success["data"]["login"]["token"]
    assert "inline secret" not in caplog.text
    assert "variable secret" not in caplog.text
    assert PASSWORD not in caplog.text
    assert token not in caplog.text
    failed = [r for r in caplog.records if r.getMessage().startswith("failed login")]
    assert [r.getMessage() for r in failed] == [
        "failed login for anna@acme.test from 127.0.0.1",
        "failed login for anna@acme.test from 127.0.0.1",
    ]


async def test_unknown_email_checks_one_hash(
    make_caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = await make_caller("anna@acme.test")
    checked: list[str] = []
    verify = auth.verify_password

    def counting_verify(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", counting_verify)
    await login(anna.client, "anna@acme.test", "wrong password")
    await login(anna.client, "nobody@acme.test", "wrong password")
    assert len(checked) == 2
    assert checked[1] == auth.dummy_password_hash()
    assert checked[0] == anna.user.password_hash


async def test_password_check_leaves_loop_free(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    started = time.perf_counter()
    auth.verify_password(anna.user.password_hash, PASSWORD)
    one_check = time.perf_counter() - started

    ticks: list[float] = []

    async def tick() -> None:
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.002)

    ticker = asyncio.create_task(tick())
    try:
        body = await login(anna.client, "anna@acme.test")
    finally:
        ticker.cancel()
    assert error_code(body) is None
    longest_gap = max(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    assert longest_gap < one_check / 2, (longest_gap, one_check)


async def test_overlong_password_is_rejected(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await login(anna.client, "anna@acme.test", "x" * 1025)
    assert error_code(body) == "VALIDATION"
    assert body["errors"][0]["extensions"]["field"] == "password"


async def test_rotated_secret_rejects_old_tokens(
    make_caller, settings: Settings
) -> None:
    anna = await make_caller("anna@acme.test")
    assert (await anna.data(ME))["me"]["email"] == "anna@acme.test"

    rotated = dataclasses.replace(settings, secret_key="a-new-secret-" + "x" * 40)
    application: Starlette = create_app(rotated, manage_database=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://steward.test"
        ) as client:
            old = Caller(client, anna.user, anna.account, anna.token)
            body = await old.execute(ME)
            fresh = (await login(client, "anna@acme.test"))["data"]["login"]["token"]
            renewed = await Caller(client, anna.user, anna.account, fresh).data(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == "The token is invalid; log in again."
    assert renewed["me"]["email"] == "anna@acme.test"
