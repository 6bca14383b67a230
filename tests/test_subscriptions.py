"""Live subscriptions over graphql-transport-ws, served by two API instances."""

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from models import OutboxEvent, OutboxEventKind, RecordType, User
from steward import events
from steward.app import create_app
from steward.clock import utcnow
from steward.config import Settings
from steward.outbox import channel, queue_events
from steward.websocket_auth import (
    FORBIDDEN,
    TOKEN_EXPIRED,
    TOKENS_REVOKED,
    USER_DELETED,
)
from tests.conftest import Caller
from tests.live_server import initialize, receive, serving
from tests.operations import CHANGE_OWNER, create, create_deal, user_gid

PROTOCOL = Subprotocol("graphql-transport-ws")
WAIT_SECONDS = 5.0
QUIET_SECONDS = 0.5
NOTIFICATIONS = """
subscription { notifications { kind recordIds recordCount actor { id } } }
"""
OWNERSHIP_CHANGED = """
subscription($recordType: RecordType) {
  ownershipChanged(recordType: $recordType) {
    recordId recordType reason batchId
    previousUser { id } newUser { id name } actor { id }
  }
}
"""
DELETE_USER = """
mutation($userId: ID!, $transfer: TransferInput) {
  deleteUser(userId: $userId, transfer: $transfer) { transferred }
}
"""
# Reads no rows, so its `next` message would go out at once if the socket stayed
# open for one event too many.
RECORD_IDS_CHANGED = "subscription { ownershipChanged { recordId } }"
# Long enough for one change to reach the socket on a loaded machine.
SHORT_TOKEN_SECONDS = 3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Live events need the outbox publisher, which the suite's settings turn off.
    return dataclasses.replace(settings, outbox_poll_ms=100)


@pytest.fixture
async def first_url(app: Starlette) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


@pytest.fixture
async def second_url(settings: Settings, app: Starlette) -> AsyncIterator[str]:
    """A second API instance on its own port, sharing the database and Redis."""
    second = create_app(settings, manage_database=False)
    async with second.router.lifespan_context(second), serving(second) as url:
        yield url


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def subscribers(redis: Redis, account_id: int) -> int:
    [(_, count)] = await redis.pubsub_numsub(channel(account_id))
    return count


async def wait_until_published() -> None:
    """Wait until the outbox has published the events of the test's setup."""
    async with asyncio.timeout(WAIT_SECONDS):
        # The database offers no event for this, so the test polls.
        while await OutboxEvent.filter(published_at__isnull=True).exists():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def wait_for_subscribers(redis: Redis, account_id: int, count: int) -> None:
    """Wait until the account's channel has `count` Redis subscribers."""
    async with asyncio.timeout(WAIT_SECONDS):
        # Redis offers no event for a change of the subscriber count.
        while await subscribers(redis, account_id) != count:  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def subscribe(
    websocket: ClientConnection,
    caller: Caller,
    query: str,
    operation_id: str = "1",
    **variables: Any,
) -> None:
    await initialize(websocket, caller)
    message = {"query": query, "variables": variables}
    await websocket.send(
        json.dumps({"id": operation_id, "type": "subscribe", "payload": message})
    )


async def next_data(websocket: ClientConnection) -> dict[str, Any]:
    message = await receive(websocket)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message["payload"]
    return message["payload"]["data"]


