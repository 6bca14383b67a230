"""Shared `next` messages of subscription groups; the hub's routing and repeats."""

import asyncio
import json
import time
from datetime import timedelta
from typing import Any

import pytest
from redis.asyncio import Redis
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    Operation,
)

from models import OutboxEventKind
from steward.events import EventHub, Watcher
from steward.fanout import Delivery, FanOutTransportWSHandler
from steward.outbox import channel
from steward.websocket_auth import FORBIDDEN, TOKEN_EXPIRED, USER_DELETED

KEY = (0, ("account", "document", None, "[]"))
WAIT_SECONDS = 5.0


class RecordingOperation:
    """The parts of Strawberry's Operation that Delivery uses."""

    def __init__(self, operation_id: str) -> None:
        self.id = operation_id
        self.sent: list[dict[str, Any]] = []
        self.disconnected = False

    async def send_operation_message(self, message: dict[str, Any]) -> None:
        if self.disconnected:
            raise WebSocketDisconnected
        self.sent.append(message)


def delivery(operation_id: str) -> tuple[Delivery, RecordingOperation]:
    operation = RecordingOperation(operation_id)
    return Delivery(operation), operation  # type: ignore[arg-type]


def next_message(operation_id: str, **payload: Any) -> dict[str, Any]:
    return {"id": operation_id, "type": "next", "payload": payload}


async def test_first_subscription_renders() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    follower, followers_operation = delivery("2")

    assert await renderer.send_shared(shared, KEY) is False
    waiting = asyncio.create_task(follower.send_shared(shared, KEY))
    await asyncio.sleep(0)
    renderer.capture(next_message("1", data={"x": 1}))

    assert await waiting is True
    assert followers_operation.sent == [next_message("2", data={"x": 1})]


async def test_later_subscription_copies_at_once() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    await renderer.send_shared(shared, KEY)
    renderer.capture(next_message("1", data={"x": 1}, errors=[{"message": "no"}]))
    follower, followers_operation = delivery("9")

    assert await follower.send_shared(shared, KEY) is True
    assert followers_operation.sent == [
        next_message("9", data={"x": 1}, errors=[{"message": "no"}])
    ]


async def test_unsent_item_lets_group_render() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    follower, followers_operation = delivery("2")
    await renderer.send_shared(shared, KEY)
    waiting = asyncio.create_task(follower.send_shared(shared, KEY))
    await asyncio.sleep(0)

    renderer.finish_item()

    assert await waiting is False
    assert followers_operation.sent == []


async def test_disconnected_follower_ends_quietly() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    await renderer.send_shared(shared, KEY)
    renderer.capture(next_message("1", data={"x": 1}))
    follower, followers_operation = delivery("2")
    followers_operation.disconnected = True

    with pytest.raises(asyncio.CancelledError):
        await follower.send_shared(shared, KEY)


async def test_extensions_are_not_shared() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    follower, followers_operation = delivery("2")
    await renderer.send_shared(shared, KEY)
    renderer.capture(next_message("1", data={"x": 1}, extensions={"cost": 3}))

    assert await follower.send_shared(shared, KEY) is False
    assert followers_operation.sent == []


async def test_other_messages_are_not_captured() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    await renderer.send_shared(shared, KEY)

    renderer.capture({"id": "1", "type": "complete"})
    renderer.capture(next_message("2", data={"x": 2}))

    assert not shared[KEY].done()


async def test_leaving_follower_keeps_render() -> None:
    shared: dict = {}
    renderer, _ = delivery("1")
    leaving, _ = delivery("2")
    staying, stayings_operation = delivery("3")
    await renderer.send_shared(shared, KEY)
    left = asyncio.create_task(leaving.send_shared(shared, KEY))
    stays = asyncio.create_task(staying.send_shared(shared, KEY))
    await asyncio.sleep(0)

    left.cancel()
    with pytest.raises(asyncio.CancelledError):
        await left
    renderer.capture(next_message("1", data={"x": 1}))

    assert await stays is True
    assert stayings_operation.sent == [next_message("3", data={"x": 1})]


async def test_hub_routes_events_by_kind(redis_url: str) -> None:
    hub = EventHub(redis_url)
    redis = Redis.from_url(redis_url)
    account_id = 424242
    try:
        async with (
            hub.subscribe(account_id, OutboxEventKind.OWNERSHIP_CHANGED) as changes,
            hub.subscribe(account_id, OutboxEventKind.NOTIFICATION) as notices,
        ):
            for number, kind in enumerate(OutboxEventKind, start=1):
                body = {"id": number, "kind": kind.value, "account_id": account_id}
                await redis.publish(channel(account_id), json.dumps(body))
            # One connection delivers in order, so both events have been routed.
            async with asyncio.timeout(WAIT_SECONDS):
                change = await changes.get()
                notice = await notices.get()

            assert change.kind == OutboxEventKind.OWNERSHIP_CHANGED
            assert notice.kind == OutboxEventKind.NOTIFICATION
            assert changes.empty()
            assert notices.empty()
    finally:
        await hub.close()
        await redis.aclose()


