"""Notifications of owner changes and their outbox, across every change path."""

import asyncio
import json
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError
from tortoise.transactions import in_transaction

from models import (
    AssignmentReason,
    Notification,
    OutboxEvent,
    OutboxEventKind,
    RecordType,
    User,
)
from policy import PolicyEngine
from schema.ids import parse_global_id, to_global_id
from steward import outbox
from steward.bulk import BulkRequest
from steward.bulk_jobs import create_job, run_job
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.processes import free_port
from steward.redis_server import redis_server
from tests.bulk_operations import (
    BULK_CHANGE,
    CLAIM,
    UNDO,
    bulk_input,
    insert_deals,
    role_id,
)
from tests.conftest import Caller
from tests.operations import (
    CHANGE_OWNER,
    create,
    create_deal,
    set_owner_required,
    update,
    user_gid,
)

NOTIFICATIONS = """
query($unreadOnly: Boolean, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node {
      id kind recordCount recordIds reason batchId read
      actor { id } objectRole { key }
    } }
  }
}
"""
UNREAD = "{ unreadNotificationCount }"
MARK_READ = """
mutation($ids: [ID!], $all: Boolean) {
  markNotificationsRead(ids: $ids, all: $all) { marked unreadCount }
}
"""
DELETE_USER = """
mutation($u: ID!, $t: TransferInput) {
  deleteUser(userId: $u, transfer: $t) { batchId }
}
"""
EVENT_TIMEOUT_SECONDS = 5.0


async def received(caller: Caller, **variables: Any) -> list[dict[str, Any]]:
    data = await caller.data(NOTIFICATIONS, **variables)
    return [edge["node"] for edge in data["notifications"]["edges"]]


async def kinds_of(caller: Caller) -> list[str]:
    return [node["kind"] for node in await received(caller)]


async def team(make_caller) -> tuple[Caller, Caller, Caller]:
    """Return an admin and two sellers, Anna and Bob, of one account."""
    admin = await make_caller("admin@acme.test", roles=("admin",))
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    return admin, anna, bob


async def test_change_notifies_both_users(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await admin.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))

    [assigned] = await received(bob)
    assert assigned["kind"] == "ASSIGNED"
    assert assigned["recordIds"] == [deal["id"]]
    assert assigned["recordCount"] == 1
    assert assigned["actor"] == {"id": user_gid(admin)}
    assert assigned["reason"] == "MANUAL"
    assert assigned["objectRole"] == {"key": "owner"}
    assert assigned["read"] is False
    [removed] = await received(anna)
    assert removed["kind"] == "REMOVED"
    assert removed["actor"] == {"id": user_gid(admin)}
    assert await kinds_of(admin) == []


async def test_own_change_skips_actor(make_caller) -> None:
    _, anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
    assert await kinds_of(bob) == ["ASSIGNED"]
    assert await kinds_of(anna) == []


async def test_unchanged_owner_notifies_nobody(make_caller) -> None:
    admin, anna, _ = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await admin.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(anna))
    assert await Notification.all().count() == 0


async def test_create_for_other_notifies(make_caller) -> None:
    _, anna, bob = await team(make_caller)
    await create_deal(anna, "Mine")
    deal = await create_deal(anna, "Yours", ownerId=user_gid(bob))
    [assigned] = await received(bob)
    assert assigned["recordIds"] == [deal["id"]]
    assert assigned["reason"] == "CREATE"
    assert await kinds_of(anna) == []


async def test_update_owner_notifies_once(make_caller) -> None:
    _, anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await update(anna, RecordType.DEAL, id=deal["id"], name="X", ownerId=user_gid(bob))
    assert await kinds_of(bob) == ["ASSIGNED"]
    assert await Notification.all().count() == 1


async def test_claim_notifies_nobody(make_caller) -> None:
    _, anna, _ = await team(make_caller)
    await set_owner_required(anna.account.id, RecordType.PERSON, False)
    person = await create(anna, RecordType.PERSON, name="Free", ownerId=None)
    await anna.data(CLAIM, recordId=person["id"])
    assert await Notification.all().count() == 0
    events = await OutboxEvent.filter(kind=OutboxEventKind.OWNERSHIP_CHANGED)
    assert [event.payload["reason"] for event in events] == ["claim"]


