"""Object roles: defining, updating and deleting them, and changing their users."""

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from models import ObjectRole, OwnershipHistory, OwnershipSetting, RecordType
from policy.adapter import PolicyAdapter
from steward import object_roles
from tests.bulk_operations import (
    DEFINE_ROLE,
    bulk_change,
    bulk_input,
    holders,
    insert_deals,
    ownership_state,
    role_id,
    settings,  # noqa: F401 - a fixture
)
from tests.conftest import Caller
from tests.database_state import changed_tables, database_digest
from tests.test_policy_admin import (
    ACCESS_POLICY,
    GRANT,
    HISTORY,
    REVOKE,
    UPDATE_OWNERSHIP,
)

OBJECT_ROLES = "query { objectRoles { key name recordTypes builtin } }"
UPDATE_ROLE = """
mutation($input: ObjectRoleInput!) {
  updateObjectRole(input: $input) { key name recordTypes builtin }
}
"""
DELETE_ROLE = "mutation($key: String!) { deleteObjectRole(key: $key) }"
CO_OWNER = {"key": "co_owner", "name": "Co-owner", "recordTypes": ["DEAL"]}
OWNER_TYPES = ["PERSON", "COMPANY", "DEAL"]


@dataclass
class Team:
    admin: Caller
    anna: Caller
    bob: Caller
    deals: list[int]
    """Three deals that Anna owns."""


@pytest.fixture
async def team(make_caller) -> Team:
    admin = await make_caller("ada@acme.test", roles=("admin",))
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, 3)
    return Team(admin, anna, bob, deals)


async def define(caller: Caller, **fields: Any) -> dict[str, Any]:
    role = await caller.data(DEFINE_ROLE, input={**CO_OWNER, **fields})
    return role["defineObjectRole"]


async def roles_of(caller: Caller) -> list[dict[str, Any]]:
    return (await caller.data(OBJECT_ROLES))["objectRoles"]


async def deal_holders(team: Team, key: str) -> list[int | None]:
    role = await role_id(team.anna.account.id, key)
    return await holders(RecordType.DEAL, team.deals, role)


async def test_define_recorded_in_history(team: Team) -> None:
    await define(team.admin)

    latest = (await team.admin.data(HISTORY, limit=1))["accessPolicyHistory"][0]

    assert latest["kind"] == "OBJECT_ROLE"
    assert latest["target"] == "object_role:co_owner"
    assert latest["before"] is None
    assert latest["after"] == {"name": "Co-owner", "recordTypes": ["deal"]}


async def test_long_key_shortened_in_error(team: Team) -> None:
    key = "k" * 5000

    body = await team.admin.execute(DEFINE_ROLE, input={**CO_OWNER, "key": key})

    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert "... (5000 characters) is invalid" in error["message"]
    assert len(error["message"]) < 300


async def test_define_co_owner_listed(team: Team) -> None:
    defined = await define(team.admin)

    assert defined == {**CO_OWNER, "builtin": False}
    assert await roles_of(team.anna) == [
        {"key": "owner", "name": "Owner", "recordTypes": OWNER_TYPES, "builtin": True},
        {**CO_OWNER, "builtin": False},
    ]


async def test_bulk_co_owner_keeps_owner(team: Team) -> None:
    await define(team.admin)

    result = await bulk_change(
        team.anna, **bulk_input(team.deals, team.bob), objectRole="co_owner"
    )

    assert result["changed"] == 3
    assert await deal_holders(team, "co_owner") == [team.bob.user.id] * 3
    assert await deal_holders(team, "owner") == [team.anna.user.id] * 3
    co_owner = await role_id(team.anna.account.id, "co_owner")
    rows = await OwnershipHistory.filter(batch_id=result["batchId"])
    assert {row.object_role_id for row in rows} == {co_owner}


