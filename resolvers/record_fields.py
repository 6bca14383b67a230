"""Checks of the record fields in create and update inputs.

Every check raises ValidationFailed or NotFound naming the GraphQL field, so that
no value reaches the database that it would reject, or store differently from
what the client sent.
"""

import re
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case
from tortoise import fields

from models import Company, Deal, RecordType
from models.records import RECORD_MODELS, RecordModel
from resolvers.records import resolve_company_ref
from schema.ids import parse_typed_id
from steward.clock import utcnow
from steward.errors import NotFound, ValidationFailed

TEXT_FIELDS = ("email", "phone", "title", "sector", "office_location", "product")
NUMBER_FIELDS = ("revenue", "employees", "value", "year_established")
DATE_FIELDS = ("engage_date", "close_date")

# The accepted years of establishment run from this year to next year, because a
# company may be entered shortly before it is founded.
MIN_YEAR_ESTABLISHED = 1000

# A syntactic check only: a local part and a dotted domain, without spaces or a
# second '@'. It does not try to accept exactly what RFC 5322 allows.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def is_set(value: Any) -> bool:
    return value is not strawberry.UNSET


def _column(model: type[RecordModel], field: str) -> fields.Field:
    return model._meta.fields_map[field]


def check_name(model: type[RecordModel], name: str | None) -> str:
    if name is None:
        raise ValidationFailed("'name' must not be null.", field="name")
    name = name.strip()
    if not name:
        raise ValidationFailed("'name' must not be empty.", field="name")
    max_length = _column(model, "name").max_length
    if len(name) > max_length:
        raise ValidationFailed(
            f"'name' is longer than {max_length} characters.", field="name"
        )
    return name


def check_text(model: type[RecordModel], field: str, value: str | None) -> str | None:
    """Return the stripped text, None for empty text."""
    if value is None:
        return None
    value = value.strip()
    max_length = _column(model, field).max_length
    if len(value) > max_length:
        name = to_camel_case(field)
        raise ValidationFailed(
            f"'{name}' is longer than {max_length} characters.", field=name
        )
    return value or None


def _check_decimal(name: str, value: Decimal, column: fields.DecimalField) -> None:
    """Reject what the column cannot store exactly: too many digits or places."""
    integer_digits = column.max_digits - column.decimal_places
    if value.adjusted() >= integer_digits:
        raise ValidationFailed(
            f"'{name}' must be below {10**integer_digits}, got {value}.", field=name
        )
    if value != value.quantize(Decimal(1).scaleb(-column.decimal_places)):
        raise ValidationFailed(
            f"'{name}' has more than {column.decimal_places} decimal places, "
            f"got {value}.",
            field=name,
        )


def check_number(
    model: type[RecordModel], field: str, value: int | Decimal | None
) -> int | Decimal | None:
    if value is None:
        return None
    name = to_camel_case(field)
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationFailed(
            f"'{name}' must be a finite number, got {value}.", field=name
        )
    if value < 0:
        raise ValidationFailed(
            f"'{name}' must not be negative, got {value}.", field=name
        )
    column = _column(model, field)
    if isinstance(column, fields.DecimalField):
        _check_decimal(name, Decimal(value), column)
    return value


def check_year_established(year: int | None) -> int | None:
    if year is None:
        return None
    latest = utcnow().year + 1
    if not MIN_YEAR_ESTABLISHED <= year <= latest:
        raise ValidationFailed(
            f"'yearEstablished' must be between {MIN_YEAR_ESTABLISHED} and "
            f"{latest}, got {year}.",
            field="yearEstablished",
        )
    return year


def check_email(email: str | None) -> str | None:
    if email is not None and not EMAIL_PATTERN.fullmatch(email):
        raise ValidationFailed(
            f"'email' is not a valid email address, got {email!r}; give an "
            "address like name@example.com, or null.",
            field="email",
        )
    return email


