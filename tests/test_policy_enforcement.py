"""Every ownership path checks the policy: allowed, denied, denied after a revoke."""

from typing import Any

import pytest

from models import Assignment, Deal, RecordType
from schema.ids import parse_global_id, to_global_id
from tests.conftest import Caller

CREATE_DEAL = """
mutation($name: String!, $ownerId: ID) {
  createDeal(input: {name: $name, ownerId: $ownerId}) { id }
}
"""
CREATE_DEAL_AS_SELF = (
    "mutation($name: String!) { createDeal(input: {name: $name}) { id } }"
)
CREATE_PERSON = """
mutation($name: String!, $ownerId: ID) {
  createPerson(input: {name: $name, ownerId: $ownerId}) { id }
}
"""
UPDATE_DEAL = """
mutation($id: ID!, $name: String, $ownerId: ID) {
  updateDeal(input: {id: $id, name: $name, ownerId: $ownerId}) { id name }
}
"""
CHANGE_OWNER = """
mutation($recordId: ID!, $ownerId: ID) {
  changeOwner(recordId: $recordId, ownerId: $ownerId) { id }
}
"""
BULK = """
mutation($ids: [ID!]!, $userId: ID, $dryRun: Boolean!) {
  bulkChangeOwner(input: {
    recordType: DEAL, selection: {recordIds: $ids}, newUserId: $userId,
    dryRun: $dryRun
  }) { changed batchId refused { recordId code } }
}
"""
CLAIM = "mutation($recordId: ID!) { claimRecord(recordId: $recordId) { id } }"
UNDO = "mutation($batchId: ID!) { undoBulkChange(batchId: $batchId) { restored } }"
REVOKE = """
mutation($role: String!, $action: String!) {
  revokePermission(role: $role, action: $action) { role }
}
"""
GRANT = """
mutation($role: String!, $action: String!) {
  grantPermission(role: $role, action: $action) { role }
}
"""
SET_PLUGIN = """
mutation($role: String!, $enabled: Boolean!) {
  setPolicyPlugin(plugin: "assigned_only", role: $role, enabled: $enabled) { name }
}
"""
UPDATE_OWNERSHIP = """
mutation($recordType: String!, $required: Boolean!) {
  updateOwnershipSettings(
    recordType: $recordType, objectRole: "owner", required: $required
  ) { freeRecords }
}
"""


def gid(caller: Caller) -> str:
    return to_global_id("User", caller.user.id)


async def team(make_caller) -> tuple[Caller, Caller, Caller]:
    admin = await make_caller("anna@acme.test", roles=("admin",))
    seller = await make_caller("sam@acme.test")
    other = await make_caller("olga@acme.test")
    return admin, seller, other


async def deal_of(caller: Caller, name: str = "Deal") -> str:
    return (await caller.data(CREATE_DEAL_AS_SELF, name=name))["createDeal"]["id"]


async def owner_of(record_gid: str) -> int | None:
    _, pk = parse_global_id(record_gid)
    row = await Assignment.get_or_none(record_type=RecordType.DEAL, record_id=pk)
    return row.user_id if row else None


def forbidden(body: dict[str, Any]) -> dict[str, Any]:
    """Return the extensions of a FORBIDDEN error, failing on anything else."""
    assert body.get("errors"), f"expected an error, got {body}"
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "FORBIDDEN", body["errors"]
    return extensions


async def test_change_owner_allowed_by_default(make_caller) -> None:
    _, seller, other = await team(make_caller)
    deal = await deal_of(seller)
    await seller.data(CHANGE_OWNER, recordId=deal, ownerId=gid(other))
    assert await owner_of(deal) == other.user.id


