"""Ending a user's sessions: a password change, or signing out everywhere.

Tokens are signed and checked without a database lookup of their own, so a token
cannot be deleted. Instead the user's `tokens_valid_after` moves to now, and
TokenIssuer.authenticate rejects every token issued before it. A TOKENS_REVOKED
outbox event makes every API process close the user's open websockets.
"""

import asyncio
import logging
from typing import Any

from tortoise.transactions import in_transaction

from models import OutboxEventKind, User
from steward.auth import (
    MAX_PASSWORD_LENGTH,
    check_password,
    check_password_rules,
    hash_password,
)
from steward.clock import utcnow
from steward.errors import ValidationFailed
from steward.outbox import queue_events

logger = logging.getLogger(__name__)

WRONG_PASSWORD = "The current password is wrong."


async def end_sessions(user: User, **changes: Any) -> None:
    """Revoke every token of `user` issued until now, and close their websockets.

    `changes` are further fields of the user to set in the same transaction.
    """
    now = utcnow()
    async with in_transaction():
        await User.filter(id=user.id).update(tokens_valid_after=now, **changes)
        await queue_events(
            user.account_id,
            OutboxEventKind.TOKENS_REVOKED,
            # Sockets opened with a token issued after `now` stay open.
            [{"user_id": user.id, "valid_after": now.timestamp()}],
            now,
        )
    user.update_from_dict({"tokens_valid_after": now, **changes})
    logger.info("ended the sessions of user %s", user.id)


def check_new_password(password: str, current: str) -> None:
    check_password_rules(password, "The new password", "newPassword")
    if password == current:
        raise ValidationFailed(
            "The new password is the current one; choose a different password.",
            field="newPassword",
        )


async def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one, and end all sessions.

    Raises ValidationFailed when `current` is wrong (not Unauthenticated, which
    clients take as the end of their session) or `new` is unfit; either changes
    nothing.
    """
    if len(current) > MAX_PASSWORD_LENGTH or not await check_password(
        user.password_hash, current
    ):
        logger.info("user %s gave a wrong current password", user.id)
        raise ValidationFailed(WRONG_PASSWORD, field="currentPassword")
    check_new_password(new, current)
    password_hash = await asyncio.to_thread(hash_password, new)
    await end_sessions(user, password_hash=password_hash)
    logger.info("user %s changed their password", user.id)
