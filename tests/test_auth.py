"""Logging in and the token check in front of every operation."""

from typing import Any

import jwt
import pytest
from starlette.applications import Starlette

from models import User
from schema.ids import to_global_id
from steward.auth import TOKEN_ALGORITHM, TokenIssuer
from steward.clock import utcnow
from tests.conftest import PASSWORD, Caller
from tests.operations import (
    CHANGE_OWNER,
    CREATE_DEAL,
    HISTORY,
    NODE,
    UPDATE_DEAL,
    create_deal,
    user_gid,
)

LOGIN = """
mutation($email: String!, $password: String!, $account: String) {
  login(email: $email, password: $password, account: $account) {
    token expiresIn user { id email }
  }
}
"""
ME = "query { me { id email } }"
LOGIN_FAILED = "Invalid email or password."


def operations(deal_id: str, user_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Return one call of each operation that needs a signed-in user."""
    return {
        "me": (ME, {}),
        "users": ("query { users { id } }", {}),
        "deals": ("query { deals { totalCount } }", {}),
        "persons": ("query { persons { totalCount } }", {}),
        "companies": ("query { companies { totalCount } }", {}),
        "node": (NODE, {"id": deal_id}),
        "objectRoles": ("query { objectRoles { key } }", {}),
        "createDeal": (CREATE_DEAL, {"input": {"name": "Intruder deal"}}),
        "updateDeal": (UPDATE_DEAL, {"input": {"id": deal_id, "name": "Renamed"}}),
        "changeOwner": (CHANGE_OWNER, {"recordId": deal_id, "ownerId": user_id}),
        "ownershipHistory": (HISTORY, {"recordId": deal_id}),
    }


async def login(caller: Caller, email: str, password: str, **variables: Any) -> dict:
    return await caller.execute(LOGIN, email=email, password=password, **variables)


async def assert_all_unauthenticated(caller: Caller, anna: Caller) -> None:
    deal = await create_deal(anna, "Guarded deal")
    for name, (query, variables) in operations(deal["id"], user_gid(anna)).items():
        code = await caller.error_code(query, **variables)
        assert code == "UNAUTHENTICATED", f"{name} returned {code}"
    deals = await anna.data("query { deals { edges { node { name owner { id } } } } }")
    assert [edge["node"]["name"] for edge in deals["deals"]["edges"]] == [
        "Guarded deal"
    ]
    assert deals["deals"]["edges"][0]["node"]["owner"]["id"] == user_gid(anna)


def anonymous(anna: Caller, token: str | None) -> Caller:
    return Caller(client=anna.client, user=anna.user, account=anna.account, token=token)


async def test_login_returns_working_token(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await login(anonymous(anna, None), "anna@acme.test", PASSWORD)
    result = body["data"]["login"]
    assert result["user"]["id"] == user_gid(anna)
    assert result["expiresIn"] == 12 * 3600
    me = await anonymous(anna, result["token"]).data(ME)
    assert me["me"]["email"] == "anna@acme.test"


LOGIN_USER_FIELDS = """
mutation($email: String!, $password: String!, $account: String) {
  login(email: $email, password: $password, account: $account) {
    token
    user {
      id name email regionalOffice isDeleted deletedAt roles
      manager { id roles manager { id } }
    }
  }
}
"""


@pytest.mark.parametrize("token", [None, "garbage", "other account"])
async def test_login_user_fields_resolve(make_caller, token: str | None) -> None:
    boss = await make_caller("boss@acme.test", roles=("manager",))
    anna = await make_caller("anna@acme.test", roles=("admin",), manager=boss.user)
    zed = await make_caller("zed@globex.test", roles=("salesperson",))
    sent = zed.token if token == "other account" else token
    body = await anonymous(anna, sent).execute(
        LOGIN_USER_FIELDS, email="anna@acme.test", password=PASSWORD
    )
    assert "errors" not in body, body["errors"]
    result = body["data"]["login"]
    assert result["token"]
    user = result["user"]
    assert user["id"] == user_gid(anna)
    assert user["email"] == "anna@acme.test"
    assert user["isDeleted"] is False
    assert user["roles"] == ["admin"]
    assert user["manager"] == {
        "id": user_gid(boss),
        "roles": ["manager"],
        "manager": None,
    }
    me = await anonymous(anna, result["token"]).data(ME)
    assert me["me"]["id"] == user_gid(anna)


async def test_login_email_ignores_case(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await login(anonymous(anna, None), "  Anna@ACME.test ", PASSWORD)
    assert body["data"]["login"]["user"]["id"] == user_gid(anna)


async def test_login_failures_look_alike(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    wrong_password = await login(anna, "anna@acme.test", "not the password")
    unknown_email = await login(anna, "nobody@acme.test", PASSWORD)
    for body in (wrong_password, unknown_email):
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert body["errors"][0]["message"] == LOGIN_FAILED


async def test_login_rejects_deleted_user(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    await User.filter(id=anna.user.id).update(deleted_at=utcnow())
    body = await login(anna, "anna@acme.test", PASSWORD)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == LOGIN_FAILED


async def test_shared_email_needs_account(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    globex = (await make_caller("zed@globex.test")).account
    other = await make_caller("anna@acme.test", account=globex)

    ambiguous = await login(anna, "anna@acme.test", PASSWORD)
    assert ambiguous["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert ambiguous["errors"][0]["extensions"]["field"] == "account"

    chosen = await login(anna, "ANNA@acme.test", PASSWORD, account="globex")
    assert chosen["data"]["login"]["user"]["id"] == user_gid(other)
    first = await login(anna, "anna@acme.test", PASSWORD, account="acme")
    assert first["data"]["login"]["user"]["id"] == user_gid(anna)


async def test_shared_email_wrong_password(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    globex = (await make_caller("zed@globex.test")).account
    await make_caller("anna@acme.test", account=globex)
    body = await login(anna, "anna@acme.test", "not the password")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == LOGIN_FAILED


async def test_login_unknown_account_slug(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await login(anna, "anna@acme.test", PASSWORD, account="initech")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == LOGIN_FAILED


async def test_no_token_is_unauthenticated(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    await assert_all_unauthenticated(anonymous(anna, None), anna)


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer not.a.token", "Basic YW5uYTpwYXNz", "Bearer " + "x" * 5000],
)
async def test_malformed_header_is_unauthenticated(make_caller, header: str) -> None:
    anna = await make_caller("anna@acme.test")
    response = await anna.client.post(
        "/graphql", json={"query": ME}, headers={"Authorization": header}
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_garbage_token_is_unauthenticated(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    await assert_all_unauthenticated(anonymous(anna, "garbage"), anna)


async def test_foreign_secret_is_unauthenticated(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    forged, _ = TokenIssuer("another-secret-of-sufficient-length-32", 3600).issue(
        anna.user
    )
    await assert_all_unauthenticated(anonymous(anna, forged), anna)


async def test_expired_token_is_unauthenticated(make_caller, app: Starlette) -> None:
    anna = await make_caller("anna@acme.test")
    secret = app.state.services.tokens.secret_key
    # A lifetime of 0 s puts `exp` at the second of issue, and PyJWT 2 rejects a
    # token whose `exp` is not after the current time, so the test needs no sleep.
    expired, _ = TokenIssuer(secret, 0).issue(anna.user)
    await assert_all_unauthenticated(anonymous(anna, expired), anna)
    body = await anonymous(anna, expired).execute(ME)
    assert "expired" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": 1e20}, "lives longer than this service allows"),
        ({"iat": 4e9, "exp": 4e9 + 60}, "invalid"),
        ({"exp": None}, "invalid"),
        ({"sub": str(2**31)}, "invalid"),
        ({"acc": 2**40}, "invalid"),
        ({"sub": "0"}, "invalid"),
    ],
)
async def test_token_claims_out_of_bounds(
    make_caller, app: Starlette, claims: dict[str, Any], message: str
) -> None:
    anna = await make_caller("anna@acme.test")
    tokens = app.state.services.tokens
    now = utcnow().timestamp()
    payload = {
        "sub": str(anna.user.id),
        "acc": anna.account.id,
        "iat": now,
        "exp": now + 60,
        **claims,
    }
    payload = {name: value for name, value in payload.items() if value is not None}
    token = jwt.encode(payload, tokens.secret_key, algorithm=TOKEN_ALGORITHM)

    body = await anonymous(anna, token).execute(ME)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert message in body["errors"][0]["message"]


async def test_deleted_user_token_is_unauthenticated(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    mallory = await make_caller("mallory@acme.test")
    await User.filter(id=mallory.user.id).update(deleted_at=utcnow())
    await assert_all_unauthenticated(mallory, anna)


async def test_token_before_valid_after_rejected(make_caller, app: Starlette) -> None:
    anna = await make_caller("anna@acme.test")
    cutoff = utcnow()
    await User.filter(id=anna.user.id).update(tokens_valid_after=cutoff)
    await anna.user.refresh_from_db()
    fresh, _ = app.state.services.tokens.issue(anna.user)

    body = await anna.execute(ME)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "The token was revoked" in body["errors"][0]["message"]
    me = await anonymous(anna, fresh).data(ME)
    assert me["me"]["id"] == user_gid(anna)


async def test_restored_user_old_token_rejected(make_caller) -> None:
    admin = await make_caller("ada@acme.test", roles=("admin",))
    anna = await make_caller("anna@acme.test")
    await admin.data(
        "mutation($u: ID!) { deleteUser(userId: $u) { kept } }", u=user_gid(anna)
    )
    await admin.data(
        "mutation($u: ID!) { restoreUser(userId: $u) { id } }", u=user_gid(anna)
    )

    body = await anna.execute(ME)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    login_body = await login(anonymous(anna, None), "anna@acme.test", PASSWORD)
    token = login_body["data"]["login"]["token"]
    assert (await anonymous(anna, token).data(ME))["me"]["id"] == user_gid(anna)


async def test_auth_checked_before_input(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    nobody = anonymous(anna, None)
    for query, variables in [
        (NODE, {"id": "xyz"}),
        (HISTORY, {"recordId": "xyz"}),
        (CHANGE_OWNER, {"recordId": "xyz", "ownerId": "xyz"}),
        (UPDATE_DEAL, {"input": {"id": "xyz", "name": ""}}),
        (CREATE_DEAL, {"input": {"name": "", "companyId": "xyz"}}),
    ]:
        assert await nobody.error_code(query, **variables) == "UNAUTHENTICATED"


async def test_users_lists_own_account(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test", manager=anna.user)
    await make_caller("zed@globex.test")
    await User.filter(id=bob.user.id).update(deleted_at=utcnow())
    query = """
    query($all: Boolean!) {
      users(includeDeleted: $all) { id name isDeleted manager { name } roles }
    }
    """
    active = (await anna.data(query, all=False))["users"]
    assert [user["name"] for user in active] == ["Anna"]
    assert active[0]["roles"] == ["salesperson"]
    everyone = (await anna.data(query, all=True))["users"]
    assert [user["name"] for user in everyone] == ["Anna", "Bob"]
    assert everyone[1]["isDeleted"] is True
    assert everyone[1]["manager"] == {"name": "Anna"}


async def test_me_returns_caller(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    me = (await anna.data(ME))["me"]
    assert me == {"id": to_global_id("User", anna.user.id), "email": "anna@acme.test"}
