"""The outbox: events written in the transaction of a change, published to Redis later.

Each account has one pub/sub channel, `steward:events:<account id>`, and a message
is the JSON object `{"id": <event id>, "kind": ..., "account_id": ..., **payload}`.

A publishing pass claims a batch of unpublished rows with one conditional UPDATE,
so two publishers (API processes and workers all run one) never claim the same
row. It publishes the batch in id order and then marks it published. When Redis
fails, the pass releases its claim and the rows wait for a later pass, so a change
made while Redis is down is published once Redis is back. A publisher that dies
between publishing and marking leaves a claim that expires after CLAIM_SECONDS,
and those events are published again: in that case delivery is at least once, and
subscribers can drop a repeated event id. Events of one account keep their order
within a pass, but two publishers running at once may interleave their batches.
"""

import asyncio
import json
import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from models import OutboxEvent, OutboxEventKind
from steward.clock import utcnow
from steward.config import Settings
from steward.sql import Statement, connection, insert_rows, json_text
from steward.tasks import cancel_and_wait

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = "steward:events:"
BATCH_SIZE = 500
CLAIM_SECONDS = 30
KEEP_PUBLISHED = timedelta(days=1)
PRUNE_EVERY = timedelta(minutes=10)
REDIS_TIMEOUT_SECONDS = 2.0


def channel(account_id: int) -> str:
    return f"{CHANNEL_PREFIX}{account_id}"


async def queue_events(
    account_id: int,
    kind: OutboxEventKind,
    payloads: Sequence[dict[str, Any]],
    at: datetime,
) -> None:
    """Add events to the outbox inside the caller's transaction.

    Both databases number the rows of a multi-row INSERT in VALUES order, so the
    events are published in payload order.
    """
    rows = [(account_id, kind.value, json_text(payload), at) for payload in payloads]
    await insert_rows(
        "outbox_event", ("account_id", "kind", "payload", "created_at"), rows
    )


def message(event: OutboxEvent) -> str:
    return json.dumps(
        {
            "id": event.id,
            "kind": event.kind.value,
            "account_id": event.account_id,
            **event.payload,
        }
    )


async def claim_batch(now: datetime, token: str, limit: int = BATCH_SIZE) -> int:
    """Claim up to `limit` unpublished events that no live claim holds."""
    conn = connection()
    sql = Statement(conn)
    now = now.astimezone(UTC)
    query = (
        f"UPDATE outbox_event SET claim_token = {sql.param(token)}, "
        f"claimed_until = {sql.param(now + timedelta(seconds=CLAIM_SECONDS))} "
        "WHERE id IN (SELECT id FROM outbox_event WHERE published_at IS NULL "
        f"AND (claimed_until IS NULL OR claimed_until < {sql.param(now)}) "
        f"ORDER BY id LIMIT {sql.param(limit)}) "
        "AND published_at IS NULL "
        f"AND (claimed_until IS NULL OR claimed_until < {sql.param(now)})"
    )
    count, _ = await conn.execute_query(query, sql.params)
    return count


async def publish_pending(redis: aioredis.Redis, now: datetime | None = None) -> int:
    """Publish every unpublished event, batch by batch; return how many were sent.

    Raises RedisError or OSError (TimeoutError included) when Redis fails; the
    failed batch's claim is released first, so the next pass publishes it.
    """
    total = 0
    # A read first, so that an idle pass takes no write lock.
    if not await OutboxEvent.exists(published_at__isnull=True):
        return total
    while True:
        token = uuid.uuid4().hex
        if await claim_batch(now or utcnow(), token) == 0:
            return total
        events = await OutboxEvent.filter(claim_token=token).order_by("id")
        sent: list[int] = []
        try:
            for event in events:
                async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                    await redis.publish(channel(event.account_id), message(event))
                sent.append(event.id)
        except BaseException:
            await _finish(token, sent)
            raise
        await _finish(token, sent)
        total += len(sent)


async def _finish(token: str, sent: list[int]) -> None:
    """Mark the sent events published and release the claim on the others."""
    if sent:
        await OutboxEvent.filter(claim_token=token, id__in=sent).update(
            published_at=utcnow()
        )
    await OutboxEvent.filter(claim_token=token, published_at__isnull=True).update(
        claim_token=None, claimed_until=None
    )


async def prune_published(before: datetime) -> int:
    """Delete events published before `before`; return how many."""
    return await OutboxEvent.filter(published_at__lt=before).delete()


class OutboxPublisher:
    """Runs publishing passes in the background: every poll interval and on wake()."""

    def __init__(self, redis_url: str, poll_seconds: float) -> None:
        self.redis_url = redis_url
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._redis: aioredis.Redis | None = None
        self._failing = False
        self._pruned_at: datetime | None = None

    @classmethod
    def start_from(cls, settings: Settings) -> "OutboxPublisher | None":
        """Start a publisher, unless Redis or the poll interval is not configured."""
        if not settings.redis_url or settings.outbox_poll_ms <= 0:
            return None
        publisher = cls(settings.redis_url, settings.outbox_poll_ms / 1000)
        publisher.start()
        return publisher

    def start(self) -> None:
        # No socket_timeout: with it, redis-py 5.3 on Python 3.11 can lose a
        # cancellation, so publish_pending bounds each PUBLISH itself.
        self._redis = aioredis.Redis.from_url(
            self.redis_url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._task = asyncio.create_task(self._run(), name="outbox-publisher")
        logger.info("outbox publisher started, polling every %.1f s", self.poll_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None
        logger.info("outbox publisher stopped")

    def wake(self) -> None:
        """Start a pass now, for example right after a request committed a change."""
        self._wake.set()

    async def _run(self) -> None:
        assert self._redis is not None
        while True:
            try:
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()
            await self.run_pass(self._redis)

    async def run_pass(self, redis: aioredis.Redis) -> None:
        """Publish what is pending and prune old rows, logging failures.

        Errors are logged and not raised, so the loop goes on. Cancellation is raised.
        """
        try:
            sent = await publish_pending(redis)
        except (RedisError, OSError) as error:
            if not self._failing:
                logger.warning(
                    "publishing the outbox failed (%s); retrying every %.1f s",
                    error,
                    self.poll_seconds,
                )
            self._failing = True
            return
        except Exception:
            logger.exception("publishing the outbox failed")
            return
        if self._failing:
            logger.info("publishing the outbox works again")
            self._failing = False
        if sent:
            logger.debug("published %d outbox events", sent)
        await self._prune()

    async def _prune(self) -> None:
        now = utcnow()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        try:
            pruned = await prune_published(now - KEEP_PUBLISHED)
        except Exception:
            logger.exception("pruning published outbox events failed")
            return
        if pruned:
            logger.info("pruned %d published outbox events", pruned)
