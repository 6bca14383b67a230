"""Changing the owner of one record and reading its ownership history."""

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from models import OwnershipHistory
from resolvers.records import forget_assignments, load_record_by_id, user_pk
from schema import types
from steward import ownership
from steward.errors import ValidationFailed

MAX_HISTORY_ROWS = 500


def require_user_argument(value: Any, field: str, null_means: str) -> None:
    """Reject a left-out user argument whose null would remove a user.

    GraphQL lets a client leave out a nullable argument, and an unset variable
    leaves it out too. Where null removes a user, a forgotten argument must not
    do the same, so the argument is required while null stays a valid value.
    """
    if value is strawberry.UNSET:
        raise ValidationFailed(
            f"'{field}' is missing; give a user id, or null to {null_means}.",
            field=field,
        )


async def change_owner(
    info: Info,
    record_id: strawberry.ID,
    owner_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="The new user; null removes the user. Required, even when null."
        ),
    ] = strawberry.UNSET,
    object_role: str | None = None,
) -> types.Record:
    require_user_argument(owner_id, "ownerId", "remove the owner")
    viewer = info.context.viewer
    record = await load_record_by_id(info, record_id)
    role = await ownership.resolve_object_role(viewer.account_id, object_role)
    new_user = None if owner_id is None else user_pk(owner_id)
    await ownership.change_assignee(
        info.context.services.policy, viewer, record, role, new_user
    )
    forget_assignments(info, record)
    await record.refresh_from_db()
    return types.record_to_graphql(record)


async def ownership_history(
    info: Info, record_id: strawberry.ID
) -> list[types.OwnershipChange]:
    record = await load_record_by_id(info, record_id)
    rows = (
        await OwnershipHistory.filter(
            account_id=record.account_id,
            record_type=record.record_type,
            record_id=record.id,
        )
        .order_by("-created_at", "-id")
        .limit(MAX_HISTORY_ROWS)
    )
    return [types.OwnershipChange.from_model(row) for row in rows]