async def close_code(websocket: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(websocket.recv(), WAIT_SECONDS)
    return websocket.close_code


async def team(make_caller) -> tuple[Caller, Caller]:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    return anna, bob


async def test_notification_reaches_other_instance(
    make_caller, first_url: str, second_url: str, redis: Redis
) -> None:
    anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        await subscribe(websocket, bob, NOTIFICATIONS)
        await wait_for_subscribers(redis, anna.account.id, 1)
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        data = await next_data(websocket)

    assert data["notifications"] == {
        "kind": "ASSIGNED",
        "recordIds": [deal["id"]],
        "recordCount": 1,
        "actor": {"id": user_gid(anna)},
    }


async def test_notifications_only_to_recipient(
    make_caller, first_url: str, second_url: str, redis: Redis
) -> None:
    anna, bob = await team(make_caller)
    carol = await make_caller("carol@acme.test")
    deal = await create_deal(anna, "Laptops")
    async with (
        connect(second_url, subprotocols=[PROTOCOL]) as bobs,
        connect(first_url, subprotocols=[PROTOCOL]) as carols,
    ):
        await subscribe(bobs, bob, NOTIFICATIONS)
        await subscribe(carols, carol, NOTIFICATIONS)
        await wait_for_subscribers(redis, anna.account.id, 2)
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        assert (await next_data(bobs))["notifications"]["kind"] == "ASSIGNED"
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(carols.recv(), QUIET_SECONDS)


async def test_ownership_changed_filters_type(
    make_caller, first_url: str, second_url: str, redis: Redis
) -> None:
    anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await wait_until_published()
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        await subscribe(websocket, anna, OWNERSHIP_CHANGED, recordType="DEAL")
        await wait_for_subscribers(redis, anna.account.id, 1)
        await create(anna, RecordType.PERSON, name="Ann Lee", ownerId=user_gid(bob))
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        change = (await next_data(websocket))["ownershipChanged"]

    assert change["recordId"] == deal["id"]
    assert change["recordType"] == "DEAL"
    assert change["reason"] == "MANUAL"
    assert change["previousUser"] == {"id": user_gid(anna)}
    assert change["newUser"] == {"id": user_gid(bob), "name": "Bob"}
    assert change["actor"] == {"id": user_gid(anna)}


async def test_each_event_reads_fresh_rows(
    make_caller, first_url: str, second_url: str, redis: Redis
) -> None:
    anna, bob = await team(make_caller)
    first = await create_deal(anna, "Laptops")
    second = await create_deal(anna, "Phones")
    await wait_until_published()
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        await subscribe(websocket, anna, OWNERSHIP_CHANGED, recordType="DEAL")
        await wait_for_subscribers(redis, anna.account.id, 1)
        await anna.data(CHANGE_OWNER, recordId=first["id"], ownerId=user_gid(bob))
        before = (await next_data(websocket))["ownershipChanged"]
        await User.filter(id=bob.user.id).update(name="Robert")
        await anna.data(CHANGE_OWNER, recordId=second["id"], ownerId=user_gid(bob))
        after = (await next_data(websocket))["ownershipChanged"]

    assert before["newUser"]["name"] == "Bob"
    assert after["newUser"]["name"] == "Robert"


async def test_other_account_sees_nothing(
    make_caller, first_url: str, second_url: str, redis: Redis
) -> None:
    anna, bob = await team(make_caller)
    zoe = await make_caller("zoe@globex.test")
    deal = await create_deal(anna, "Laptops")
    await wait_until_published()
    async with (
        connect(second_url, subprotocols=[PROTOCOL]) as annas,
        connect(second_url, subprotocols=[PROTOCOL]) as zoes,
    ):
        await subscribe(annas, anna, OWNERSHIP_CHANGED)
        await subscribe(zoes, zoe, OWNERSHIP_CHANGED)
        await wait_for_subscribers(redis, anna.account.id, 1)
        await wait_for_subscribers(redis, zoe.account.id, 1)
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        assert (await next_data(annas))["ownershipChanged"]["recordId"] == deal["id"]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(zoes.recv(), QUIET_SECONDS)


@pytest.mark.parametrize(
    "payload",
    [
        {"Authorization": "Bearer not-a-token"},
        {"token": "not-a-token"},
        {"Authorization": "Basic YW5uYTpwdw=="},
        {},
    ],
    ids=["bad-bearer", "bad-token", "other-scheme", "missing"],
)
async def test_bad_token_closes_4403(
    make_caller, second_url: str, payload: dict[str, str]
) -> None:
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        await websocket.send(
            json.dumps({"type": "connection_init", "payload": payload})
        )
        assert await close_code(websocket) == 4403


async def test_deleted_user_closes_4403(make_caller, second_url: str) -> None:
    anna, _ = await team(make_caller)
    await User.filter(id=anna.user.id).update(
        name="Gone", deleted_at=anna.user.created_at
    )
    payload = {"token": anna.token}
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        await websocket.send(
            json.dumps({"type": "connection_init", "payload": payload})
        )
        assert await close_code(websocket) == 4403


async def test_token_payload_is_accepted(make_caller, second_url: str) -> None:
    anna, _ = await team(make_caller)
    payload = {"token": anna.token}
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        await websocket.send(
            json.dumps({"type": "connection_init", "payload": payload})
        )
        assert (await receive(websocket))["type"] == "connection_ack"


async def test_subscribe_before_init_closes_4401(second_url: str) -> None:
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        message = {"query": NOTIFICATIONS, "variables": {}}
        await websocket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": message})
        )
        assert await close_code(websocket) == 4401


