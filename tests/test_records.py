"""Creating, updating and looking up persons, companies and deals."""

from typing import Any

import pytest

from models import ObjectRole, RecordType, User
from models.records import RECORD_MODELS
from schema.ids import parse_global_id, to_global_id
from steward.clock import utcnow
from tests.conftest import Caller
from tests.operations import (
    HISTORY,
    NODE,
    UPDATE_DEAL,
    create,
    create_deal,
    create_error,
    history_count,
    owner_pk,
    set_owner_required,
    update,
    update_error,
    user_gid,
)

ALL_TYPES = list(RecordType)
UNKNOWN_COMPANY = to_global_id("Company", 999_999)
DEAL_FIELDS = """
query($id: ID!) {
  node(id: $id) {
    ... on Deal {
      name product stage value engageDate closeDate company { name }
      createdBy { name }
    }
  }
}
"""
# Inputs that must be rejected: (record type, fields, error code). Every one is
# tried as a create and as an update.
BAD_VALUES = [
    (RecordType.PERSON, {"name": ""}, "VALIDATION"),
    (RecordType.PERSON, {"name": "   "}, "VALIDATION"),
    (RecordType.PERSON, {"name": "n" * 201}, "VALIDATION"),
    (RecordType.PERSON, {"phone": "1" * 51}, "VALIDATION"),
    (RecordType.PERSON, {"title": "t" * 101}, "VALIDATION"),
    (RecordType.PERSON, {"email": "e" * 255}, "VALIDATION"),
    (RecordType.PERSON, {"companyId": UNKNOWN_COMPANY}, "NOT_FOUND"),
    (RecordType.PERSON, {"companyId": "xyz"}, "NOT_FOUND"),
    (RecordType.COMPANY, {"sector": "s" * 101}, "VALIDATION"),
    (RecordType.COMPANY, {"officeLocation": "o" * 101}, "VALIDATION"),
    (RecordType.COMPANY, {"revenue": "-1"}, "VALIDATION"),
    (RecordType.COMPANY, {"revenue": "NaN"}, "VALIDATION"),
    (RecordType.COMPANY, {"revenue": "1e13"}, "VALIDATION"),
    (RecordType.COMPANY, {"employees": -5}, "VALIDATION"),
    (RecordType.COMPANY, {"yearEstablished": -1}, "VALIDATION"),
    (RecordType.COMPANY, {"parentId": UNKNOWN_COMPANY}, "NOT_FOUND"),
    (RecordType.PERSON, {"email": "not-an-email"}, "VALIDATION"),
    (RecordType.PERSON, {"email": "@example.com"}, "VALIDATION"),
    (RecordType.PERSON, {"email": "anna@"}, "VALIDATION"),
    (RecordType.PERSON, {"email": "anna@example"}, "VALIDATION"),
    (RecordType.PERSON, {"email": "anna@@example.com"}, "VALIDATION"),
    (RecordType.PERSON, {"email": "anna smith@example.com"}, "VALIDATION"),
    (RecordType.PERSON, {"email": "anna@example..com"}, "VALIDATION"),
    (RecordType.COMPANY, {"yearEstablished": 99999}, "VALIDATION"),
    (RecordType.COMPANY, {"yearEstablished": 999}, "VALIDATION"),
    (RecordType.COMPANY, {"yearEstablished": 0}, "VALIDATION"),
    (RecordType.COMPANY, {"yearEstablished": utcnow().year + 2}, "VALIDATION"),
    (RecordType.DEAL, {"stage": "WON", "value": "-0.01"}, "VALIDATION"),
    (RecordType.DEAL, {"stage": "WON", "value": "Infinity"}, "VALIDATION"),
    (RecordType.DEAL, {"stage": "WON", "value": "1000000000000"}, "VALIDATION"),
    (RecordType.DEAL, {"stage": "WON", "value": "1.005"}, "VALIDATION"),
    (RecordType.DEAL, {"value": "100"}, "VALIDATION"),
    (RecordType.DEAL, {"stage": "PROSPECTING", "value": "100"}, "VALIDATION"),
    (RecordType.DEAL, {"stage": "ENGAGING", "value": "100"}, "VALIDATION"),
    (
        RecordType.DEAL,
        {"engageDate": "2026-03-02", "closeDate": "2026-03-01"},
        "VALIDATION",
    ),
    (RecordType.DEAL, {"closeDate": "9999-12-31"}, "VALIDATION"),
    (RecordType.DEAL, {"closeDate": "2201-01-01"}, "VALIDATION"),
    (RecordType.DEAL, {"engageDate": "1899-12-31"}, "VALIDATION"),
    (RecordType.DEAL, {"engageDate": "0001-01-01"}, "VALIDATION"),
    (RecordType.DEAL, {"product": "p" * 101}, "VALIDATION"),
    (RecordType.DEAL, {"companyId": to_global_id("Deal", 1)}, "NOT_FOUND"),
]


