"""Set-based writing of assignee changes: a few statements per chunk of records.

Every write is conditional on the assignee the change was computed from, so a
concurrent change is detected by its row count on SQLite and PostgreSQL alike,
without row locks. A lost race raises Conflict, which rolls the transaction back.

An update or removal writes its history rows from the rows it changed: on
PostgreSQL in the same statement (a data-modifying CTE), on SQLite with an
INSERT ... SELECT of the same rows just before it, in the caller's transaction.
Callers therefore run every function here inside a transaction.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from models import AssignmentReason, RecordType
from steward.errors import Conflict
from steward.notifications import queue_change_notifications
from steward.sql import (
    IDS_PER_STATEMENT,
    Statement,
    chunks,
    connection,
    insert_rows,
    json_text,
)


class AssigneeChange(NamedTuple):
    """One record whose user in an object role changes from `previous` to `new`.

    A named tuple, because a bulk change creates one per record and a tuple is
    built in about a third of the time of a frozen dataclass. The fields are in
    the order of an ownership_changed event's columns, which
    steward/notifications.py writes as they are.
    """

    record_type: RecordType
    record_id: int
    object_role_id: int
    previous_user_id: int | None
    new_user_id: int | None


@dataclass(frozen=True)
class HistoryFields:
    """The history columns that every change of one write shares."""

    actor_id: int | None
    reason: AssignmentReason
    batch_id: uuid.UUID
    at: datetime


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

# Builds the WHERE condition on `assignment` rows into the given statement.
Where = Callable[[Statement], str]
INSERT_HISTORY = f"INSERT INTO ownership_history ({', '.join(HISTORY_COLUMNS)})"


@dataclass(frozen=True)
class _Rows:
    """The assignment rows that a write must change, given by the caller."""

    account_id: int
    record_type: str
    object_role_id: int
    record_ids: Sequence[int]


@dataclass(frozen=True)
class _Write:
    """One conditional UPDATE or DELETE of assignments, with the history it writes."""

    where: Where
    previous_user_id: int | None
    """The user that `where` requires, or None for each row's own (removals only)."""
    new_user_id: int | None
    """The user to move the rows to, or None to delete them."""
    history: HistoryFields
    rows: _Rows | None = None
    """The rows `where` matches, for a write of one user's records."""


def _change_sql(sql: Statement, write: _Write, returning: bool) -> str:
    """Return the DELETE or UPDATE of the assignments `write.where` matches.

    With `returning`, it returns each row's key columns and its previous user as
    `previous_user_id`.
    """
    if write.new_user_id is None:
        head = "DELETE FROM assignment"
    else:
        at = write.history.at
        head = (
            f"UPDATE assignment SET user_id = {sql.param(write.new_user_id)}, "
            f"started_at = {sql.param(at)}, last_activity_at = {sql.param(at)}"
        )
    query = f"{head} WHERE {write.where(sql)}"
    if not returning:
        return query
    if write.previous_user_id is None:
        previous = "user_id"
    else:
        previous = sql.param(write.previous_user_id, "int")
    return (
        f"{query} RETURNING account_id, record_type, record_id, object_role_id, "
        f"{previous} AS previous_user_id"
    )


ROW_COLUMNS = "account_id, record_type, record_id, object_role_id"


def _history_select(
    sql: Statement, write: _Write, previous: str, row_columns: str = ROW_COLUMNS
) -> str:
    """Return the SELECT list that makes history rows of changed assignment rows.

    `previous` is the SQL of the previous user's id in those rows, and
    `row_columns` that of their account, record type, record and object role.
    """
    history = write.history
    batch_id = history.batch_id if sql.postgres else str(history.batch_id)
    return (
        f"{row_columns}, {previous}, "
        f"{sql.param(write.new_user_id, 'int')}, "
        f"{sql.param(history.actor_id, 'int')}, "
        f"{sql.param(history.reason.value, 'text')}, "
        f"{sql.param(batch_id, 'uuid')}, {sql.param(history.at, 'timestamptz')}"
    )


async def _write_postgres(write: _Write, fetch_rows: bool) -> tuple[int, list[Any]]:
    """Change the rows and insert their history in one statement."""
    conn = connection()
    sql = Statement(conn)
    if fetch_rows:
        result = (
            "SELECT record_type, record_id, object_role_id, previous_user_id "
            "FROM changed"
        )
    else:
        result = "SELECT COUNT(*) FROM changed"
    query = (
        f"WITH changed AS ({_change_sql(sql, write, returning=True)}), "
        f"history AS ({INSERT_HISTORY} "
        f"SELECT {_history_select(sql, write, 'previous_user_id')} FROM changed) "
        f"{result}"
    )
    _, rows = await conn.execute_query(query, sql.params)
    if fetch_rows:
        return len(rows), rows
    return int(rows[0][0]), []


