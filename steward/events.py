"""Live events for GraphQL subscriptions, fanned out from one Redis connection.

The outbox publisher (steward/outbox.py) of any process sends events to Redis, so a
subscriber on any API process receives changes made by every process and worker. Each
process keeps at most one Redis pub/sub connection, which is subscribed to the
channel of every account that has a local subscriber or a watched user. The hub
subscribes to an account's channel when the first of those arrives and unsubscribes
when the last one leaves. With none left, the hub closes the connection and stops
its reader task.

A websocket connection watches its user (`watch_user`): a USER_DELETED event
calls its callback, and so does a TOKENS_REVOKED event when the connection's token
was issued before the revocation time that the event carries. The callback runs in
the reader task, before the hub dispatches the next event.
Because such an event published while the hub reconnects is lost, the hub reads
the watched users after each reconnect, in one query per CHUNK_SIZE users
(`find_ended_sessions`). It calls the watchers of deleted users, and those whose
token was issued before the user's `tokens_valid_after`.

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
from collections.abc import AsyncIterator, Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from models import OutboxEventKind, User
from steward.auth import token_revoked
from steward.outbox import channel
from steward.sql import chunks
from steward.tasks import cancel_and_wait

logger = logging.getLogger(__name__)

# Events that end a user's sessions; watchers of the user get the event's kind.
SESSION_ENDING_KINDS = (OutboxEventKind.USER_DELETED, OutboxEventKind.TOKENS_REVOKED)
SessionsEnded = Callable[[OutboxEventKind], None]

QUEUE_SIZE = 1_000
# Repeats come after the outbox's claim expires (CLAIM_SECONDS, 30 s), so 10,000
# ids cover them while the events of all accounts stay under about 330 per second.
RECENT_EVENTS = 10_000
POLL_TIMEOUT_SECONDS = 1.0
RETRY_MIN_SECONDS = 0.5
RETRY_MAX_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 2.0

K = TypeVar("K")
L = TypeVar("L")
V = TypeVar("V")


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


@dataclass(frozen=True)
class Watcher:
    """A websocket connection's callback, and the `iat` of its token."""

    on_ended: SessionsEnded
    issued_at: float
    """Unix seconds, compared with the user's `tokens_valid_after`."""


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