async def test_hub_drops_republished_event(redis_url: str) -> None:
    hub = EventHub(redis_url)
    redis = Redis.from_url(redis_url)
    account_id = 434343
    kind = OutboxEventKind.OWNERSHIP_CHANGED
    try:
        async with hub.subscribe(account_id, kind) as changes:
            for event_id in (7, 7, 8):
                body = {"id": event_id, "kind": kind.value, "account_id": account_id}
                await redis.publish(channel(account_id), json.dumps(body))
            async with asyncio.timeout(WAIT_SECONDS):
                first = await changes.get()
                second = await changes.get()

            assert first.id == 7
            assert second.id == 8
            assert changes.empty()
    finally:
        await hub.close()
        await redis.aclose()


class RecordingWebSocket:
    """The parts of Strawberry's websocket adapter that the handler uses."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.closed: list[tuple[int, str]] = []

    async def send_json(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    async def close(self, code: int, reason: str) -> None:
        self.closed.append((code, reason))


def connection(operation_id: str) -> tuple[Delivery, RecordingWebSocket]:
    """Return the delivery of one operation on a connection of its own."""
    websocket = RecordingWebSocket()
    handler = FanOutTransportWSHandler(
        None,  # type: ignore[arg-type]
        websocket,  # type: ignore[arg-type]
        None,
        None,
        None,  # type: ignore[arg-type]
        timedelta(seconds=10),
    )
    operation = Operation(handler, operation_id, "subscription { x }", None, None)
    return Delivery(operation), websocket


def handler_of(delivery: Delivery) -> FanOutTransportWSHandler:
    return delivery.operation.handler  # type: ignore[return-value]


async def rendered_group() -> dict:
    """Return an event's store with a rendered message for KEY."""
    shared: dict = {}
    renderer, _ = delivery("1")
    await renderer.send_shared(shared, KEY)
    renderer.capture(next_message("1", data={"x": 1}))
    return shared


async def test_expired_connection_gets_no_copy() -> None:
    shared = await rendered_group()
    expired, expireds_socket = connection("2")
    current, currents_socket = connection("3")
    handler_of(expired).expires_at = time.time() - 1

    assert await expired.send_shared(shared, KEY) is True
    assert await current.send_shared(shared, KEY) is True
    # The close runs in a task of its own.
    await asyncio.sleep(0)

    assert expireds_socket.sent == []
    assert expireds_socket.closed == [(FORBIDDEN, TOKEN_EXPIRED)]
    assert handler_of(expired).closing_reason == TOKEN_EXPIRED
    assert currents_socket.sent == [next_message("3", data={"x": 1})]
    assert currents_socket.closed == []


async def test_closing_connection_sends_nothing() -> None:
    shared = await rendered_group()
    deleted, deleteds_socket = connection("2")

    handler_of(deleted).close_forbidden(USER_DELETED)
    handler_of(deleted).close_forbidden(TOKEN_EXPIRED)
    await handler_of(deleted).send_message({"type": "pong"})
    copied = await deleted.send_shared(shared, KEY)
    await asyncio.sleep(0)

    assert copied is True
    assert deleteds_socket.sent == []
    assert deleteds_socket.closed == [(FORBIDDEN, USER_DELETED)]


async def test_hub_calls_deleted_users_watchers(redis_url: str) -> None:
    hub = EventHub(redis_url)
    redis = Redis.from_url(redis_url)
    account_id = 444444
    deleted: list[str] = []
    kind = OutboxEventKind.USER_DELETED
    try:
        first = Watcher(lambda kind: deleted.append("first"), time.time())
        second = Watcher(lambda kind: deleted.append("second"), time.time())
        await hub.watch_user(account_id, 1, first)
        await hub.watch_user(account_id, 2, second)
        async with hub.subscribe(
            account_id, OutboxEventKind.OWNERSHIP_CHANGED
        ) as changes:
            body = {"id": 1, "kind": kind.value, "account_id": account_id}
            await redis.publish(channel(account_id), json.dumps({**body, "user_id": 1}))
            change = {"id": 2, "kind": "ownership_changed", "account_id": account_id}
            await redis.publish(channel(account_id), json.dumps(change))
            async with asyncio.timeout(WAIT_SECONDS):
                routed = await changes.get()

            assert routed.id == 2
            assert changes.empty()
        assert deleted == ["first"]
    finally:
        await hub.close()
        await redis.aclose()


async def test_hub_unwatch_leaves_channel(redis_url: str) -> None:
    hub = EventHub(redis_url)
    redis = Redis.from_url(redis_url)
    account_id = 454545

    def on_deleted(kind: OutboxEventKind) -> None:
        raise AssertionError("no USER_DELETED event was published")

    watcher = Watcher(on_deleted, time.time())
    try:
        await hub.watch_user(account_id, 1, watcher)
        [(_, watching)] = await redis.pubsub_numsub(channel(account_id))
        await hub.unwatch_user(account_id, 1, watcher)
        # The UNSUBSCRIBE goes out on the hub's own connection without waiting
        # for its reply, so Redis may count the subscriber a moment longer.
        deadline = time.monotonic() + 2
        [(_, after)] = await redis.pubsub_numsub(channel(account_id))
        while after and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            [(_, after)] = await redis.pubsub_numsub(channel(account_id))

        assert watching == 1
        assert after == 0
        assert hub.watcher_count() == 0
    finally:
        await hub.close()
        await redis.aclose()
