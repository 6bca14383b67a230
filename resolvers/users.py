"""Signing in and reading the users of the caller's account."""

import logging

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.types import Info

from models import Account, User
from resolvers.context import Context
from schema import types
from steward import sessions
from steward.accounts import normalize_email
from steward.auth import MAX_PASSWORD_LENGTH, check_password
from steward.errors import Unauthenticated, ValidationFailed

logger = logging.getLogger(__name__)

LOGIN_FAILED = "Invalid email or password."
# Maximum users whose password one login checks when its email is used in several
# accounts. One argon2 check with argon2-cffi's default parameters took about
# 0.1 s of CPU on a development machine, so the limit keeps a login cheap.
# NOTE: a password that matches only a user beyond this limit (by id) is
# rejected unless the login gives the account's slug.
MAX_LOGIN_CANDIDATES = 2
MAX_EMAIL_LENGTH = User._meta.fields_map["email"].max_length
MAX_SLUG_LENGTH = Account._meta.fields_map["slug"].max_length


def client_address(request: Request | WebSocket | None) -> str | None:
    client = getattr(request, "client", None)
    return client.host if client is not None else None


def check_login_input(email: str, password: str) -> None:
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationFailed(
            f"'email' is longer than {MAX_EMAIL_LENGTH} characters.", field="email"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"'password' is longer than {MAX_PASSWORD_LENGTH} characters.",
            field="password",
        )


def sign_in(context: Context, user: User) -> None:
    context.user = user
    context.auth_error = None
    context.renew_loaders()


async def login(
    info: Info, email: str, password: str, account: str | None = None
) -> types.LoginResult:
    """Check a user's password and return a signed token.

    `account` is the account's slug; it is needed only when the email is used in
    several accounts. The password is checked before that, so a caller without
    it cannot tell whether an email exists in one account, several or none.

    The signed-in user becomes the request's viewer, so the fields of the
    returned user (and any later field of the same operation) resolve for them,
    whatever token the request carried.
    """
    email = normalize_email(email)
    check_login_input(email, password)
    services = info.context.services
    client = client_address(info.context.request)
    await services.login_limiter.attempt(email, client)

    query = User.filter(email=email, deleted_at__isnull=True)
    if account is not None:
        # Tortoise rejects a filter value longer than its column.
        fits = len(account) <= MAX_SLUG_LENGTH
        found = await Account.get_or_none(slug=account) if fits else None
        query = query.filter(account_id=found.id if found else 0)
    candidates = await query.order_by("id").limit(MAX_LOGIN_CANDIDATES)
    if not candidates:
        await check_password(None, password)
    matching = [
        user
        for user in candidates
        if await check_password(user.password_hash, password)
    ]
    if not matching:
        logger.info("failed login for %s from %s", email, client)
        raise Unauthenticated(LOGIN_FAILED)

    if len(candidates) > 1:
        raise ValidationFailed(
            "This email is used in several accounts; give the account's slug.",
            field="account",
        )
    user = matching[0]
    await services.login_limiter.succeeded(email, client)
    logger.info("user %s logged in to account %s", user.id, user.account_id)
    return _signed_in(info, user)


async def change_password(
    info: Info, current_password: str, new_password: str
) -> types.LoginResult:
    """Set a new password and end every session; return a new token.

    Each call counts as a login attempt of the user's email and the client, so a
    stolen token cannot guess the password faster than a login could.
    """
    user = info.context.viewer
    limiter = info.context.services.login_limiter
    client = client_address(info.context.request)
    await limiter.attempt(user.email, client)
    await sessions.change_password(user, current_password, new_password)
    await limiter.succeeded(user.email, client)
    return _signed_in(info, user)


async def sign_out_everywhere(info: Info) -> bool:
    """Revoke every token of the caller, this request's included."""
    await sessions.end_sessions(info.context.viewer)
    return True


def _signed_in(info: Info, user: User) -> types.LoginResult:
    token, ttl = info.context.services.tokens.issue(user)
    sign_in(info.context, user)
    return types.LoginResult(
        token=token, expires_in=ttl, user=types.User.from_model(user)
    )


async def me(info: Info) -> types.User:
    return types.User.from_model(info.context.viewer)


async def users(info: Info, include_deleted: bool = False) -> list[types.User]:
    viewer = info.context.viewer
    query = User.filter(account_id=viewer.account_id)
    if not include_deleted:
        query = query.filter(deleted_at__isnull=True)
    rows = await query.order_by("name", "id")
    return [types.User.from_model(row) for row in rows]
