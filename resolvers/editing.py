"""Creating and updating persons, companies and deals, owner included."""

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from strawberry.types import Info
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Company, Deal, RecordType
from models.ownership import OWNER_ROLE_KEY
from models.records import RECORD_MODELS, RecordModel, company_name_key
from resolvers.record_fields import (
    check_company_name,
    check_deal,
    check_parent,
    field_values,
    is_set,
    lock_parent_changes,
)
from resolvers.records import forget_assignments, load_record_by_id, user_pk
from schema import inputs, types
from steward import activities, ownership
from steward.clock import utcnow
from steward.errors import Conflict


@contextlib.contextmanager
def _company_name_race(record_type: RecordType) -> Iterator[None]:
    """Raise Conflict when a concurrent request took the company's name first."""
    try:
        yield
    except IntegrityError:
        if record_type != RecordType.COMPANY:
            raise
        raise Conflict(
            "Another company took this name meanwhile; choose another name.",
            field="name",
        ) from None


async def create_record(info: Info, record_type: RecordType, data: Any) -> RecordModel:
    viewer = info.context.viewer
    policy = info.context.services.policy
    values = await field_values(info, record_type, data)
    if record_type == RecordType.COMPANY:
        await check_company_name(viewer.account_id, values["name"])
    if record_type == RecordType.DEAL:
        check_deal(values, None)
    owner_id = data.owner_id
    if owner_id is None:
        owner_role = await ownership.resolve_object_role(
            viewer.account_id, OWNER_ROLE_KEY
        )
        await ownership.check_may_be_free(viewer.account_id, record_type, owner_role)
    target = (
        None
        if owner_id is None
        else (viewer.id if not is_set(owner_id) else user_pk(owner_id))
    )

    with _company_name_race(record_type):
        async with in_transaction():
            record = await RECORD_MODELS[record_type].create(
                account_id=viewer.account_id, created_by_id=viewer.id, **values
            )
            if target is not None:
                await ownership.assign_new_record(policy, viewer, record, target)
    return record


async def update_record(info: Info, record_type: RecordType, data: Any) -> RecordModel:
    viewer = info.context.viewer
    record = await load_record_by_id(info, data.id, record_type)
    values = await field_values(info, record_type, data)
    if isinstance(record, Company) and "name" in values:
        if values["name"] != record.name:
            await check_company_name(viewer.account_id, values["name"], record.id)

    with _company_name_race(record_type):
        async with in_transaction():
            if values:
                now = utcnow()
                record = await _read_for_update(record, values)
                await _store_fields(record, values, now)
                # An edit counts as the editor's activity on the record. An
                # update that sets no field does not.
                await activities.touch_clock(
                    viewer.id, record.record_type, record.id, now
                )
            if is_set(data.owner_id):
                await _change_owner(info, record, data.owner_id)
    return record


async def _read_for_update(record: RecordModel, values: dict) -> RecordModel:
    """Read the stored row in the write transaction and check `values` against it.

    The rules that combine a new value with stored ones run on this row, not on
    the one read before the transaction. On PostgreSQL the row stays locked until
    the transaction ends. FOR NO KEY UPDATE lets rows that reference the record,
    such as a person of a company, be written meanwhile. On SQLite the transaction
    holds the write lock from its start. Either way a concurrent update of the
    record commits before this read or waits until this transaction ends.
    """
    # Updates take the account's lock before the record's, never after, so two
    # of them cannot deadlock on these two locks.
    if "parent" in values:
        await lock_parent_changes(record.account_id)
    stored = await type(record).select_for_update(no_key=True).get(id=record.id)
    if isinstance(stored, Deal):
        check_deal(values, stored)
    if isinstance(stored, Company) and "parent" in values:
        await check_parent(stored, values["parent"])
    if isinstance(stored, Company) and "name" in values:
        values["name_key"] = _name_key(stored, values["name"])
    return stored


def _name_key(stored: Company, name: str) -> str | None:
    """Return the company's name_key after its name is set to `name`.

    A company keeps its key while its name stays as stored. So a company that
    the migration adding the key left without one, because an older company
    of the account has its key, stays editable under the name it has.
    """
    if name == stored.name:
        return stored.name_key
    return company_name_key(name)


async def _store_fields(record: RecordModel, values: dict, now: datetime) -> None:
    """Write only the fields in `values`, keeping what concurrent updates set."""
    model = type(record)
    columns: dict[str, Any] = {}
    for name, value in values.items():
        if name in model._meta.fk_fields:
            source_field = model._meta.fields_map[name].source_field
            columns[source_field] = None if value is None else value.pk
        else:
            columns[name] = value
    # A filtered update leaves out the auto_now of `updated_at`, so it is set here.
    await model.filter(id=record.id).update(**columns, updated_at=now)
    record.update_from_dict(values)
    record.updated_at = now


async def _change_owner(info: Info, record: RecordModel, owner_id: str | None) -> None:
    viewer = info.context.viewer
    owner_role = await ownership.resolve_object_role(viewer.account_id, OWNER_ROLE_KEY)
    new_owner = None if owner_id is None else user_pk(owner_id)
    await ownership.change_assignee(
        info.context.services.policy, viewer, record, owner_role, new_owner
    )
    forget_assignments(info, record)


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
