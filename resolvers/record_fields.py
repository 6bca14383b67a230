"""Checks of the record fields in create and update inputs.

Every check raises ValidationFailed or NotFound naming the GraphQL field. The
checks of single values are those of steward.field_checks, which the importer
runs too. This module adds the checks that need the request, such as those of
references to other records.
"""

from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case
from tortoise.expressions import Q

from models import Account, Company, Deal, RecordType
from models.records import RECORD_MODELS, company_name_key
from resolvers.records import resolve_company_ref
from schema.ids import parse_typed_id
from steward import field_checks
from steward.errors import NotFound, ValidationFailed
from steward.field_checks import (
    check_date,
    check_email,
    check_name,
    check_number,
    check_text,
    check_year_established,
)

TEXT_FIELDS = ("email", "phone", "title", "sector", "office_location", "product")
NUMBER_FIELDS = ("revenue", "employees", "value", "year_established")
DATE_FIELDS = ("engage_date", "close_date")


def is_set(value: Any) -> bool:
    return value is not strawberry.UNSET


def check_deal(values: dict, deal: Deal | None) -> None:
    """Run the deal rules of steward.field_checks, naming fields as GraphQL does."""
    field_checks.check_deal(values, deal, to_camel_case)


async def resolve_parent(info: Info, global_id: str | None) -> Company | None:
    if global_id is None:
        return None
    pk = parse_typed_id(global_id, "Company")[1]
    parent = await Company.get_or_none(id=pk, account_id=info.context.viewer.account_id)
    if parent is None:
        raise NotFound(f"Company {global_id!r} was not found.", field="parentId")
    return parent


async def lock_parent_changes(account_id: int) -> None:
    """Make parent changes of the account's companies wait until this transaction ends.

    Two changes that are each valid can close a cycle together, such as A's parent
    set to B while B's parent is set to A, so the check and the write of each must
    run alone. On PostgreSQL this locks the account's row. FOR NO KEY UPDATE lets
    inserts of rows that reference the account go on. On SQLite the write
    transaction already excludes other writers, and select_for_update does nothing.
    """
    await Account.select_for_update(no_key=True).get(id=account_id)


async def check_parent(company: Company, parent: Company | None) -> None:
    """Reject a parent that is the company itself or one of its subsidiaries.

    Call it in the transaction that stores the parent, after lock_parent_changes.
    """
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
    """Reject a name whose company_name_key another company of the account has.

    The unique (account, name_key) index rejects such a name too, but only with
    an IntegrityError that cannot name the company. A company without a key,
    which the migration that added the key left on the younger of two clashing
    names, is compared by its name.
    """
    key = company_name_key(name)
    query = Company.filter(
        Q(name_key=key) | Q(name_key__isnull=True), account_id=account_id
    )
    if company_id is not None:
        query = query.exclude(id=company_id)
    for other_name in await query.order_by("id").values_list("name", flat=True):
        if company_name_key(other_name) == key:
            raise ValidationFailed(
                f"A company named {other_name!r} exists; choose another name.",
                field="name",
            )


async def field_values(info: Info, record_type: RecordType, data: Any) -> dict:
    """Validate the set fields of a create or update input and return model values."""
    model = RECORD_MODELS[record_type]
    values: dict[str, Any] = {}
    if is_set(getattr(data, "name", strawberry.UNSET)):
        values["name"] = check_name(model, data.name, to_camel_case)
    for field in TEXT_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = check_text(model, field, value, to_camel_case)
    if "email" in values:
        values["email"] = check_email(values["email"], to_camel_case)
    for field in NUMBER_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = check_number(model, field, value, to_camel_case)
    if "year_established" in values:
        values["year_established"] = check_year_established(
            values["year_established"], to_camel_case
        )
    for field in DATE_FIELDS:
        value = getattr(data, field, strawberry.UNSET)
        if is_set(value):
            values[field] = check_date(field, value, to_camel_case)
    if is_set(getattr(data, "stage", strawberry.UNSET)):
        if data.stage is None:
            raise ValidationFailed("'stage' must not be null.", field="stage")
        values["stage"] = data.stage
    if is_set(getattr(data, "company_id", strawberry.UNSET)):
        values["company"] = await resolve_company_ref(info, data.company_id)
    if is_set(getattr(data, "parent_id", strawberry.UNSET)):
        values["parent"] = await resolve_parent(info, data.parent_id)
    return values
