"""Creating and updating persons, companies and deals, owner included."""

from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.transactions import in_transaction

from models import Company, RecordType
from models.ownership import OWNER_ROLE_KEY
from models.records import RECORD_MODELS, RecordModel
from resolvers.records import (
    check_name,
    load_record_by_id,
    resolve_company_ref,
    user_pk,
)
from schema import inputs, types
from schema.ids import parse_typed_id
from steward import ownership
from steward.errors import NotFound, ValidationFailed

MAX_TEXT_LENGTH = 254


def _is_set(value: Any) -> bool:
    return value is not strawberry.UNSET


def _text(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationFailed(
            f"'{field}' is longer than {MAX_TEXT_LENGTH} characters.", field=field
        )
    return value or None


def _non_negative(value: Any, field: str) -> Any:
    if value is not None and value < 0:
        raise ValidationFailed(
            f"'{field}' must not be negative, got {value}.", field=field
        )
    return value


async def _field_values(info: Info, record_type: RecordType, data: Any) -> dict:
    """Validate the set fields of a create or update input and return model values."""
    values: dict[str, Any] = {}
    if _is_set(getattr(data, "name", strawberry.UNSET)):
        if data.name is None:
            raise ValidationFailed("'name' must not be null.", field="name")
        values["name"] = check_name(data.name)
    for field in ("email", "phone", "title", "sector", "office_location", "product"):
        value = getattr(data, field, strawberry.UNSET)
        if _is_set(value):
            values[field] = _text(value, field)
    for field in ("revenue", "employees", "value", "year_established"):
        value = getattr(data, field, strawberry.UNSET)
        if _is_set(value):
            values[field] = _non_negative(value, field)
    for field in ("engage_date", "close_date"):
        value = getattr(data, field, strawberry.UNSET)
        if _is_set(value):
            values[field] = value
    if _is_set(getattr(data, "stage", strawberry.UNSET)):
        if data.stage is None:
            raise ValidationFailed("'stage' must not be null.", field="stage")
        values["stage"] = data.stage
    if _is_set(getattr(data, "company_id", strawberry.UNSET)):
        values["company"] = await resolve_company_ref(info, data.company_id)
    if _is_set(getattr(data, "parent_id", strawberry.UNSET)):
        values["parent"] = await _resolve_parent(info, data.parent_id)
    return values


async def _resolve_parent(info: Info, global_id: str | None) -> Company | None:
    if global_id is None:
        return None
    pk = parse_typed_id(global_id, "Company")[1]
    parent = await Company.get_or_none(id=pk, account_id=info.context.viewer.account_id)
    if parent is None:
        raise NotFound(f"Company {global_id!r} was not found.", field="parentId")
    return parent


async def create_record(info: Info, record_type: RecordType, data: Any) -> RecordModel:
    viewer = info.context.viewer
    policy = info.context.services.policy
    values = await _field_values(info, record_type, data)
    owner_id = data.owner_id
    if owner_id is None:
        owner_role = await ownership.resolve_object_role(
            viewer.account_id, OWNER_ROLE_KEY
        )
        await ownership.check_may_be_free(viewer.account_id, record_type, owner_role)
    target = (
        None
        if owner_id is None
        else (viewer.id if not _is_set(owner_id) else user_pk(owner_id))
    )

    async with in_transaction():
        record = await RECORD_MODELS[record_type].create(
            account_id=viewer.account_id, created_by_id=viewer.id, **values
        )
        if target is not None:
            await ownership.assign_new_record(policy, viewer, record, target)
    return record


async def update_record(info: Info, record_type: RecordType, data: Any) -> RecordModel:
    viewer = info.context.viewer
    policy = info.context.services.policy
    record = await load_record_by_id(info, data.id)
    if record.record_type != record_type:
        raise NotFound(f"{record_type.value.capitalize()} {data.id!r} was not found.")
    values = await _field_values(info, record_type, data)
    if values.get("parent") is not None and values["parent"].id == record.id:
        raise ValidationFailed("A company cannot be its own parent.", field="parentId")

    async with in_transaction():
        if values:
            record.update_from_dict(values)
            await record.save()
        if _is_set(data.owner_id):
            owner_role = await ownership.resolve_object_role(
                viewer.account_id, OWNER_ROLE_KEY
            )
            new_owner = None if data.owner_id is None else user_pk(data.owner_id)
            await ownership.change_assignee(
                policy, viewer, record, owner_role, new_owner
            )
    return record


async def create_person(info: Info, input: inputs.CreatePersonInput) -> types.Person:
    return types.Person.from_model(await create_record(info, RecordType.PERSON, input))


async def create_company(info: Info, input: inputs.CreateCompanyInput) -> types.Company:
    return types.Company.from_model(
        await create_record(info, RecordType.COMPANY, input)
    )


async def create_deal(info: Info, input: inputs.CreateDealInput) -> types.Deal:
    return types.Deal.from_model(await create_record(info, RecordType.DEAL, input))


async def update_person(info: Info, input: inputs.UpdatePersonInput) -> types.Person:
    return types.Person.from_model(await update_record(info, RecordType.PERSON, input))


async def update_company(info: Info, input: inputs.UpdateCompanyInput) -> types.Company:
    return types.Company.from_model(
        await update_record(info, RecordType.COMPANY, input)
    )


async def update_deal(info: Info, input: inputs.UpdateDealInput) -> types.Deal:
    return types.Deal.from_model(await update_record(info, RecordType.DEAL, input))
