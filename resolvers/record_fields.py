"""Checks of the record fields in create and update inputs.

Every check raises ValidationFailed or NotFound naming the GraphQL field, so that
no value reaches the database that it would reject, or store differently from
what the client sent.
"""

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case
from tortoise import fields

from models import Company, RecordType
from models.records import RECORD_MODELS, RecordModel
from resolvers.records import resolve_company_ref
from schema.ids import parse_typed_id
from steward.errors import NotFound, ValidationFailed

TEXT_FIELDS = ("email", "phone", "title", "sector", "office_location", "product")
NUMBER_FIELDS = ("revenue", "employees", "value", "year_established")
DATE_FIELDS = ("engage_date", "close_date")


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
    for field in NUMBER_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = check_number(model, field, value)
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
