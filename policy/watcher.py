"""Spreading policy changes between processes over Redis pub/sub.

A process that changes an account's policy publishes `{"account": <id>, "origin":
<process token>}` on CHANNEL; every other API process and worker reloads that
account's policy when the message arrives. After every (re)subscription the watcher
reloads all accounts, because messages sent while it was not subscribed are lost.
While Redis is unreachable, requests keep using the last loaded policy and the
watcher retries with exponential backoff.
"""

import asyncio
import json
import logging
import uuid
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from policy.engine import PolicyEngine

logger = logging.getLogger(__name__)

CHANNEL = "steward:policy"
RETRY_MIN_SECONDS = 0.5
RETRY_MAX_SECONDS = 30.0
PUBLISH_TIMEOUT_SECONDS = 2.0
POLL_TIMEOUT_SECONDS = 1.0
STARTUP_WAIT_SECONDS = 1.0


def change_message(account_id: int, origin: str) -> str:
    return json.dumps({"account": account_id, "origin": origin})


async def publish_change(redis_url: str, account_id: int) -> None:
    """Tell running processes that an account's policy changed, from a one-off command.

    Raises redis.exceptions.RedisError or OSError when Redis is unreachable.
    """
    client = aioredis.Redis.from_url(
        redis_url,
        socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS,
        socket_timeout=PUBLISH_TIMEOUT_SECONDS,
    )
    try:
        await client.publish(CHANNEL, change_message(account_id, "command"))
    finally:
        await client.aclose()


class PolicyWatcher:
    """Publishes this process's policy changes and applies those of other processes."""

    def __init__(self, policy: PolicyEngine, redis_url: str) -> None:
        self.policy = policy
        self.redis_url = redis_url
        self.origin = uuid.uuid4().hex
        self.subscribed = asyncio.Event()
        self._publisher = aioredis.Redis.from_url(
            redis_url,
            socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS,
            socket_timeout=PUBLISH_TIMEOUT_SECONDS,
        )
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start listening in the background and publish this engine's changes.

        Waits up to STARTUP_WAIT_SECONDS for the first subscription, so that its
        reload of every account happens before the process serves requests.
        """
        self.policy.publisher = self.publish
        self._task = asyncio.create_task(self._listen(), name="policy-watcher")
        try:
            await asyncio.wait_for(self.subscribed.wait(), STARTUP_WAIT_SECONDS)
        except TimeoutError:
            logger.warning(
                "policy watcher is not subscribed yet; until it is, this process "
                "uses the policy loaded at start"
            )
        logger.info("policy watcher started on channel %s", CHANNEL)

    async def stop(self) -> None:
        if self.policy.publisher == self.publish:
            self.policy.publisher = None
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        await self._publisher.aclose()
        logger.info("policy watcher stopped")

    async def publish(self, account_id: int) -> None:
        """Publish a change; failures are logged, since the change is committed.

        A process that misses the message because Redis is down reloads every
        account when its watcher reconnects.
        """
        try:
            await self._publisher.publish(
                CHANNEL, change_message(account_id, self.origin)
            )
        except (RedisError, OSError) as error:
            logger.warning(
                "could not publish the policy change of account %s: %s",
                account_id,
                error,
            )

    async def _listen(self) -> None:
        delay = RETRY_MIN_SECONDS
        while True:
            client = aioredis.Redis.from_url(
                self.redis_url, socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS
            )
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    await self._reload_all()
                    self.subscribed.set()
                    delay = RETRY_MIN_SECONDS
                    await self._receive(pubsub)
            except (RedisError, OSError) as error:
                self.subscribed.clear()
                logger.warning(
                    "policy watcher lost Redis (%s); retrying in %.1f s", error, delay
                )
            finally:
                await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)

    async def _reload_all(self) -> None:
        try:
            await self.policy.load()
        except Exception:
            # Keep listening: the accounts keep their last snapshots.
            logger.exception("reloading the policy of all accounts failed")

    async def _receive(self, pubsub: Any) -> None:
        while True:
            message = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=POLL_TIMEOUT_SECONDS
            )
            if message is not None:
                await self._apply(message["data"])

    async def _apply(self, data: bytes | str) -> None:
        try:
            payload = json.loads(data)
            account_id = int(payload["account"])
        except (ValueError, KeyError, TypeError):
            logger.warning("ignoring a malformed policy message: %r", data)
            return
        if payload.get("origin") == self.origin:
            return
        try:
            await self.policy.reload(account_id)
        except Exception:
            # A failed reload must not end the listener: the account keeps its
            # last snapshot, and the next message or reconnect loads it again.
            logger.exception("reloading the policy of account %s failed", account_id)