async def test_change_owner_denied_after_revoke(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    deal = await deal_of(seller)
    await admin.data(REVOKE, role="salesperson", action="change_assignee")

    body = await seller.execute(CHANGE_OWNER, recordId=deal, ownerId=gid(other))

    assert forbidden(body)["permission"] == "change_assignee"
    assert "'change_assignee'" in body["errors"][0]["message"]
    assert await owner_of(deal) == seller.user.id


async def test_update_with_owner_denied(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    deal = await deal_of(seller, "Before")
    await admin.data(REVOKE, role="salesperson", action="change_assignee")

    body = await seller.execute(UPDATE_DEAL, id=deal, name="After", ownerId=gid(other))

    _, pk = parse_global_id(deal)
    assert forbidden(body)["permission"] == "change_assignee"
    assert (await Deal.get(id=pk)).name == "Before"
    assert await owner_of(deal) == seller.user.id


async def test_create_for_other_denied(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    await admin.data(REVOKE, role="salesperson", action="change_assignee")

    denied = await seller.execute(CREATE_DEAL, name="For Olga", ownerId=gid(other))
    own = await seller.data(CREATE_DEAL, name="Mine", ownerId=gid(seller))

    assert forbidden(denied)["permission"] == "change_assignee"
    assert not await Deal.exists(name="For Olga")
    assert await owner_of(own["createDeal"]["id"]) == seller.user.id


async def test_bulk_change_denied_after_revoke(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    deals = [await deal_of(seller, f"Deal {n}") for n in range(3)]
    await admin.data(REVOKE, role="salesperson", action="change_assignee")

    body = await seller.execute(BULK, ids=deals, userId=gid(other), dryRun=False)

    assert forbidden(body)["permission"] == "change_assignee"
    assert [await owner_of(deal) for deal in deals] == [seller.user.id] * 3


async def test_claim_allowed_then_revoked(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    await admin.data(UPDATE_OWNERSHIP, recordType="deal", required=False)
    first = (await admin.data(CREATE_DEAL, name="Free 1", ownerId=None))["createDeal"]
    second = (await admin.data(CREATE_DEAL, name="Free 2", ownerId=None))["createDeal"]

    await seller.data(CLAIM, recordId=first["id"])
    await admin.data(REVOKE, role="salesperson", action="claim")
    body = await seller.execute(CLAIM, recordId=second["id"])

    assert await owner_of(first["id"]) == seller.user.id
    assert forbidden(body)["permission"] == "claim"
    assert await owner_of(second["id"]) is None


async def test_undo_other_batch_needs_grant(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    manager = await make_caller("max@acme.test", roles=("manager",))
    deals = [await deal_of(seller, f"Deal {n}") for n in range(2)]
    done = await seller.data(BULK, ids=deals, userId=gid(other), dryRun=False)
    batch = done["bulkChangeOwner"]["batchId"]

    denied = await manager.execute(UNDO, batchId=batch)
    await admin.data(GRANT, role="manager", action="undo_batch")
    allowed = await manager.data(UNDO, batchId=batch)

    assert forbidden(denied)["permission"] == "undo_batch"
    assert allowed["undoBulkChange"]["restored"] == 2
    assert [await owner_of(deal) for deal in deals] == [seller.user.id] * 2


async def test_undo_denied_after_revoke(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    deals = [await deal_of(seller, f"Deal {n}") for n in range(2)]
    done = await seller.data(BULK, ids=deals, userId=gid(other), dryRun=False)
    await admin.data(REVOKE, role="salesperson", action="change_assignee")

    body = await seller.execute(UNDO, batchId=done["bulkChangeOwner"]["batchId"])

    assert forbidden(body)["permission"] == "change_assignee"
    assert [await owner_of(deal) for deal in deals] == [other.user.id] * 2


async def test_plugin_blocks_single_change(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    own = await deal_of(seller, "Own")
    foreign = await deal_of(other, "Foreign")
    await admin.data(SET_PLUGIN, role="salesperson", enabled=True)

    await seller.data(CHANGE_OWNER, recordId=own, ownerId=gid(other))
    body = await seller.execute(CHANGE_OWNER, recordId=foreign, ownerId=gid(seller))

    assert await owner_of(own) == other.user.id
    assert forbidden(body)["permission"] == "change_assignee"
    assert await owner_of(foreign) == other.user.id


async def test_plugin_refuses_foreign_in_set(make_caller) -> None:
    admin, seller, other = await team(make_caller)
    own = [await deal_of(seller, f"Own {n}") for n in range(3)]
    foreign = [await deal_of(other, f"Foreign {n}") for n in range(2)]
    await admin.data(SET_PLUGIN, role="salesperson", enabled=True)
    ids = own + foreign

    planned = await seller.data(BULK, ids=ids, userId=gid(admin), dryRun=True)
    applied = await seller.execute(BULK, ids=ids, userId=gid(admin), dryRun=False)

    refused = planned["bulkChangeOwner"]["refused"]
    assert sorted(r["recordId"] for r in refused) == sorted(foreign)
    assert {r["code"] for r in refused} == {"FORBIDDEN"}
    assert planned["bulkChangeOwner"]["changed"] == 3
    assert forbidden(applied)["refused"] == 2
    assert [await owner_of(deal) for deal in ids] == [seller.user.id] * 3 + [
        other.user.id
    ] * 2


async def test_plugin_spares_unrestricted_roles(make_caller) -> None:
    admin, _, other = await team(make_caller)
    foreign = await deal_of(other, "Foreign")
    await admin.data(SET_PLUGIN, role="salesperson", enabled=True)
    await admin.data(CHANGE_OWNER, recordId=foreign, ownerId=gid(admin))
    assert await owner_of(foreign) == admin.user.id


@pytest.mark.parametrize(
    ("query", "record_type"), [(CREATE_DEAL, "deal"), (CREATE_PERSON, "person")]
)
async def test_required_blocks_free_create(
    make_caller, query: str, record_type: str
) -> None:
    admin, _, _ = await team(make_caller)
    body = await admin.execute(query, name="Nobody's", ownerId=None)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "OWNER_REQUIRED"
    assert error["extensions"]["recordType"] == record_type
    assert error["extensions"]["objectRole"] == "owner"


async def test_required_off_per_type(make_caller) -> None:
    admin, _, _ = await team(make_caller)
    await admin.data(UPDATE_OWNERSHIP, recordType="deal", required=False)

    deal = await admin.data(CREATE_DEAL, name="Free deal", ownerId=None)
    person = await admin.execute(CREATE_PERSON, name="Free person", ownerId=None)

    assert await owner_of(deal["createDeal"]["id"]) is None
    assert person["errors"][0]["extensions"]["code"] == "OWNER_REQUIRED"


async def test_required_blocks_making_free(make_caller) -> None:
    admin, seller, _ = await team(make_caller)
    deal = await deal_of(seller)

    denied = await seller.execute(CHANGE_OWNER, recordId=deal, ownerId=None)
    await admin.data(UPDATE_OWNERSHIP, recordType="deal", required=False)
    await seller.data(CHANGE_OWNER, recordId=deal, ownerId=None)

    assert denied["errors"][0]["extensions"]["code"] == "OWNER_REQUIRED"
    assert await owner_of(deal) is None