async def test_silent_socket_closes_4408(settings: Settings, app: Starlette) -> None:
    quick = create_app(
        dataclasses.replace(settings, connection_init_seconds=1), manage_database=False
    )
    async with quick.router.lifespan_context(quick), serving(quick) as url:
        async with connect(url, subprotocols=[PROTOCOL]) as websocket:
            assert await close_code(websocket) == 4408


async def pubsub_clients(redis: Redis) -> int:
    """Count the Redis connections subscribed to any channel."""
    clients = await redis.client_list()
    return sum(1 for client in clients if int(client["sub"]) or int(client["psub"]))


async def settled_task_count(baseline: int) -> int:
    """Return the number of tasks once it is back at `baseline`, or after a wait."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    # Finished tasks leave asyncio.all_tasks() with no event to wait for.
    while len(asyncio.all_tasks()) != baseline and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    return len(asyncio.all_tasks())


async def test_reconnects_leak_nothing(
    make_caller, first_url: str, second_url: str, redis: Redis
) -> None:
    anna, _ = await team(make_caller)
    clients_before = len(await redis.client_list())
    pubsub_before = await pubsub_clients(redis)
    tasks_before = len(asyncio.all_tasks())

    for number in range(5):
        url = first_url if number % 2 else second_url
        async with connect(url, subprotocols=[PROTOCOL]) as websocket:
            await subscribe(websocket, anna, NOTIFICATIONS)
            await subscribe_second(websocket)
            await wait_for_subscribers(redis, anna.account.id, 1)
        await wait_for_subscribers(redis, anna.account.id, 0)

    assert await settled_task_count(tasks_before) == tasks_before
    assert await pubsub_clients(redis) == pubsub_before
    # Other connections, such as connection pools, may close but not grow.
    assert len(await redis.client_list()) <= clients_before


async def subscribe_second(websocket: ClientConnection) -> None:
    """Add a second subscription on the same connection, sharing its channel."""
    message = {"query": OWNERSHIP_CHANGED, "variables": {}}
    await websocket.send(
        json.dumps({"id": "2", "type": "subscribe", "payload": message})
    )


async def wait_for_hub(app: Starlette, count: int) -> None:
    """Wait until the app's event hub has `count` local subscriptions."""
    hub = app.state.services.events
    async with asyncio.timeout(WAIT_SECONDS):
        # The hub offers no event for a new subscription.
        while hub.subscriber_count() != count:  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def add_deal_subscription(websocket: ClientConnection, operation_id: str) -> None:
    """Start another OWNERSHIP_CHANGED of deals on an initialized connection."""
    payload = {"query": OWNERSHIP_CHANGED, "variables": {"recordType": "DEAL"}}
    message = {"id": operation_id, "type": "subscribe", "payload": payload}
    await websocket.send(json.dumps(message))


async def next_message(websocket: ClientConnection) -> dict[str, Any]:
    message = await receive(websocket)
    assert message["type"] == "next", message
    return message


