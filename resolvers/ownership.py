"""Changing the owner of one record and reading its ownership history."""

import strawberry
from strawberry.types import Info

from models import OwnershipHistory
from resolvers.records import forget_assignments, load_record_by_id, user_pk
from schema import types
from steward import ownership

MAX_HISTORY_ROWS = 500


async def change_owner(
    info: Info,
    record_id: strawberry.ID,
    owner_id: strawberry.ID | None,
    object_role: str | None = None,
) -> types.Record:
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