async def test_bulk_frees_optional_role(team: Team) -> None:
    await define(team.admin)
    await bulk_change(
        team.anna, **bulk_input(team.deals, team.bob), objectRole="co_owner"
    )

    result = await bulk_change(
        team.anna, **bulk_input(team.deals, None), objectRole="co_owner"
    )

    assert result["changed"] == 3
    assert await deal_holders(team, "co_owner") == [None] * 3
    assert await deal_holders(team, "owner") == [team.anna.user.id] * 3


async def test_role_of_other_type_rejected(team: Team) -> None:
    await define(team.admin, recordTypes=["COMPANY"])
    before = await ownership_state()

    code = await team.anna.error_code(
        "mutation($input: BulkChangeOwnerInput!) "
        "{ bulkChangeOwner(input: $input) { changed } }",
        input=bulk_input(team.deals, team.bob, objectRole="co_owner"),
    )

    assert code == "VALIDATION"
    assert await ownership_state() == before


@pytest.mark.parametrize(
    ("operation", "variables"),
    [
        (DEFINE_ROLE, {"input": CO_OWNER}),
        (
            UPDATE_ROLE,
            {
                "input": {
                    **CO_OWNER,
                    "key": "owner",
                    "name": "Holder",
                    "recordTypes": OWNER_TYPES,
                }
            },
        ),
        (DELETE_ROLE, {"key": "owner"}),
    ],
    ids=["define", "update", "delete"],
)
async def test_non_admin_forbidden(
    team: Team, operation: str, variables: dict[str, Any]
) -> None:
    code = await team.anna.error_code(operation, **variables)

    assert code == "FORBIDDEN"
    assert [role["key"] for role in await roles_of(team.anna)] == ["owner"]
    assert (await ObjectRole.get(key="owner")).name == "Owner"


async def test_owner_cannot_be_deleted(team: Team) -> None:
    assert await team.admin.error_code(DELETE_ROLE, key="owner") == "VALIDATION"
    assert await ObjectRole.exists(key="owner")


async def test_owner_types_cannot_change(team: Team) -> None:
    input = {"key": "owner", "name": "Owner", "recordTypes": ["DEAL"]}

    code = await team.admin.error_code(UPDATE_ROLE, input=input)

    assert code == "VALIDATION"
    owner = await ObjectRole.get(key="owner")
    assert sorted(owner.record_types) == ["company", "deal", "person"]


async def test_owner_may_be_renamed(team: Team) -> None:
    input = {"key": "owner", "name": "Account owner", "recordTypes": OWNER_TYPES}

    updated = (await team.admin.data(UPDATE_ROLE, input=input))["updateObjectRole"]

    assert updated["name"] == "Account owner"
    assert updated["builtin"] is True


@pytest.mark.parametrize(
    "fields",
    [
        {"key": "Co Owner"},
        {"key": "owner"},
        {"name": " "},
        {"recordTypes": []},
    ],
    ids=["bad key", "taken key", "blank name", "no types"],
)
async def test_bad_definition_rejected(team: Team, fields: dict[str, Any]) -> None:
    code = await team.admin.error_code(DEFINE_ROLE, input={**CO_OWNER, **fields})

    assert code == "VALIDATION"
    assert [role["key"] for role in await roles_of(team.admin)] == ["owner"]


@pytest.mark.parametrize("operation", ["update", "delete"])
async def test_unknown_role_not_found(team: Team, operation: str) -> None:
    if operation == "update":
        code = await team.admin.error_code(UPDATE_ROLE, input=CO_OWNER)
    else:
        code = await team.admin.error_code(DELETE_ROLE, key="co_owner")

    assert code == "NOT_FOUND"


