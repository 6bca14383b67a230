"""Types of user deletion and ownership statistics."""

from decimal import Decimal
from enum import Enum

import strawberry
from strawberry.types import Info

from schema.types import ObjectRole, RecordType, User, load_user
from steward import stats


@strawberry.enum
class TransferMode(Enum):
    KEEP = "keep"
    TO_USER = "to_user"
    FREE = "free"


@strawberry.input
class RecordTypeTarget:
    record_type: RecordType
    user_id: strawberry.ID


@strawberry.input(description="What happens to the records of a deleted user.")
class TransferInput:
    mode: TransferMode = TransferMode.KEEP
    to_user_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="TO_USER only: the user receiving records of every type; not "
        "with perRecordType.",
    )
    per_record_type: list[RecordTypeTarget] | None = strawberry.field(
        default=None,
        description="TO_USER only: a receiving user per record type, each type at "
        "most once; types left out stay with the deleted user. Not with toUserId.",
    )


@strawberry.type(description="Records a user holds in one object role of one type.")
class HeldRecords:
    record_type: RecordType
    object_role: ObjectRole
    records: int


@strawberry.type
class DeleteUserResult:
    user: User
    transferred: int
    freed: int
    kept: int
    batch_id: strawberry.ID | None = strawberry.field(
        description="History batch of the transfer, for undoBulkChange."
    )


@strawberry.type(
    description="Ownership counts of one assignee, of deleted users, or of free "
    "records."
)
class AssigneeStats:
    records: int
    open_deals: int = strawberry.field(
        description="Deals in PROSPECTING or ENGAGING. They have no value to sum, "
        "because a deal's value is set when it is won or lost."
    )
    won_deals: int
    won_value: Decimal = strawberry.field(description="Sum of the won deals' values.")
    lost_deals: int
    lost_value: Decimal = strawberry.field(description="Sum of the lost deals' values.")
    user_pk: strawberry.Private[int | None]

    @strawberry.field(
        description="The assignee; null for the row of free records and for the row "
        "of deleted users."
    )
    async def user(self, info: Info) -> User | None:
        if self.user_pk == stats.DELETED_USERS:
            return None
        return await load_user(info, self.user_pk)

    @strawberry.field(
        description="True for the row that sums the records held by deleted users, "
        "present when the account hides deleted users in filters."
    )
    def deleted_users(self) -> bool:
        return self.user_pk == stats.DELETED_USERS