async def test_shared_message_keeps_each_id(
    make_caller, app: Starlette, first_url: str
) -> None:
    anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await wait_until_published()
    async with (
        connect(first_url, subprotocols=[PROTOCOL]) as annas,
        connect(first_url, subprotocols=[PROTOCOL]) as bobs,
    ):
        await subscribe(annas, anna, OWNERSHIP_CHANGED, "a1", recordType="DEAL")
        await subscribe(bobs, bob, OWNERSHIP_CHANGED, "b7", recordType="DEAL")
        await add_deal_subscription(bobs, "b8")
        await wait_for_hub(app, 3)
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        annas_message = await next_message(annas)
        bobs_messages = [await next_message(bobs), await next_message(bobs)]

    assert annas_message["id"] == "a1"
    assert sorted(message["id"] for message in bobs_messages) == ["b7", "b8"]
    for message in bobs_messages:
        assert message["payload"] == annas_message["payload"]
    change = annas_message["payload"]["data"]["ownershipChanged"]
    assert change["recordId"] == deal["id"]
    assert change["newUser"] == {"id": user_gid(bob), "name": "Bob"}


async def test_shared_messages_respect_scope(
    make_caller, app: Starlette, first_url: str
) -> None:
    """Same document in another account or with another filter gets nothing."""
    anna, bob = await team(make_caller)
    zoe = await make_caller("zoe@globex.test")
    deal = await create_deal(anna, "Laptops")
    await wait_until_published()
    async with (
        connect(first_url, subprotocols=[PROTOCOL]) as annas,
        connect(first_url, subprotocols=[PROTOCOL]) as bobs,
        connect(first_url, subprotocols=[PROTOCOL]) as persons_only,
        connect(first_url, subprotocols=[PROTOCOL]) as zoes,
    ):
        await subscribe(annas, anna, OWNERSHIP_CHANGED, recordType="DEAL")
        await subscribe(bobs, bob, OWNERSHIP_CHANGED, recordType="DEAL")
        await subscribe(persons_only, bob, OWNERSHIP_CHANGED, recordType="PERSON")
        await subscribe(zoes, zoe, OWNERSHIP_CHANGED, recordType="DEAL")
        await wait_for_hub(app, 4)
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        annas_change = (await next_data(annas))["ownershipChanged"]
        bobs_change = (await next_data(bobs))["ownershipChanged"]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(persons_only.recv(), QUIET_SECONDS)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(zoes.recv(), QUIET_SECONDS)

    assert annas_change["recordId"] == deal["id"]
    assert bobs_change == annas_change


async def test_completed_subscription_gets_nothing(
    make_caller, app: Starlette, first_url: str
) -> None:
    anna, bob = await team(make_caller)
    first = await create_deal(anna, "Laptops")
    second = await create_deal(anna, "Phones")
    await wait_until_published()
    async with connect(first_url, subprotocols=[PROTOCOL]) as websocket:
        await subscribe(websocket, anna, OWNERSHIP_CHANGED, "1", recordType="DEAL")
        await add_deal_subscription(websocket, "2")
        await wait_for_hub(app, 2)
        await anna.data(CHANGE_OWNER, recordId=first["id"], ownerId=user_gid(bob))
        ids = {(await next_message(websocket))["id"] for _ in range(2)}
        await websocket.send(json.dumps({"id": "1", "type": "complete"}))
        await wait_for_hub(app, 1)
        await anna.data(CHANGE_OWNER, recordId=second["id"], ownerId=user_gid(bob))
        last = await next_message(websocket)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(websocket.recv(), QUIET_SECONDS)

    assert ids == {"1", "2"}
    assert last["id"] == "2"
    assert last["payload"]["data"]["ownershipChanged"]["recordId"] == second["id"]


async def messages_until_close(websocket: ClientConnection) -> list[dict[str, Any]]:
    """Return every message the server sends before it closes the socket."""
    messages = []
    with pytest.raises(ConnectionClosed):
        while True:
            raw = await asyncio.wait_for(websocket.recv(), WAIT_SECONDS)
            messages.append(json.loads(raw))
    return messages