def _deal_field(values: dict, deal: Deal | None, field: str) -> Any:
    """Return a deal field as it is after the change: the new value, else the stored."""
    if field in values:
        return values[field]
    return getattr(deal, field) if deal is not None else None


def check_deal(values: dict, deal: Deal | None) -> None:
    """Reject a change that leaves a deal's stage, value or dates inconsistent.

    `deal` is the stored deal of an update and None for a create. Each rule is
    checked only when the change sets one of its fields, so that an edit of other
    fields does not fail on a rule that an imported row breaks (the importer
    does not check these rules).
    """
    stage = _deal_field(values, deal, "stage")
    value = _deal_field(values, deal, "value")
    if ("stage" in values or "value" in values) and stage.is_open and value is not None:
        raise ValidationFailed(
            f"'value' must be null while the deal is open, but the stage is "
            f"{stage.name} and the value {value}; set the stage to WON or LOST, "
            "or pass value: null.",
            field="value",
        )

    if "engage_date" not in values and "close_date" not in values:
        return
    engage_date = _deal_field(values, deal, "engage_date")
    close_date = _deal_field(values, deal, "close_date")
    if engage_date is not None and close_date is not None and close_date < engage_date:
        raise ValidationFailed(
            f"'closeDate' {close_date} is before 'engageDate' {engage_date}; a "
            "deal closes on or after the day it was engaged.",
            field="closeDate" if "close_date" in values else "engageDate",
        )


async def resolve_parent(info: Info, global_id: str | None) -> Company | None:
    if global_id is None:
        return None
    pk = parse_typed_id(global_id, "Company")[1]
    parent = await Company.get_or_none(id=pk, account_id=info.context.viewer.account_id)
    if parent is None:
        raise NotFound(f"Company {global_id!r} was not found.", field="parentId")
    return parent


async def check_parent(company: Company, parent: Company | None) -> None:
    """Reject a parent that is the company itself or one of its subsidiaries."""
    ancestor_id = parent.id if parent is not None else None
    seen: set[int] = set()
    while ancestor_id is not None and ancestor_id not in seen:
        if ancestor_id == company.id:
            assert parent is not None
            raise ValidationFailed(
                f"Company {parent.name!r} cannot be the parent of {company.name!r}, "
                "because it is that company or one of its subsidiaries.",
                field="parentId",
            )
        seen.add(ancestor_id)
        ancestor_id = (
            await Company.filter(id=ancestor_id)
            .first()
            .values_list("parent_id", flat=True)
        )


async def check_company_name(
    account_id: int, name: str, company_id: int | None = None
) -> None:
    """Reject a company name that another company of the account has."""
    query = Company.filter(account_id=account_id, name=name)
    if company_id is not None:
        query = query.exclude(id=company_id)
    if await query.exists():
        raise ValidationFailed(
            f"A company named {name!r} exists; choose another name.", field="name"
        )


async def field_values(info: Info, record_type: RecordType, data: Any) -> dict:
    """Validate the set fields of a create or update input and return model values."""
    model = RECORD_MODELS[record_type]
    values: dict[str, Any] = {}
    if is_set(getattr(data, "name", strawberry.UNSET)):
        values["name"] = check_name(model, data.name)
    for field in TEXT_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = check_text(model, field, value)
    if "email" in values:
        values["email"] = check_email(values["email"])
    for field in NUMBER_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = check_number(model, field, value)
    if "year_established" in values:
        values["year_established"] = check_year_established(values["year_established"])
    for field in DATE_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = value
    if is_set(getattr(data, "stage", strawberry.UNSET)):
        if data.stage is None:
            raise ValidationFailed("'stage' must not be null.", field="stage")
        values["stage"] = data.stage
    if is_set(getattr(data, "company_id", strawberry.UNSET)):
        values["company"] = await resolve_company_ref(info, data.company_id)
    if is_set(getattr(data, "parent_id", strawberry.UNSET)):
        values["parent"] = await resolve_parent(info, data.parent_id)
    return values