def discard(tree: dict[K, dict[L, set[V]]], outer: K, inner: L, item: V) -> bool:
    """Remove `item` from `tree[outer][inner]` and then any level left empty.

    Returns False when `item` was not there.
    """
    items = tree.get(outer, {}).get(inner)
    if items is None or item not in items:
        return False
    items.discard(item)
    if not items:
        del tree[outer][inner]
    if not tree[outer]:
        del tree[outer]
    return True


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
        # Watchers by account and user, called when the user's sessions end.
        self._watchers: dict[int, dict[int, set[Watcher]]] = {}
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

    async def watch_user(self, account_id: int, user_id: int, watcher: Watcher) -> None:
        """Call `watcher.on_ended` with the event's kind when the user's sessions end.

        They end with a USER_DELETED or a TOKENS_REVOKED event of the user.

        The hub is subscribed to the account's channel when this returns, so it
        receives every such event published afterwards. Call `unwatch_user` with
        the same arguments to stop. Raises RedisError or OSError when Redis is
        unreachable.
        """
        async with self._lock:
            await self._listen(account_id)
            users = self._watchers.setdefault(account_id, {})
            users.setdefault(user_id, set()).add(watcher)

    async def unwatch_user(
        self, account_id: int, user_id: int, watcher: Watcher
    ) -> None:
        async with self._lock:
            if discard(self._watchers, account_id, user_id, watcher):
                await self._unlisten(account_id)

    async def find_ended_sessions(self, user_ids: Iterable[int]) -> None:
        """Call the watchers of `user_ids` whose sessions ended.

        A deleted user's watchers get USER_DELETED. Watchers whose token was
        issued before the user's `tokens_valid_after` get TOKENS_REVOKED.
        Database errors propagate.
        """
        ids = sorted(set(user_ids))
        rows = []
        # In chunks, because SQLite limits the parameters of one statement.
        for chunk in chunks(ids):
            rows += await User.filter(id__in=list(chunk)).values_list(
                "account_id", "id", "deleted_at", "tokens_valid_after"
            )
        for account_id, user_id, deleted_at, valid_after in rows:
            if deleted_at is not None:
                self._call_watchers(account_id, user_id, OutboxEventKind.USER_DELETED)
            else:
                self._revoke_tokens(account_id, user_id, valid_after)

    async def close(self) -> None:
        async with self._lock:
            self._queues.clear()
            self._watchers.clear()
            await self._disconnect()

    def subscriber_count(self) -> int:
        return sum(
            len(queues) for kinds in self._queues.values() for queues in kinds.values()
        )

    def watcher_count(self) -> int:
        return sum(
            len(callbacks)
            for users in self._watchers.values()
            for callbacks in users.values()
        )

    async def _add(
        self, account_id: int, kind: OutboxEventKind, queue: asyncio.Queue[Event]
    ) -> None:
        async with self._lock:
            await self._listen(account_id)
            kinds = self._queues.setdefault(account_id, {})
            kinds.setdefault(kind, set()).add(queue)

    async def _remove(
        self, account_id: int, kind: OutboxEventKind, queue: asyncio.Queue[Event]
    ) -> None:
        async with self._lock:
            if discard(self._queues, account_id, kind, queue):
                await self._unlisten(account_id)

    def _listens(self, account_id: int) -> bool:
        return account_id in self._queues or account_id in self._watchers

    async def _listen(self, account_id: int) -> None:
        """Subscribe to the account's channel if needed; the caller holds the lock."""
        if self._listens(account_id):
            return
        try:
            await self._pubsub_connection().subscribe(channel(account_id))
        except BaseException:
            if not self._queues and not self._watchers:
                await self._disconnect()
            raise
        if self._reader is None:
            self._reader = asyncio.create_task(self._read(), name="event-hub")

    async def _unlisten(self, account_id: int) -> None:
        """Unsubscribe from the account's channel, or disconnect, once unused.

        The caller holds the lock.
        """
        if self._listens(account_id):
            return
        if not self._queues and not self._watchers:
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
        reconnecting = False
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
                reconnecting = True
                continue
            delay = RETRY_MIN_SECONDS
            if reconnecting:
                reconnecting = False
                await self._recheck_watched_users()
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
        if event.kind in SESSION_ENDING_KINDS:
            self._sessions_ended(event)
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

    def _sessions_ended(self, event: Event) -> None:
        user_id = event.payload.get("user_id")
        if not isinstance(user_id, int):
            return
        valid_after = event.payload.get("valid_after")
        if event.kind is OutboxEventKind.TOKENS_REVOKED and isinstance(
            valid_after, int | float
        ):
            revoked_at = datetime.fromtimestamp(valid_after, UTC)
            self._revoke_tokens(event.account_id, user_id, revoked_at)
        else:
            self._call_watchers(event.account_id, user_id, event.kind)

    def _revoke_tokens(
        self, account_id: int, user_id: int, valid_after: datetime | None
    ) -> None:
        """Call the user's watchers whose token was issued before `valid_after`."""
        revoked = {
            watcher
            for watcher in self._watchers.get(account_id, {}).get(user_id, ())
            if token_revoked(watcher.issued_at, valid_after)
        }
        self._call_watchers(
            account_id, user_id, OutboxEventKind.TOKENS_REVOKED, revoked
        )

    async def _recheck_watched_users(self) -> None:
        """Find the sessions that ended while the hub was disconnected."""
        watched = {user_id for users in self._watchers.values() for user_id in users}
        try:
            await self.find_ended_sessions(watched)
        except Exception:
            logger.exception(
                "checking %d watched users for ended sessions failed", len(watched)
            )

    def _call_watchers(
        self,
        account_id: int,
        user_id: int,
        kind: OutboxEventKind,
        watchers: set[Watcher] | None = None,
    ) -> None:
        """Call the user's `watchers`, by default all of them, with `kind`."""
        if watchers is None:
            watchers = self._watchers.get(account_id, {}).get(user_id, set())
        if watchers:
            logger.info(
                "%s of user %s of account %s; closing %d websockets",
                kind.value,
                user_id,
                account_id,
                len(watchers),
            )
        # A copy, so that the loop survives a callback that changes the watchers.
        for watcher in list(watchers):
            try:
                watcher.on_ended(kind)
            except Exception:
                logger.exception(
                    "closing a websocket of user %s after %s failed",
                    user_id,
                    kind.value,
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
