"""Listing and defining the object roles of the caller's account."""

from strawberry.types import Info

from models import ObjectRole, RecordType
from schema import bulk_types, types
from steward import object_roles


def _types(data: bulk_types.ObjectRoleInput) -> list[RecordType]:
    return [RecordType(t.value) for t in data.record_types]


async def list_object_roles(info: Info) -> list[types.ObjectRole]:
    rows = await ObjectRole.filter(account_id=info.context.viewer.account_id).order_by(
        "id"
    )
    return [types.ObjectRole.from_model(row) for row in rows]


async def define_object_role(
    info: Info, input: bulk_types.ObjectRoleInput
) -> types.ObjectRole:
    role = await object_roles.define_object_role(
        info.context.services.policy,
        info.context.viewer,
        input.key,
        input.name,
        _types(input),
    )
    return types.ObjectRole.from_model(role)


async def update_object_role(
    info: Info, input: bulk_types.ObjectRoleInput
) -> types.ObjectRole:
    role = await object_roles.update_object_role(
        info.context.services.policy,
        info.context.viewer,
        input.key,
        input.name,
        _types(input),
    )
    return types.ObjectRole.from_model(role)


async def delete_object_role(info: Info, key: str) -> bool:
    await object_roles.delete_object_role(
        info.context.services.policy, info.context.viewer, key
    )
    return True
