"""GraphQL object types. Relations resolve through the request's DataLoaders."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Generic, TypeVar

import strawberry
from strawberry.types import Info

import models
from models.ownership import OWNER_ROLE_KEY
from schema.execution import LOADED_INTO, NOT_LOADED
from schema.ids import to_global_id
from steward.expiry import deadline
from steward.global_ids import RECORD_TYPE_NAMES

NodeType = TypeVar("NodeType")

DealStage = strawberry.enum(models.DealStage, name="DealStage")


@strawberry.enum
class RecordType(Enum):
    PERSON = "person"
    COMPANY = "company"
    DEAL = "deal"


@strawberry.enum
class AssignmentReason(Enum):
    MANUAL = "manual"
    BULK = "bulk"
    CLAIM = "claim"
    INACTIVITY = "inactivity"
    USER_DELETED = "user_deleted"
    IMPORT = "import"
    UNDO = "undo"
    CREATE = "create"


@strawberry.interface(description="An object with a global ID.")
class Node:
    id: strawberry.ID


@strawberry.type(description="A user of the caller's account.")
class User(Node):
    id: strawberry.ID
    name: str
    email: str
    regional_office: str | None
    is_deleted: bool
    deleted_at: datetime | None
    manager_pk: strawberry.Private[int | None]
    pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.User) -> "User":
        return cls(
            id=strawberry.ID(to_global_id("User", row.id)),
            name=row.name,
            email=row.email,
            regional_office=row.regional_office,
            is_deleted=row.deleted_at is not None,
            deleted_at=row.deleted_at,
            manager_pk=row.manager_id,
            pk=row.id,
        )

    @strawberry.field(description="User roles that decide the user's permissions.")
    async def roles(self, info: Info) -> list[str]:
        context = info.context
        return await context.services.policy.user_roles(
            context.viewer.account_id, self.pk
        )

    @strawberry.field
    async def manager(self, info: Info) -> "User | None":
        return await load_user(info, self.manager_pk)


async def load_user(info: Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    row = await info.context.loaders.users.load(user_id)
    return User.from_model(row) if row else None


@strawberry.type(description="A role a user can hold on a record, such as Owner.")
class ObjectRole(Node):
    id: strawberry.ID
    key: str
    name: str
    record_types: list[RecordType]
    builtin: bool

    @classmethod
    def from_model(cls, row: models.ObjectRole) -> "ObjectRole":
        return cls(
            id=strawberry.ID(to_global_id("ObjectRole", row.id)),
            key=row.key,
            name=row.name,
            record_types=[RecordType(t) for t in row.record_types],
            builtin=row.builtin,
        )


@strawberry.type(description="A user holding an object role on a record.")
class Assignment:
    started_at: datetime
    last_activity_at: datetime
    user_pk: strawberry.Private[int]
    object_role_pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.Assignment) -> "Assignment":
        return cls(
            started_at=row.started_at,
            last_activity_at=row.last_activity_at,
            user_pk=row.user_id,
            object_role_pk=row.object_role_id,
        )

    @strawberry.field
    async def user(self, info: Info) -> User:
        user = await load_user(info, self.user_pk)
        assert user is not None, "assignments reference users of the same account"
        return user

    @strawberry.field
    async def object_role(self, info: Info) -> ObjectRole:
        row = await info.context.loaders.object_roles.load(self.object_role_pk)
        return ObjectRole.from_model(row)


@strawberry.interface(description="A CRM record whose users hold object roles on it.")
class Record(Node):
    id: strawberry.ID
    name: str
    created_at: datetime
    updated_at: datetime
    pk: strawberry.Private[int]
    record_type: strawberry.Private[models.RecordType]
    created_by_pk: strawberry.Private[int | None]
    loaded_owner: strawberry.Private["User | None"] = NOT_LOADED
    """The owner as a list loaded it, which `owner` returns without running."""

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        return await load_user(info, self.created_by_pk)

    @strawberry.field(description="All users holding an object role on the record.")
    async def assignments(self, info: Info) -> list[Assignment]:
        rows = await info.context.loaders.assignments.load((self.record_type, self.pk))
        return [Assignment.from_model(row) for row in rows]

    @strawberry.field(
        description="The user holding the Owner role, null when free.",
        metadata={LOADED_INTO: "loaded_owner"},
    )
    def owner(self, info: Info) -> User | None:
        # The executor returns `loaded_owner` where a list set it. Otherwise
        # this is synchronous where the request loaded the record's owner, and
        # elsewhere it returns a coroutine, which graphql-core awaits.
        loaders = info.context.loaders
        key = (self.record_type, self.pk)
        if key not in loaders.owners:
            return self._load_owner(info)  # type: ignore[return-value]
        row = loaders.owners[key]
        return User.from_model(row) if row else None

    async def _load_owner(self, info: Info) -> User | None:
        row = await info.context.loaders.owner((self.record_type, self.pk))
        return User.from_model(row) if row else None

    @strawberry.field(
        description="When the owner's assignment expires: their last activity on the "
        "record (or the type's autoRemoveSince, if later) plus the type's "
        "autoRemoveAfterDays. The owner is then removed, or "
        "where the Owner role is required, stays and their manager is told. Null "
        "when the record is free or the type has no autoRemoveAfterDays."
    )
    async def assignee_expires_at(self, info: Info) -> datetime | None:
        loaders = info.context.loaders
        role = await loaders.object_role_by_key(OWNER_ROLE_KEY)
        if role is None:
            return None
        rows = await loaders.assignments.load((self.record_type, self.pk))
        held = [row for row in rows if row.object_role_id == role.id]
        if not held:
            return None
        setting = await loaders.ownership_settings.load((self.record_type, role.id))
        if setting is None or setting.auto_remove_after_days is None:
            return None
        return deadline(
            held[0].last_activity_at,
            setting.auto_remove_after_days,
            setting.auto_remove_since,
        )


def _record_fields(row: models.records.RecordModel, type_name: str) -> dict:
    return {
        "id": strawberry.ID(to_global_id(type_name, row.id)),
        "name": row.name,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "pk": row.id,
        "record_type": row.record_type,
        "created_by_pk": row.created_by_id,
    }


@strawberry.type(description="A customer organisation.")
class Company(Record):
    sector: str | None
    year_established: int | None
    revenue: Decimal | None = strawberry.field(
        description="Annual revenue in millions of US dollars."
    )
    employees: int | None
    office_location: str | None
    parent_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.Company) -> "Company":
        return cls(
            **_record_fields(row, "Company"),
            sector=row.sector,
            year_established=row.year_established,
            revenue=row.revenue,
            employees=row.employees,
            office_location=row.office_location,
            parent_pk=row.parent_id,
        )

    @strawberry.field(description="The company this one is a subsidiary of.")
    async def parent(self, info: Info) -> "Company | None":
        return await load_company(info, self.parent_pk)


async def load_company(info: Info, company_id: int | None) -> Company | None:
    if company_id is None:
        return None
    row = await info.context.loaders.companies.load(company_id)
    return Company.from_model(row) if row else None


@strawberry.type(description="A contact person.")
class Person(Record):
    email: str | None
    phone: str | None
    title: str | None
    company_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.Person) -> "Person":
        return cls(
            **_record_fields(row, "Person"),
            email=row.email,
            phone=row.phone,
            title=row.title,
            company_pk=row.company_id,
        )

    @strawberry.field
    async def company(self, info: Info) -> Company | None:
        return await load_company(info, self.company_pk)


@strawberry.type(description="A sales opportunity.")
class Deal(Record):
    external_id: str | None
    product: str | None
    stage: DealStage
    value: Decimal | None = strawberry.field(
        description="Closed value; null while the deal is open."
    )
    engage_date: date | None
    close_date: date | None
    company_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.Deal) -> "Deal":
        return cls(
            **_record_fields(row, "Deal"),
            external_id=row.external_id,
            product=row.product,
            stage=row.stage,
            value=row.value,
            engage_date=row.engage_date,
            close_date=row.close_date,
            company_pk=row.company_id,
        )

    @strawberry.field
    async def company(self, info: Info) -> Company | None:
        return await load_company(info, self.company_pk)


RECORD_GRAPHQL_TYPES: dict[models.RecordType, type] = {
    models.RecordType.PERSON: Person,
    models.RecordType.COMPANY: Company,
    models.RecordType.DEAL: Deal,
}


def record_to_graphql(row: models.records.RecordModel) -> Person | Company | Deal:
    return RECORD_GRAPHQL_TYPES[row.record_type].from_model(row)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeType]):
    cursor: str
    node: NodeType


@strawberry.type
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="One change of the user holding an object role.")
class OwnershipChange:
    record_id: strawberry.ID
    record_type: RecordType
    reason: AssignmentReason
    batch_id: strawberry.ID
    created_at: datetime
    object_role_pk: strawberry.Private[int]
    previous_user_pk: strawberry.Private[int | None]
    new_user_pk: strawberry.Private[int | None]
    actor_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.OwnershipHistory) -> "OwnershipChange":
        record_type = models.RecordType(row.record_type)
        return cls(
            record_id=strawberry.ID(
                to_global_id(RECORD_TYPE_NAMES[record_type], row.record_id)
            ),
            record_type=RecordType(record_type.value),
            reason=AssignmentReason(row.reason.value),
            batch_id=strawberry.ID(str(row.batch_id)),
            created_at=row.created_at,
            object_role_pk=row.object_role_id,
            previous_user_pk=row.previous_user_id,
            new_user_pk=row.new_user_id,
            actor_pk=row.actor_id,
        )

    @strawberry.field
    async def object_role(self, info: Info) -> ObjectRole:
        row = await info.context.loaders.object_roles.load(self.object_role_pk)
        return ObjectRole.from_model(row)

    @strawberry.field
    async def previous_user(self, info: Info) -> User | None:
        return await load_user(info, self.previous_user_pk)

    @strawberry.field
    async def new_user(self, info: Info) -> User | None:
        return await load_user(info, self.new_user_pk)

    @strawberry.field(description="The user who made the change; null for the system.")
    async def actor(self, info: Info) -> User | None:
        return await load_user(info, self.actor_pk)


@strawberry.type
class LoginResult:
    token: str
    expires_in: int = strawberry.field(description="Seconds until the token expires.")
    user: User
