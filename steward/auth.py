"""Password hashing (argon2) and signed access tokens (JWT, HS256)."""

import asyncio
import functools
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models import Account, User
from steward.clock import utcnow
from steward.errors import Unauthenticated, ValidationFailed, counted
from steward.rows import model_from_row, pop_prefixed, select_columns
from steward.sql import Statement, connection

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()
TOKEN_ALGORITHM = "HS256"
MAX_ID = 2**31 - 1
ACCOUNT_PREFIX = "account."
SECRET_FILE_NAME = "secret_key"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str, name: str, field: str | None) -> None:
    """Raise ValidationFailed for a password that is too short, too long or blank.

    `name` names the password in the message, such as "The new password", and
    `field` is the input that carried it.
    """
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"{name} has {counted(len(password), 'character')}; use "
            f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH}.",
            field=field,
        )
    if not password.strip():
        raise ValidationFailed(
            f"{name} is only spaces; choose one with other characters.", field=field
        )


@functools.cache
def dummy_password_hash() -> str:
    """Return a hash of a random password, made once per process."""
    return hash_password(secrets.token_urlsafe(16))


async def check_password(password_hash: str | None, password: str) -> bool:
    """Verify a password in a worker thread, so the event loop serves other requests.

    Without a hash (an unknown user), verify against a dummy hash, so that the
    check takes as long as for a known user and returns False.
    """
    if password_hash is None:
        await asyncio.to_thread(verify_password, dummy_password_hash(), password)
        return False
    return await asyncio.to_thread(verify_password, password_hash, password)


def load_secret_key(configured: str, data_dir: Path) -> str:
    """Return the configured secret, or one generated once and kept in `data_dir`.

    Processes that start at once on an empty data folder all return the secret
    of the first one to create the file.
    """
    if configured:
        return configured
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return read_secret_file(path)
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    if not create_secret_file(path, secret):
        return read_secret_file(path)
    logger.info("generated a new token signing secret in %s", path)
    return secret


def create_secret_file(path: Path, secret: str) -> bool:
    """Write `secret` to a new file at `path`, readable by its owner only.

    Return False, and leave the file as it is, when `path` exists already.
    The secret goes to a temporary file (mode 0600) in the same folder first,
    and a hard link puts it in place, so no process reads a half-written file.
    """
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secret)
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)
    return True


def read_secret_file(path: Path) -> str:
    secret = path.read_text().strip()
    if not secret:
        raise ValueError(
            f"the token signing secret file {path} is empty; delete it to generate "
            "a new secret, or set STEWARD_SECRET_KEY"
        )
    return secret


# Seconds that the clocks of the processes issuing and checking tokens may differ.
CLOCK_SKEW_SECONDS = 60


@dataclass(frozen=True)
class TokenIssuer:
    secret_key: str
    ttl_seconds: int

    def issue(self, user: User) -> tuple[str, int]:
        """Return a signed token for `user` and its lifetime in seconds."""
        now = utcnow()
        claims = {
            "sub": str(user.id),
            "acc": user.account_id,
            # Fractional seconds (allowed by RFC 7519's NumericDate), so that a
            # token issued just after `tokens_valid_after` in the same second stays
            # valid.
            "iat": now.timestamp(),
            "exp": now + timedelta(seconds=self.ttl_seconds),
        }
        token = jwt.encode(claims, self.secret_key, algorithm=TOKEN_ALGORITHM)
        return token, self.ttl_seconds

    async def authenticate(self, token: str) -> User:
        """Return the active user a token was issued to, with the user's account.

        Raises Unauthenticated for an invalid or expired token and for a deleted
        user.

        A token issued before the user's `tokens_valid_after` is rejected, so that
        restoring a deleted user does not revive the tokens issued before the
        deletion, and a password change or signing out everywhere (steward.sessions)
        ends every earlier session.
        """
        try:
            claims = jwt.decode(
                token,
                self.secret_key,
                algorithms=[TOKEN_ALGORITHM],
                options={"require": ["sub", "acc", "exp", "iat"]},
            )
            user_id = int(claims["sub"])
            account_id = int(claims["acc"])
            issued_at = float(claims["iat"])
            lifetime = float(claims["exp"]) - issued_at
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("The token has expired; log in again.") from None
        except (jwt.InvalidTokenError, ValueError, TypeError):
            raise Unauthenticated("The token is invalid; log in again.") from None
        if not (_is_id(user_id) and _is_id(account_id)):
            raise Unauthenticated("The token is invalid; log in again.")
        # A token signed with the key but not by `issue`, or under a longer
        # lifetime setting, would otherwise stay valid until its own `exp`.
        # PyJWT rejects an `iat` in the future itself.
        if lifetime > self.ttl_seconds + CLOCK_SKEW_SECONDS:
            raise Unauthenticated(
                "The token lives longer than this service allows; log in again."
            )

        user = await _active_user(user_id, account_id)
        if user is None:
            raise Unauthenticated(
                "The token's user was deleted or does not exist; log in again."
            )
        if token_revoked(issued_at, user.tokens_valid_after):
            raise Unauthenticated(
                "The token was revoked (the user was deleted, changed the password "
                "or signed out everywhere); log in again."
            )
        return user


def token_revoked(issued_at: float, valid_after: datetime | None) -> bool:
    """Return whether a token with `iat` `issued_at` (Unix seconds) is revoked.

    `valid_after` is the user's `tokens_valid_after`.
    """
    return valid_after is not None and issued_at < valid_after.timestamp()


def bearer_token(authorization: str | None) -> str | None:
    """Return the token of an `Authorization: Bearer` header value, if any."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _is_id(value: int) -> bool:
    """Return whether `value` fits the INT primary keys (32-bit on PostgreSQL)."""
    return 0 < value <= MAX_ID


async def _active_user(user_id: int, account_id: int) -> User | None:
    """Return the user if not deleted, with the account in `user.account`.

    The account comes in the same statement, so that a list request reads its
    setting for deleted users without another one. Raw SQL, because every
    request runs it: with Tortoise's select_related, `authenticate` took about
    0.5 ms of CPU time instead of 0.2 ms (in-process, on SQLite, with the
    request of bench/deals_list.py).
    """
    conn = connection()
    sql = Statement(conn)
    rows = await conn.execute_query_dict(
        f"SELECT {select_columns(User, 'u')}, "
        f"{select_columns(Account, 'a', ACCOUNT_PREFIX)} "
        'FROM "user" u JOIN account a ON a.id = u.account_id '
        f"WHERE u.id = {sql.param(user_id)} "
        f"AND u.account_id = {sql.param(account_id)} AND u.deleted_at IS NULL",
        sql.params,
    )
    if not rows:
        return None
    row = rows[0]
    account = model_from_row(Account, pop_prefixed(row, ACCOUNT_PREFIX))
    user = model_from_row(User, row)
    # Where Tortoise's select_related keeps a related model (Tortoise 1.1), so
    # that `user.account` returns it without a query.
    object.__setattr__(user, "_account", account)
    return user