def pk(global_id: str) -> int:
    return parse_global_id(global_id)[1]


async def snapshot(record_type: RecordType, global_id: str) -> dict[str, Any]:
    """Return the stored columns of a record, its owner and its history length."""
    record_id = pk(global_id)
    rows = await RECORD_MODELS[record_type].filter(id=record_id).values()
    return {
        "row": rows[0],
        "owner": await owner_pk(record_type, record_id),
        "history": await history_count(record_type, record_id),
    }


async def record_counts(account_id: int) -> dict[RecordType, int]:
    return {
        record_type: await model.filter(account_id=account_id).count()
        for record_type, model in RECORD_MODELS.items()
    }


@pytest.mark.parametrize("record_type", ALL_TYPES)
async def test_creator_becomes_owner(make_caller, record_type: RecordType) -> None:
    anna = await make_caller("anna@acme.test")
    record = await create(anna, record_type, name="  Acme  ")
    assert record["name"] == "Acme"
    assert record["owner"]["id"] == user_gid(anna)
    history = (await anna.data(HISTORY, recordId=record["id"]))["ownershipHistory"]
    assert history == [
        {
            "recordId": record["id"],
            "reason": "CREATE",
            "previousUser": None,
            "newUser": {"id": user_gid(anna)},
            "actor": {"id": user_gid(anna)},
        }
    ]


@pytest.mark.parametrize("record_type", ALL_TYPES)
async def test_create_for_other_owner(make_caller, record_type: RecordType) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    record = await create(anna, record_type, ownerId=user_gid(bob))
    assert record["owner"]["id"] == user_gid(bob)
    history = (await anna.data(HISTORY, recordId=record["id"]))["ownershipHistory"]
    assert len(history) == 1
    assert history[0]["reason"] == "CREATE"
    assert history[0]["newUser"] == {"id": user_gid(bob)}
    assert history[0]["actor"] == {"id": user_gid(anna)}


@pytest.mark.parametrize("record_type", ALL_TYPES)
async def test_create_without_owner_rejected(
    make_caller, record_type: RecordType
) -> None:
    anna = await make_caller("anna@acme.test")
    before = await record_counts(anna.account.id)
    code = await create_error(anna, record_type, name="Free", ownerId=None)
    assert code == "OWNER_REQUIRED"
    assert await record_counts(anna.account.id) == before


