import importlib
import uuid
from collections.abc import AsyncIterator
from types import ModuleType
from typing import Any

import pytest
from arq.connections import RedisSettings
from arq.worker import create_worker
from redis.asyncio import Redis

from models import Account
from policy import PolicyEngine
from steward.clock import utcnow
from workers.heartbeat import HEARTBEAT_KEY, last_heartbeat


@pytest.fixture
def worker_settings(
    monkeypatch: pytest.MonkeyPatch, redis_url: str, database_url: str
) -> ModuleType:
    """The worker settings module, read with this test's Redis and database."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    return importlib.import_module("workers.settings")


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.delete(HEARTBEAT_KEY)
    yield client
    await client.delete(HEARTBEAT_KEY)
    await client.aclose()


# arq 0.28 closes its pool with redis-py's deprecated `close()`.
@pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")
async def test_worker_runs_heartbeat_at_startup(
    worker_settings: ModuleType, redis: Redis, redis_url: str
) -> None:
    before = utcnow()
    worker = create_worker(
        worker_settings.WorkerSettings,
        redis_settings=RedisSettings.from_dsn(redis_url),
        # A queue of its own, so jobs that other tests left in Redis stay put.
        queue_name=f"test-worker:{uuid.uuid4().hex}",
        burst=True,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        await worker.close()

    beat = await last_heartbeat(redis)
    assert beat is not None
    assert before <= beat <= utcnow()
    # The cron jobs that run at startup: the heartbeat and resuming bulk jobs. A
    # cron time that passes during the burst (bulk jobs resume every 10 s) adds one.
    assert worker.jobs_complete >= 2
    assert worker.jobs_failed == 0


async def test_heartbeat_missing_before_first_run(redis: Redis) -> None:
    assert await last_heartbeat(redis) is None


async def test_startup_connects_and_loads(
    worker_settings: ModuleType, database_url: str
) -> None:
    ctx: dict[str, Any] = {}
    await worker_settings.startup(ctx)
    try:
        assert ctx["settings"].database_url == database_url
        assert isinstance(ctx["policy"], PolicyEngine)
        assert ctx["policy_watcher"].subscribed.is_set()
        assert await Account.all().count() == 0
    finally:
        await worker_settings.shutdown(ctx)


def test_worker_requires_redis_url(worker_settings: ModuleType) -> None:
    with pytest.raises(RuntimeError, match="REDIS_URL is not set"):
        worker_settings.redis_settings_from_url("")
