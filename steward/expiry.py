"""Inactivity expiry: removing assignees whose clock ran out, and warning them first.

An ownership setting with `auto_remove_after_days` (one record type and object
role of an account) gives each assignment of that kind a deadline: its clock
(`last_activity_at`, see steward/activities.py) plus that many days. A sweep at
time `now` does, per setting:

1. It removes every assignment past its deadline, writing history with reason
   `inactivity` and no actor. When the object role is required on the record
   type, it leaves the assignment in place instead and reports it to the
   assignee's manager, once per clock. An assignment whose assignee has no
   manager, or a deleted one, stays unreported until a later sweep finds a
   manager to report it to.
2. It warns each assignee whose deadline is within `warn_before_days`, once per
   clock.

Each step selects candidates through the index on (object_role, last_activity_at)
and then changes them with one conditional statement per batch that returns the
rows it changed (DELETE or UPDATE ... RETURNING, which SQLite has since 3.35).
Removals go through steward.changes.remove_where, which writes their history
from the deleted rows: in the same statement on PostgreSQL. An activity or
reassignment that moves a clock meanwhile therefore wins, and of two sweeps
running at once each assignment is handled by exactly one. Each batch commits
on its own, so a sweep that stops halfway is continued by the next one.
"""

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from models import (
    Assignment,
    AssignmentReason,
    NotificationKind,
    ObjectRole,
    OwnershipSetting,
    RecordType,
)
from models.records import RECORD_MODELS
from steward import ownership
from steward.changes import AssigneeChange, HistoryFields, remove_where
from steward.errors import ValidationFailed
from steward.notifications import (
    Draft,
    add_manager_reports,
    add_record,
    save_notifications,
)
from steward.sql import Statement, connection

logger = logging.getLogger(__name__)

# Assignments per transaction of a sweep. Each transaction commits on its own, which
# on SQLite costs a disk sync, and holds SQLite's write lock while it runs: in
# bench/expiry_sweep.py on a shared 2-CPU machine, 0.3 to 0.6 s per batch there.
SWEEP_BATCH_SIZE = 5_000
WARNED_MARKER = "warned_for_clock"
REPORTED_MARKER = "reported_for_clock"
# Whether the assignee of an `assignment` row has a manager who is not deleted.
# User deletion keeps `manager_id`, so restoring the manager makes this true again.
# The rows it leaves out stay unmarked, so each sweep reads them again in the index
# range of expired clocks, as it reads the rows already marked. SQLite looks up the
# assignee and the manager of each by primary key; PostgreSQL may join "user".
ASSIGNEE_HAS_MANAGER_SQL = (
    'EXISTS (SELECT 1 FROM "user" assignee '
    'JOIN "user" manager ON manager.id = assignee.manager_id '
    "WHERE assignee.id = assignment.user_id AND manager.deleted_at IS NULL)"
)


@dataclass
class SweepOutcome:
    batch_id: uuid.UUID
    removed: int = 0
    reported: int = 0
    warned: int = 0


@dataclass(frozen=True)
class Window:
    """Assignments of one setting whose clock is in [since, before)."""

    setting: OwnershipSetting
    before: datetime
    since: datetime | None = None
    marker: str | None = None
    """Leave out assignments whose `marker` column equals their clock."""
    needs_manager: bool = False
    """Leave out assignments whose assignee has no manager who is not deleted."""


def deadline(
    last_activity_at: datetime, days: int, since: datetime | None = None
) -> datetime:
    """Return when an assignment with this clock is removed (or reported).

    `since` is the setting's `auto_remove_since`: a clock older than that counts
    from then.
    """
    clock = last_activity_at if since is None else max(last_activity_at, since)
    return clock + timedelta(days=days)