async def _write_sqlite(write: _Write, fetch_rows: bool) -> tuple[int, list[Any]]:
    """Insert the history of the rows `write.where` matches, then change them.

    SQLite has no data-modifying CTE, but the caller's transaction has SQLite's
    write lock (steward.sqlite_engine begins it IMMEDIATE), so both statements
    see the same rows. A write with `rows` makes their history from its list of
    record ids (`json_each`), in about half the time of reading the assignments
    again by id. A row count that differs raises Conflict, which rolls the
    history back with the rest.
    """
    conn = connection()
    sql = Statement(conn)
    if write.rows is None:
        insert = (
            f"{INSERT_HISTORY} SELECT {_history_select(sql, write, 'user_id')} "
            f"FROM assignment WHERE {write.where(sql)}"
        )
    else:
        rows = write.rows
        # Parameters bind in the order of the placeholders in the text.
        row_columns = (
            f"{sql.param(rows.account_id)}, {sql.param(rows.record_type)}, value, "
            f"{sql.param(rows.object_role_id)}"
        )
        previous = sql.param(write.previous_user_id)
        select = _history_select(sql, write, previous, row_columns)
        record_ids = sql.param(json_text(list(rows.record_ids)))
        insert = f"{INSERT_HISTORY} SELECT {select} FROM json_each({record_ids})"
    inserted, _ = await conn.execute_query(insert, sql.params)
    sql = Statement(conn)
    query = _change_sql(sql, write, returning=fetch_rows)
    count, rows = await conn.execute_query(query, sql.params)
    if fetch_rows:
        count = len(rows)
    if inserted != count:
        raise Conflict(
            "Assignments changed while their history was written; retry the change."
        )
    return count, rows


async def _write_with_history(write: _Write, fetch_rows: bool) -> tuple[int, list[Any]]:
    """Move or delete the assignments `write.where` matches and write their history.

    Returns the row count, and with `fetch_rows` the rows changed: record_type,
    record_id, object_role_id and previous_user_id.
    """
    if connection().capabilities.dialect == "postgres":
        return await _write_postgres(write, fetch_rows)
    return await _write_sqlite(write, fetch_rows)


def _group_where(rows: _Rows, previous_user_id: int) -> Where:
    """Return the condition that matches `rows` while `previous_user_id` has them."""

    def where(sql: Statement) -> str:
        return (
            f"account_id = {sql.param(rows.account_id)} "
            f"AND record_type = {sql.param(rows.record_type)} "
            f"AND object_role_id = {sql.param(rows.object_role_id)} "
            f"AND user_id = {sql.param(previous_user_id)} "
            f"AND record_id {sql.in_ids(rows.record_ids)}"
        )

    return where


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
    account_id: int, changes: Sequence[AssigneeChange], history: HistoryFields
) -> None:
    """Apply changes of one object role with their history rows."""
    groups: dict[tuple[RecordType, int, int, int | None], list[int]]
    groups = defaultdict(list)
    inserts: list[AssigneeChange] = []
    # Unpacked, because a bulk job groups 10,000 changes per chunk here.
    for change in changes:
        record_type, record_id, role_id, previous, new = change
        if previous is None:
            inserts.append(change)
        else:
            groups[(record_type, role_id, previous, new)].append(record_id)

    for (record_type, role_id, previous, new), record_ids in groups.items():
        for chunk in chunks(record_ids, IDS_PER_STATEMENT):
            rows = _Rows(account_id, record_type.value, role_id, chunk)
            write = _Write(_group_where(rows, previous), previous, new, history, rows)
            count, _ = await _write_with_history(write, fetch_rows=False)
            if count != len(chunk):
                raise Conflict(
                    f"{len(chunk) - count} of the selected records were changed by "
                    "someone else meanwhile; reload them and retry."
                )
    for chunk in chunks(inserts, size=100):
        await _insert_assignments(account_id, chunk, history.at)
    await write_history(account_id, inserts, history)


async def write_history(
    account_id: int, changes: Sequence[AssigneeChange], history: HistoryFields
) -> None:
    """Insert one history row per change with multi-row INSERTs."""
    batch_id: uuid.UUID | str = history.batch_id
    if connection().capabilities.dialect != "postgres":
        batch_id = str(batch_id)
    rows = [
        (
            account_id,
            change.record_type.value,
            change.record_id,
            change.object_role_id,
            change.previous_user_id,
            change.new_user_id,
            history.actor_id,
            history.reason.value,
            batch_id,
            history.at,
        )
        for change in changes
    ]
    await insert_rows("ownership_history", HISTORY_COLUMNS, rows)


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

    The caller opens the transaction, so the notifications commit with the change.
    """
    history = HistoryFields(actor_id, reason, batch_id, at)
    await write_changes(account_id, changes, history)
    await queue_change_notifications(
        account_id, changes, actor_id=actor_id, reason=reason, batch_id=batch_id, at=at
    )


async def remove_where(
    account_id: int, where: Where, history: HistoryFields
) -> list[AssigneeChange]:
    """Delete the assignments `where` matches, with their history and notifications.

    The rows may have different users. Returns the removals made, sorted by
    record. Run it inside a transaction.
    """
    write = _Write(where, None, None, history)
    _, rows = await _write_with_history(write, fetch_rows=True)
    changes = [
        AssigneeChange(
            RecordType(row["record_type"]),
            row["record_id"],
            row["object_role_id"],
            row["previous_user_id"],
            None,
        )
        for row in rows
    ]
    changes.sort(key=lambda change: (change.record_type.value, change.record_id))
    await queue_change_notifications(
        account_id,
        changes,
        actor_id=history.actor_id,
        reason=history.reason,
        batch_id=history.batch_id,
        at=history.at,
    )
    return changes
