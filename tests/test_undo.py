"""Undoing a bulk change: restored users, conflicts, who may undo, unknown batches."""

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from models import AssignmentReason, RecordType
from steward.undo import MAX_CONFLICTS_LISTED
from tests.bulk_operations import (
    UNDO,
    bulk_change,
    bulk_input,
    deal_gid,
    deal_gids,
    history_rows,
    holders,
    insert_deals,
    mark_deleted,
    ownership_state,
    role_id,
    settings,  # noqa: F401 - a fixture
)
from tests.conftest import Caller
from tests.database_state import changed_tables, database_digest
from tests.operations import CHANGE_OWNER, set_owner_required, user_gid


@dataclass
class Team:
    anna: Caller
    bob: Caller
    carol: Caller
    deals: list[int]
    """Three deals that Anna moved to Bob in `batch_id`."""
    batch_id: str


@pytest.fixture
async def team(make_caller) -> Team:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    deals = await insert_deals(anna.user, 3)
    result = await bulk_change(anna, **bulk_input(deals, bob))
    return Team(anna, bob, carol, deals, result["batchId"])


async def undo(caller: Caller, batch_id: str) -> dict[str, Any]:
    return (await caller.data(UNDO, batchId=batch_id))["undoBulkChange"]


async def deal_owners(team: Team) -> list[int | None]:
    owner = await role_id(team.anna.account.id)
    return await holders(RecordType.DEAL, team.deals, owner)


async def test_undo_restores_previous_owners(team: Team) -> None:
    result = await undo(team.anna, team.batch_id)

    assert result["restored"] == 3
    assert result["conflicts"] == []
    assert result["conflictCount"] == 0
    assert result["batchId"] != team.batch_id
    assert await deal_owners(team) == [team.anna.user.id] * 3
    rows = await history_rows(result["batchId"])
    assert [row.reason for row in rows] == [AssignmentReason.UNDO] * 3
    assert [row.new_user_id for row in rows] == [team.anna.user.id] * 3


async def test_changed_record_left_alone(team: Team) -> None:
    changed = deal_gid(team.deals[0])
    await team.bob.data(CHANGE_OWNER, recordId=changed, ownerId=user_gid(team.carol))

    result = await undo(team.anna, team.batch_id)

    assert result["restored"] == 2
    assert result["conflicts"] == [
        {
            "recordId": changed,
            "objectRole": "owner",
            "reason": "changed again since the batch",
        }
    ]
    owners = [team.carol.user.id, team.anna.user.id, team.anna.user.id]
    assert await deal_owners(team) == owners


async def assert_already_undone(caller: Caller, batch_id: str) -> dict[str, Any]:
    """Check that undoing the batch fails with CONFLICT and changes nothing."""
    before = await database_digest()

    body = await caller.execute(UNDO, batchId=batch_id)

    assert changed_tables(before, await database_digest()) == []
    error = body["errors"][0]
    assert error["extensions"]["code"] == "CONFLICT"
    return error


async def test_undo_twice_conflicts(team: Team) -> None:
    first = await undo(team.anna, team.batch_id)

    error = await assert_already_undone(team.anna, team.batch_id)

    assert error["message"] == (
        f"Batch {team.batch_id} was already undone by undo batch "
        f"{first['batchId']}; nothing was changed. To apply the batch's changes "
        "again, undo the undo batch."
    )
    assert error["extensions"]["undoBatchIds"] == [first["batchId"]]


async def test_large_batch_undo_twice_conflicts(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, MAX_CONFLICTS_LISTED + 5)
    batch_id = (await bulk_change(anna, **bulk_input(deals, bob)))["batchId"]
    first = await undo(anna, batch_id)

    error = await assert_already_undone(anna, batch_id)

    assert error["extensions"]["undoBatchIds"] == [first["batchId"]]


