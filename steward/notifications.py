"""Notifications of assignee changes, written in the transaction of the change.

For every batch of changes (see steward/changes.py):

- the new user gets ASSIGNED and the previous user gets REMOVED, except a user who
  made the change themselves;
- on inactivity, the previous user's manager also gets REPORT_EXPIRED;
- deleted users get nothing.

A recipient gets one notification per batch, kind and object role, listing the
record count and a sample of the records. A batch that commits in several chunks,
such as a bulk job, adds to the same notification. Every new or grown notification
and every chunk of changes also goes to the outbox (steward/outbox.py), which
publishes them to subscribers.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tortoise.expressions import F

from models import (
    AssignmentReason,
    Notification,
    NotificationKind,
    OutboxEventKind,
    RecordType,
    User,
)
from steward.outbox import queue_events
from steward.sql import chunks

if TYPE_CHECKING:
    from steward.changes import AssigneeChange

SAMPLE_SIZE = 5
CHANGES_PER_EVENT = 500

RecordRef = tuple[RecordType, int]


@dataclass
class Draft:
    """A notification to save, or to add to when one with the same key exists."""

    recipient_id: int
    kind: NotificationKind
    object_role_id: int
    batch_id: uuid.UUID
    records: list[RecordRef] = field(default_factory=list)
    actor_id: int | None = None
    assignee_id: int | None = None
    reason: AssignmentReason | None = None
    expires_at: datetime | None = None
    records_kept: bool = False

    @property
    def key(self) -> str:
        key = f"{self.kind.value}:{self.batch_id}:{self.recipient_id}"
        key += f":{self.object_role_id}"
        if self.assignee_id is not None:
            key += f":{self.assignee_id}"
        return key


def add_record(drafts: dict[str, Draft], draft: Draft, record: RecordRef) -> None:
    """Add `record` to the draft with `draft`'s key, starting it with `draft`."""
    current = drafts.setdefault(draft.key, draft)
    current.records.append(record)
    if draft.expires_at is not None and current.expires_at is not None:
        current.expires_at = min(current.expires_at, draft.expires_at)


async def active_user_ids(user_ids: Iterable[int]) -> set[int]:
    """Return the ids of `user_ids` that belong to users who are not deleted."""
    active: set[int] = set()
    for chunk in chunks(sorted(set(user_ids))):
        active.update(
            await User.filter(id__in=list(chunk), deleted_at__isnull=True).values_list(
                "id", flat=True
            )
        )
    return active


async def add_manager_reports(
    drafts: dict[str, Draft],
    assignments: Sequence[tuple[int, int, RecordRef]],
    batch_id: uuid.UUID,
    *,
    records_kept: bool,
) -> None:
    """Add REPORT_EXPIRED drafts for the managers of expired assignees.

    `assignments` are (assignee id, object role id, record) of expired assignments.
    """
    assignee_ids = sorted({user_id for user_id, _, _ in assignments})
    managers: dict[int, int] = {}
    for chunk in chunks(assignee_ids):
        managers.update(
            await User.filter(id__in=list(chunk), manager_id__isnull=False).values_list(
                "id", "manager_id"
            )
        )
    for user_id, role_id, record in assignments:
        if user_id not in managers:
            continue
        draft = Draft(
            managers[user_id],
            NotificationKind.REPORT_EXPIRED,
            role_id,
            batch_id,
            assignee_id=user_id,
            reason=AssignmentReason.INACTIVITY,
            records_kept=records_kept,
        )
        add_record(drafts, draft, record)


