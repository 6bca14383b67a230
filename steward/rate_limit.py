"""Rate limits on login attempts, per email address and per client IP address.

Attempts are counted in fixed windows: a counter starts at the first attempt
and expires `window_seconds` later, so a client may make up to twice the limit
across the end of one window and the start of the next. The counters are kept
in Redis, shared by all API processes. While Redis is unreachable each process
counts on its own and logs a warning, so the limits then hold per process.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from steward.errors import RateLimited

logger = logging.getLogger(__name__)

KEY_PREFIX = "steward:login:"
REDIS_TIMEOUT_SECONDS = 0.5
# After a failure, Redis is tried again at most this often, so that an
# unreachable server does not add its timeout to every login.
REDIS_RETRY_SECONDS = 5.0
# The in-process counters drop their expired windows when they grow past this.
LOCAL_PRUNE_SIZE = 10_000

# Increment a counter and start its window on the first hit (or when a stray key
# has no expiry), atomically, so that no counter is left without one.
HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""

# Decrement a counter that still exists, but never below zero.
TAKE_BACK_SCRIPT = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class Window:
    """The state of one counter after a hit."""

    count: int
    retry_after: int
    """Seconds until the window ends and the counter starts again."""


class FixedWindowCounter:
    """Counters of hits per key, in Redis when it is reachable, else in this process."""

    def __init__(self, redis_url: str, window_seconds: int) -> None:
        self.window_seconds = window_seconds
        self._redis: aioredis.Redis | None = None
        if redis_url:
            self._redis = aioredis.Redis.from_url(
                redis_url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
        self._redis_failing = False
        self._redis_retry_at = 0.0
        self._local: dict[str, tuple[float, int]] = {}
        """Key -> (end of its window on the monotonic clock, hits)."""

    async def hit(self, key: str) -> Window:
        """Count a hit of `key` and return its window."""
        if self._redis is not None and time.monotonic() >= self._redis_retry_at:
            try:
                count, ttl = await self._redis.eval(
                    HIT_SCRIPT, 1, key, self.window_seconds
                )
            except (RedisError, OSError) as error:
                self._redis_failed(error)
            else:
                self._redis_works()
                return Window(count=int(count), retry_after=max(int(ttl), 1))
        return self._hit_local(key)

    async def take_back(self, key: str) -> None:
        """Remove one hit from the current window of `key`."""
        end, count = self._local.get(key, (0.0, 0))
        if count > 0:
            self._local[key] = (end, count - 1)
        if self._redis is None or time.monotonic() < self._redis_retry_at:
            return
        try:
            await self._redis.eval(TAKE_BACK_SCRIPT, 1, key)
        except (RedisError, OSError) as error:
            self._redis_failed(error)

    async def reset(self, key: str) -> None:
        self._local.pop(key, None)
        if self._redis is None or time.monotonic() < self._redis_retry_at:
            return
        try:
            await self._redis.delete(key)
        except (RedisError, OSError) as error:
            self._redis_failed(error)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()

    def _redis_failed(self, error: Exception) -> None:
        if not self._redis_failing:
            logger.warning(
                "Redis is unreachable for rate limits, so this process counts "
                "login attempts on its own until it is back: %s",
                error,
            )
        self._redis_failing = True
        self._redis_retry_at = time.monotonic() + REDIS_RETRY_SECONDS

    def _redis_works(self) -> None:
        if self._redis_failing:
            logger.info("Redis is reachable again; rate limits are shared again")
        self._redis_failing = False

    def _hit_local(self, key: str) -> Window:
        now = time.monotonic()
        if len(self._local) > LOCAL_PRUNE_SIZE:
            self._local = {k: v for k, v in self._local.items() if v[0] > now}
        end, count = self._local.get(key, (0.0, 0))
        if end <= now:
            end, count = now + self.window_seconds, 0
        self._local[key] = (end, count + 1)
        return Window(count=count + 1, retry_after=max(math.ceil(end - now), 1))


def email_key(email: str) -> str:
    # A digest keeps email addresses out of Redis.
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}email:{digest}"


def client_key(client: str | None) -> str:
    return f"{KEY_PREFIX}client:{client or 'unknown'}"


class LoginLimiter:
    """Limits on login attempts per email address and per client IP address.

    Every attempt counts, before its password is checked, so that a limited
    client costs no password hashing. A successful login resets the count of
    its email address and takes its hit back from its client's count, so many
    users signing in from one address (an office behind one NAT) do not use up
    that address's limit; failures alone do. An attacker can lock an email
    address out for one window at most; the per-client limit is the defence
    against guessing.
    """

    def __init__(
        self, counter: FixedWindowCounter, per_email: int, per_client: int
    ) -> None:
        self.counter = counter
        self.per_email = per_email
        self.per_client = per_client

    async def attempt(self, email: str, client: str | None) -> None:
        """Count a login attempt; raise RateLimited when a limit is exceeded."""
        by_email = await self.counter.hit(email_key(email))
        by_client = await self.counter.hit(client_key(client))
        exceeded = [
            window
            for window, maximum in (
                (by_email, self.per_email),
                (by_client, self.per_client),
            )
            if window.count > maximum
        ]
        if not exceeded:
            return
        retry_after = max(window.retry_after for window in exceeded)
        logger.warning(
            "rate-limited login for %s from %s: %d attempts for the email, "
            "%d from the client in this window",
            email,
            client,
            by_email.count,
            by_client.count,
        )
        raise RateLimited(
            f"Too many login attempts; try again in {retry_after} seconds.",
            retryAfter=retry_after,
        )

    async def succeeded(self, email: str, client: str | None) -> None:
        await self.counter.reset(email_key(email))
        await self.counter.take_back(client_key(client))
