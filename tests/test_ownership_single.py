"""Changing the owner of one record, and its ownership history."""

import base64

import pytest

from models import OwnershipHistory, RecordType, User
from schema.ids import parse_global_id, to_global_id
from steward.clock import utcnow
from tests.conftest import Caller
from tests.database_state import database_digest
from tests.operations import (
    CHANGE_OWNER,
    HISTORY,
    create,
    create_deal,
    history_count,
    owner_pk,
    set_owner_required,
    user_gid,
)


def raw_id(text: str) -> str:
    """Encode `text` the way global IDs are encoded, valid or not."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# Record and user IDs that name nothing. Each must give NOT_FOUND, never a 500.
MALFORMED_IDS = [
    "xyz",
    "",
    " ",
    "!!!",
    "é",
    raw_id("Deal:abc"),
    raw_id("Deal:"),
    raw_id("Deal:0"),
    raw_id("Deal:-1"),
    raw_id("Deal:2147483648"),
    raw_id("Deal:99999999999999999999999"),
    raw_id("Deal: 1"),
    raw_id("Deal:+1"),
    raw_id("Deal:1_0"),
    raw_id("Deal:١"),
    raw_id("Deal:1:2"),
    raw_id(":1"),
    base64.urlsafe_b64encode(b"\xff\xfe:1").decode(),
    "A" * 10_000,
]


async def seed(make_caller) -> tuple[Caller, Caller, dict]:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deal = await create_deal(anna, "Laptops")
    return anna, bob, deal


def deal_pk(deal: dict) -> int:
    return parse_global_id(deal["id"])[1]


async def change_owner_error(
    caller: Caller, record_id: str, owner_id: str | None
) -> dict:
    body = await caller.execute(CHANGE_OWNER, recordId=record_id, ownerId=owner_id)
    assert body["data"] is None
    return body["errors"][0]


async def test_change_owner_writes_history(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    changed = await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
    assert changed["changeOwner"]["owner"]["id"] == user_gid(bob)
    assert await owner_pk(RecordType.DEAL, deal_pk(deal)) == bob.user.id
    history = (await anna.data(HISTORY, recordId=deal["id"]))["ownershipHistory"]
    assert [row["reason"] for row in history] == ["MANUAL", "CREATE"]
    assert history[0] == {
        "recordId": deal["id"],
        "reason": "MANUAL",
        "previousUser": {"id": user_gid(anna)},
        "newUser": {"id": user_gid(bob)},
        "actor": {"id": user_gid(anna)},
    }


async def test_same_owner_writes_nothing(make_caller) -> None:
    anna, _, deal = await seed(make_caller)
    before = await history_count(RecordType.DEAL, deal_pk(deal))
    changed = await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(anna))
    assert changed["changeOwner"]["owner"]["id"] == user_gid(anna)
    assert await history_count(RecordType.DEAL, deal_pk(deal)) == before


@pytest.mark.parametrize("record_type", list(RecordType))
async def test_null_owner_is_required(make_caller, record_type: RecordType) -> None:
    anna = await make_caller("anna@acme.test")
    record = await create(anna, record_type)
    record_id = parse_global_id(record["id"])[1]
    error = await change_owner_error(anna, record["id"], None)
    assert error["extensions"]["code"] == "OWNER_REQUIRED"
    assert await owner_pk(record_type, record_id) == anna.user.id
    assert await history_count(record_type, record_id) == 1


async def test_null_owner_frees_when_optional(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    freed = await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=None)
    assert freed["changeOwner"]["owner"] is None
    assert await owner_pk(RecordType.DEAL, deal_pk(deal)) is None
    history = (await anna.data(HISTORY, recordId=deal["id"]))["ownershipHistory"]
    assert history[0]["previousUser"] == {"id": user_gid(anna)}
    assert history[0]["newUser"] is None

    again = await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=None)
    assert again["changeOwner"]["owner"] is None
    assert await history_count(RecordType.DEAL, deal_pk(deal)) == 2
    claimed = await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
    assert claimed["changeOwner"]["owner"]["id"] == user_gid(bob)
    assert await history_count(RecordType.DEAL, deal_pk(deal)) == 3


CHANGE_OWNER_WITHOUT_OWNER = """
mutation($recordId: ID!) { changeOwner(recordId: $recordId) { id } }
"""


async def test_missing_owner_id_invalid(make_caller) -> None:
    anna, _, deal = await seed(make_caller)
    # With owners optional, taking a missing ownerId for null would free the deal.
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    before = await database_digest()

    # The argument left out, and a declared variable left unset.
    for query in [CHANGE_OWNER_WITHOUT_OWNER, CHANGE_OWNER]:
        body = await anna.execute(query, recordId=deal["id"])
        error = body["errors"][0]
        assert error["extensions"]["code"] == "VALIDATION"
        assert error["extensions"]["field"] == "ownerId"
        assert "or null to remove the owner" in error["message"]

    assert await database_digest() == before
    assert await owner_pk(RecordType.DEAL, deal_pk(deal)) == anna.user.id


async def test_deleted_target_is_invalid(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    await User.filter(id=bob.user.id).update(deleted_at=utcnow())
    error = await change_owner_error(anna, deal["id"], user_gid(bob))
    assert error["extensions"]["code"] == "VALIDATION"
    assert "Bob" in error["message"]
    assert await owner_pk(RecordType.DEAL, deal_pk(deal)) == anna.user.id
    assert await history_count(RecordType.DEAL, deal_pk(deal)) == 1


async def test_unknown_target_not_found(make_caller) -> None:
    anna, _, deal = await seed(make_caller)
    stranger = await make_caller("zed@globex.test")
    for owner_id in [to_global_id("User", 999_999), user_gid(stranger)]:
        error = await change_owner_error(anna, deal["id"], owner_id)
        assert error["extensions"]["code"] == "NOT_FOUND", owner_id
        assert error["message"] == f"User {owner_id!r} was not found."
        assert error["extensions"]["field"] == "ownerId"
    assert await owner_pk(RecordType.DEAL, deal_pk(deal)) == anna.user.id
    assert await history_count(RecordType.DEAL, deal_pk(deal)) == 1


async def test_malformed_ids_not_found(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    cases = [(bad, user_gid(bob)) for bad in MALFORMED_IDS]
    cases += [(deal["id"], bad) for bad in MALFORMED_IDS]
    # An ID of the wrong type where a record or a user is expected.
    cases += [(user_gid(anna), user_gid(bob)), (deal["id"], deal["id"])]
    for record_id, owner_id in cases:
        error = await change_owner_error(anna, record_id, owner_id)
        assert error["extensions"]["code"] == "NOT_FOUND", (record_id, owner_id)
        assert not error["message"].startswith("Internal"), error["message"]
    for record_id in MALFORMED_IDS + [user_gid(anna)]:
        assert await anna.error_code(HISTORY, recordId=record_id) == "NOT_FOUND"
    assert await OwnershipHistory.all().count() == 1


async def test_other_spellings_of_id_not_found(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    pk = deal_pk(deal)
    padded = base64.urlsafe_b64encode(f"Deal:{pk}".encode()).decode()
    # A leading zero, an extra "=" and, where the ID is padded, the padding.
    spellings = [raw_id(f"Deal:0{pk}"), deal["id"] + "=", padded]
    spellings = [spelling for spelling in spellings if spelling != deal["id"]]

    for spelling in spellings:
        error = await change_owner_error(anna, spelling, user_gid(bob))
        assert error["extensions"]["code"] == "NOT_FOUND", spelling
    assert await owner_pk(RecordType.DEAL, pk) == anna.user.id


@pytest.mark.parametrize("key", ["x", ""])
async def test_unknown_object_role_invalid(make_caller, key: str) -> None:
    anna, bob, deal = await seed(make_caller)
    query = """
    mutation($r: ID!, $o: ID, $k: String) {
      changeOwner(recordId: $r, ownerId: $o, objectRole: $k) { id }
    }
    """
    code = await anna.error_code(query, r=deal["id"], o=user_gid(bob), k=key)
    assert code == "VALIDATION"
    assert await owner_pk(RecordType.DEAL, deal_pk(deal)) == anna.user.id


async def test_history_newest_first(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    carol = await make_caller("carol@acme.test")
    for user in (bob, carol, anna):
        await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(user))
    history = (await anna.data(HISTORY, recordId=deal["id"]))["ownershipHistory"]
    assert [row["newUser"]["id"] for row in history] == [
        user_gid(anna),
        user_gid(carol),
        user_gid(bob),
        user_gid(anna),
    ]
    assert [row["reason"] for row in history] == ["MANUAL"] * 3 + ["CREATE"]


async def test_changes_in_one_request(make_caller) -> None:
    anna, bob, deal = await seed(make_caller)
    carol = await make_caller("carol@acme.test")
    query = """
    mutation($r: ID!, $b: ID, $c: ID) {
      first: changeOwner(recordId: $r, ownerId: $b) { owner { name } }
      second: changeOwner(recordId: $r, ownerId: $c) { owner { name } }
      renamed: updateDeal(input: {id: $r, name: "Renamed"}) { owner { name } }
    }
    """
    data = await anna.data(query, r=deal["id"], b=user_gid(bob), c=user_gid(carol))
    assert data["first"]["owner"] == {"name": "Bob"}
    assert data["second"]["owner"] == {"name": "Carol"}
    assert data["renamed"]["owner"] == {"name": "Carol"}