async def test_held_role_kept(team: Team) -> None:
    await define(team.admin, recordTypes=["DEAL", "PERSON"])
    await bulk_change(
        team.anna, **bulk_input(team.deals, team.bob), objectRole="co_owner"
    )
    persons_only = {**CO_OWNER, "recordTypes": ["PERSON"]}

    deleted = await team.admin.execute(DELETE_ROLE, key="co_owner")
    updated = await team.admin.execute(UPDATE_ROLE, input=persons_only)

    assert deleted["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert deleted["errors"][0]["message"] == (
        "Object role 'co_owner' is held on 3 records; free them first."
    )
    assert updated["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert updated["errors"][0]["message"] == (
        "Object role 'co_owner' is held on 3 records of the record types deal; "
        "free them before removing those types."
    )
    assert (await ObjectRole.get(key="co_owner")).record_types == ["deal", "person"]


async def test_unused_role_deleted(team: Team) -> None:
    await define(team.admin)

    deleted = await team.admin.data(DELETE_ROLE, key="co_owner")

    assert deleted == {"deleteObjectRole": True}
    assert not await ObjectRole.exists(key="co_owner")


async def grant_on_co_owner(team: Team) -> dict[str, str]:
    """Define Co-owner with a grant and a setting narrowed to it; return the grant."""
    await define(team.admin)
    grant = {
        "role": "manager",
        "action": "claim",
        "recordType": "deal",
        "objectRole": "co_owner",
    }
    await team.admin.data(GRANT, **grant)
    await team.admin.data(
        UPDATE_OWNERSHIP,
        recordType="deal",
        objectRole="co_owner",
        autoRemoveAfterDays=30,
    )
    return grant


async def test_delete_role_removes_grants(team: Team) -> None:
    grant = await grant_on_co_owner(team)

    await team.admin.data(DELETE_ROLE, key="co_owner")

    policy = (await team.admin.data(ACCESS_POLICY))["accessPolicy"]
    assert grant not in policy["grants"]
    assert "co_owner" not in {
        item["objectRole"]["key"] for item in policy["ownershipSettings"]
    }
    assert not await OwnershipSetting.exists(
        account_id=team.admin.account.id, object_role__key="co_owner"
    )
    revoke = await team.admin.execute(REVOKE, **grant)
    assert revoke["errors"][0]["extensions"]["field"] == "objectRole"
    assert "Unknown object role 'co_owner'" in revoke["errors"][0]["message"]


async def test_redefined_role_has_no_grants(team: Team) -> None:
    grant = await grant_on_co_owner(team)
    await team.admin.data(DELETE_ROLE, key="co_owner")

    await define(team.admin)

    policy = (await team.admin.data(ACCESS_POLICY))["accessPolicy"]
    assert grant not in policy["grants"]
    co_owner_settings = [
        item
        for item in policy["ownershipSettings"]
        if item["objectRole"]["key"] == "co_owner"
    ]
    assert [item["autoRemoveAfterDays"] for item in co_owner_settings] == [None]


async def test_delete_role_recorded_in_history(team: Team) -> None:
    grant = await grant_on_co_owner(team)

    await team.admin.data(DELETE_ROLE, key="co_owner")

    history = await team.admin.data(HISTORY, limit=3)
    role, setting, revoke = history["accessPolicyHistory"]
    assert role["kind"] == "OBJECT_ROLE"
    assert role["target"] == "object_role:co_owner"
    assert role["before"]["recordTypes"] == ["deal"]
    assert role["after"] is None
    assert revoke["kind"] == "REVOKE"
    assert revoke["target"] == "role:manager"
    assert revoke["before"] == grant
    assert revoke["after"] is None
    assert setting["kind"] == "OWNERSHIP_SETTINGS"
    assert setting["target"] == "deal/co_owner"
    assert setting["before"] == {
        "required": False,
        "autoRemoveAfterDays": 30,
        "warnBeforeDays": None,
    }
    assert setting["after"] is None


async def test_rejected_delete_keeps_grants(team: Team) -> None:
    grant = await grant_on_co_owner(team)
    await bulk_change(
        team.anna, **bulk_input(team.deals, team.bob), objectRole="co_owner"
    )
    lines = await PolicyAdapter().load_lines(team.admin.account.id)

    code = await team.admin.error_code(DELETE_ROLE, key="co_owner")

    assert code == "CONFLICT"
    assert await PolicyAdapter().load_lines(team.admin.account.id) == lines
    policy = (await team.admin.data(ACCESS_POLICY))["accessPolicy"]
    assert grant in policy["grants"]


