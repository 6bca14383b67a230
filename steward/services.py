"""The long-lived parts one API process or worker shares between requests."""

from dataclasses import dataclass

from arq.connections import ArqRedis

from policy import PolicyEngine
from steward.auth import TokenIssuer
from steward.config import Settings
from steward.events import EventHub
from steward.rate_limit import LoginLimiter


@dataclass
class Services:
    settings: Settings
    policy: PolicyEngine
    tokens: TokenIssuer
    login_limiter: LoginLimiter
    queue: ArqRedis | None = None
    """Redis for the job queue and pub/sub; None when no REDIS_URL is configured."""
    events: EventHub | None = None
    """Live events for subscriptions; None when no REDIS_URL is configured."""
