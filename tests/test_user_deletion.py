"""Deleting users: previews, transfer modes, undo, restore and access afterwards."""

import pytest

from models import Assignment, OwnershipHistory, OwnershipSetting, PolicyChange, User
from schema.ids import to_global_id
from tests.conftest import PASSWORD, Caller
from tests.database_state import database_digest

CREATE_DEAL = "mutation($n: String!) { createDeal(input: {name: $n}) { id } }"
CREATE_PERSON = "mutation($n: String!) { createPerson(input: {name: $n}) { id } }"
PREVIEW = """
query($u: ID!) {
  deleteUserPreview(userId: $u) { recordType objectRole { key } records }
}
"""
DELETE = """
mutation($u: ID!, $t: TransferInput) {
  deleteUser(userId: $u, transfer: $t) {
    transferred freed kept batchId user { isDeleted deletedAt }
  }
}
"""
RESTORE = "mutation($u: ID!) { restoreUser(userId: $u) { isDeleted } }"
ME = "query { me { name } }"
LOGIN = """
mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }
"""
CHANGE_OWNER = """
mutation($r: ID!, $o: ID) { changeOwner(recordId: $r, ownerId: $o) { id } }
"""
BULK = """
mutation($input: BulkChangeOwnerInput!) { bulkChangeOwner(input: $input) { changed } }
"""
UNDO = """
mutation($b: ID!) { undoBulkChange(batchId: $b) { restored conflicts { reason } } }
"""


def gid(user: User) -> str:
    return to_global_id("User", user.id)


async def seed(make_caller) -> tuple[Caller, Caller, Caller]:
    admin = await make_caller("admin@acme.test", roles=("admin",))
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    for i in range(3):
        await bob.data(CREATE_DEAL, n=f"Deal {i}")
    for i in range(2):
        await bob.data(CREATE_PERSON, n=f"Person {i}")
    return admin, bob, carol


async def owned_by(user: User) -> int:
    return await Assignment.filter(user_id=user.id).count()