async def test_bulk_change_one_per_recipient(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    carol = await make_caller("carol@acme.test")
    deals = await insert_deals(anna.user, 7) + await insert_deals(
        carol.user, 3, prefix="Carol"
    )
    await admin.data(BULK_CHANGE, input=bulk_input(deals, bob))

    [assigned] = await received(bob)
    assert assigned["recordCount"] == 10
    assert len(assigned["recordIds"]) == 5
    assert assigned["reason"] == "BULK"
    assert [(n["kind"], n["recordCount"]) for n in await received(anna)] == [
        ("REMOVED", 7)
    ]
    assert [(n["kind"], n["recordCount"]) for n in await received(carol)] == [
        ("REMOVED", 3)
    ]


async def test_bulk_job_chunks_one_notification(
    make_caller, policy: PolicyEngine
) -> None:
    admin, anna, bob = await team(make_caller)
    deals = await insert_deals(anna.user, 7)
    request = BulkRequest(RecordType.DEAL, None, bob.user.id, record_ids=deals)
    job = await create_job(policy, admin.user, request)
    await run_job(policy, job.id, chunk_size=3)

    [assigned] = await Notification.filter(recipient_id=bob.user.id)
    assert assigned.record_count == 7
    assert assigned.batch_id == job.batch_id
    [removed] = await Notification.filter(recipient_id=anna.user.id)
    assert removed.record_count == 7
    events = await OutboxEvent.filter(kind=OutboxEventKind.NOTIFICATION)
    about_assigned = [e for e in events if e.payload["notification_id"] == assigned.id]
    assert len(about_assigned) == 3


async def test_later_chunk_marks_unread(make_caller) -> None:
    _, anna, bob = await team(make_caller)
    deals = await insert_deals(anna.user, 2)
    role = await role_id(anna.account.id)
    batch = uuid.uuid4()
    for record_id in deals:
        if record_id == deals[1]:
            await bob.data(MARK_READ, all=True)
        async with in_transaction():
            await apply_changes(
                anna.account.id,
                [AssigneeChange(RecordType.DEAL, record_id, role, anna.user.id, None)],
                actor_id=bob.user.id,
                reason=AssignmentReason.BULK,
                batch_id=batch,
                at=utcnow(),
            )
    [removed] = await received(anna)
    assert removed["recordCount"] == 2
    assert removed["read"] is False


async def test_undo_notifies_once(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    deals = await insert_deals(anna.user, 3)
    done = await admin.data(BULK_CHANGE, input=bulk_input(deals, bob))
    await admin.data(UNDO, batchId=done["bulkChangeOwner"]["batchId"])

    anna_notes = [
        (n["kind"], n["reason"], n["recordCount"]) for n in await received(anna)
    ]
    assert anna_notes == [("ASSIGNED", "UNDO", 3), ("REMOVED", "BULK", 3)]
    bob_notes = [
        (n["kind"], n["reason"], n["recordCount"]) for n in await received(bob)
    ]
    assert bob_notes == [("REMOVED", "UNDO", 3), ("ASSIGNED", "BULK", 3)]


async def test_deleted_user_gets_nothing(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    await insert_deals(anna.user, 2)
    transfer = {"mode": "TO_USER", "toUserId": user_gid(bob)}
    await admin.data(DELETE_USER, u=user_gid(anna), t=transfer)

    assert await Notification.filter(recipient_id=anna.user.id).count() == 0
    [assigned] = await received(bob)
    assert assigned["reason"] == "USER_DELETED"
    assert assigned["recordCount"] == 2


async def test_deleted_new_owner_gets_nothing(make_caller) -> None:
    _, anna, bob = await team(make_caller)
    deals = await insert_deals(anna.user, 1)
    role = await role_id(anna.account.id)
    await User.filter(id=bob.user.id).update(deleted_at=utcnow())
    async with in_transaction():
        await apply_changes(
            anna.account.id,
            [
                AssigneeChange(
                    RecordType.DEAL, deals[0], role, anna.user.id, bob.user.id
                )
            ],
            actor_id=None,
            reason=AssignmentReason.IMPORT,
            batch_id=uuid.uuid4(),
            at=utcnow(),
        )
    assert await Notification.filter(recipient_id=bob.user.id).count() == 0
    assert await Notification.filter(recipient_id=anna.user.id).count() == 1


async def test_change_queues_outbox_events(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await OutboxEvent.all().delete()
    await admin.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))

    events = await OutboxEvent.all().order_by("id")
    kinds = sorted(event.kind.value for event in events)
    assert kinds == ["notification", "notification", "ownership_changed"]
    assert all(event.published_at is None for event in events)
    [changed] = [e for e in events if e.kind == OutboxEventKind.OWNERSHIP_CHANGED]
    role = await role_id(anna.account.id)
    deal_pk = parse_global_id(deal["id"])[1]
    assert changed.payload["changes"] == [
        ["deal", deal_pk, role, anna.user.id, bob.user.id]
    ]
    assert changed.payload["actor_id"] == admin.user.id
    assert changed.payload["reason"] == "manual"


async def test_failed_change_queues_nothing(make_caller) -> None:
    admin, anna, _ = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await OutboxEvent.all().delete()
    code = await admin.error_code(CHANGE_OWNER, recordId=deal["id"], ownerId=None)
    assert code == "OWNER_REQUIRED"
    assert await OutboxEvent.all().count() == 0
    assert await Notification.all().count() == 0


async def seed_notifications(admin: Caller, anna: Caller, count: int) -> list[dict]:
    """Give Anna `count` ASSIGNED notifications, one per change; newest first."""
    for number in range(count):
        deal = await create_deal(admin, f"Deal {number}")
        await admin.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(anna))
    return await received(anna, first=count)


async def test_notifications_page_newest_first(make_caller) -> None:
    admin, anna, _ = await team(make_caller)
    everything = await seed_notifications(admin, anna, 5)
    first = (await anna.data(NOTIFICATIONS, first=2))["notifications"]
    rest = (
        await anna.data(NOTIFICATIONS, first=10, after=first["pageInfo"]["endCursor"])
    )["notifications"]
    ids = [edge["node"]["id"] for edge in first["edges"] + rest["edges"]]
    assert ids == [node["id"] for node in everything]
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_mark_read_by_ids(make_caller) -> None:
    admin, anna, _ = await team(make_caller)
    notes = await seed_notifications(admin, anna, 3)
    result = await anna.data(MARK_READ, ids=[notes[0]["id"], notes[1]["id"]])
    assert result["markNotificationsRead"] == {"marked": 2, "unreadCount": 1}
    assert (await anna.data(UNREAD))["unreadNotificationCount"] == 1
    unread = await received(anna, unreadOnly=True)
    assert [node["id"] for node in unread] == [notes[2]["id"]]


async def test_mark_read_twice_marks_none(make_caller) -> None:
    admin, anna, _ = await team(make_caller)
    notes = await seed_notifications(admin, anna, 1)
    await anna.data(MARK_READ, ids=[notes[0]["id"]])
    result = await anna.data(MARK_READ, ids=[notes[0]["id"]])
    assert result["markNotificationsRead"] == {"marked": 0, "unreadCount": 0}


async def test_mark_all_read(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    await seed_notifications(admin, anna, 3)
    await seed_notifications(admin, bob, 1)
    result = await anna.data(MARK_READ, all=True)
    assert result["markNotificationsRead"] == {"marked": 3, "unreadCount": 0}
    assert (await bob.data(UNREAD))["unreadNotificationCount"] == 1


async def test_mark_others_notification_not_found(make_caller) -> None:
    admin, anna, bob = await team(make_caller)
    [bobs] = await seed_notifications(admin, bob, 1)
    mine = await seed_notifications(admin, anna, 1)
    code = await anna.error_code(MARK_READ, ids=[mine[0]["id"], bobs["id"]])
    assert code == "NOT_FOUND"
    assert (await anna.data(UNREAD))["unreadNotificationCount"] == 1
    assert (await bob.data(UNREAD))["unreadNotificationCount"] == 1


@pytest.mark.parametrize(
    "variables",
    [{}, {"ids": [], "all": False}, {"ids": ["x"], "all": True}],
    ids=["neither", "empty", "both"],
)
async def test_mark_read_needs_one_choice(make_caller, variables: dict) -> None:
    _, anna, _ = await team(make_caller)
    assert await anna.error_code(MARK_READ, **variables) == "VALIDATION"


async def test_mark_malformed_id_not_found(make_caller) -> None:
    _, anna, _ = await team(make_caller)
    user_id = to_global_id("User", anna.user.id)
    assert await anna.error_code(MARK_READ, ids=[user_id]) == "NOT_FOUND"


async def collect(pubsub: Any, count: int) -> list[dict[str, Any]]:
    """Read `count` messages, or what arrives within EVENT_TIMEOUT_SECONDS."""
    messages: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + EVENT_TIMEOUT_SECONDS
    while len(messages) < count and loop.time() < deadline:
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
        if message is not None:
            messages.append(json.loads(message["data"]))
    return messages


async def test_outbox_survives_redis_restart(make_caller, tmp_path: Path) -> None:
    admin, anna, bob = await team(make_caller)
    deal = await create_deal(anna, "Laptops")
    await OutboxEvent.all().delete()
    port = free_port()
    folder = tmp_path / "redis"
    with redis_server(folder, port) as url:
        client = Redis.from_url(url)
    await admin.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
    with pytest.raises((RedisError, OSError)):
        await outbox.publish_pending(client)
    assert await OutboxEvent.filter(published_at__isnull=True).count() == 3
    assert await OutboxEvent.filter(claim_token__isnull=False).count() == 0

    with redis_server(folder, port):
        pubsub = client.pubsub()
        await pubsub.subscribe(outbox.channel(anna.account.id))
        sent = await outbox.publish_pending(client)
        messages = await collect(pubsub, 3)
        await pubsub.aclose()
        await client.aclose()

    assert sent == 3
    assert sorted(m["kind"] for m in messages) == [
        "notification",
        "notification",
        "ownership_changed",
    ]
    assert {m["account_id"] for m in messages} == {anna.account.id}
    assert await OutboxEvent.filter(published_at__isnull=True).count() == 0


async def test_two_publishers_send_once(make_caller, redis_url: str) -> None:
    admin, anna, bob = await team(make_caller)
    deals = await insert_deals(anna.user, 30)
    for deal_id in deals:
        await admin.data(
            CHANGE_OWNER, recordId=to_global_id("Deal", deal_id), ownerId=user_gid(bob)
        )
    pending = await OutboxEvent.filter(published_at__isnull=True).count()
    client = Redis.from_url(redis_url)
    pubsub = client.pubsub()
    await pubsub.subscribe(outbox.channel(anna.account.id))
    try:
        counts = await asyncio.gather(
            outbox.publish_pending(client), outbox.publish_pending(client)
        )
        messages = await collect(pubsub, pending)
        extra = await collect(pubsub, 1) if len(messages) == pending else []
    finally:
        await pubsub.aclose()
        await client.aclose()

    assert sum(counts) == pending
    assert len(messages) == pending
    assert len({m["id"] for m in messages}) == pending
    assert extra == []


async def test_expired_claim_is_published(make_caller, redis_url: str) -> None:
    _, anna, bob = await team(make_caller)
    await create_deal(anna, "Laptops", ownerId=user_gid(bob))
    now = utcnow()
    assert await outbox.claim_batch(now, "crashed-publisher") > 0
    client = Redis.from_url(redis_url)
    try:
        assert await outbox.publish_pending(client, now) == 0
        later = now + timedelta(seconds=outbox.CLAIM_SECONDS + 1)
        assert await outbox.publish_pending(client, later) > 0
    finally:
        await client.aclose()
    assert await OutboxEvent.filter(published_at__isnull=True).count() == 0


async def test_prune_deletes_old_published(make_caller, redis_url: str) -> None:
    _, anna, bob = await team(make_caller)
    await create_deal(anna, "Laptops", ownerId=user_gid(bob))
    client = Redis.from_url(redis_url)
    try:
        await outbox.publish_pending(client)
    finally:
        await client.aclose()
    assert await outbox.prune_published(utcnow() - outbox.KEEP_PUBLISHED) == 0
    assert await outbox.prune_published(utcnow() + timedelta(seconds=1)) > 0
    assert await OutboxEvent.all().count() == 0
