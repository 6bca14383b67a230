"""Changing the password and signing out everywhere end every earlier session."""

from typing import Any

from starlette.applications import Starlette

from models import User
from tests.conftest import PASSWORD, Caller
from tests.test_auth import ME, anonymous

CHANGE = """
mutation($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) {
    token expiresIn user { email }
  }
}
"""
LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { token }
}
"""
SIGN_OUT = "mutation { signOutEverywhere }"
NEW_PASSWORD = "a new password of some length"


async def login_code(caller: Caller, password: str) -> str | None:
    body = await anonymous(caller, None).execute(
        LOGIN, email=caller.user.email, password=password
    )
    errors: list[dict[str, Any]] = body.get("errors") or []
    return errors[0]["extensions"]["code"] if errors else None


async def test_change_password_ends_old_sessions(make_caller) -> None:
    anna = await make_caller("anna@acme.test")

    changed = (await anna.data(CHANGE, current=PASSWORD, new=NEW_PASSWORD))[
        "changePassword"
    ]

    assert changed["user"] == {"email": "anna@acme.test"}
    assert await anna.error_code(ME) == "UNAUTHENTICATED"
    me = await anonymous(anna, changed["token"]).data(ME)
    assert me["me"]["email"] == "anna@acme.test"
    assert await login_code(anna, PASSWORD) == "UNAUTHENTICATED"
    assert await login_code(anna, NEW_PASSWORD) is None


async def test_wrong_current_password_changes_nothing(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    before = await User.get(id=anna.user.id)

    body = await anna.execute(CHANGE, current="not the password", new=NEW_PASSWORD)

    assert body["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert body["errors"][0]["extensions"]["field"] == "currentPassword"
    assert body["errors"][0]["message"] == "The current password is wrong."
    after = await User.get(id=anna.user.id)
    assert after.password_hash == before.password_hash
    assert after.tokens_valid_after == before.tokens_valid_after
    assert (await anna.data(ME))["me"]["email"] == "anna@acme.test"


async def test_unfit_new_passwords_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")

    spaces = await anna.execute(CHANGE, current=PASSWORD, new=" " * 12)
    same = await anna.execute(CHANGE, current=PASSWORD, new=PASSWORD)

    assert spaces["errors"][0]["extensions"]["field"] == "newPassword"
    assert "only spaces" in spaces["errors"][0]["message"]
    assert same["errors"][0]["extensions"]["field"] == "newPassword"
    assert "is the current one" in same["errors"][0]["message"]
    assert (await anna.data(ME))["me"]["email"] == "anna@acme.test"


async def test_password_guesses_rate_limited(make_caller, app: Starlette) -> None:
    anna = await make_caller("anna@acme.test")
    limit = app.state.services.login_limiter.per_email

    codes = [
        await anna.error_code(CHANGE, current=f"guess {n}", new=NEW_PASSWORD)
        for n in range(limit + 1)
    ]
    right = await anna.error_code(CHANGE, current=PASSWORD, new=NEW_PASSWORD)

    assert codes[:limit] == ["VALIDATION"] * limit
    assert codes[limit] == "RATE_LIMITED"
    assert right == "RATE_LIMITED"
    assert await login_code(anna, PASSWORD) == "RATE_LIMITED"


async def test_short_new_password_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    before = await User.get(id=anna.user.id)

    body = await anna.execute(CHANGE, current=PASSWORD, new="short")

    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "newPassword"
    assert error["message"] == "The new password has 5 characters; use 8 to 1024."
    after = await User.get(id=anna.user.id)
    assert after.password_hash == before.password_hash
    assert await login_code(anna, PASSWORD) is None


async def test_sign_out_everywhere_revokes_tokens(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")

    assert await anna.data(SIGN_OUT) == {"signOutEverywhere": True}

    body = await anna.execute(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "The token was revoked" in body["errors"][0]["message"]
    assert (await bob.data(ME))["me"]["email"] == "bob@acme.test"
    assert await login_code(anna, PASSWORD) is None


async def test_sign_out_needs_a_token(make_caller) -> None:
    anna = await make_caller("anna@acme.test")

    code = await anonymous(anna, None).error_code(SIGN_OUT)

    assert code == "UNAUTHENTICATED"


async def test_other_account_twin_untouched(make_caller) -> None:
    """The same email in another account keeps its password and tokens."""
    anna = await make_caller("anna@acme.test")
    globex = (await make_caller("boss@globex.test")).account
    twin = await make_caller("anna@acme.test", account=globex)
    before = await User.get(id=twin.user.id)

    changed = await anna.data(CHANGE, current=PASSWORD, new=NEW_PASSWORD)
    renewed = Caller(
        anna.client, anna.user, anna.account, changed["changePassword"]["token"]
    )
    signed_out = await renewed.data(SIGN_OUT)

    after = await User.get(id=twin.user.id)
    assert signed_out == {"signOutEverywhere": True}
    assert after.password_hash == before.password_hash
    assert after.tokens_valid_after == before.tokens_valid_after
    assert (await twin.data(ME))["me"]["email"] == "anna@acme.test"
