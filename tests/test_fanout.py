"""Shared `next` messages of subscription groups; the hub's routing and repeats."""

import asyncio
import json
from typing import Any

import pytest
from redis.asyncio import Redis
from strawberry.http.exceptions import WebSocketDisconnected

from models import OutboxEventKind
from steward.events import EventHub
from steward.fanout import Delivery
from steward.outbox import channel

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