async def wait_for_watchers(app: Starlette, count: int) -> None:
    """Wait until the app's event hub watches `count` connections' users."""
    hub = app.state.services.events
    async with asyncio.timeout(WAIT_SECONDS):
        # The hub offers no event for a new watcher.
        while hub.watcher_count() != count:  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def test_deleted_user_sockets_close(
    make_caller, app: Starlette, first_url: str, second_url: str, redis: Redis
) -> None:
    """Both instances close Carl's sockets before sending the deletion's changes."""
    admin = await make_caller("admin@acme.test", roles=("admin",))
    bob = await make_caller("bob@acme.test")
    carl = await make_caller("carl@acme.test")
    deal = await create_deal(carl, "Laptops")
    await wait_until_published()
    async with (
        connect(first_url, subprotocols=[PROTOCOL]) as bobs,
        connect(first_url, subprotocols=[PROTOCOL]) as carls_idle,
        connect(second_url, subprotocols=[PROTOCOL]) as carls_subscription,
    ):
        await subscribe(bobs, bob, OWNERSHIP_CHANGED, recordType="DEAL")
        await initialize(carls_idle, carl)
        await subscribe(carls_subscription, carl, RECORD_IDS_CHANGED)
        await wait_for_hub(app, 1)
        await wait_for_watchers(app, 2)
        await wait_for_subscribers(redis, carl.account.id, 2)
        transfer = {"mode": "TO_USER", "toUserId": user_gid(bob)}
        await admin.data(DELETE_USER, userId=user_gid(carl), transfer=transfer)
        bobs_change = (await next_data(bobs))["ownershipChanged"]
        idle_messages = await messages_until_close(carls_idle)
        subscription_messages = await messages_until_close(carls_subscription)

    assert bobs_change["recordId"] == deal["id"]
    assert bobs_change["reason"] == "USER_DELETED"
    assert bobs_change["previousUser"] == {"id": user_gid(carl)}
    assert idle_messages == []
    assert carls_idle.close_code == FORBIDDEN
    assert carls_idle.close_reason == USER_DELETED
    assert subscription_messages == []
    assert carls_subscription.close_code == FORBIDDEN
    assert carls_subscription.close_reason == USER_DELETED
    await wait_for_watchers(app, 0)


async def test_deleted_user_cannot_reconnect(make_caller, second_url: str) -> None:
    admin = await make_caller("admin@acme.test", roles=("admin",))
    carl = await make_caller("carl@acme.test")
    await admin.data(DELETE_USER, userId=user_gid(carl))
    async with connect(second_url, subprotocols=[PROTOCOL]) as websocket:
        init = {"Authorization": f"Bearer {carl.token}"}
        await websocket.send(json.dumps({"type": "connection_init", "payload": init}))
        assert await close_code(websocket) == FORBIDDEN


async def test_expired_token_closes_4403(
    make_caller, app: Starlette, first_url: str
) -> None:
    anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await wait_until_published()
    tokens = dataclasses.replace(
        app.state.services.tokens, ttl_seconds=SHORT_TOKEN_SECONDS
    )
    short_lived = dataclasses.replace(anna, token=tokens.issue(anna.user)[0])
    async with connect(first_url, subprotocols=[PROTOCOL]) as websocket:
        await subscribe(websocket, short_lived, OWNERSHIP_CHANGED, recordType="DEAL")
        await wait_for_hub(app, 1)
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
        change = (await next_data(websocket))["ownershipChanged"]
        later = await messages_until_close(websocket)

    assert change["recordId"] == deal["id"]
    assert later == []
    assert websocket.close_code == FORBIDDEN
    assert websocket.close_reason == TOKEN_EXPIRED
    await wait_for_hub(app, 0)
    await wait_for_watchers(app, 0)


async def test_deletion_seen_after_hub_reconnect(
    make_caller, app: Starlette, first_url: str, redis: Redis
) -> None:
    """A deletion whose event the hub missed closes the socket on reconnect."""
    carl = await make_caller("carl@acme.test")
    async with connect(first_url, subprotocols=[PROTOCOL]) as websocket:
        await initialize(websocket, carl)
        await wait_for_watchers(app, 1)
        # Deleted without the USER_DELETED event, as if it was published while
        # the hub was disconnected.
        await User.filter(id=carl.user.id).update(deleted_at=carl.user.created_at)
        killed = await redis.client_kill_filter(_type="pubsub")
        messages = await messages_until_close(websocket)

    assert killed >= 1
    assert messages == []
    assert websocket.close_code == FORBIDDEN
    assert websocket.close_reason == USER_DELETED


