"""Password hashing (argon2) and signed access tokens (JWT, HS256)."""

import asyncio
import functools
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models import User
from steward.clock import utcnow
from steward.errors import Unauthenticated

logger = logging.getLogger(__name__)

_hasher = PasswordHasher()
TOKEN_ALGORITHM = "HS256"
SECRET_FILE_NAME = "secret_key"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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
    """Return the configured secret, or one generated once and kept in `data_dir`."""
    if configured:
        return configured
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret)
    path.chmod(0o600)
    logger.info("generated a new token signing secret in %s", path)
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
        deletion.
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
        # A token signed with the key but not by `issue`, or under a longer
        # lifetime setting, would otherwise stay valid for as long as it says.
        # PyJWT rejects an `iat` in the future itself.
        if lifetime > self.ttl_seconds + CLOCK_SKEW_SECONDS:
            raise Unauthenticated(
                "The token lives longer than this service allows; log in again."
            )

        # The account comes in the same statement, so that a list request reads
        # its setting for deleted users without another one.
        active = User.filter(id=user_id, account_id=account_id, deleted_at__isnull=True)
        user = await active.select_related("account").first()
        if user is None:
            raise Unauthenticated("The token's user no longer exists; log in again.")
        valid_after = user.tokens_valid_after
        if valid_after is not None and issued_at < valid_after.timestamp():
            raise Unauthenticated(
                "The token was issued before the user was deleted; log in again."
            )
        return user


def bearer_token(authorization: str | None) -> str | None:
    """Return the token of an `Authorization: Bearer` header value, if any."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
