"""The caller's notifications, and live streams of notifications and owner changes."""

import contextlib
import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from models import Notification, OutboxEventKind, RecordType
from resolvers.pagination import SortColumn, check_page_size, paginate
from resolvers.records import page_connection
from schema import types
from schema.ids import parse_typed_id, to_global_id
from schema.notification_types import MarkNotificationsReadResult
from schema.notification_types import Notification as NotificationType
from steward.clock import utcnow
from steward.errors import NotFound, Unavailable, ValidationFailed
from steward.events import Event, EventHub
from steward.fanout import current_delivery, subscription_group

MAX_MARKED_IDS = 1_000
CREATED_AT = SortColumn("created_at", datetime, nullable=False)
# The key of an event's OwnershipChange objects in Event.shared.
OWNERSHIP_CHANGES = "ownership_changes"


async def notifications(
    info: Info,
    unread_only: bool = False,
    first: int | None = None,
    after: str | None = None,
) -> types.Connection[NotificationType]:
    """Return the caller's notifications, newest first."""
    viewer = info.context.viewer
    settings = info.context.services.settings
    size = check_page_size(first, settings.default_page_size, settings.max_page_size)
    query = Notification.filter(recipient_id=viewer.id)
    if unread_only:
        query = query.filter(read_at__isnull=True)
    page = await paginate(query, CREATED_AT, descending=True, first=size, after=after)
    return page_connection(page, NotificationType.from_model)


async def unread_notification_count(info: Info) -> int:
    viewer = info.context.viewer
    return await Notification.filter(
        recipient_id=viewer.id, read_at__isnull=True
    ).count()


def _notification_pks(ids: list[strawberry.ID]) -> list[int]:
    if not ids:
        raise ValidationFailed("'ids' is empty; give at least one id.", field="ids")
    if len(ids) > MAX_MARKED_IDS:
        raise ValidationFailed(
            f"'ids' has {len(ids)} ids, more than the maximum of {MAX_MARKED_IDS}; "
            "use 'all: true' to mark every notification read.",
            field="ids",
        )
    return sorted({parse_typed_id(gid, "Notification")[1] for gid in ids})


async def mark_notifications_read(
    info: Info,
    ids: list[strawberry.ID] | None = None,
    all: Annotated[
        bool, strawberry.argument(description="Mark every notification read.")
    ] = False,
) -> MarkNotificationsReadResult:
    viewer = info.context.viewer
    if (ids is None) == (not all):
        raise ValidationFailed(
            "Give either 'ids' or 'all: true', not both or neither.", field="ids"
        )
    query = Notification.filter(recipient_id=viewer.id)
    if ids is not None:
        pks = _notification_pks(ids)
        found = await query.filter(id__in=pks).values_list("id", flat=True)
        missing = sorted(set(pks) - set(found))
        if missing:
            raise NotFound(
                f"Notification {to_global_id('Notification', missing[0])!r} was not "
                "found.",
                field="ids",
            )
        query = query.filter(id__in=pks)
    marked = await query.filter(read_at__isnull=True).update(read_at=utcnow())
    return MarkNotificationsReadResult(
        marked=marked, unread_count=await unread_notification_count(info)
    )


def _hub(info: Info) -> EventHub:
    hub = info.context.services.events
    if hub is None:
        raise Unavailable(
            "Subscriptions need Redis, but this API process has no Redis (REDIS_URL "
            "is not set); ask the operator to set REDIS_URL."
        )
    return hub


async def _events(info: Info, kind: OutboxEventKind) -> AsyncGenerator[Event, None]:
    """Yield the caller's account's events of one kind, with fresh DataLoaders."""
    viewer = info.context.viewer
    async with _hub(info).subscribe(viewer.account_id, kind) as queue:
        while True:
            event = await queue.get()
            info.context.renew_loaders()
            yield event


async def notification_stream(
    info: Info,
) -> AsyncGenerator[NotificationType, None]:
    """Stream the caller's notifications as they are created or grow."""
    viewer = info.context.viewer
    # aclosing releases the subscription when the client leaves, not at collection.
    events = _events(info, OutboxEventKind.NOTIFICATION)
    async with contextlib.aclosing(events):
        async for event in events:
            if event.payload.get("recipient_id") != viewer.id:
                continue
            row = await Notification.get_or_none(
                id=event.payload.get("notification_id"), recipient_id=viewer.id
            )
            if row is not None:
                yield NotificationType.from_model(row)


def _ownership_change(event: Event, change: list) -> types.OwnershipChange:
    record_type, record_id, object_role_id, previous_id, new_id = change
    type_name = types.RECORD_TYPE_NAMES[RecordType(record_type)]
    return types.OwnershipChange(
        record_id=strawberry.ID(to_global_id(type_name, record_id)),
        record_type=types.RecordType(record_type),
        reason=types.AssignmentReason(event.payload["reason"]),
        batch_id=strawberry.ID(str(uuid.UUID(event.payload["batch_id"]))),
        created_at=datetime.fromisoformat(event.payload["at"]),
        object_role_pk=object_role_id,
        previous_user_pk=previous_id,
        new_user_pk=new_id,
        actor_pk=event.payload.get("actor_id"),
    )


def _ownership_changes(event: Event) -> list[types.OwnershipChange]:
    """Build the event's changes once for all local subscribers of its account."""
    changes = event.shared.get(OWNERSHIP_CHANGES)
    if changes is None:
        changes = [
            _ownership_change(event, change)
            for change in event.payload.get("changes", [])
        ]
        event.shared[OWNERSHIP_CHANGES] = changes
    return changes


async def ownership_changed(
    info: Info,
    record_type: Annotated[
        types.RecordType | None,
        strawberry.argument(description="Only changes of this record type."),
    ] = None,
) -> AsyncGenerator[types.OwnershipChange, None]:
    """Stream every assignee change in the caller's account, made by any process.

    Over graphql-transport-ws, a change that another subscription with the same
    operation already rendered is sent as a copy of its message (steward/fanout.py).
    """
    delivery = current_delivery.get()
    group = subscription_group(info) if delivery is not None else None
    events = _events(info, OutboxEventKind.OWNERSHIP_CHANGED)
    async with contextlib.aclosing(events):
        async for event in events:
            for index, change in enumerate(_ownership_changes(event)):
                if record_type is not None and change.record_type != record_type:
                    continue
                if delivery is None or group is None:
                    yield change
                    continue
                if await delivery.send_shared(event.shared, (index, group)):
                    continue
                try:
                    yield change
                finally:
                    delivery.finish_item()