PERSON_GRANT = {
    "role": "manager",
    "action": "claim",
    "recordType": "person",
    "objectRole": "co_owner",
}
DEAL_GRANT = {**PERSON_GRANT, "recordType": "deal"}
ANY_TYPE_GRANT = {**PERSON_GRANT, "recordType": "*"}


async def drop_person_type(team: Team) -> None:
    """Define Co-owner on deals and persons with grants and a person setting.

    Then remove persons from the record types of Co-owner.
    """
    await define(team.admin, recordTypes=["DEAL", "PERSON"])
    for grant in (PERSON_GRANT, DEAL_GRANT, ANY_TYPE_GRANT):
        await team.admin.data(GRANT, **grant)
    await team.admin.data(
        UPDATE_OWNERSHIP, recordType="person", objectRole="co_owner", required=True
    )
    await team.admin.data(UPDATE_ROLE, input=CO_OWNER)


def co_owner_settings(policy: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        item["recordType"]: item
        for item in policy["ownershipSettings"]
        if item["objectRole"]["key"] == "co_owner"
    }


async def test_dropped_type_removes_grants(team: Team) -> None:
    await drop_person_type(team)

    policy = (await team.admin.data(ACCESS_POLICY))["accessPolicy"]
    assert PERSON_GRANT not in policy["grants"]
    assert DEAL_GRANT in policy["grants"]
    assert ANY_TYPE_GRANT in policy["grants"]
    assert list(co_owner_settings(policy)) == ["DEAL"]
    assert not await OwnershipSetting.exists(
        account_id=team.admin.account.id,
        object_role__key="co_owner",
        record_type=RecordType.PERSON,
    )


async def test_dropped_type_recorded_in_history(team: Team) -> None:
    await drop_person_type(team)

    history = await team.admin.data(HISTORY, limit=3)
    role, setting, revoke = history["accessPolicyHistory"]
    assert role["kind"] == "OBJECT_ROLE"
    assert role["before"]["recordTypes"] == ["deal", "person"]
    assert role["after"]["recordTypes"] == ["deal"]
    assert revoke["kind"] == "REVOKE"
    assert revoke["target"] == "role:manager"
    assert revoke["before"] == PERSON_GRANT
    assert revoke["after"] is None
    assert setting["kind"] == "OWNERSHIP_SETTINGS"
    assert setting["target"] == "person/co_owner"
    assert setting["before"] == {
        "required": True,
        "autoRemoveAfterDays": None,
        "warnBeforeDays": None,
    }
    assert setting["after"] is None


async def test_readded_type_has_no_grants(team: Team) -> None:
    await drop_person_type(team)
    history_before = await team.admin.data(HISTORY, limit=1)

    await team.admin.data(
        UPDATE_ROLE, input={**CO_OWNER, "recordTypes": ["DEAL", "PERSON"]}
    )

    policy = (await team.admin.data(ACCESS_POLICY))["accessPolicy"]
    assert PERSON_GRANT not in policy["grants"]
    assert co_owner_settings(policy)["PERSON"]["required"] is False
    # Only the change of the role itself is recorded, no grant or setting.
    history = await team.admin.data(HISTORY, limit=2)
    added, previous = history["accessPolicyHistory"]
    assert added["kind"] == "OBJECT_ROLE"
    assert added["after"]["recordTypes"] == ["deal", "person"]
    assert previous == history_before["accessPolicyHistory"][0]


async def test_kept_type_grant_revocable(team: Team) -> None:
    await drop_person_type(team)

    revoked = await team.admin.data(REVOKE, **DEAL_GRANT)

    assert revoked == {"revokePermission": {"role": "manager"}}
    policy = (await team.admin.data(ACCESS_POLICY))["accessPolicy"]
    assert DEAL_GRANT not in policy["grants"]
    assert ANY_TYPE_GRANT in policy["grants"]


