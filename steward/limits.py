"""Limits applied by the ASGI app: body and message size, operations per websocket.

The limits on GraphQL documents (depth, aliases, tokens, page items) are in
`schema.limits`, and the login rate limits in `steward.rate_limit`.
"""

import json
import logging
from typing import Any

from graphql import GraphQLError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    SubscribeMessage,
)

from steward.errors import LimitExceeded

logger = logging.getLogger(__name__)

# RFC 6455: "a message that is too big for it to process".
MESSAGE_TOO_BIG = 1009


def decode_json(data: str | bytes) -> object:
    """Decode JSON, raising JSONDecodeError for every body that is not valid JSON.

    Python's `json` raises UnicodeDecodeError for bytes that are not UTF-8, and
    RecursionError at about 1000 levels of nesting. Strawberry turns only
    JSONDecodeError into status 400, and the other two into status 500.
    """
    try:
        return json.loads(data)
    except (RecursionError, UnicodeDecodeError) as error:
        text = data if isinstance(data, str) else data.decode(errors="replace")
        raise json.JSONDecodeError(str(error), text, 0) from None


def body_too_large(max_bytes: int) -> LimitExceeded:
    return LimitExceeded(
        f"The request body is larger than the maximum of {max_bytes} bytes.",
        limit="bodyBytes",
        maximum=max_bytes,
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodySizeLimit:
    """Reject what is larger than `max_bytes`: HTTP bodies and websocket messages.

    An HTTP request gets 413 with a GraphQL-style JSON error. The body is read
    into memory before the app reads it, and at most `max_bytes` of it. A
    websocket that sends a larger message is closed with code 1009.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(scope, receive, send)
            return

        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = body_too_large(self.max_bytes)
        logger.info("rejected a request body over %d bytes", self.max_bytes)
        body = {"errors": [{"message": error.message, "extensions": error.extensions}]}
        await JSONResponse(body, status_code=413)(scope, receive, send)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        closed = False

        async def limited_receive() -> Message:
            nonlocal closed
            message = await receive()
            if message["type"] != "websocket.receive":
                return message
            size = len(message.get("bytes") or b"") + len(message.get("text") or "")
            if size <= self.max_bytes:
                return message
            logger.info("closed a websocket that sent a message of %d bytes", size)
            closed = True
            reason = f"Messages are limited to {self.max_bytes} bytes."
            await send(
                {"type": "websocket.close", "code": MESSAGE_TOO_BIG, "reason": reason}
            )
            return {"type": "websocket.disconnect", "code": MESSAGE_TOO_BIG}

        async def guarded_send(message: Message) -> None:
            # The app may still send messages before it receives the disconnect.
            if not closed:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)


class LimitedTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """The graphql-transport-ws handler, rejecting operations over the limit.

    Strawberry enforces `max_subscriptions_per_connection` too, with an error
    that has no code; this check runs first and names the limit.
    """

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        # `operations` and `connection_acknowledged` are strawberry's (0.341) state.
        maximum = self.max_subscriptions_per_connection
        if (
            self.connection_acknowledged
            and maximum is not None
            and message["id"] not in self.operations
            and len(self.operations) >= maximum
        ):
            error = LimitExceeded(
                f"This connection runs {len(self.operations)} operations, the "
                f"maximum; complete one before starting another.",
                limit="subscriptions",
                value=len(self.operations),
                maximum=maximum,
            )
            formatted = GraphQLError(error.message, extensions=error.extensions)
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [formatted.formatted]}
            )
            return
        await super().handle_subscribe(message)
