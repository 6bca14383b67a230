"""Live events for GraphQL subscriptions, fanned out from one Redis connection.

The outbox publisher (steward/outbox.py) of any process sends events to Redis, so a
subscriber on any API process receives changes made by every process and worker. Each
process keeps at most one Redis pub/sub connection, which is subscribed to the
channel of every account that has a local subscriber. The hub subscribes to an
account's channel when its first local subscriber arrives and unsubscribes when
the last one leaves. With no subscriber left, the hub closes the connection and
stops its reader task.

Live events are best effort. Events published while the hub reconnects to Redis
are lost to its subscribers, and a subscriber whose queue is full misses events;
the `notifications` query still lists every notification. The outbox publishes an
event again when its publisher died before marking it published, and the hub drops
such a repeat while the event is among the last RECENT_EVENTS it dispatched.
"""

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Hashable
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from models import OutboxEventKind
from steward.outbox import channel
from steward.tasks import cancel_and_wait

logger = logging.getLogger(__name__)

QUEUE_SIZE = 1_000
# Repeats come after the outbox's claim expires (CLAIM_SECONDS, 30 s), so 10,000
# ids cover them while the events of all accounts stay under about 330 per second.
RECENT_EVENTS = 10_000
POLL_TIMEOUT_SECONDS = 1.0
RETRY_MIN_SECONDS = 0.5
RETRY_MAX_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Event:
    """One published outbox event: its id, kind, account and payload.

    The hub hands the same Event object to every local subscriber of its account
    and kind, so `shared` keeps what they derive from it once for all of them.
    """

    id: int
    kind: OutboxEventKind
    account_id: int
    payload: dict[str, Any]
    shared: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


def parse_event(data: bytes | str) -> Event:
    """Parse a message of an account channel; raise ValueError when malformed."""
    try:
        body = json.loads(data)
        return Event(
            id=int(body.pop("id")),
            kind=OutboxEventKind(body.pop("kind")),
            account_id=int(body.pop("account_id")),
            payload=body,
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"malformed event message: {error}") from None


class EventHub:
    """Subscriptions of this process to the event channels of accounts."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.dropped = 0
        # Ids of the last RECENT_EVENTS events, oldest first, and the same as a set.
        self._recent_order: deque[int] = deque()
        self._recent: set[int] = set()
        # Queues by account and event kind, so an event wakes only its subscribers.
        self._queues: dict[int, dict[OutboxEventKind, set[asyncio.Queue[Event]]]] = {}
        self._lock = asyncio.Lock()
        self._client: aioredis.Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def subscribe(
        self, account_id: int, kind: OutboxEventKind
    ) -> AsyncIterator[asyncio.Queue[Event]]:
        """Yield a queue that receives the account's events of `kind` until the block
        exits.

        Raises RedisError or OSError when Redis is unreachable.
        """
        queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        await self._add(account_id, kind, queue)
        try:
            yield queue
        finally:
            await self._remove(account_id, kind, queue)

    async def close(self) -> None:
        async with self._lock:
            self._queues.clear()
            await self._disconnect()

    def subscriber_count(self) -> int:
        return sum(
            len(queues) for kinds in self._queues.values() for queues in kinds.values()
        )

    async def _add(
        self, account_id: int, kind: OutboxEventKind, queue: asyncio.Queue[Event]
    ) -> None:
        async with self._lock:
            if account_id not in self._queues:
                try:
                    await self._pubsub_connection().subscribe(channel(account_id))
                except BaseException:
                    if not self._queues:
                        await self._disconnect()
                    raise
                self._queues[account_id] = {}
            self._queues[account_id].setdefault(kind, set()).add(queue)
            if self._reader is None:
                self._reader = asyncio.create_task(self._read(), name="event-hub")

    async def _remove(
        self, account_id: int, kind: OutboxEventKind, queue: asyncio.Queue[Event]
    ) -> None:
        async with self._lock:
            kinds = self._queues.get(account_id, {})
            queues = kinds.get(kind)
            if queues is None or queue not in queues:
                return
            queues.discard(queue)
            if not queues:
                del kinds[kind]
            if kinds:
                return
            del self._queues[account_id]
            if not self._queues:
                await self._disconnect()
                return
            try:
                await self._pubsub_connection().unsubscribe(channel(account_id))
            except (RedisError, OSError) as error:
                # The reader's reconnect subscribes only to the channels left.
                logger.warning(
                    "unsubscribing from %s failed: %s", channel(account_id), error
                )

    def _pubsub_connection(self) -> PubSub:
        if self._pubsub is None:
            self._client = aioredis.Redis.from_url(
                self.redis_url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
            self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        return self._pubsub

    async def _disconnect(self) -> None:
        """Stop the reader and close the connection; the caller holds the lock."""
        if self._reader is not None:
            await cancel_and_wait(self._reader)
            self._reader = None
        if self._pubsub is not None:
            await self._pubsub.aclose()
            self._pubsub = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _read(self) -> None:
        delay = RETRY_MIN_SECONDS
        while True:
            pubsub = self._pubsub
            assert pubsub is not None, "the reader runs only while connected"
            try:
                message = await pubsub.get_message(timeout=POLL_TIMEOUT_SECONDS)
            except (RedisError, OSError) as error:
                # The next get_message reconnects and subscribes to the channels again.
                logger.warning(
                    "event hub lost Redis (%s); retrying in %.1f s", error, delay
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)
                continue
            delay = RETRY_MIN_SECONDS
            if message is not None and message.get("type") == "message":
                self._dispatch(message["data"])

    def _dispatch(self, data: bytes | str) -> None:
        try:
            event = parse_event(data)
        except ValueError:
            logger.warning("ignoring a malformed event message: %r", data[:200])
            return
        if not self._first_delivery(event.id):
            logger.debug("dropping event %s, which was published again", event.id)
            return
        for queue in self._queues.get(event.account_id, {}).get(event.kind, ()):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                self.dropped += 1
                if self.dropped % QUEUE_SIZE == 1:
                    logger.warning(
                        "a subscriber of account %s is too slow; %d events dropped "
                        "so far",
                        event.account_id,
                        self.dropped,
                    )

    def _first_delivery(self, event_id: int) -> bool:
        """Record `event_id`; return False when it is among the recent events."""
        if event_id in self._recent:
            return False
        self._recent.add(event_id)
        self._recent_order.append(event_id)
        if len(self._recent_order) > RECENT_EVENTS:
            self._recent.discard(self._recent_order.popleft())
        return True
