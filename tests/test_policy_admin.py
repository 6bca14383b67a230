"""The access policy admin API: reading, changing, rejecting, recording."""

from typing import Any

import pytest

from models import Account, Deal, OwnershipSetting, PolicyChange, User, UserRole
from policy.adapter import PolicyAdapter
from schema.ids import to_global_id
from steward.clock import utcnow
from tests.conftest import Caller
from tests.database_state import changed_tables, database_digest

ACCESS_POLICY = """
query {
  accessPolicy {
    userRoles { name builtin users { email } }
    actions
    grants { role action recordType objectRole }
    plugins { name actions enabledFor }
    ownershipSettings {
      recordType objectRole { key } required autoRemoveAfterDays warnBeforeDays
    }
    accountSettings { showDeletedUsersInFilters }
  }
}
"""
HISTORY = """
query($limit: Int!, $before: ID) {
  accessPolicyHistory(limit: $limit, before: $before) {
    id kind target before after actor { email } createdAt
  }
}
"""
GRANT = """
mutation($role: String!, $action: String!, $recordType: String!, $objectRole: String!) {
  grantPermission(
    role: $role, action: $action, recordType: $recordType, objectRole: $objectRole
  ) { role action recordType objectRole }
}
"""
REVOKE = """
mutation($role: String!, $action: String!, $recordType: String!, $objectRole: String!) {
  revokePermission(
    role: $role, action: $action, recordType: $recordType, objectRole: $objectRole
  ) { role }
}
"""
SET_ROLES = """
mutation($userId: ID!, $roles: [String!]!) {
  setUserRoles(userId: $userId, roles: $roles) { email roles }
}
"""
DEFINE_ROLE = (
    "mutation($name: String!) { defineUserRole(name: $name) { name builtin } }"
)
SET_PLUGIN = """
mutation($plugin: String!, $role: String!, $enabled: Boolean!) {
  setPolicyPlugin(plugin: $plugin, role: $role, enabled: $enabled) { name enabledFor }
}
"""
UPDATE_OWNERSHIP = """
mutation(
  $recordType: String!, $objectRole: String!, $required: Boolean,
  $autoRemoveAfterDays: Int, $warnBeforeDays: Int
) {
  updateOwnershipSettings(
    recordType: $recordType, objectRole: $objectRole, required: $required,
    autoRemoveAfterDays: $autoRemoveAfterDays, warnBeforeDays: $warnBeforeDays
  ) {
    settings { recordType required autoRemoveAfterDays warnBeforeDays }
    freeRecords
  }
}
"""
UPDATE_ACCOUNT = """
mutation($show: Boolean!) {
  updateAccountSettings(showDeletedUsersInFilters: $show) { showDeletedUsersInFilters }
}
"""
ANY_GRANT = {"recordType": "*", "objectRole": "*"}

# Every admin mutation with valid arguments, for the FORBIDDEN checks.
ADMIN_MUTATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("grant", GRANT, {"role": "salesperson", "action": "manage_users", **ANY_GRANT}),
    ("revoke", REVOKE, {"role": "salesperson", "action": "claim", **ANY_GRANT}),
    ("set roles", SET_ROLES, {"roles": ["admin"]}),
    ("define role", DEFINE_ROLE, {"name": "scout"}),
    (
        "plugin",
        SET_PLUGIN,
        {"plugin": "assigned_only", "role": "admin", "enabled": True},
    ),
    (
        "ownership",
        UPDATE_OWNERSHIP,
        {"recordType": "deal", "objectRole": "owner", "required": False},
    ),
    ("account", UPDATE_ACCOUNT, {"show": True}),
]


async def admin_and_seller(make_caller) -> tuple[Caller, Caller]:
    admin = await make_caller("anna@acme.test", roles=("admin",))
    seller = await make_caller("sam@acme.test")
    return admin, seller


async def stored_state(account: Account) -> tuple[Any, ...]:
    """Return everything an admin mutation can change, to compare before and after."""
    lines = await PolicyAdapter().load_lines(account.id)
    policy_rows = await PolicyChange.filter(account_id=account.id).count()
    roles = await UserRole.filter(account_id=account.id).values_list("name", flat=True)
    settings = await OwnershipSetting.filter(account_id=account.id).values_list(
        "required", "auto_remove_after_days"
    )
    await account.refresh_from_db()
    return (
        sorted(lines),
        policy_rows,
        sorted(roles),
        sorted(settings),
        account.show_deleted_users_in_filters,
    )


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), f"expected an error, got {body}"
    return body["errors"][0]