async def test_preview_counts_per_type(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    rows = (await admin.data(PREVIEW, u=gid(bob.user)))["deleteUserPreview"]
    counts = {(r["recordType"], r["objectRole"]["key"]): r["records"] for r in rows}
    assert counts == {("PERSON", "owner"): 2, ("DEAL", "owner"): 3}
    assert await User.filter(id=bob.user.id, deleted_at__isnull=True).exists()


async def test_preview_of_deleted_user_invalid(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    await admin.data(DELETE, u=gid(bob.user))

    assert await admin.error_code(PREVIEW, u=gid(bob.user)) == "VALIDATION"


async def test_keep_leaves_records_assigned(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    result = (await admin.data(DELETE, u=gid(bob.user)))["deleteUser"]
    assert result["kept"] == 5
    assert result["transferred"] == 0
    assert result["batchId"] is None
    assert result["user"]["isDeleted"] is True
    assert await owned_by(bob.user) == 5


async def test_transfer_to_user_moves_all(make_caller) -> None:
    admin, bob, carol = await seed(make_caller)
    result = (
        await admin.data(
            DELETE, u=gid(bob.user), t={"mode": "TO_USER", "toUserId": gid(carol.user)}
        )
    )["deleteUser"]
    assert result["transferred"] == 5
    assert await owned_by(bob.user) == 0
    assert await owned_by(carol.user) == 5
    reasons = await OwnershipHistory.filter(new_user_id=carol.user.id).values_list(
        "reason", flat=True
    )
    assert set(reasons) == {"user_deleted"}


async def test_transfer_per_record_type(make_caller) -> None:
    admin, bob, carol = await seed(make_caller)
    transfer = {
        "mode": "TO_USER",
        "perRecordType": [{"recordType": "DEAL", "userId": gid(carol.user)}],
    }
    result = (await admin.data(DELETE, u=gid(bob.user), t=transfer))["deleteUser"]
    assert result["transferred"] == 3
    assert result["kept"] == 2
    assert (
        await Assignment.filter(user_id=carol.user.id, record_type="deal").count() == 3
    )
    assert (
        await Assignment.filter(user_id=bob.user.id, record_type="person").count() == 2
    )


async def test_free_needs_optional_role(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    code = await admin.error_code(DELETE, u=gid(bob.user), t={"mode": "FREE"})
    assert code == "OWNER_REQUIRED"
    assert await User.filter(id=bob.user.id, deleted_at__isnull=True).exists()
    assert await owned_by(bob.user) == 5

    await OwnershipSetting.filter(account_id=admin.account.id).update(required=False)
    result = (await admin.data(DELETE, u=gid(bob.user), t={"mode": "FREE"}))[
        "deleteUser"
    ]
    assert result["freed"] == 5
    assert await owned_by(bob.user) == 0


async def test_transfer_can_be_undone(make_caller) -> None:
    admin, bob, carol = await seed(make_caller)
    result = (
        await admin.data(
            DELETE, u=gid(bob.user), t={"mode": "TO_USER", "toUserId": gid(carol.user)}
        )
    )["deleteUser"]
    undone = (await admin.data(UNDO, b=result["batchId"]))["undoBulkChange"]
    # The previous user is deleted, so undo reports every record as a conflict.
    assert undone["restored"] == 0
    assert len(undone["conflicts"]) == 5

    await admin.data(RESTORE, u=gid(bob.user))
    undone = (await admin.data(UNDO, b=result["batchId"]))["undoBulkChange"]
    assert undone["restored"] == 5
    assert await owned_by(bob.user) == 5


async def test_deleted_user_cannot_log_in(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    await admin.data(DELETE, u=gid(bob.user))
    assert await bob.error_code(ME) == "UNAUTHENTICATED"
    anonymous = Caller(bob.client, bob.user, bob.account, token=None)
    code = await anonymous.error_code(LOGIN, e="bob@acme.test", p=PASSWORD)
    assert code == "UNAUTHENTICATED"


async def test_restore_allows_login_again(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    await admin.data(DELETE, u=gid(bob.user))
    restored = (await admin.data(RESTORE, u=gid(bob.user)))["restoreUser"]
    assert restored["isDeleted"] is False
    # The token from before the deletion stays invalid; a new login works.
    assert await bob.error_code(ME) == "UNAUTHENTICATED"
    login = await admin.execute(LOGIN, e="bob@acme.test", p=PASSWORD)
    bob.token = login["data"]["login"]["token"]
    assert (await bob.data(ME))["me"]["name"] == "Bob"


async def test_deleted_user_rejected_as_target(make_caller) -> None:
    admin, bob, carol = await seed(make_caller)
    deal_id = (await carol.data(CREATE_DEAL, n="Carol's deal"))["createDeal"]["id"]
    await admin.data(DELETE, u=gid(bob.user))

    single = await admin.error_code(CHANGE_OWNER, r=deal_id, o=gid(bob.user))
    assert single == "VALIDATION"
    bulk_input = {
        "recordType": "DEAL",
        "selection": {"recordIds": [deal_id]},
        "newUserId": gid(bob.user),
    }
    assert await admin.error_code(BULK, input=bulk_input) == "VALIDATION"
    assert await Assignment.filter(user_id=carol.user.id).count() == 1


async def test_deletion_is_admin_only(make_caller) -> None:
    _, bob, carol = await seed(make_caller)
    assert await carol.error_code(DELETE, u=gid(bob.user)) == "FORBIDDEN"
    assert await carol.error_code(PREVIEW, u=gid(bob.user)) == "FORBIDDEN"
    assert await User.filter(id=bob.user.id, deleted_at__isnull=True).exists()


async def test_deletion_bad_inputs(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    other = await make_caller("zed@other.test")
    assert await admin.error_code(DELETE, u=gid(other.user)) == "NOT_FOUND"
    assert await admin.error_code(DELETE, u="not-an-id") == "NOT_FOUND"
    assert await admin.error_code(DELETE, u=gid(admin.user)) == "VALIDATION"
    transfer = {"mode": "TO_USER", "toUserId": gid(other.user)}
    assert await admin.error_code(DELETE, u=gid(bob.user), t=transfer) == "NOT_FOUND"
    assert await admin.error_code(DELETE, u=gid(bob.user), t={"mode": "TO_USER"}) == (
        "VALIDATION"
    )
    assert await User.filter(id=bob.user.id, deleted_at__isnull=True).exists()
    await admin.data(DELETE, u=gid(bob.user))
    assert await admin.error_code(DELETE, u=gid(bob.user)) == "VALIDATION"


# Transfers whose fields contradict each other, with the field the error names.
CONTRADICTORY_TRANSFERS = {
    "keep with perRecordType": (
        lambda carol: {
            "mode": "KEEP",
            "perRecordType": [{"recordType": "DEAL", "userId": carol}],
        },
        "perRecordType",
    ),
    "keep with toUserId": (
        lambda carol: {"mode": "KEEP", "toUserId": carol},
        "toUserId",
    ),
    "free with toUserId": (
        lambda carol: {"mode": "FREE", "toUserId": carol},
        "toUserId",
    ),
    "free with perRecordType": (
        lambda carol: {
            "mode": "FREE",
            "perRecordType": [{"recordType": "PERSON", "userId": carol}],
        },
        "perRecordType",
    ),
    "record type listed twice": (
        lambda carol: {
            "mode": "TO_USER",
            "perRecordType": [
                {"recordType": "DEAL", "userId": carol},
                {"recordType": "DEAL", "userId": carol},
            ],
        },
        "perRecordType",
    ),
    "toUserId and perRecordType": (
        lambda carol: {
            "mode": "TO_USER",
            "toUserId": carol,
            "perRecordType": [{"recordType": "DEAL", "userId": carol}],
        },
        "perRecordType",
    ),
    "to user without target": (
        lambda carol: {"mode": "TO_USER", "perRecordType": []},
        "toUserId",
    ),
}


@pytest.mark.parametrize(
    ("transfer", "field"),
    CONTRADICTORY_TRANSFERS.values(),
    ids=CONTRADICTORY_TRANSFERS.keys(),
)
async def test_contradictory_transfer_invalid(
    make_caller, transfer, field: str
) -> None:
    admin, bob, carol = await seed(make_caller)
    # Owners optional, so that FREE alone would succeed.
    await OwnershipSetting.filter(account_id=admin.account.id).update(required=False)
    before = await database_digest()

    body = await admin.execute(DELETE, u=gid(bob.user), t=transfer(gid(carol.user)))

    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == field
    assert field in error["message"]
    assert await database_digest() == before


async def test_transfer_to_deleted_user_names_field(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    before = await database_digest()

    to_bob = {"mode": "TO_USER", "toUserId": gid(bob.user)}
    transfer = await admin.execute(DELETE, u=gid(bob.user), t=to_bob)
    yourself = await admin.execute(DELETE, u=gid(admin.user))

    assert transfer["errors"][0]["extensions"] == {
        "code": "VALIDATION",
        "field": "transfer",
    }
    assert yourself["errors"][0]["extensions"] == {
        "code": "VALIDATION",
        "field": "userId",
    }
    assert await database_digest() == before


async def test_deleting_last_admin_conflicts(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    grant = """
    mutation { grantPermission(role: "salesperson", action: "manage_users") { role } }
    """
    await admin.data(grant)

    body = await bob.execute(DELETE, u=gid(admin.user))

    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "manage_policy" in body["errors"][0]["message"]
    assert await User.filter(id=admin.user.id, deleted_at__isnull=True).exists()


async def test_unknown_user_named_by_global_id(make_caller) -> None:
    admin, _, _ = await seed(make_caller)
    missing = to_global_id("User", 999_999)

    body = await admin.execute(DELETE, u=missing)

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert missing in body["errors"][0]["message"]
    assert "999999" not in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["field"] == "userId"


async def test_unknown_transfer_user_field_named(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    transfer = {"mode": "TO_USER", "toUserId": to_global_id("User", 999_999)}

    body = await admin.execute(DELETE, u=gid(bob.user), t=transfer)

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["extensions"]["field"] == "transfer"


HISTORY = """
query { accessPolicyHistory(limit: 2) { kind target before after actor { email } } }
"""


async def test_deletion_and_restore_in_history(make_caller) -> None:
    admin, bob, carol = await seed(make_caller)
    transfer = {"mode": "TO_USER", "toUserId": gid(carol.user)}
    deleted = await admin.data(DELETE, u=gid(bob.user), t=transfer)
    await admin.data(RESTORE, u=gid(bob.user))

    restored, deletion = (await admin.data(HISTORY))["accessPolicyHistory"]

    assert deletion["kind"] == "USER_DELETED"
    assert deletion["target"] == gid(bob.user)
    assert deletion["actor"] == {"email": "admin@acme.test"}
    assert deletion["before"] == {"deleted": False}
    assert deletion["after"] == {
        "deleted": True,
        "mode": "TO_USER",
        "transferred": 5,
        "freed": 0,
        "kept": 0,
        "batchId": deleted["deleteUser"]["batchId"],
    }
    assert restored["kind"] == "USER_RESTORED"
    assert restored["target"] == gid(bob.user)
    assert (restored["before"], restored["after"]) == (
        {"deleted": True},
        {"deleted": False},
    )


async def test_restore_of_active_user_recorded_nowhere(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    before = await PolicyChange.all().count()

    assert await admin.error_code(RESTORE, u=gid(bob.user)) == "VALIDATION"
    assert await PolicyChange.all().count() == before