async def test_conflict_list_is_capped(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    deals = await insert_deals(anna.user, MAX_CONFLICTS_LISTED + 5)
    batch_id = (await bulk_change(anna, **bulk_input(deals, bob)))["batchId"]
    await bulk_change(anna, **bulk_input(deals, carol))

    result = await undo(anna, batch_id)

    assert result["restored"] == 0
    assert result["conflictCount"] == MAX_CONFLICTS_LISTED + 5
    listed = [conflict["recordId"] for conflict in result["conflicts"]]
    assert listed == deal_gids(deals[:MAX_CONFLICTS_LISTED])


async def test_undo_in_two_parts_conflicts(team: Team) -> None:
    changed = deal_gid(team.deals[0])
    await team.bob.data(CHANGE_OWNER, recordId=changed, ownerId=user_gid(team.carol))
    first = await undo(team.anna, team.batch_id)
    await team.carol.data(CHANGE_OWNER, recordId=changed, ownerId=user_gid(team.bob))
    second = await undo(team.anna, team.batch_id)

    error = await assert_already_undone(team.anna, team.batch_id)

    assert second["restored"] == 1
    assert sorted(error["extensions"]["undoBatchIds"]) == sorted(
        [first["batchId"], second["batchId"]]
    )
    assert "already undone by undo batches " in error["message"]


async def test_undone_then_changed_conflicts(team: Team) -> None:
    first = await undo(team.anna, team.batch_id)
    await bulk_change(team.anna, **bulk_input(team.deals, team.carol))

    error = await assert_already_undone(team.anna, team.batch_id)

    assert error["extensions"]["undoBatchIds"] == [first["batchId"]]


async def test_redone_batch_undone_again(team: Team) -> None:
    first = await undo(team.anna, team.batch_id)
    await undo(team.anna, first["batchId"])

    result = await undo(team.anna, team.batch_id)

    assert result["restored"] == 3
    assert await deal_owners(team) == [team.anna.user.id] * 3


async def test_partial_undo_then_changed_back(team: Team) -> None:
    changed = deal_gid(team.deals[0])
    await team.bob.data(CHANGE_OWNER, recordId=changed, ownerId=user_gid(team.carol))
    await undo(team.anna, team.batch_id)
    await team.carol.data(CHANGE_OWNER, recordId=changed, ownerId=user_gid(team.bob))

    result = await undo(team.anna, team.batch_id)

    assert result["restored"] == 1
    assert result["conflictCount"] == 2
    reasons = {conflict["reason"] for conflict in result["conflicts"]}
    assert reasons == {"changed again since the batch"}
    assert await deal_owners(team) == [team.anna.user.id] * 3


async def test_all_changed_again_conflicts_listed(team: Team) -> None:
    await bulk_change(team.anna, **bulk_input(team.deals, team.carol))
    before = await ownership_state()

    result = await undo(team.anna, team.batch_id)

    assert result["restored"] == 0
    assert result["conflictCount"] == 3
    assert result["batchId"] is None
    assert await ownership_state() == before


async def test_deleted_previous_user_conflicts(team: Team, make_caller) -> None:
    admin = await make_caller("ada@acme.test", roles=("admin",))
    await mark_deleted(team.anna)

    result = await undo(admin, team.batch_id)

    assert result["restored"] == 0
    assert result["batchId"] is None
    reasons = {conflict["reason"] for conflict in result["conflicts"]}
    assert reasons == {"the previous user is deleted"}
    assert await deal_owners(team) == [team.bob.user.id] * 3


async def test_required_owner_conflicts(team: Team) -> None:
    await set_owner_required(team.anna.account.id, RecordType.DEAL, False)
    await bulk_change(team.anna, **bulk_input(team.deals, None))
    assigned = await bulk_change(team.anna, **bulk_input(team.deals, team.carol))
    await set_owner_required(team.anna.account.id, RecordType.DEAL, True)

    result = await undo(team.anna, assigned["batchId"])

    assert result["restored"] == 0
    reasons = {conflict["reason"] for conflict in result["conflicts"]}
    assert reasons == {"the object role 'Owner' is required"}
    assert await deal_owners(team) == [team.carol.user.id] * 3


async def test_other_user_undo_forbidden(team: Team) -> None:
    before = await ownership_state()

    code = await team.bob.error_code(UNDO, batchId=team.batch_id)

    assert code == "FORBIDDEN"
    assert await ownership_state() == before


async def test_admin_may_undo_any_batch(team: Team, make_caller) -> None:
    admin = await make_caller("ada@acme.test", roles=("admin",))

    result = await undo(admin, team.batch_id)

    assert result["restored"] == 3
    assert await deal_owners(team) == [team.anna.user.id] * 3
    rows = await history_rows(result["batchId"])
    assert {row.actor_id for row in rows} == {admin.user.id}


@pytest.mark.parametrize("batch", ["unknown", "malformed", "foreign", "empty"])
async def test_unknown_batch_not_found(team: Team, make_caller, batch: str) -> None:
    outsider = await make_caller("olga@other.test")
    theirs = await insert_deals(outsider.user, 1, prefix="Other")
    other_bob = await make_caller("otto@other.test")
    foreign = await bulk_change(outsider, **bulk_input(theirs, other_bob))
    batch_ids = {
        "unknown": str(uuid.uuid4()),
        "malformed": "not-a-batch",
        "foreign": foreign["batchId"],
        "empty": "",
    }
    before = await ownership_state()

    code = await team.anna.error_code(UNDO, batchId=batch_ids[batch])

    assert code == "NOT_FOUND"
    assert await ownership_state() == before
