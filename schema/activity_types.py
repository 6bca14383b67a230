"""GraphQL types of activities that users log on records."""

from datetime import datetime

import strawberry
from strawberry.types import Info

import models
from schema.ids import to_global_id
from schema.types import RECORD_TYPE_NAMES, User, load_user

ActivityKind = strawberry.enum(models.ActivityKind, name="ActivityKind")


@strawberry.type(description="Something a user did on a record, such as a call.")
class Activity:
    id: strawberry.ID
    record_id: strawberry.ID
    kind: ActivityKind
    note: str | None
    at: datetime = strawberry.field(
        description="When it happened, which may be before it was logged."
    )
    created_at: datetime = strawberry.field(description="When it was logged.")
    user_pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.Activity) -> "Activity":
        type_name = RECORD_TYPE_NAMES[models.RecordType(row.record_type)]
        return cls(
            id=strawberry.ID(to_global_id("Activity", row.id)),
            record_id=strawberry.ID(to_global_id(type_name, row.record_id)),
            kind=row.kind,
            note=row.note,
            at=row.at,
            created_at=row.created_at,
            user_pk=row.user_id,
        )

    @strawberry.field(description="The user who did it.")
    async def user(self, info: Info) -> User | None:
        return await load_user(info, self.user_pk)