async def test_access_policy_shows_defaults(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    policy = (await admin.data(ACCESS_POLICY))["accessPolicy"]

    roles = {role["name"]: role for role in policy["userRoles"]}
    grants = {(g["role"], g["action"]) for g in policy["grants"]}
    settings = policy["ownershipSettings"]
    assert sorted(roles) == ["admin", "manager", "salesperson"]
    assert [user["email"] for user in roles["salesperson"]["users"]] == [
        "sam@acme.test"
    ]
    assert ("salesperson", "change_assignee") in grants
    assert ("manager", "manage_policy") not in grants
    assert ("admin", "manage_settings") in grants
    assert {s["recordType"] for s in settings} == {"PERSON", "COMPANY", "DEAL"}
    assert all(s["required"] for s in settings)
    assert all(s["autoRemoveAfterDays"] is None for s in settings)
    assert policy["accountSettings"] == {"showDeletedUsersInFilters": False}
    assert policy["plugins"] == [
        {"name": "assigned_only", "actions": ["change_assignee"], "enabledFor": []}
    ]


async def test_access_policy_forbidden_for_seller(make_caller) -> None:
    _, seller = await admin_and_seller(make_caller)
    assert await seller.error_code(ACCESS_POLICY) == "FORBIDDEN"


@pytest.mark.parametrize(
    ("name", "query", "variables"),
    ADMIN_MUTATIONS,
    ids=[name for name, _, _ in ADMIN_MUTATIONS],
)
async def test_admin_mutation_forbidden_for_seller(
    make_caller, name: str, query: str, variables: dict[str, Any]
) -> None:
    admin, seller = await admin_and_seller(make_caller)
    if "roles" in variables:
        variables = {**variables, "userId": to_global_id("User", seller.user.id)}
    before = await stored_state(admin.account)

    body = await seller.execute(query, **variables)

    assert error_of(body)["extensions"]["code"] == "FORBIDDEN"
    assert await stored_state(admin.account) == before


@pytest.mark.parametrize(
    ("variables", "value"),
    [
        ({"role": "pilot", "action": "claim", **ANY_GRANT}, "pilot"),
        ({"role": "salesperson", "action": "fly", **ANY_GRANT}, "fly"),
        (
            {
                "role": "salesperson",
                "action": "claim",
                "recordType": "ship",
                "objectRole": "*",
            },
            "ship",
        ),
        (
            {
                "role": "salesperson",
                "action": "claim",
                "recordType": "deal",
                "objectRole": "pilot",
            },
            "pilot",
        ),
    ],
    ids=["role", "action", "record type", "object role"],
)
async def test_grant_unknown_value_rejected(
    make_caller, variables: dict[str, Any], value: str
) -> None:
    admin, _ = await admin_and_seller(make_caller)
    before = await stored_state(admin.account)

    error = error_of(await admin.execute(GRANT, **variables))

    assert error["extensions"]["code"] == "VALIDATION"
    assert f"'{value}'" in error["message"]
    assert error["extensions"]["value"] == value
    assert await stored_state(admin.account) == before


async def test_set_roles_unknown_role_rejected(make_caller) -> None:
    admin, seller = await admin_and_seller(make_caller)
    error = error_of(
        await admin.execute(
            SET_ROLES,
            userId=to_global_id("User", seller.user.id),
            roles=["salesperson", "pilot"],
        )
    )
    assert error["extensions"]["code"] == "VALIDATION"
    assert "'pilot'" in error["message"]


async def test_ownership_unknown_values_rejected(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    bad_type = error_of(
        await admin.execute(
            UPDATE_OWNERSHIP, recordType="ship", objectRole="owner", required=False
        )
    )
    bad_role = error_of(
        await admin.execute(
            UPDATE_OWNERSHIP, recordType="deal", objectRole="pilot", required=False
        )
    )
    assert bad_type["extensions"]["code"] == "VALIDATION"
    assert "'ship'" in bad_type["message"]
    assert bad_role["extensions"]["code"] == "VALIDATION"
    assert "'pilot'" in bad_role["message"]


async def test_plugin_unknown_name_rejected(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    error = error_of(
        await admin.execute(
            SET_PLUGIN, plugin="teleport", role="salesperson", enabled=True
        )
    )
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"] == (
        "Unknown policy plugin 'teleport'; use one of assigned_only."
    )


async def test_account_action_needs_any_scope(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    code = await admin.error_code(
        GRANT,
        role="salesperson",
        action="manage_policy",
        recordType="deal",
        objectRole="*",
    )
    assert code == "VALIDATION"


async def test_grant_then_revoke_round_trip(make_caller) -> None:
    admin, seller = await admin_and_seller(make_caller)
    grant = {"role": "salesperson", "action": "manage_settings", **ANY_GRANT}

    await admin.data(GRANT, **grant)
    allowed = await seller.execute(ACCESS_POLICY)
    await admin.data(REVOKE, **grant)
    denied = await seller.execute(ACCESS_POLICY)

    assert "errors" not in allowed
    assert error_of(denied)["extensions"]["code"] == "FORBIDDEN"


async def test_grant_twice_records_once(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    grant = {"role": "manager", "action": "manage_users", **ANY_GRANT}
    await admin.data(GRANT, **grant)
    await admin.data(GRANT, **grant)
    kinds = await PolicyChange.filter(account_id=admin.account.id).values_list(
        "kind", flat=True
    )
    assert kinds == ["grant"]


async def test_revoke_missing_grant_not_found(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    code = await admin.error_code(
        REVOKE, role="manager", action="manage_users", **ANY_GRANT
    )
    assert code == "NOT_FOUND"


async def test_revoke_last_manager_conflict(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    code = await admin.error_code(
        REVOKE, role="admin", action="manage_policy", **ANY_GRANT
    )
    policy = (await admin.data(ACCESS_POLICY))["accessPolicy"]
    assert code == "CONFLICT"
    assert {"role": "admin", "action": "manage_policy", **ANY_GRANT} in policy["grants"]


@pytest.mark.parametrize(
    "action", ["manage_policy", "manage_settings", "manage_users", "undo_batch"]
)
async def test_revoke_last_holder_conflict(make_caller, action: str) -> None:
    admin, _ = await admin_and_seller(make_caller)
    before = await stored_state(admin.account)

    body = await admin.execute(REVOKE, role="admin", action=action, **ANY_GRANT)

    error = error_of(body)
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["permissions"] == [action]
    assert f"no active user with the permission '{action}'" in error["message"]
    assert await stored_state(admin.account) == before


async def test_revoke_with_other_holder_allowed(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await make_caller("mia@acme.test", roles=("manager",))
    await admin.data(GRANT, role="manager", action="manage_users", **ANY_GRANT)

    await admin.data(REVOKE, role="admin", action="manage_users", **ANY_GRANT)

    grants = (await admin.data(ACCESS_POLICY))["accessPolicy"]["grants"]
    assert {"role": "admin", "action": "manage_users", **ANY_GRANT} not in grants
    assert {"role": "manager", "action": "manage_users", **ANY_GRANT} in grants


async def test_revoke_from_deleted_holder_conflict(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    mia = await make_caller("mia@acme.test", roles=("manager",))
    await admin.data(GRANT, role="manager", action="manage_settings", **ANY_GRANT)
    await User.filter(id=mia.user.id).update(deleted_at=utcnow())
    before = await stored_state(admin.account)

    code = await admin.error_code(
        REVOKE, role="admin", action="manage_settings", **ANY_GRANT
    )

    assert code == "CONFLICT"
    assert await stored_state(admin.account) == before


async def test_set_own_roles_keeps_manager(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    code = await admin.error_code(
        SET_ROLES, userId=to_global_id("User", admin.user.id), roles=["manager"]
    )
    assert code == "CONFLICT"


async def test_set_user_roles_changes_roles(make_caller) -> None:
    admin, seller = await admin_and_seller(make_caller)
    data = await admin.data(
        SET_ROLES,
        userId=to_global_id("User", seller.user.id),
        roles=["manager", "salesperson"],
    )
    assert data["setUserRoles"]["roles"] == ["manager", "salesperson"]
    latest = (await admin.data(HISTORY, limit=1))["accessPolicyHistory"][0]
    assert latest["target"] == to_global_id("User", seller.user.id)


async def test_set_roles_of_deleted_user_invalid(make_caller) -> None:
    admin, seller = await admin_and_seller(make_caller)
    await User.filter(id=seller.user.id).update(deleted_at=seller.user.created_at)
    before = await stored_state(admin.account)

    code = await admin.error_code(
        SET_ROLES, userId=to_global_id("User", seller.user.id), roles=["admin"]
    )

    assert code == "VALIDATION"
    assert await stored_state(admin.account) == before


async def test_define_role_then_grant(make_caller) -> None:
    admin, seller = await admin_and_seller(make_caller)
    defined = await admin.data(DEFINE_ROLE, name="auditor")
    await admin.data(GRANT, role="auditor", action="manage_settings", **ANY_GRANT)
    await admin.data(
        SET_ROLES, userId=to_global_id("User", seller.user.id), roles=["auditor"]
    )
    assert defined["defineUserRole"] == {"name": "auditor", "builtin": False}
    assert "errors" not in await seller.execute(ACCESS_POLICY)


async def test_define_role_invalid_name(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    duplicate = await admin.error_code(DEFINE_ROLE, name="admin")
    malformed = await admin.error_code(DEFINE_ROLE, name="Sales Team")
    assert duplicate == "VALIDATION"
    assert malformed == "VALIDATION"


async def test_plugin_enable_listed_in_policy(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    enabled = await admin.data(
        SET_PLUGIN, plugin="assigned_only", role="salesperson", enabled=True
    )
    policy = (await admin.data(ACCESS_POLICY))["accessPolicy"]
    assert enabled["setPolicyPlugin"]["enabledFor"] == ["salesperson"]
    assert policy["plugins"][0]["enabledFor"] == ["salesperson"]
    assert all(not g["action"].startswith("plugin:") for g in policy["grants"])


async def test_required_on_reports_free_records(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await admin.data(
        UPDATE_OWNERSHIP, recordType="deal", objectRole="owner", required=False
    )
    for number in range(3):
        await Deal.create(account_id=admin.account.id, name=f"Free deal {number}")
    await admin.data('mutation { createDeal(input: {name: "Owned"}) { id } }')

    data = await admin.data(
        UPDATE_OWNERSHIP, recordType="deal", objectRole="owner", required=True
    )

    result = data["updateOwnershipSettings"]
    assert result["settings"]["required"] is True
    assert result["freeRecords"] == 3


async def test_ownership_days_validated(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    zero = await admin.error_code(
        UPDATE_OWNERSHIP, recordType="deal", objectRole="owner", autoRemoveAfterDays=0
    )
    warn_alone = await admin.error_code(
        UPDATE_OWNERSHIP, recordType="deal", objectRole="owner", warnBeforeDays=3
    )
    warn_late = await admin.error_code(
        UPDATE_OWNERSHIP,
        recordType="deal",
        objectRole="owner",
        autoRemoveAfterDays=5,
        warnBeforeDays=5,
    )
    assert zero == "VALIDATION"
    assert warn_alone == "VALIDATION"
    assert warn_late == "VALIDATION"


async def test_ownership_partial_update_keeps_rest(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await admin.data(
        UPDATE_OWNERSHIP,
        recordType="person",
        objectRole="owner",
        autoRemoveAfterDays=30,
        warnBeforeDays=7,
    )
    data = await admin.data(
        UPDATE_OWNERSHIP, recordType="person", objectRole="owner", required=False
    )
    settings = data["updateOwnershipSettings"]["settings"]
    assert settings == {
        "recordType": "PERSON",
        "required": False,
        "autoRemoveAfterDays": 30,
        "warnBeforeDays": 7,
    }


async def set_deal_removal(admin: Caller, **days: int | None) -> dict[str, Any]:
    """Update the deal settings of Owner; return the settings."""
    data = await admin.data(
        UPDATE_OWNERSHIP, recordType="deal", objectRole="owner", **days
    )
    return data["updateOwnershipSettings"]["settings"]


async def test_removal_off_clears_warning(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await set_deal_removal(admin, autoRemoveAfterDays=30, warnBeforeDays=5)

    settings = await set_deal_removal(admin, autoRemoveAfterDays=None)

    assert settings["autoRemoveAfterDays"] is None
    assert settings["warnBeforeDays"] is None
    latest = (await admin.data(HISTORY, limit=1))["accessPolicyHistory"][0]
    assert latest["before"]["warnBeforeDays"] == 5
    assert latest["after"]["warnBeforeDays"] is None


async def test_removal_off_with_null_warning(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await set_deal_removal(admin, autoRemoveAfterDays=30, warnBeforeDays=5)

    settings = await set_deal_removal(
        admin, autoRemoveAfterDays=None, warnBeforeDays=None
    )

    assert settings["autoRemoveAfterDays"] is None
    assert settings["warnBeforeDays"] is None


async def assert_days_rejected(admin: Caller, **days: int | None) -> dict[str, Any]:
    """Check that the update fails with VALIDATION and changes nothing."""
    before = await database_digest()

    body = await admin.execute(
        UPDATE_OWNERSHIP, recordType="deal", objectRole="owner", **days
    )

    assert changed_tables(before, await database_digest()) == []
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    return error


async def test_removal_off_with_warning_rejected(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await set_deal_removal(admin, autoRemoveAfterDays=30, warnBeforeDays=5)

    error = await assert_days_rejected(
        admin, autoRemoveAfterDays=None, warnBeforeDays=4
    )

    assert error["extensions"]["field"] == "warnBeforeDays"
    assert error["message"] == (
        "'warnBeforeDays' is 4; it needs 'autoRemoveAfterDays' set to more days "
        "than that."
    )


async def test_removal_below_warning_names_removal(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await set_deal_removal(admin, autoRemoveAfterDays=30, warnBeforeDays=5)

    error = await assert_days_rejected(admin, autoRemoveAfterDays=5)

    assert error["extensions"]["field"] == "autoRemoveAfterDays"
    assert error["message"] == (
        "'autoRemoveAfterDays' is 5; it must be more than the 'warnBeforeDays' "
        "of 5. Send a smaller 'warnBeforeDays' with it, or null to turn the "
        "warning off."
    )


async def test_warning_above_removal_names_warning(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    await set_deal_removal(admin, autoRemoveAfterDays=30, warnBeforeDays=5)

    error = await assert_days_rejected(admin, warnBeforeDays=30)

    assert error["extensions"]["field"] == "warnBeforeDays"


async def test_account_settings_update(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    data = await admin.data(UPDATE_ACCOUNT, show=True)
    await admin.account.refresh_from_db()
    assert data["updateAccountSettings"]["showDeletedUsersInFilters"] is True
    assert admin.account.show_deleted_users_in_filters is True


async def test_history_lists_newest_first(make_caller) -> None:
    admin, seller = await admin_and_seller(make_caller)
    await admin.data(GRANT, role="manager", action="manage_users", **ANY_GRANT)
    await admin.data(
        SET_ROLES, userId=to_global_id("User", seller.user.id), roles=["manager"]
    )
    await admin.data(UPDATE_ACCOUNT, show=True)

    rows = (await admin.data(HISTORY, limit=2))["accessPolicyHistory"]
    older = (await admin.data(HISTORY, limit=2, before=rows[-1]["id"]))[
        "accessPolicyHistory"
    ]

    assert [row["kind"] for row in rows] == ["ACCOUNT_SETTINGS", "USER_ROLES"]
    assert rows[1]["before"] == {"roles": ["salesperson"]}
    assert rows[1]["after"] == {"roles": ["manager"]}
    assert rows[0]["actor"] == {"email": "anna@acme.test"}
    assert [row["kind"] for row in older] == ["GRANT"]
    assert older[0]["after"]["action"] == "manage_users"


async def test_history_limit_validated(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    assert await admin.error_code(HISTORY, limit=0) == "VALIDATION"


async def test_history_forbidden_for_seller(make_caller) -> None:
    _, seller = await admin_and_seller(make_caller)
    assert await seller.error_code(HISTORY, limit=10) == "FORBIDDEN"


UNKNOWN_USER = to_global_id("User", 999_999)
# Invalid arguments of each admin mutation and the argument the error names.
ARGUMENT_ERRORS: list[tuple[str, str, dict[str, Any], str]] = [
    ("grant role", GRANT, {"role": "nobody", "action": "claim", **ANY_GRANT}, "role"),
    ("revoke role", REVOKE, {"role": "nobody", "action": "claim", **ANY_GRANT}, "role"),
    (
        "grant action",
        GRANT,
        {"role": "manager", "action": "teleport", **ANY_GRANT},
        "action",
    ),
    (
        "grant record type",
        GRANT,
        {"role": "manager", "action": "claim", "recordType": "x", "objectRole": "*"},
        "recordType",
    ),
    (
        "grant object role",
        GRANT,
        {"role": "manager", "action": "claim", "recordType": "*", "objectRole": "x"},
        "objectRole",
    ),
    (
        "narrowed record type",
        GRANT,
        {
            "role": "manager",
            "action": "manage_users",
            "recordType": "deal",
            "objectRole": "*",
        },
        "recordType",
    ),
    (
        "narrowed object role",
        GRANT,
        {
            "role": "manager",
            "action": "manage_users",
            "recordType": "*",
            "objectRole": "owner",
        },
        "objectRole",
    ),
    ("set roles role", SET_ROLES, {"roles": ["nobody"]}, "roles"),
    ("set roles user", SET_ROLES, {"userId": UNKNOWN_USER, "roles": []}, "userId"),
    ("set roles bad id", SET_ROLES, {"userId": "xyz", "roles": []}, "userId"),
    ("define role name", DEFINE_ROLE, {"name": "Bad Name"}, "name"),
    ("define taken name", DEFINE_ROLE, {"name": "admin"}, "name"),
    (
        "plugin role",
        SET_PLUGIN,
        {"plugin": "assigned_only", "role": "nobody", "enabled": True},
        "role",
    ),
    (
        "plugin name",
        SET_PLUGIN,
        {"plugin": "nothing", "role": "admin", "enabled": True},
        "plugin",
    ),
    (
        "ownership record type",
        UPDATE_OWNERSHIP,
        {"recordType": "x", "objectRole": "owner", "required": False},
        "recordType",
    ),
    (
        "ownership object role",
        UPDATE_OWNERSHIP,
        {"recordType": "deal", "objectRole": "x", "required": False},
        "objectRole",
    ),
    ("history before", HISTORY, {"limit": 5, "before": "xyz"}, "before"),
    ("history limit", HISTORY, {"limit": 0}, "limit"),
]


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [case[1:] for case in ARGUMENT_ERRORS],
    ids=[case[0] for case in ARGUMENT_ERRORS],
)
async def test_error_names_argument(
    make_caller, query: str, variables: dict[str, Any], field: str
) -> None:
    admin, seller = await admin_and_seller(make_caller)
    if query == SET_ROLES:
        variables = {"userId": to_global_id("User", seller.user.id), **variables}
    before = await stored_state(admin.account)

    error = error_of(await admin.execute(query, **variables))

    assert error["extensions"]["code"] in {"VALIDATION", "NOT_FOUND"}
    assert error["extensions"]["field"] == field
    assert await stored_state(admin.account) == before


async def test_unknown_user_message_global_id(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)

    error = error_of(await admin.execute(SET_ROLES, userId=UNKNOWN_USER, roles=[]))

    assert error["message"] == f"User {UNKNOWN_USER!r} was not found."


async def test_record_type_enum_name_accepted(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    grant = {"role": "salesperson", "action": "claim", "objectRole": "owner"}

    granted = await admin.data(GRANT, recordType="DEAL", **grant)
    settings = await admin.data(
        UPDATE_OWNERSHIP, recordType="PERSON", objectRole="owner", required=False
    )
    revoked = await admin.data(REVOKE, recordType="deal", **grant)

    assert granted["grantPermission"]["recordType"] == "deal"
    assert settings["updateOwnershipSettings"]["settings"]["recordType"] == "PERSON"
    assert revoked["revokePermission"]["role"] == "salesperson"
    mixed = await admin.data(GRANT, recordType="Deal", **grant)
    assert mixed["grantPermission"]["recordType"] == "deal"
    error = error_of(await admin.execute(GRANT, recordType="Dealz", **grant))
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"] == (
        "Unknown record type 'Dealz'; use '*' or one of COMPANY, DEAL, PERSON."
    )


async def test_long_unknown_values_shortened(make_caller) -> None:
    admin, _ = await admin_and_seller(make_caller)
    long = "o" * 5000

    role = error_of(
        await admin.execute(UPDATE_OWNERSHIP, recordType="deal", objectRole=long)
    )
    record_type = error_of(
        await admin.execute(UPDATE_OWNERSHIP, recordType=long, objectRole="owner")
    )

    assert role["extensions"]["field"] == "objectRole"
    assert role["message"].endswith("(5000 characters); use one of owner.")
    assert len(role["extensions"]["value"]) < 300
    assert record_type["extensions"]["code"] == "VALIDATION"
    assert len(record_type["message"]) < 300