SIGN_OUT = "mutation { signOutEverywhere }"


async def test_signed_out_user_sockets_close(
    make_caller, app: Starlette, first_url: str, redis: Redis
) -> None:
    carl = await make_caller("carl@acme.test")
    bob = await make_caller("bob@acme.test")
    async with (
        connect(first_url, subprotocols=[PROTOCOL]) as carls,
        connect(first_url, subprotocols=[PROTOCOL]) as bobs,
    ):
        await initialize(carls, carl)
        await initialize(bobs, bob)
        await wait_for_watchers(app, 2)
        await wait_for_subscribers(redis, carl.account.id, 1)

        assert await carl.data(SIGN_OUT) == {"signOutEverywhere": True}
        messages = await messages_until_close(carls)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(bobs.recv(), QUIET_SECONDS)

    assert messages == []
    assert carls.close_code == FORBIDDEN
    assert carls.close_reason == TOKENS_REVOKED


@pytest.mark.parametrize("delivery", ["event", "hub reconnect"])
async def test_revocation_spares_newer_tokens(
    make_caller, app: Starlette, first_url: str, redis: Redis, delivery: str
) -> None:
    """Sockets of tokens issued before a revocation close; a newer token's stays.

    The revocation arrives as its TOKENS_REVOKED event, which reaches the hub after
    the newer token's socket opened, or, when the hub missed the event, through
    the check after the hub reconnects to Redis.
    """
    carl = await make_caller("carl@acme.test")
    revoked_at = utcnow()
    # Tokens carry `iat` in microseconds, so this orders the new one after.
    await asyncio.sleep(0.01)
    tokens = app.state.services.tokens
    renewed = dataclasses.replace(carl, token=tokens.issue(carl.user)[0])
    async with (
        connect(first_url, subprotocols=[PROTOCOL]) as old,
        connect(first_url, subprotocols=[PROTOCOL]) as new,
    ):
        await initialize(old, carl)
        await initialize(new, renewed)
        await wait_for_watchers(app, 2)
        await wait_for_subscribers(redis, carl.account.id, 1)
        await User.filter(id=carl.user.id).update(tokens_valid_after=revoked_at)
        if delivery == "event":
            payload = {"user_id": carl.user.id, "valid_after": revoked_at.timestamp()}
            await queue_events(
                carl.account.id, OutboxEventKind.TOKENS_REVOKED, [payload], utcnow()
            )
            # A request wakes the outbox publisher.
            await renewed.data("query { me { id } }")
        else:
            assert await redis.client_kill_filter(_type="pubsub") >= 1
        messages = await messages_until_close(old)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(new.recv(), QUIET_SECONDS)

    assert messages == []
    assert old.close_code == FORBIDDEN
    assert old.close_reason == TOKENS_REVOKED


# Long enough for the outbox to publish an event while the hub waits to reconnect.
HUB_RETRY_SECONDS = 2.0


async def test_sign_out_during_hub_outage(
    make_caller,
    app: Starlette,
    first_url: str,
    redis: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The TOKENS_REVOKED event is lost while the hub reconnects; the socket
    closes after the reconnect all the same."""
    monkeypatch.setattr(events, "RETRY_MIN_SECONDS", HUB_RETRY_SECONDS)
    carl = await make_caller("carl@acme.test")
    async with connect(first_url, subprotocols=[PROTOCOL]) as websocket:
        await initialize(websocket, carl)
        await wait_for_watchers(app, 1)
        await wait_for_subscribers(redis, carl.account.id, 1)
        killed = await redis.client_kill_filter(_type="pubsub")
        await wait_for_subscribers(redis, carl.account.id, 0)

        assert await carl.data(SIGN_OUT) == {"signOutEverywhere": True}
        await wait_until_published()
        subscribers_after_publishing = await subscribers(redis, carl.account.id)
        messages = await messages_until_close(websocket)

    assert killed >= 1
    assert subscribers_after_publishing == 0
    assert messages == []
    assert websocket.close_code == FORBIDDEN
    assert websocket.close_reason == TOKENS_REVOKED
