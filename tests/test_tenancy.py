"""Accounts are tenants: nothing of another account can be seen or changed."""

from typing import Any

import pytest

from models import Assignment, ObjectRole, OwnershipHistory, RecordType
from models.records import RECORD_MODELS
from schema.ids import to_global_id
from tests.conftest import Caller
from tests.operations import (
    CHANGE_OWNER,
    HISTORY,
    NODE,
    create,
    create_error,
    update_error,
    user_gid,
)

LIST_NAMES = """
query($filter: %sFilter) { %s(first: 100, filter: $filter) {
  totalCount edges { node { name } }
} }
"""
LISTS = {
    RecordType.PERSON: ("persons", LIST_NAMES % ("Person", "persons")),
    RecordType.COMPANY: ("companies", LIST_NAMES % ("Company", "companies")),
    RecordType.DEAL: ("deals", LIST_NAMES % ("Deal", "deals")),
}


async def two_accounts(make_caller) -> tuple[Caller, Caller, dict, dict]:
    """Create Acme and Globex with a record of each type, named after the account."""
    anna = await make_caller("anna@acme.test")
    zed = await make_caller("zed@globex.test")
    own: dict[RecordType, dict] = {}
    foreign: dict[RecordType, dict] = {}
    for record_type in RecordType:
        own[record_type] = await create(anna, record_type, name="Acme's")
        foreign[record_type] = await create(zed, record_type, name="Globex's")
    return anna, zed, own, foreign


async def state() -> dict[str, Any]:
    """Return every record, assignment and history row of both accounts."""
    tables: dict[str, Any] = {
        model.__name__: await model.all().order_by("id").values()
        for model in RECORD_MODELS.values()
    }
    tables["assignments"] = await Assignment.all().order_by("id").values()
    tables["history"] = await OwnershipHistory.all().order_by("id").values()
    return tables


async def list_names(
    caller: Caller, record_type: RecordType, **filter: Any
) -> list[str]:
    field, query = LISTS[record_type]
    page = (await caller.data(query, filter=filter or None))[field]
    assert page["totalCount"] == len(page["edges"])
    return [edge["node"]["name"] for edge in page["edges"]]


@pytest.mark.parametrize("record_type", list(RecordType))
async def test_lists_show_own_account(make_caller, record_type: RecordType) -> None:
    anna, zed, _, foreign = await two_accounts(make_caller)
    assert await list_names(anna, record_type) == ["Acme's"]
    assert await list_names(zed, record_type) == ["Globex's"]
    assert await list_names(anna, record_type, search="globex") == []
    by_zed = {"userIds": [user_gid(zed)]}
    _, query = LISTS[record_type]
    assert await anna.error_code(query, filter={"owner": by_zed}) == "NOT_FOUND"


async def test_company_filter_foreign_not_found(make_caller) -> None:
    anna, zed, _, foreign = await two_accounts(make_caller)
    company_id = foreign[RecordType.COMPANY]["id"]
    for record_type in (RecordType.DEAL, RecordType.PERSON):
        _, query = LISTS[record_type]
        filter = {"companyId": company_id}
        assert await anna.error_code(query, filter=filter) == "NOT_FOUND"
        assert await list_names(zed, record_type, companyId=company_id) == []


async def test_users_show_own_account(make_caller) -> None:
    anna, _, _, _ = await two_accounts(make_caller)
    users = (await anna.data("query { users { name } }"))["users"]
    assert users == [{"name": "Anna"}]


async def test_foreign_nodes_not_found(make_caller) -> None:
    anna, zed, _, foreign = await two_accounts(make_caller)
    role = await ObjectRole.get(account_id=zed.account.id, key="owner")
    ids = [record["id"] for record in foreign.values()]
    ids += [user_gid(zed), to_global_id("ObjectRole", role.id)]
    for global_id in ids:
        assert await anna.error_code(NODE, id=global_id) == "NOT_FOUND", global_id
        assert (await zed.data(NODE, id=global_id))["node"]["id"] == global_id


async def test_foreign_history_not_found(make_caller) -> None:
    anna, _, _, foreign = await two_accounts(make_caller)
    for record in foreign.values():
        code = await anna.error_code(HISTORY, recordId=record["id"])
        assert code == "NOT_FOUND", record["id"]


async def test_change_owner_across_accounts(make_caller) -> None:
    anna, zed, own, foreign = await two_accounts(make_caller)
    before = await state()
    for record_type in RecordType:
        for record_id, owner_id in [
            (foreign[record_type]["id"], user_gid(anna)),
            (foreign[record_type]["id"], user_gid(zed)),
            (own[record_type]["id"], user_gid(zed)),
        ]:
            code = await anna.error_code(
                CHANGE_OWNER, recordId=record_id, ownerId=owner_id
            )
            assert code == "NOT_FOUND", (record_id, owner_id)
    assert await state() == before


async def test_foreign_references_not_found(make_caller) -> None:
    anna, zed, own, foreign = await two_accounts(make_caller)
    before = await state()
    company_id = foreign[RecordType.COMPANY]["id"]
    for record_type, fields in [
        (RecordType.DEAL, {"companyId": company_id}),
        (RecordType.PERSON, {"companyId": company_id}),
        (RecordType.COMPANY, {"parentId": company_id}),
        (RecordType.DEAL, {"ownerId": user_gid(zed)}),
    ]:
        code = await create_error(anna, record_type, name="New", **fields)
        assert code == "NOT_FOUND", fields
        code = await update_error(
            anna, record_type, id=own[record_type]["id"], **fields
        )
        assert code == "NOT_FOUND", fields
    assert await state() == before


async def test_foreign_records_not_updated(make_caller) -> None:
    anna, _, _, foreign = await two_accounts(make_caller)
    before = await state()
    for record_type, record in foreign.items():
        code = await update_error(anna, record_type, id=record["id"], name="Taken")
        assert code == "NOT_FOUND", record_type
    assert await state() == before


async def test_company_names_per_account(make_caller) -> None:
    anna, zed, _, _ = await two_accounts(make_caller)
    acme = await create(anna, RecordType.COMPANY, name="Initech")
    globex = await create(zed, RecordType.COMPANY, name="Initech")
    assert acme["id"] != globex["id"]