def _as_datetime(value: Any) -> datetime:
    """Parse a timestamp from a raw query, which returns text on SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC)


def _window_sql(sql: Statement, window: Window) -> str:
    setting = window.setting
    condition = (
        f"object_role_id = {sql.param(setting.object_role_id)} "
        f"AND record_type = {sql.param(RecordType(setting.record_type).value)} "
        f"AND last_activity_at < {sql.param(window.before)}"
    )
    if window.since is not None:
        condition += f" AND last_activity_at >= {sql.param(window.since)}"
    if window.marker is not None:
        condition += (
            f" AND ({window.marker} IS NULL OR {window.marker} <> last_activity_at)"
        )
    if window.needs_manager:
        condition += f" AND {ASSIGNEE_HAS_MANAGER_SQL}"
    return condition


async def candidate_ids(window: Window, limit: int = SWEEP_BATCH_SIZE) -> list[int]:
    """Return up to `limit` ids of assignments in the window, oldest clock first."""
    conn = connection()
    sql = Statement(conn)
    query = (
        f"SELECT id FROM assignment WHERE {_window_sql(sql, window)} "
        f"ORDER BY last_activity_at, id LIMIT {sql.param(limit)}"
    )
    _, rows = await conn.execute_query(query, sql.params)
    return [row["id"] for row in rows]


async def remove_batch(
    window: Window, ids: list[int], batch_id: uuid.UUID, now: datetime
) -> list[AssigneeChange]:
    """Delete the assignments of `ids` still in the window, with history and notices.

    Returns the changes made: an assignment whose clock moved since it was selected
    is not in the window any more and stays.
    """

    def where(sql: Statement) -> str:
        return f"id {sql.in_values(ids)} AND {_window_sql(sql, window)}"

    history = HistoryFields(None, AssignmentReason.INACTIVITY, batch_id, now)
    async with in_transaction():
        return await remove_where(window.setting.account_id, where, history)


async def _mark(window: Window, ids: list[int]) -> list[dict[str, Any]]:
    """Set the window's marker to the clock on `ids` still in the window.

    Returns the rows marked, with user_id, object_role_id, record_type, record_id
    and last_activity_at.
    """
    assert window.marker is not None
    conn = connection()
    sql = Statement(conn)
    query = (
        f"UPDATE assignment SET {window.marker} = last_activity_at "
        f"WHERE id {sql.in_values(ids)} AND {_window_sql(sql, window)} "
        "RETURNING user_id, object_role_id, record_type, record_id, last_activity_at"
    )
    return await conn.execute_query_dict(query, sql.params)


def _record(row: Any) -> tuple[RecordType, int]:
    return (RecordType(row["record_type"]), row["record_id"])


async def report_batch(
    window: Window, ids: list[int], batch_id: uuid.UUID, now: datetime
) -> int:
    """Report expired assignments of a required object role to the managers.

    The window leaves out assignees without a manager who is not deleted, so each
    assignment marked reported has a report, and the return value counts those.
    """
    async with in_transaction():
        rows = await _mark(window, ids)
        drafts: dict[str, Draft] = {}
        expired = [
            (row["user_id"], row["object_role_id"], _record(row)) for row in rows
        ]
        await add_manager_reports(drafts, expired, batch_id, records_kept=True)
        await save_notifications(window.setting.account_id, drafts.values(), now)
    return len(rows)


async def warn_batch(
    window: Window, ids: list[int], batch_id: uuid.UUID, now: datetime
) -> int:
    """Warn the assignees of `ids` that their assignments expire soon."""
    setting = window.setting
    assert setting.auto_remove_after_days is not None
    async with in_transaction():
        rows = await _mark(window, ids)
        drafts: dict[str, Draft] = {}
        for row in rows:
            clock = _as_datetime(row["last_activity_at"])
            expires_at = deadline(
                clock, setting.auto_remove_after_days, setting.auto_remove_since
            )
            draft = Draft(
                row["user_id"],
                NotificationKind.EXPIRY_WARNING,
                row["object_role_id"],
                batch_id,
                expires_at=expires_at,
                records_kept=setting.required,
            )
            add_record(drafts, draft, _record(row))
        await save_notifications(setting.account_id, drafts.values(), now)
    return len(rows)


async def _remove(
    window: Window, ids: list[int], batch_id: uuid.UUID, now: datetime
) -> int:
    return len(await remove_batch(window, ids, batch_id, now))


BatchStep = Callable[[Window, list[int], uuid.UUID, datetime], Awaitable[int]]


async def _run_step(
    window: Window, step: BatchStep, batch_id: uuid.UUID, now: datetime, size: int
) -> int:
    """Apply `step` to the window batch by batch; return how many rows it changed."""
    total = 0
    while True:
        ids = await candidate_ids(window, size)
        if not ids:
            return total
        done = await step(window, ids, batch_id, now)
        total += done
        # Nothing done means another sweep took this batch, so the next run goes on.
        if done == 0 or len(ids) < size:
            return total


async def sweep_setting(
    setting: OwnershipSetting,
    outcome: SweepOutcome,
    now: datetime,
    size: int = SWEEP_BATCH_SIZE,
) -> None:
    assert setting.auto_remove_after_days is not None
    cutoff = now - timedelta(days=setting.auto_remove_after_days)
    # Clocks older than `since` count from it, so while the rule is newer than
    # its period, no assignment is past the cutoff.
    since = setting.auto_remove_since
    new_rule = since is not None and since >= cutoff
    batch_id = outcome.batch_id
    if new_rule:
        logger.debug("expiry of setting %s starts after %s", setting.id, since)
    elif setting.required:
        expired = Window(
            setting, before=cutoff, marker=REPORTED_MARKER, needs_manager=True
        )
        outcome.reported += await _run_step(expired, report_batch, batch_id, now, size)
    else:
        expired = Window(setting, before=cutoff)
        outcome.removed += await _run_step(expired, _remove, batch_id, now, size)
    if not setting.warn_before_days:
        return
    before = cutoff + timedelta(days=setting.warn_before_days)
    if since is not None and since >= before:
        return
    # Under a new rule, the clocks older than `since` are all due with it.
    soon = Window(
        setting,
        before=before,
        since=None if new_rule else cutoff,
        marker=WARNED_MARKER,
    )
    outcome.warned += await _run_step(soon, warn_batch, batch_id, now, size)


async def sweep(now: datetime, size: int = SWEEP_BATCH_SIZE) -> SweepOutcome:
    """Expire and warn the assignments of every account as of `now`.

    All changes of one sweep share one batch id, so an admin can undo them as a
    batch.
    """
    now = now.astimezone(UTC)
    outcome = SweepOutcome(batch_id=uuid.uuid4())
    settings = await OwnershipSetting.filter(
        auto_remove_after_days__isnull=False
    ).order_by("id")
    for setting in settings:
        await sweep_setting(setting, outcome, now, size)
    logger.info(
        "expiry sweep %s as of %s: %d removed, %d reported, %d warned",
        outcome.batch_id,
        now.isoformat(),
        outcome.removed,
        outcome.reported,
        outcome.warned,
    )
    return outcome


MAX_WITHIN_DAYS = 3650


async def owner_removal_setting(
    account_id: int, record_type: RecordType
) -> tuple[ObjectRole, OwnershipSetting | None]:
    """Return the Owner role and the type's ownership setting for it, if any."""
    role = await ownership.resolve_object_role(account_id, None)
    setting = await OwnershipSetting.get_or_none(
        account_id=account_id, record_type=record_type, object_role_id=role.id
    )
    return role, setting


