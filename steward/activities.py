"""Activities on records and the inactivity clocks they move.

Every assignment has a clock, `last_activity_at`: the last activity of the
assigned user on that record. Activity by anyone else leaves it alone, and a new
assignee starts with a fresh clock (steward/changes.py sets it on every
reassignment). The clock only moves forward, because each move is an UPDATE
conditional on the clock being older, so a backdated activity or a late retry
never turns it back.
"""

import logging
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import Activity, ActivityKind, Assignment, RecordType, User
from models.records import RecordModel
from steward.clock import utcnow
from steward.errors import NotFound, ValidationFailed
from steward.field_checks import EARLIEST_DATE
from steward.global_ids import to_global_id

logger = logging.getLogger(__name__)

# How far in the future an activity's time may be, for clients whose clocks run ahead.
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_NOTE_LENGTH = 10_000


async def touch_clock(
    user_id: int, record_type: RecordType, record_id: int, at: datetime
) -> int:
    """Move the user's clocks on a record forward to `at`; return how many moved.

    Covers every object role the user holds on the record. A clock already at or
    after `at` stays as it is.
    """
    return await Assignment.filter(
        user_id=user_id,
        record_type=record_type,
        record_id=record_id,
        last_activity_at__lt=at.astimezone(UTC),
    ).update(last_activity_at=at.astimezone(UTC))


def check_activity_time(at: datetime, now: datetime) -> datetime:
    """Return `at` in UTC.

    Raises ValidationFailed when `at` is naive, in the future, or before
    steward.field_checks.EARLIEST_DATE. Those bounds also keep the conversion to
    UTC from overflowing.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationFailed(
            f"'at' ({at.isoformat()}) has no time zone; give an offset such as "
            "'+00:00' or 'Z'.",
            field="at",
        )
    if at - now > MAX_CLOCK_SKEW:
        raise ValidationFailed(
            f"'at' ({at.isoformat()}) is in the future; activities may be logged at "
            f"most {int(MAX_CLOCK_SKEW.total_seconds() // 60)} minutes ahead of the "
            "server's time.",
            field="at",
        )
    if at.date() < EARLIEST_DATE:
        raise ValidationFailed(
            f"'at' ({at.isoformat()}) is before {EARLIEST_DATE}; give a time from "
            f"{EARLIEST_DATE} up to the server's time.",
            field="at",
        )
    return at.astimezone(UTC)


def check_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationFailed(
            f"'note' has {len(note)} characters, more than the maximum of "
            f"{MAX_NOTE_LENGTH}; shorten it.",
            field="note",
        )
    return note


async def log_activity(
    actor: User,
    record: RecordModel,
    kind: ActivityKind,
    note: str | None = None,
    at: datetime | None = None,
) -> Activity:
    """Store an activity of `actor` on `record` and move the actor's clocks on it."""
    now = utcnow()
    at = now if at is None else check_activity_time(at, now)
    note = check_note(note)

    async with in_transaction():
        activity = await Activity.create(
            account_id=actor.account_id,
            record_type=record.record_type,
            record_id=record.id,
            user_id=actor.id,
            kind=kind,
            note=note,
            at=at,
        )
        moved = await touch_clock(actor.id, record.record_type, record.id, at)
    logger.info(
        "user %s logged a %s on %s %s (%d clocks moved)",
        actor.id,
        kind.value,
        record.record_type.value,
        record.id,
        moved,
    )
    return activity


async def list_activities(
    record: RecordModel, limit: int, before_id: int | None = None
) -> list[Activity]:
    """Return the record's activities, newest first.

    With `before_id`, the list starts after that activity of the record, so that
    the last ID of one page requests the next. Raises NotFound when the record has
    no activity with that ID.
    """
    query = Activity.filter(
        account_id=record.account_id,
        record_type=record.record_type,
        record_id=record.id,
    )
    if before_id is not None:
        before = await query.filter(id=before_id).first()
        if before is None:
            raise NotFound(
                f"Activity {to_global_id('Activity', before_id)!r} of this record "
                "was not found.",
                field="before",
            )
        query = query.filter(Q(at__lt=before.at) | Q(at=before.at, id__lt=before.id))
    return await query.order_by("-at", "-id").limit(limit)
