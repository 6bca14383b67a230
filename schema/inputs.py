"""GraphQL input types and enums of arguments."""

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from schema.types import DealStage
from steward.field_checks import EARLIEST_DATE, LATEST_DATE


@strawberry.input(
    description="Restricts a list to records by who holds an object role."
)
class OwnerFilter:
    user_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Records held by any of these users."
    )
    me: bool = strawberry.field(
        default=False, description="Records held by the caller."
    )
    none: bool = strawberry.field(
        default=False, description="Records no user holds in the object role."
    )
    object_role: str | None = strawberry.field(
        default=None, description="Key of the object role; Owner when omitted."
    )


def expires_within_days_field() -> Any:
    """Return a new `expiresWithinDays` filter field; each input needs its own."""
    return strawberry.field(
        default=None,
        description="Records whose owner's assignment expires within this many "
        "days, or has expired (see assigneeExpiresAt).",
    )


@strawberry.input
class PersonFilter:
    owner: OwnerFilter | None = None
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text contained in the name."
    )
    company_id: strawberry.ID | None = None
    expires_within_days: int | None = expires_within_days_field()


@strawberry.input
class CompanyFilter:
    owner: OwnerFilter | None = None
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text contained in the name."
    )
    expires_within_days: int | None = expires_within_days_field()


@strawberry.input
class DealFilter:
    owner: OwnerFilter | None = None
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text contained in the name."
    )
    stages: list[DealStage] | None = strawberry.field(
        default=None,
        description="Deals in any of these stages; an empty list is invalid.",
    )
    company_id: strawberry.ID | None = None
    expires_within_days: int | None = expires_within_days_field()


@strawberry.enum
class SortField(Enum):
    NAME = "name"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    VALUE = "value"
    CLOSE_DATE = "close_date"
    ASSIGNEE_EXPIRES_AT = "assignee_expires_at"


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Sort order; records with an empty sort field come last.")
class RecordOrder:
    field: SortField = SortField.NAME
    direction: SortDirection = SortDirection.ASC


EMAIL = "Email address such as name@example.com; only its form is checked."
YEAR_ESTABLISHED = "Year between 1000 and next year."
DEAL_VALUE = "Closed value; only for WON and LOST deals, null while the deal is open."
ENGAGE_DATE = f"Date from {EARLIEST_DATE} to {LATEST_DATE}."
CLOSE_DATE = (
    f"Date from {EARLIEST_DATE} to {LATEST_DATE}, on or after engageDate when both "
    "are set."
)


@strawberry.input
class CreatePersonInput:
    name: str
    email: str | None = strawberry.field(default=None, description=EMAIL)
    phone: str | None = None
    title: str | None = None
    company_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="The owner; the caller when omitted, no owner when null.",
    )


@strawberry.input
class UpdatePersonInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.field(default=strawberry.UNSET, description=EMAIL)
    phone: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    company_id: strawberry.ID | None = strawberry.UNSET
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A new owner; null makes it free."
    )


@strawberry.input
class CreateCompanyInput:
    name: str
    sector: str | None = None
    year_established: int | None = strawberry.field(
        default=None, description=YEAR_ESTABLISHED
    )
    revenue: Decimal | None = None
    employees: int | None = None
    office_location: str | None = None
    parent_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="The owner; the caller when omitted, no owner when null.",
    )


@strawberry.input
class UpdateCompanyInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    sector: str | None = strawberry.UNSET
    year_established: int | None = strawberry.field(
        default=strawberry.UNSET, description=YEAR_ESTABLISHED
    )
    revenue: Decimal | None = strawberry.UNSET
    employees: int | None = strawberry.UNSET
    office_location: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A new owner; null makes it free."
    )


@strawberry.input
class CreateDealInput:
    name: str
    product: str | None = None
    stage: DealStage = DealStage.PROSPECTING
    value: Decimal | None = strawberry.field(default=None, description=DEAL_VALUE)
    engage_date: date | None = strawberry.field(default=None, description=ENGAGE_DATE)
    close_date: date | None = strawberry.field(default=None, description=CLOSE_DATE)
    company_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="The owner; the caller when omitted, no owner when null.",
    )


@strawberry.input
class UpdateDealInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    product: str | None = strawberry.UNSET
    stage: DealStage | None = strawberry.UNSET
    value: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description=DEAL_VALUE
    )
    engage_date: date | None = strawberry.field(
        default=strawberry.UNSET, description=ENGAGE_DATE
    )
    close_date: date | None = strawberry.field(
        default=strawberry.UNSET, description=CLOSE_DATE
    )
    company_id: strawberry.ID | None = strawberry.UNSET
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A new owner; null makes it free."
    )