async def assert_name_rejected(caller: Caller, query: str, input: dict) -> str:
    """Check that it fails on 'name' and changes nothing; return its message."""
    before = await database_digest()

    body = await caller.execute(query, input=input)

    assert changed_tables(before, await database_digest()) == []
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "name"
    return error["message"]


@pytest.mark.parametrize("name", ["Owner", "owner", "  OWNER ", "Co-owner", "CO-OWNER"])
async def test_define_taken_name_rejected(team: Team, name: str) -> None:
    await define(team.admin)

    message = await assert_name_rejected(
        team.admin, DEFINE_ROLE, {**CO_OWNER, "key": "k8", "name": name}
    )

    assert "already; choose another name." in message


async def test_taken_name_message_names_role(team: Team) -> None:
    message = await assert_name_rejected(
        team.admin, DEFINE_ROLE, {**CO_OWNER, "name": "owner"}
    )

    assert message == (
        "Object role 'owner' is named 'Owner' already; choose another name."
    )


async def test_rename_to_taken_name_rejected(team: Team) -> None:
    await define(team.admin)

    await assert_name_rejected(team.admin, UPDATE_ROLE, {**CO_OWNER, "name": "OWNER"})


async def test_rename_in_other_case_allowed(team: Team) -> None:
    await define(team.admin)

    updated = await team.admin.data(UPDATE_ROLE, input={**CO_OWNER, "name": "CO-OWNER"})

    assert updated["updateObjectRole"]["name"] == "CO-OWNER"


async def test_other_account_name_allowed(team: Team, make_caller) -> None:
    outsider = await make_caller("olga@other.test", roles=("admin",))
    await define(team.admin)

    defined = await define(outsider)

    assert defined["name"] == "Co-owner"


@pytest.mark.parametrize(
    "name",
    [
        "Own\u202eer",
        "\u2066Owner\u2069",
        "Co\u202aowner",
        "Co\nowner",
        "Co\x1bowner",
        "Co-owner\u200b",
        "Co\u200d-owner",
        "\ufeffCo-owner",
        "Co\u00adowner",
    ],
    ids=[
        "RLO",
        "LRI and PDI",
        "LRE",
        "newline",
        "escape",
        "zero-width space",
        "zero-width joiner",
        "byte order mark",
        "soft hyphen",
    ],
)
@pytest.mark.parametrize("operation", ["define", "update"])
async def test_control_characters_rejected(
    team: Team, name: str, operation: str
) -> None:
    await define(team.admin)
    query = DEFINE_ROLE if operation == "define" else UPDATE_ROLE
    key = "k8" if operation == "define" else "co_owner"

    message = await assert_name_rejected(
        team.admin, query, {**CO_OWNER, "key": key, "name": name}
    )

    assert "an invisible, control or formatting character" in message


def check_names_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the first two name checks return only when both have checked."""
    both_checked = asyncio.Barrier(2)
    first_checks = [True, True]
    check = object_roles._check_name_free

    async def check_together(*args: Any) -> None:
        await check(*args)
        if first_checks:
            first_checks.pop()
            await both_checked.wait()

    monkeypatch.setattr(object_roles, "_check_name_free", check_together)


async def test_define_race_one_name(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both defines find the name free before either inserts its role."""
    check_names_together(monkeypatch)

    bodies = await asyncio.gather(
        team.admin.execute(DEFINE_ROLE, input={**CO_OWNER, "key": "k1"}),
        team.admin.execute(DEFINE_ROLE, input={**CO_OWNER, "key": "k2"}),
    )

    codes = sorted(
        body["errors"][0]["extensions"]["code"] if "errors" in body else "OK"
        for body in bodies
    )
    assert codes == ["OK", "VALIDATION"]
    assert await ObjectRole.filter(name="Co-owner").count() == 1