async def save_notifications(
    account_id: int, drafts: Iterable[Draft], at: datetime
) -> None:
    """Insert or add to the drafts' notifications and queue them for publishing.

    Drafts to deleted users are dropped. Runs in the caller's transaction.
    """
    drafts = list(drafts)
    active = await active_user_ids(draft.recipient_id for draft in drafts)
    drafts = [draft for draft in drafts if draft.recipient_id in active]
    if not drafts:
        return
    existing: dict[str, Notification] = {}
    for chunk in chunks([draft.key for draft in drafts]):
        rows = await Notification.filter(key__in=list(chunk))
        existing.update((row.key, row) for row in rows)

    payloads = []
    for draft in drafts:
        row = existing.get(draft.key)
        if row is None:
            row = await _create(account_id, draft, at)
        else:
            await _grow(row, draft, at)
        payloads.append({"notification_id": row.id, "recipient_id": row.recipient_id})
    await queue_events(account_id, OutboxEventKind.NOTIFICATION, payloads, at)


def _sample(records: Iterable[RecordRef | list]) -> list[list]:
    sample = []
    for record_type, record_id in records:
        sample.append([RecordType(record_type).value, record_id])
        if len(sample) == SAMPLE_SIZE:
            break
    return sample


async def _create(account_id: int, draft: Draft, at: datetime) -> Notification:
    return await Notification.create(
        account_id=account_id,
        recipient_id=draft.recipient_id,
        kind=draft.kind,
        key=draft.key,
        object_role_id=draft.object_role_id,
        actor_id=draft.actor_id,
        assignee_id=draft.assignee_id,
        reason=draft.reason,
        batch_id=draft.batch_id,
        record_count=len(draft.records),
        records=_sample(draft.records),
        expires_at=draft.expires_at,
        records_kept=draft.records_kept,
        created_at=at,
        updated_at=at,
    )


async def _grow(row: Notification, draft: Draft, at: datetime) -> None:
    """Add a later chunk of the same batch; the notification counts as unread again."""
    await Notification.filter(id=row.id).update(
        record_count=F("record_count") + len(draft.records),
        records=_sample([*row.records, *draft.records]),
        updated_at=at,
        read_at=None,
    )


async def queue_change_notifications(
    account_id: int,
    changes: Sequence["AssigneeChange"],
    *,
    actor_id: int | None,
    reason: AssignmentReason,
    batch_id: uuid.UUID,
    at: datetime,
) -> None:
    """Notify the users of a batch of AssigneeChanges and queue its events."""
    if not changes:
        return
    drafts: dict[str, Draft] = {}
    for change in changes:
        record = (change.record_type, change.record_id)
        for user_id, kind in (
            (change.new_user_id, NotificationKind.ASSIGNED),
            (change.previous_user_id, NotificationKind.REMOVED),
        ):
            if user_id is None or user_id == actor_id:
                continue
            draft = Draft(
                user_id,
                kind,
                change.object_role_id,
                batch_id,
                actor_id=actor_id,
                reason=reason,
            )
            add_record(drafts, draft, record)
    if reason == AssignmentReason.INACTIVITY:
        expired = [
            (c.previous_user_id, c.object_role_id, (c.record_type, c.record_id))
            for c in changes
            if c.previous_user_id is not None
        ]
        await add_manager_reports(drafts, expired, batch_id, records_kept=False)
    await save_notifications(account_id, drafts.values(), at)
    await _queue_ownership_events(
        account_id, changes, actor_id=actor_id, reason=reason, batch_id=batch_id, at=at
    )


async def _queue_ownership_events(
    account_id: int,
    changes: Sequence["AssigneeChange"],
    *,
    actor_id: int | None,
    reason: AssignmentReason,
    batch_id: uuid.UUID,
    at: datetime,
) -> None:
    """Queue one ownership_changed event per CHANGES_PER_EVENT changes."""
    payloads = []
    for chunk in chunks(changes, size=CHANGES_PER_EVENT):
        payloads.append(
            {
                "batch_id": str(batch_id),
                "actor_id": actor_id,
                "reason": reason.value,
                "at": at.astimezone(UTC).isoformat(),
                "changes": [
                    [
                        c.record_type.value,
                        c.record_id,
                        c.object_role_id,
                        c.previous_user_id,
                        c.new_user_id,
                    ]
                    for c in chunk
                ],
            }
        )
    await queue_events(account_id, OutboxEventKind.OWNERSHIP_CHANGED, payloads, at)
