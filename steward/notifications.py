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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from models import (
    AssignmentReason,
    Notification,
    NotificationKind,
    OutboxEventKind,
    RecordType,
    User,
)
from steward.outbox import queue_events
from steward.sql import Statement, chunks, connection, insert_rows, json_text

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
        if self.records_kept:
            key += ":kept"
        return key


def add_record(drafts: dict[str, Draft], draft: Draft, record: RecordRef) -> None:
    """Add `record` to the draft with `draft`'s key, starting it with `draft`."""
    add_records(drafts, draft, [record])


def add_records(
    drafts: dict[str, Draft], draft: Draft, records: Iterable[RecordRef]
) -> None:
    """Add `records` to the draft with `draft`'s key, starting it with `draft`."""
    current = drafts.setdefault(draft.key, draft)
    current.records.extend(records)
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
    groups: dict[tuple[int, int], list[RecordRef]] = defaultdict(list)
    for user_id, role_id, record in assignments:
        if user_id in managers:
            groups[(user_id, role_id)].append(record)
    for (user_id, role_id), records in groups.items():
        draft = Draft(
            managers[user_id],
            NotificationKind.REPORT_EXPIRED,
            role_id,
            batch_id,
            assignee_id=user_id,
            reason=AssignmentReason.INACTIVITY,
            records_kept=records_kept,
        )
        add_records(drafts, draft, records)


async def save_notifications(
    account_id: int, drafts: Iterable[Draft], at: datetime
) -> None:
    """Insert or add to the drafts' notifications and queue them for publishing.

    Drafts to deleted users are dropped. New notifications take one multi-row
    INSERT and grown ones one UPDATE per chunk. Runs in the caller's transaction.
    """
    drafts = list(drafts)
    active = await active_user_ids(draft.recipient_id for draft in drafts)
    drafts = [draft for draft in drafts if draft.recipient_id in active]
    if not drafts:
        return
    existing: dict[str, dict] = {}
    for chunk in chunks([draft.key for draft in drafts]):
        rows = await Notification.filter(key__in=list(chunk)).values(
            "id", "key", "records"
        )
        existing.update((row["key"], row) for row in rows)

    new = [draft for draft in drafts if draft.key not in existing]
    ids = await _create(account_id, new, at)
    grown = [(existing[d.key], d) for d in drafts if d.key in existing]
    for chunk in chunks(grown):
        await _grow(chunk, at)
    ids.update((draft.key, row["id"]) for row, draft in grown)
    payloads = [
        {"notification_id": ids[draft.key], "recipient_id": draft.recipient_id}
        for draft in drafts
    ]
    await queue_events(account_id, OutboxEventKind.NOTIFICATION, payloads, at)


def _sample(records: Iterable[RecordRef | list]) -> list[list]:
    sample = []
    for record_type, record_id in records:
        sample.append([RecordType(record_type).value, record_id])
        if len(sample) == SAMPLE_SIZE:
            break
    return sample


NOTIFICATION_COLUMNS = (
    "account_id",
    "recipient_id",
    "kind",
    "key",
    "object_role_id",
    "actor_id",
    "assignee_id",
    "reason",
    "batch_id",
    "record_count",
    "records",
    "expires_at",
    "records_kept",
    "created_at",
    "updated_at",
)


async def _create(account_id: int, drafts: list[Draft], at: datetime) -> dict[str, int]:
    """Insert a notification per draft; return their ids by key."""
    postgres = connection().capabilities.dialect == "postgres"
    rows = [
        (
            account_id,
            draft.recipient_id,
            draft.kind.value,
            draft.key,
            draft.object_role_id,
            draft.actor_id,
            draft.assignee_id,
            draft.reason.value if draft.reason else None,
            draft.batch_id if postgres else str(draft.batch_id),
            len(draft.records),
            json_text(_sample(draft.records)),
            draft.expires_at,
            draft.records_kept,
            at,
            at,
        )
        for draft in drafts
    ]
    returned = await insert_rows(
        "notification", NOTIFICATION_COLUMNS, rows, returning=("id", "key")
    )
    return {row["key"]: row["id"] for row in returned}


async def _grow(grown: Sequence[tuple[dict, Draft]], at: datetime) -> None:
    """Add later chunks of the same batches; the notifications count as unread again.

    `grown` pairs each existing notification (id and records) with its new draft.
    """
    conn = connection()
    sql = Statement(conn)
    values = ", ".join(
        f"({sql.param(row['id'], 'bigint')}, {sql.param(len(draft.records), 'int')}, "
        f"{sql.param(json_text(_sample([*row['records'], *draft.records])), 'jsonb')})"
        for row, draft in grown
    )
    query = (
        f"WITH grown (id, added, records) AS (VALUES {values}) "
        "UPDATE notification SET record_count = notification.record_count + "
        "grown.added, records = grown.records, "
        f"updated_at = {sql.param(at)}, read_at = NULL "
        "FROM grown WHERE notification.id = grown.id"
    )
    await conn.execute_query(query, sql.params)


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
    groups: dict[tuple[int, NotificationKind, int], list[RecordRef]]
    groups = defaultdict(list)
    assigned, removed = NotificationKind.ASSIGNED, NotificationKind.REMOVED
    # Unpacked, because a bulk job notifies 10,000 changes per chunk here.
    for record_type, record_id, role_id, previous, new in changes:
        if new is not None and new != actor_id:
            groups[(new, assigned, role_id)].append((record_type, record_id))
        if previous is not None and previous != actor_id:
            groups[(previous, removed, role_id)].append((record_type, record_id))
    drafts: dict[str, Draft] = {}
    for (user_id, kind, role_id), records in groups.items():
        draft = Draft(
            user_id, kind, role_id, batch_id, actor_id=actor_id, reason=reason
        )
        add_records(drafts, draft, records)
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
                # An AssigneeChange is a named tuple of the record type (a str
                # enum), record id, object role id, previous and new user id: the
                # event's columns, which JSON writes as an array per change.
                "changes": list(chunk),
            }
        )
    await queue_events(account_id, OutboxEventKind.OWNERSHIP_CHANGED, payloads, at)
