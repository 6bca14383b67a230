"""GraphQL types of notifications."""

from datetime import datetime

import strawberry
from strawberry.types import Info

import models
from schema.ids import to_global_id
from schema.types import (
    RECORD_TYPE_NAMES,
    AssignmentReason,
    ObjectRole,
    User,
    load_user,
)

NotificationKind = strawberry.enum(
    models.NotificationKind,
    name="NotificationKind",
    description="ASSIGNED and REMOVED: records you gained or lost. EXPIRY_WARNING: "
    "records you lose soon unless you log activity on them. REPORT_EXPIRED: "
    "records of a user who reports to you that expired.",
)


@strawberry.type(
    description="A message to the caller about records of one object role."
)
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    record_count: int = strawberry.field(description="How many records it is about.")
    record_ids: list[strawberry.ID] = strawberry.field(
        description="A sample of up to 5 of the records."
    )
    reason: AssignmentReason | None = strawberry.field(
        description="Why the records changed; INACTIVITY for expiry."
    )
    batch_id: strawberry.ID | None = strawberry.field(
        description="The batch of the changes, which undoBulkChange takes."
    )
    expires_at: datetime | None = strawberry.field(
        description="EXPIRY_WARNING: when the first of the records expires."
    )
    records_kept: bool = strawberry.field(
        description="The object role is required, so records stay with their user "
        "when they expire and only the manager is told. On an EXPIRY_WARNING it says "
        "that this will happen."
    )
    created_at: datetime
    updated_at: datetime = strawberry.field(
        description="When a bulk job running in chunks last added records to it."
    )
    read_at: datetime | None
    object_role_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]
    assignee_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.Notification) -> "Notification":
        record_ids = [
            strawberry.ID(
                to_global_id(RECORD_TYPE_NAMES[models.RecordType(type_)], record_id)
            )
            for type_, record_id in row.records
        ]
        return cls(
            id=strawberry.ID(to_global_id("Notification", row.id)),
            kind=row.kind,
            record_count=row.record_count,
            record_ids=record_ids,
            reason=AssignmentReason(row.reason.value) if row.reason else None,
            batch_id=strawberry.ID(str(row.batch_id)) if row.batch_id else None,
            expires_at=row.expires_at,
            records_kept=row.records_kept,
            created_at=row.created_at,
            updated_at=row.updated_at,
            read_at=row.read_at,
            object_role_pk=row.object_role_id,
            actor_pk=row.actor_id,
            assignee_pk=row.assignee_id,
        )

    @strawberry.field
    def read(self) -> bool:
        return self.read_at is not None

    @strawberry.field
    async def object_role(self, info: Info) -> ObjectRole:
        row = await info.context.loaders.object_roles.load(self.object_role_pk)
        return ObjectRole.from_model(row)

    @strawberry.field(description="Who made the change; null for the system.")
    async def actor(self, info: Info) -> User | None:
        return await load_user(info, self.actor_pk)

    @strawberry.field(
        description="REPORT_EXPIRED: the user who reports to you and held the records."
    )
    async def assignee(self, info: Info) -> User | None:
        return await load_user(info, self.assignee_pk)


@strawberry.type
class MarkNotificationsReadResult:
    marked: int = strawberry.field(description="Notifications that were unread.")
    unread_count: int
