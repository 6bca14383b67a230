"""Set-based writing of assignee changes: a few statements per chunk of records.

Every write is conditional on the assignee the change was computed from, so a
concurrent change is detected by its row count on SQLite and PostgreSQL alike,
without row locks. A lost race raises Conflict, which rolls the transaction back.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models import AssignmentReason, RecordType
from steward.errors import Conflict
from steward.notifications import queue_change_notifications
from steward.sql import Statement, chunks, connection


@dataclass(frozen=True)
class AssigneeChange:
    """One record whose user in an object role changes from `previous` to `new`."""

    record_type: RecordType
    record_id: int
    object_role_id: int
    previous_user_id: int | None
    new_user_id: int | None


HISTORY_COLUMNS = (
    "account_id",
    "record_type",
    "record_id",
    "object_role_id",
    "previous_user_id",
    "new_user_id",
    "actor_id",
    "reason",
    "batch_id",
    "created_at",
)


async def _update_group(
    record_type: str,
    object_role_id: int,
    previous_user_id: int,
    new_user_id: int | None,
    record_ids: Sequence[int],
    at: datetime,
) -> int:
    conn = connection()
    sql = Statement(conn)
    if new_user_id is None:
        head = "DELETE FROM assignment"
    else:
        head = (
            f"UPDATE assignment SET user_id = {sql.param(new_user_id)}, "
            f"started_at = {sql.param(at)}, last_activity_at = {sql.param(at)}"
        )
    query = (
        f"{head} WHERE record_type = {sql.param(record_type)} "
        f"AND object_role_id = {sql.param(object_role_id)} "
        f"AND user_id = {sql.param(previous_user_id)} "
        f"AND record_id IN ({sql.params_in(record_ids)})"
    )
    count, _ = await conn.execute_query(query, sql.params)
    return count


async def _inserted_count(conn: Any, sql: Statement, query: str) -> int:
    """Run an INSERT and return how many rows it inserted.

    Tortoise 1.1's asyncpg client reads the row count of an INSERT from the wrong
    word of PostgreSQL's command tag ("INSERT 0 <count>"), so on PostgreSQL the
    INSERT runs in a CTE that counts the rows it returns.
    """
    if not sql.postgres:
        count, _ = await conn.execute_query(query, sql.params)
        return count
    counted = f"WITH inserted AS ({query} RETURNING 1) SELECT COUNT(*) FROM inserted"
    _, rows = await conn.execute_query(counted, sql.params)
    return int(rows[0][0])


async def _insert_assignments(
    account_id: int, changes: Sequence[AssigneeChange], at: datetime
) -> None:
    conn = connection()
    sql = Statement(conn)
    rows = []
    for change in changes:
        rows.append(
            f"({sql.param(account_id)}, {sql.param(change.record_type.value)}, "
            f"{sql.param(change.record_id)}, {sql.param(change.object_role_id)}, "
            f"{sql.param(change.new_user_id)}, {sql.param(at)}, {sql.param(at)})"
        )
    # A record that got a user meanwhile conflicts on the unique key and is skipped,
    # which the row count reveals.
    query = (
        "INSERT INTO assignment (account_id, record_type, record_id, object_role_id, "
        "user_id, started_at, last_activity_at) VALUES "
        + ", ".join(rows)
        + " ON CONFLICT (record_type, record_id, object_role_id) DO NOTHING"
    )
    count = await _inserted_count(conn, sql, query)
    if count != len(changes):
        raise Conflict(
            "Some records got a user while this change ran; reload them and retry."
        )


async def write_changes(
    account_id: int, changes: Sequence[AssigneeChange], at: datetime
) -> None:
    """Apply changes of one object role; the caller holds the transaction."""
    groups: dict[tuple[str, int, int, int | None], list[int]] = defaultdict(list)
    inserts: list[AssigneeChange] = []
    for change in changes:
        if change.previous_user_id is None:
            inserts.append(change)
            continue
        key = (
            change.record_type.value,
            change.object_role_id,
            change.previous_user_id,
            change.new_user_id,
        )
        groups[key].append(change.record_id)

    for (record_type, role_id, previous, new), record_ids in groups.items():
        for chunk in chunks(record_ids):
            count = await _update_group(record_type, role_id, previous, new, chunk, at)
            if count != len(chunk):
                raise Conflict(
                    f"{len(chunk) - count} of the selected records were changed by "
                    "someone else meanwhile; reload them and retry."
                )
    for chunk in chunks(inserts, size=100):
        await _insert_assignments(account_id, chunk, at)


async def write_history(
    account_id: int,
    changes: Sequence[AssigneeChange],
    *,
    actor_id: int | None,
    reason: AssignmentReason,
    batch_id: uuid.UUID,
    at: datetime,
) -> None:
    """Insert one history row per change with one executemany."""
    if not changes:
        return
    conn = connection()
    sql = Statement(conn)
    query = (
        f"INSERT INTO ownership_history ({', '.join(HISTORY_COLUMNS)}) "
        f"VALUES ({sql.placeholders(len(HISTORY_COLUMNS))})"
    )
    batch = str(batch_id) if not sql.postgres else batch_id
    rows = [
        [
            account_id,
            change.record_type.value,
            change.record_id,
            change.object_role_id,
            change.previous_user_id,
            change.new_user_id,
            actor_id,
            reason.value,
            batch,
            at,
        ]
        for change in changes
    ]
    await conn.execute_many(query, rows)


async def record_changes(
    account_id: int,
    changes: Sequence[AssigneeChange],
    *,
    actor_id: int | None,
    reason: AssignmentReason,
    batch_id: uuid.UUID,
    at: datetime,
) -> None:
    """Write the history and notifications of changes already written.

    Callers that write assignments themselves, such as the inactivity expiry, call
    this for the changes they made, inside their transaction.
    """
    await write_history(
        account_id, changes, actor_id=actor_id, reason=reason, batch_id=batch_id, at=at
    )
    await queue_change_notifications(
        account_id, changes, actor_id=actor_id, reason=reason, batch_id=batch_id, at=at
    )


async def apply_changes(
    account_id: int,
    changes: Sequence[AssigneeChange],
    *,
    actor_id: int | None,
    reason: AssignmentReason,
    batch_id: uuid.UUID,
    at: datetime,
) -> None:
    """Write assignee changes, their history and notifications.

    The caller holds the transaction, so the notifications commit with the change.
    """
    await write_changes(account_id, changes, at)
    await record_changes(
        account_id, changes, actor_id=actor_id, reason=reason, batch_id=batch_id, at=at
    )
