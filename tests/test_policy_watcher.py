"""Policy changes reaching other processes through Redis, and Redis outages."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as aioredis
from starlette.applications import Starlette

from policy import Action, PolicyEngine
from policy.watcher import CHANNEL, PolicyWatcher
from steward.app import create_app
from steward.config import Settings
from steward.redis_server import free_port
from tests.bulk_operations import DEFINE_ROLE
from tests.conftest import Caller
from tests.test_object_roles import CO_OWNER, DELETE_ROLE
from tests.test_policy_admin import DEFINE_ROLE as DEFINE_USER_ROLE
from tests.test_policy_admin import GRANT as GRANT_NARROWED
from tests.test_policy_enforcement import GRANT, REVOKE

PROPAGATION_LIMIT_SECONDS = 1.0


@pytest.fixture
async def second_app(settings: Settings, app: Starlette) -> AsyncIterator[Starlette]:
    """Another API process on the same database and Redis as `app`."""
    other = create_app(settings, manage_database=False)
    async with other.router.lifespan_context(other):
        watcher: PolicyWatcher = other.state.policy_watcher
        await asyncio.wait_for(watcher.subscribed.wait(), timeout=5)
        yield other


async def wait_until(condition: Callable[[], bool], limit: float) -> float:
    """Poll `condition` until true; return the seconds it took, or fail at `limit`."""
    start = time.monotonic()
    while not condition():
        elapsed = time.monotonic() - start
        assert elapsed < limit, f"condition still false after {elapsed:.2f} s"
        await asyncio.sleep(0.01)
    return time.monotonic() - start


async def test_revoke_reaches_second_app(make_caller, second_app: Starlette) -> None:
    other: PolicyEngine = second_app.state.services.policy
    admin: Caller = await make_caller("anna@acme.test", roles=("admin",))
    seller: Caller = await make_caller("sam@acme.test")

    def seller_may_claim() -> bool:
        return other.allows(
            seller.account.id, seller.user.id, Action.CLAIM, "deal", "owner"
        )

    await wait_until(seller_may_claim, PROPAGATION_LIMIT_SECONDS)
    await admin.data(REVOKE, role="salesperson", action="claim")
    elapsed = await wait_until(
        lambda: not seller_may_claim(), PROPAGATION_LIMIT_SECONDS
    )
    assert elapsed < PROPAGATION_LIMIT_SECONDS


async def test_deleted_object_role_reaches_second_app(
    make_caller, second_app: Starlette
) -> None:
    other: PolicyEngine = second_app.state.services.policy
    admin: Caller = await make_caller("anna@acme.test", roles=("admin",))
    await admin.data(DEFINE_USER_ROLE, name="scout")
    scout: Caller = await make_caller("sam@acme.test", roles=("scout",))
    await admin.data(DEFINE_ROLE, input=CO_OWNER)
    await admin.data(
        GRANT_NARROWED,
        role="scout",
        action="claim",
        recordType="deal",
        objectRole="co_owner",
    )

    def scout_may_claim() -> bool:
        return other.allows(
            scout.account.id, scout.user.id, Action.CLAIM, "deal", "co_owner"
        )

    await wait_until(scout_may_claim, PROPAGATION_LIMIT_SECONDS)
    await admin.data(DELETE_ROLE, key="co_owner")
    await wait_until(lambda: not scout_may_claim(), PROPAGATION_LIMIT_SECONDS)


async def test_grant_applies_to_next_request(make_caller, policy: PolicyEngine) -> None:
    admin: Caller = await make_caller("anna@acme.test", roles=("admin",))
    seller: Caller = await make_caller("sam@acme.test")
    await admin.data(GRANT, role="salesperson", action="manage_settings")
    assert policy.allows(seller.account.id, seller.user.id, Action.MANAGE_SETTINGS)


async def test_watcher_reconnects_after_disconnect(
    make_caller,
    second_app: Starlette,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    other: PolicyEngine = second_app.state.services.policy
    watcher: PolicyWatcher = second_app.state.policy_watcher
    admin: Caller = await make_caller("anna@acme.test", roles=("admin",))
    seller: Caller = await make_caller("sam@acme.test")

    client = aioredis.Redis.from_url(redis_url)
    with caplog.at_level(logging.WARNING, logger="policy.watcher"):
        await client.client_kill_filter(_type="pubsub")
        await wait_until(lambda: not watcher.subscribed.is_set(), 5)
        await asyncio.wait_for(watcher.subscribed.wait(), timeout=5)
    await client.aclose()
    await admin.data(GRANT, role="salesperson", action="manage_settings")

    await wait_until(
        lambda: other.allows(seller.account.id, seller.user.id, Action.MANAGE_SETTINGS),
        PROPAGATION_LIMIT_SECONDS,
    )
    assert "policy watcher lost Redis" in caplog.text


async def test_redis_down_keeps_policy(
    make_caller, policy: PolicyEngine, caplog: pytest.LogCaptureFixture
) -> None:
    admin: Caller = await make_caller("anna@acme.test", roles=("admin",))
    engine = PolicyEngine()
    await engine.load()
    watcher = PolicyWatcher(engine, f"redis://127.0.0.1:{free_port()}/0")

    with caplog.at_level(logging.WARNING, logger="policy.watcher"):
        await watcher.start()
        await wait_until(lambda: "retrying in" in caplog.text, 5)
        await watcher.publish(admin.account.id)
        await watcher.stop()

    assert engine.allows(admin.account.id, admin.user.id, Action.MANAGE_POLICY)
    assert "could not publish" in caplog.text
    assert not watcher.subscribed.is_set()


async def test_stop_leaves_no_task(policy: PolicyEngine, redis_url: str) -> None:
    before = asyncio.all_tasks()
    watcher = PolicyWatcher(policy, redis_url)
    await watcher.start()
    await asyncio.wait_for(watcher.subscribed.wait(), timeout=5)
    await watcher.stop()
    assert asyncio.all_tasks() == before


async def test_malformed_message_ignored(
    make_caller, second_app: Starlette, redis_url: str
) -> None:
    other: PolicyEngine = second_app.state.services.policy
    admin: Caller = await make_caller("anna@acme.test", roles=("admin",))
    client = aioredis.Redis.from_url(redis_url)
    await client.publish(CHANNEL, "not json")
    await client.aclose()
    await admin.data(GRANT, role="salesperson", action="manage_settings")
    await wait_until(
        lambda: other.allows(admin.account.id, admin.user.id, Action.MANAGE_SETTINGS),
        PROPAGATION_LIMIT_SECONDS,
    )