async def test_create_free_when_optional(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    deal = await create_deal(anna, "Free deal", ownerId=None)
    assert deal["owner"] is None
    assert await owner_pk(RecordType.DEAL, pk(deal["id"])) is None
    assert await history_count(RecordType.DEAL, pk(deal["id"])) == 0


async def test_create_owner_must_be_valid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deleted = await make_caller("deleted@acme.test")
    await User.filter(id=deleted.user.id).update(deleted_at=utcnow())
    before = await record_counts(anna.account.id)
    for owner_id, expected in [
        (to_global_id("User", 999_999), "NOT_FOUND"),
        ("xyz", "NOT_FOUND"),
        (to_global_id("Deal", 1), "NOT_FOUND"),
        (user_gid(deleted), "VALIDATION"),
    ]:
        code = await create_error(anna, RecordType.DEAL, name="D", ownerId=owner_id)
        assert code == expected, owner_id
    assert await record_counts(anna.account.id) == before


@pytest.mark.parametrize(("record_type", "fields", "expected"), BAD_VALUES)
async def test_create_rejects_bad_values(
    make_caller, record_type: RecordType, fields: dict, expected: str
) -> None:
    anna = await make_caller("anna@acme.test")
    before = await record_counts(anna.account.id)
    code = await create_error(anna, record_type, **{"name": "Valid", **fields})
    assert code == expected
    assert await record_counts(anna.account.id) == before


@pytest.mark.parametrize(("record_type", "fields", "expected"), BAD_VALUES)
async def test_update_rejects_bad_values(
    make_caller, record_type: RecordType, fields: dict, expected: str
) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    record = await create(anna, record_type, name="Valid")
    before = await snapshot(record_type, record["id"])
    # The owner change in the same input must not happen either.
    code = await update_error(
        anna, record_type, id=record["id"], ownerId=user_gid(bob), **fields
    )
    assert code == expected
    assert await snapshot(record_type, record["id"]) == before


async def test_update_deal_fields(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    company = await create(anna, RecordType.COMPANY, name="Acme")
    deal = await create_deal(
        anna,
        "Laptops",
        product="GTX Pro",
        stage="LOST",
        value="10.5",
        closeDate="2026-03-01",
    )
    await update(
        anna,
        RecordType.DEAL,
        id=deal["id"],
        name="Laptops, 40 units",
        stage="WON",
        value="1200.50",
        closeDate=None,
        companyId=company["id"],
    )
    node = (await anna.data(DEAL_FIELDS, id=deal["id"]))["node"]
    assert node == {
        "name": "Laptops, 40 units",
        "product": "GTX Pro",
        "stage": "WON",
        "value": "1200.50",
        "engageDate": None,
        "closeDate": None,
        "company": {"name": "Acme"},
        "createdBy": {"name": "Anna"},
    }


async def test_valid_edge_values_accepted(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    next_year = utcnow().year + 1
    for record_type, fields in [
        (RecordType.PERSON, {"email": "anna.smith+crm@mail.example.com"}),
        (RecordType.PERSON, {"email": None}),
        (RecordType.COMPANY, {"yearEstablished": 1000}),
        (RecordType.COMPANY, {"yearEstablished": next_year}),
        (RecordType.COMPANY, {"yearEstablished": None}),
        (RecordType.DEAL, {"stage": "ENGAGING", "value": None}),
        (RecordType.DEAL, {"stage": "LOST", "value": "0"}),
        (RecordType.DEAL, {"engageDate": "2026-03-01", "closeDate": "2026-03-01"}),
        (RecordType.DEAL, {"engageDate": "2026-03-01", "closeDate": None}),
        (RecordType.DEAL, {"engageDate": "1900-01-01", "closeDate": "2200-12-31"}),
    ]:
        record = await create(anna, record_type, name=f"Valid {fields}", **fields)
        updated = await update(anna, record_type, id=record["id"], **fields)
        assert updated["id"] == record["id"], fields


async def deal_error(caller: Caller, deal: dict, **fields: Any) -> dict:
    """Send an update of `deal` that must fail and return the error."""
    body = await caller.execute(UPDATE_DEAL, input={"id": deal["id"], **fields})
    assert body["data"] is None
    return body["errors"][0]


async def test_reopened_deal_needs_null_value(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops", stage="WON", value="1200")
    before = await snapshot(RecordType.DEAL, deal["id"])

    error = await deal_error(anna, deal, stage="ENGAGING")

    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "value"
    assert "ENGAGING" in error["message"]
    assert await snapshot(RecordType.DEAL, deal["id"]) == before

    await update(anna, RecordType.DEAL, id=deal["id"], stage="ENGAGING", value=None)
    node = (await anna.data(DEAL_FIELDS, id=deal["id"]))["node"]
    assert node["stage"] == "ENGAGING"
    assert node["value"] is None


async def test_value_on_open_deal_rejected(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops", stage="ENGAGING")
    before = await snapshot(RecordType.DEAL, deal["id"])

    error = await deal_error(anna, deal, value="500")

    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "value"
    assert "must be null while the deal is open" in error["message"]
    assert await snapshot(RecordType.DEAL, deal["id"]) == before


async def test_dates_checked_against_stored(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(
        anna, "Laptops", stage="WON", engageDate="2026-03-10", closeDate="2026-03-20"
    )
    before = await snapshot(RecordType.DEAL, deal["id"])

    for fields, field in [
        ({"closeDate": "2026-03-09"}, "closeDate"),
        ({"engageDate": "2026-03-21"}, "engageDate"),
        ({"engageDate": "2026-03-01", "closeDate": "2026-02-28"}, "closeDate"),
    ]:
        error = await deal_error(anna, deal, **fields)
        assert error["extensions"]["code"] == "VALIDATION", fields
        assert error["extensions"]["field"] == field, fields
        assert "is before 'engageDate'" in error["message"], fields

    assert await snapshot(RecordType.DEAL, deal["id"]) == before


async def test_far_close_date_rejected(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops", stage="WON", closeDate="2026-03-20")
    before = await snapshot(RecordType.DEAL, deal["id"])

    error = await deal_error(anna, deal, closeDate="9999-12-31")

    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "closeDate"
    assert error["message"] == (
        "'closeDate' 9999-12-31 is out of range; give a date from 1900-01-01 "
        "to 2200-12-31."
    )
    assert await snapshot(RecordType.DEAL, deal["id"]) == before


@pytest.mark.parametrize("record_type", ALL_TYPES)
async def test_update_owner_writes_history(
    make_caller, record_type: RecordType
) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    record = await create(anna, record_type, name="Before")
    updated = await update(
        anna, record_type, id=record["id"], name="After", ownerId=user_gid(bob)
    )
    assert updated["name"] == "After"
    assert updated["owner"]["id"] == user_gid(bob)
    history = (await anna.data(HISTORY, recordId=record["id"]))["ownershipHistory"]
    assert [row["reason"] for row in history] == ["MANUAL", "CREATE"]
    assert history[0]["previousUser"] == {"id": user_gid(anna)}
    assert history[0]["newUser"] == {"id": user_gid(bob)}
    assert history[0]["actor"] == {"id": user_gid(anna)}


async def test_update_null_owner_rejected(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Kept")
    before = await snapshot(RecordType.DEAL, deal["id"])
    code = await update_error(
        anna, RecordType.DEAL, id=deal["id"], name="Renamed", ownerId=None
    )
    assert code == "OWNER_REQUIRED"
    assert await snapshot(RecordType.DEAL, deal["id"]) == before


async def test_update_needs_matching_type(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "A deal")
    before = await snapshot(RecordType.DEAL, deal["id"])
    code = await update_error(anna, RecordType.PERSON, id=deal["id"], name="Bob")
    assert code == "NOT_FOUND"
    assert await snapshot(RecordType.DEAL, deal["id"]) == before


async def test_update_rejects_null_name(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "A deal")
    for fields in ({"name": None}, {"stage": None}):
        code = await update_error(anna, RecordType.DEAL, id=deal["id"], **fields)
        assert code == "VALIDATION", fields


async def test_company_names_are_unique(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    await create(anna, RecordType.COMPANY, name="Acme")
    other = await create(anna, RecordType.COMPANY, name="Globex")
    before = await record_counts(anna.account.id)
    code = await create_error(anna, RecordType.COMPANY, name=" Acme ")
    assert code == "VALIDATION"
    assert await record_counts(anna.account.id) == before
    code = await update_error(anna, RecordType.COMPANY, id=other["id"], name="Acme")
    assert code == "VALIDATION"
    renamed = await update(anna, RecordType.COMPANY, id=other["id"], name="Globex")
    assert renamed["name"] == "Globex"


async def test_company_parent_without_cycles(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    group = await create(anna, RecordType.COMPANY, name="Group")
    child = await create(anna, RecordType.COMPANY, name="Child", parentId=group["id"])
    grandchild = await create(
        anna, RecordType.COMPANY, name="Grandchild", parentId=child["id"]
    )
    for parent in (group, grandchild):
        code = await update_error(
            anna, RecordType.COMPANY, id=group["id"], parentId=parent["id"]
        )
        assert code == "VALIDATION", parent["name"]
    query = "query($id: ID!) { node(id: $id) { ... on Company { parent { name } } } }"
    assert (await anna.data(query, id=grandchild["id"]))["node"]["parent"] == {
        "name": "Child"
    }
    assert (await anna.data(query, id=group["id"]))["node"]["parent"] is None


async def test_node_of_each_type(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    owner_role = await ObjectRole.get(account_id=anna.account.id, key="owner")
    expected = {"Bob": "User", "owner": "ObjectRole"}
    ids = {user_gid(bob): "Bob", to_global_id("ObjectRole", owner_role.id): "owner"}
    for record_type in ALL_TYPES:
        record = await create(anna, record_type, name=f"A {record_type.value}")
        ids[record["id"]] = record["name"]
        expected[record["name"]] = record_type.value.title()
    for global_id, label in ids.items():
        node = (await anna.data(NODE, id=global_id))["node"]
        assert node["id"] == global_id
        assert node["__typename"] == expected[label]
        assert node.get("name", node.get("key")) == label


async def test_node_unknown_ids(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "A deal")
    for global_id in [
        to_global_id("Deal", pk(deal["id"]) + 1),
        to_global_id("User", 999_999),
        to_global_id("ObjectRole", 999_999),
        to_global_id("Account", anna.account.id),
        to_global_id("Assignment", 1),
        "xyz",
        "",
    ]:
        assert await anna.error_code(NODE, id=global_id) == "NOT_FOUND", global_id
