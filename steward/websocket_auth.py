"""Websocket connections that end when their token expires or is revoked, or their
user is deleted.

A graphql-transport-ws connection authenticates once, with the token in its
`connection_init`, and its operations run as that user until it closes. So the
server closes it with code 4403 when the token expires or is revoked and when the
user is deleted, and from that moment sends nothing more on it. No check queries
the database per event: the expiry is a timer plus a clock comparison before each
message, and a deletion or revocation arrives as a USER_DELETED or TOKENS_REVOKED
event on the account's channel (steward/events.py), which any API process or
worker may publish.
"""

import asyncio
import logging
import math
import time
from typing import Any

import jwt
from redis.exceptions import RedisError
from starlette.websockets import WebSocketDisconnect
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
)

from models import OutboxEventKind, User
from steward.auth import TOKEN_ALGORITHM, TokenIssuer, bearer_token
from steward.availability import database_unavailable
from steward.events import Watcher
from steward.limits import LimitedTransportWSHandler

logger = logging.getLogger(__name__)

# graphql-transport-ws closes with 4403 "Forbidden" when connection_init is
# rejected. The server sends the same code when the authorization ends later.
FORBIDDEN = 4403
TOKEN_EXPIRED = "The token has expired; log in again."
USER_DELETED = "The user was deleted."
TOKENS_REVOKED = "The user's tokens were revoked; log in again."
# IANA's WebSocket close code registry: "Try Again Later", for a service that the
# server needs and cannot reach now. A close reason has at most 123 bytes.
TRY_AGAIN_LATER = 1013
REDIS_UNAVAILABLE = (
    "Redis is unavailable, so user deletions and revoked tokens go unseen; "
    "reconnect later."
)


def connection_token(params: dict[str, Any]) -> str | None:
    """Return the token of a `connection_init` payload.

    The payload is `{"Authorization": "Bearer <token>"}` or `{"token": "<token>"}`.
    """
    authorization = params.get("Authorization") or params.get("authorization")
    if isinstance(authorization, str):
        return bearer_token(authorization)
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return token.strip()
    return None


def token_times(tokens: TokenIssuer, token: str) -> tuple[float, float]:
    """Return the `iat` and `exp` claims (Unix seconds) of an accepted token."""
    claims = jwt.decode(
        token,
        tokens.secret_key,
        algorithms=[TOKEN_ALGORITHM],
        # The caller authenticated the token, which may have expired since.
        options={"verify_exp": False},
    )
    return float(claims["iat"]), float(claims["exp"])


class AuthorizedTransportWSHandler(LimitedTransportWSHandler):
    """The graphql-transport-ws handler, closing when its authorization ends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The reason of the close under way, or None while the connection is open.
        self.closing_reason: str | None = None
        # The token's `exp` claim in Unix seconds, once connection_init is accepted.
        self.expires_at = math.inf
        self._expiry_timer: asyncio.TimerHandle | None = None
        # The user and the hub's watcher, while the hub watches the user.
        self._watched: User | None = None
        self._watcher: Watcher | None = None
        self._closing: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        authorized = self.connection_acknowledged
        await super().handle_connection_init(message)
        # A repeated connection_init closes the socket and authorizes nothing.
        if authorized or not self.connection_acknowledged:
            return
        token = connection_token(self.context.connection_params or {})
        assert token is not None, "on_ws_connect accepted the connection's token"
        issued_at, self.expires_at = token_times(self.context.services.tokens, token)
        self._schedule_expiry()
        await self._watch_sessions(issued_at)

    async def send_message(self, message: Message) -> None:
        """Send `message`, unless the connection's authorization has ended."""
        if self.closing_reason is None and time.time() >= self.expires_at:
            self.close_forbidden(TOKEN_EXPIRED)
        if self.closing_reason is not None:
            return
        await super().send_message(message)

    def close_forbidden(self, reason: str, code: int = FORBIDDEN) -> None:
        """Stop sending at once and close the socket with `code` in the background.

        Synchronous, so that the event hub can call it before it dispatches the
        next event.
        """
        if self.closing_reason is not None:
            return
        self.closing_reason = reason
        if self._expiry_timer is not None:
            self._expiry_timer.cancel()
        user_id = self._watched.id if self._watched is not None else None
        logger.info("closing a websocket of user %s: %s", user_id, reason)
        self._closing = asyncio.create_task(self._close(code, reason))

    async def shutdown(self) -> None:
        try:
            await super().shutdown()
        finally:
            if self._expiry_timer is not None:
                self._expiry_timer.cancel()
            if self._closing is not None:
                await self._closing
            if self._watched is not None and self._watcher is not None:
                user, self._watched = self._watched, None
                hub = self.context.services.events
                await hub.unwatch_user(user.account_id, user.id, self._watcher)

    def _schedule_expiry(self) -> None:
        delay = max(0.0, self.expires_at - time.time())
        loop = asyncio.get_running_loop()
        self._expiry_timer = loop.call_later(delay, self.close_forbidden, TOKEN_EXPIRED)

    async def _watch_sessions(self, issued_at: float) -> None:
        """Close the connection when its user is deleted or its token revoked."""
        user: User = self.context.user
        hub = self.context.services.events
        if hub is None:
            # NOTE: without Redis, a connection outlives its user's deletion
            # and its token's revocation until the token expires.
            return
        watcher = Watcher(self._sessions_ended, issued_at)
        try:
            await hub.watch_user(user.account_id, user.id, watcher)
        except (RedisError, OSError) as error:
            logger.warning(
                "watching user %s failed (%s); closing the websocket",
                user.id,
                error,
            )
            self.close_forbidden(REDIS_UNAVAILABLE, code=TRY_AGAIN_LATER)
            return
        self._watched, self._watcher = user, watcher

        # An event published before the hub listened to the account's channel is
        # missed there, so read the user once more.
        try:
            await hub.find_ended_sessions([user.id])
        except Exception as error:
            unavailable = database_unavailable(error)
            if unavailable is None:
                raise
            self.close_forbidden(unavailable.message, code=TRY_AGAIN_LATER)

    def _sessions_ended(self, kind: OutboxEventKind) -> None:
        if kind is OutboxEventKind.TOKENS_REVOKED:
            self.close_forbidden(TOKENS_REVOKED)
        else:
            self.close_forbidden(USER_DELETED)

    async def _close(self, code: int, reason: str) -> None:
        try:
            await self.websocket.close(code=code, reason=reason)
        except (RuntimeError, WebSocketDisconnect) as error:
            # Starlette raises these when the socket closed first.
            logger.debug("the websocket closed before the server closed it: %r", error)
