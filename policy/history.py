"""The record of every change to an account's policy and settings."""

from typing import Any

from models import PolicyChange, PolicyChangeKind
from steward.clock import utcnow
from steward.errors import ValidationFailed

MAX_HISTORY_LIMIT = 200


async def record_change(
    account_id: int,
    actor_id: int | None,
    kind: PolicyChangeKind,
    target: str,
    before: Any,
    after: Any,
) -> PolicyChange:
    """Store one change; call it in the transaction that makes the change."""
    return await PolicyChange.create(
        account_id=account_id,
        actor_id=actor_id,
        kind=kind,
        target=target,
        before=before,
        after=after,
        created_at=utcnow(),
    )


async def list_changes(
    account_id: int, limit: int, before_id: int | None = None
) -> list[PolicyChange]:
    """Return up to `limit` changes, newest first, older than `before_id` if given."""
    if not 1 <= limit <= MAX_HISTORY_LIMIT:
        raise ValidationFailed(
            f"'limit' is {limit}; use 1 to {MAX_HISTORY_LIMIT}.", field="limit"
        )
    query = PolicyChange.filter(account_id=account_id)
    if before_id is not None:
        query = query.filter(id__lt=before_id)
    return await query.order_by("-id").limit(limit)
