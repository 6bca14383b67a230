"""The set-based writer of assignee changes: conditional writes with their history."""

import uuid
from datetime import datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from models import (
    Assignment,
    AssignmentReason,
    Notification,
    ObjectRole,
    OutboxEvent,
    OwnershipHistory,
    RecordType,
)
from models.ownership import OWNER_ROLE_KEY
from steward import changes
from steward.changes import AssigneeChange, apply_changes
from steward.errors import Conflict
from tests.bulk_operations import insert_deals
from tests.test_expiry import owners

AT = datetime.fromisoformat("2026-03-01T12:00:00+00:00")


async def owner_role_id(account_id: int) -> int:
    role = await ObjectRole.get(account_id=account_id, key=OWNER_ROLE_KEY)
    return role.id


async def move(
    account_id: int, moves: list[AssigneeChange], actor_id: int
) -> uuid.UUID:
    batch_id = uuid.uuid4()
    async with in_transaction():
        await apply_changes(
            account_id,
            moves,
            actor_id=actor_id,
            reason=AssignmentReason.BULK,
            batch_id=batch_id,
            at=AT,
        )
    return batch_id


async def test_move_writes_history_rows(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, 3)
    role = await owner_role_id(anna.account.id)
    moves = [
        AssigneeChange(RecordType.DEAL, deal, role, anna.user.id, bob.user.id)
        for deal in deals
    ]

    batch_id = await move(anna.account.id, moves, anna.user.id)

    history = await OwnershipHistory.filter(batch_id=batch_id).order_by("record_id")
    assert [row.record_id for row in history] == deals
    assert {row.account_id for row in history} == {anna.account.id}
    assert {row.record_type for row in history} == {RecordType.DEAL}
    assert {row.object_role_id for row in history} == {role}
    assert {row.previous_user_id for row in history} == {anna.user.id}
    assert {row.new_user_id for row in history} == {bob.user.id}
    assert {row.actor_id for row in history} == {anna.user.id}
    assert {row.reason for row in history} == {AssignmentReason.BULK}
    assert {row.created_at for row in history} == {AT}
    assert history[0].created_at.utcoffset() == timedelta(0)
    assert await owners(deals) == [bob.user.id] * 3
    moved = await Assignment.filter(record_id__in=deals).values_list(
        "last_activity_at", flat=True
    )
    assert set(moved) == {AT}


# Deals 0 and 1 are a range of ids, deals 0 and 2 a list with a gap.
@pytest.mark.parametrize("picked", [(0, 1), (0, 2)])
async def test_lost_race_writes_nothing(make_caller, picked: tuple[int, int]) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    inserted = await insert_deals(anna.user, 3)
    deals = [inserted[index] for index in picked]
    role = await owner_role_id(anna.account.id)
    moves = [
        AssigneeChange(RecordType.DEAL, deal, role, anna.user.id, bob.user.id)
        for deal in deals
    ]
    # Someone else moves the second deal after the change was planned.
    await Assignment.filter(record_id=deals[1]).update(user_id=carol.user.id)

    with pytest.raises(Conflict):
        await move(anna.account.id, moves, anna.user.id)

    assert await owners(deals) == [anna.user.id, carol.user.id]
    assert await OwnershipHistory.filter(reason=AssignmentReason.BULK).count() == 0
    assert await Notification.all().count() == 0
    assert await OutboxEvent.all().count() == 0


async def test_group_spans_statements(
    make_caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    monkeypatch.setattr(changes, "IDS_PER_STATEMENT", 2)
    deals = await insert_deals(anna.user, 5)
    role = await owner_role_id(anna.account.id)
    moves = [
        AssigneeChange(RecordType.DEAL, deal, role, anna.user.id, bob.user.id)
        for deal in deals
    ]

    batch_id = await move(anna.account.id, moves, bob.user.id)

    history = await OwnershipHistory.filter(batch_id=batch_id).order_by("record_id")
    assert [row.record_id for row in history] == deals
    assert await owners(deals) == [bob.user.id] * 5
    [removed] = await Notification.filter(recipient_id=anna.user.id)
    assert removed.record_count == 5