async def expiring_condition(
    account_id: int, record_type: RecordType, within_days: int, now: datetime
) -> Q:
    """Match records whose owner's deadline is at most `within_days` after `now`."""
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise ValidationFailed(
            f"'expiresWithinDays' is {within_days}; use 0 to {MAX_WITHIN_DAYS}.",
            field="expiresWithinDays",
            value=within_days,
        )
    role, setting = await owner_removal_setting(account_id, record_type)
    if setting is None or setting.auto_remove_after_days is None:
        return Q(id__in=[])
    latest_clock = now + timedelta(days=within_days - setting.auto_remove_after_days)
    since = setting.auto_remove_since
    if since is not None and since > latest_clock:
        return Q(id__in=[])
    expiring = Assignment.filter(
        account_id=account_id,
        record_type=record_type,
        object_role_id=role.id,
        last_activity_at__lte=latest_clock,
    )
    return Q(id__in=Subquery(expiring.values("record_id")))


async def owner_clock_sql(account_id: int, record_type: RecordType) -> str:
    """Return SQL for each listed record's owner clock, which orders by deadline.

    It is NULL for free records, and for every record when the type has no
    `auto_remove_after_days`. The values in the SQL are an enum value and an int.
    """
    role, setting = await owner_removal_setting(account_id, record_type)
    if setting is None or setting.auto_remove_after_days is None:
        return "NULL"
    table = RECORD_MODELS[record_type]._meta.db_table
    return (
        "(SELECT a.last_activity_at FROM assignment a "
        f"WHERE a.record_type = '{record_type.value}' "
        f"AND a.object_role_id = {int(role.id)} AND a.record_id = {table}.id)"
    )
