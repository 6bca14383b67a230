"""One rendered `next` message per event for every subscription of a group.

Subscriptions of one account that run the same operation (document, operation name
and variables) get the same graphql-transport-ws `next` message for an event,
apart from the operation id. The first of them to reach an event item renders the
message through Strawberry as usual. The others of the group send a copy with
their own id and skip executing the operation, Strawberry's extensions and its
result handling, which took more CPU time than sending the frame itself.

The message is the same for every subscription of the group because every field
reachable from a subscription payload reads rows through the viewer's account
(the account-scoped DataLoaders and policy) and none reads the viewer's own id.
Which items a subscription receives is still decided by its own resolver, from
its own queue of events, so sharing the message never widens what it receives.
Each subscription sends from its own task, so a slow client delays only itself.
"""

import asyncio
from collections.abc import Hashable
from contextvars import ContextVar
from typing import Any, cast

from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message
from strawberry.types import Info

from steward.websocket_auth import AuthorizedTransportWSHandler

# Only these keys may be in a shared message's payload. An extension that adds
# `extensions` results would make the message depend on the operation.
SHAREABLE_PAYLOAD_KEYS = frozenset({"data", "errors"})

# The message of an item, or None when its renderer produced none to share.
Rendered = asyncio.Future[Message | None]


class Delivery:
    """The graphql-transport-ws operation that runs in the current task."""

    def __init__(self, operation: Operation[Any, Any]) -> None:
        self.operation = operation
        self._rendering: Rendered | None = None

    async def send_shared(self, shared: dict[Hashable, Any], key: Hashable) -> bool:
        """Send the message that another subscription rendered for `key`.

        Returns True when it sent a copy. Returns False when the caller must yield
        the item so that Strawberry renders it: either no subscription rendered it
        yet, so this one renders it for the group, or its renderer had nothing to
        share. `shared` is the store of the event, which only its account's
        subscribers see.
        """
        rendered: Rendered | None = shared.get(key)
        if rendered is None:
            self._rendering = shared[key] = asyncio.get_running_loop().create_future()
            return False
        if rendered.done():
            message = rendered.result()
        else:
            # shield: this subscription leaving must not cancel the others' wait.
            message = await asyncio.shield(rendered)
        if message is None:
            return False
        copy = cast(Message, {**message, "id": self.operation.id})
        try:
            await self.operation.send_operation_message(copy)
        except WebSocketDisconnected:
            # The client left. Strawberry would turn an exception raised here into
            # an error result, so end the operation as the handler's shutdown does.
            raise asyncio.CancelledError from None
        return True

    def capture(self, message: Message) -> None:
        """Share `message` if it is the `next` message of the item being rendered."""
        rendered = self._rendering
        if rendered is None or message.get("type") != "next":
            return
        if message.get("id") != self.operation.id:
            return
        self._rendering = None
        payload = cast(dict[str, Any], message.get("payload") or {})
        shareable = payload.keys() <= SHAREABLE_PAYLOAD_KEYS
        rendered.set_result(message if shareable else None)

    def finish_item(self) -> None:
        """Let the group render for itself if this subscription sent no message.

        Call it when the rendered item's yield returns or is interrupted.
        """
        rendered, self._rendering = self._rendering, None
        if rendered is not None and not rendered.done():
            rendered.set_result(None)


current_delivery: ContextVar[Delivery | None] = ContextVar(
    "current_delivery", default=None
)


def subscription_group(info: Info) -> Hashable | None:
    """Return the key of the subscriptions that get the same messages, if any.

    The key is (account, document, operation name, variables). Two equal
    variables with different reprs only lose the sharing, never share wrongly:
    repr is exact for the coerced inputs of this schema (scalars, enums, lists
    and dicts of them).

    NOTE: the key leaves out the viewer, which is right only while no field under
    a shared subscription depends on the viewer. Such a field needs the viewer's
    id in this key.
    """
    user = getattr(info.context, "user", None)
    operation = info.operation
    if user is None or operation.loc is None:
        return None
    name = operation.name.value if operation.name else None
    variables = repr(sorted(info.variable_values.items()))
    return (user.account_id, operation.loc.source.body, name, variables)


class FanOutTransportWSHandler(AuthorizedTransportWSHandler):
    """The graphql-transport-ws handler, sharing rendered messages within a group.

    A copy goes out through the `send_message` of its own connection, which drops
    it once that connection's authorization has ended.
    """

    async def run_operation(self, operation: Operation[Any, Any]) -> None:
        # The operation's task runs its resolvers, which find it here.
        current_delivery.set(Delivery(operation))
        await super().run_operation(operation)

    async def send_message(self, message: Message) -> None:
        delivery = current_delivery.get()
        if delivery is not None:
            # Before the send, which waits while the client reads slowly.
            delivery.capture(message)
        await super().send_message(message)
