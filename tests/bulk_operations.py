"""Operations and data helpers shared by the bulk, job, claim and undo tests."""

import asyncio
import contextvars
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from models import (
    Assignment,
    Company,
    Deal,
    DealStage,
    ObjectRole,
    OwnershipHistory,
    RecordType,
    User,
)
from models.ownership import OWNER_ROLE_KEY
from policy import PolicyEngine
from policy.admin import Grant, revoke_permission
from schema.ids import to_global_id
from steward.clock import utcnow
from steward.config import Settings
from tests.conftest import Caller

BULK_FIELDS = """
dryRun matched changed unchanged relatedChanged batchId
refused { recordId code message } refusedCount
job { id state done total changed unchanged batchId error }
"""
BULK_CHANGE = f"""
mutation($input: BulkChangeOwnerInput!) {{
  bulkChangeOwner(input: $input) {{ {BULK_FIELDS} }}
}}
"""
BULK_JOB = """
query($id: ID!) {
  bulkJob(id: $id) {
    id state done total changed unchanged relatedChanged batchId error
  }
}
"""
UNDO = """
mutation($batchId: ID!) {
  undoBulkChange(batchId: $batchId) {
    batchId restored conflictCount conflicts { recordId objectRole reason }
  }
}
"""
CLAIM = """
mutation($recordId: ID!, $objectRole: String) {
  claimRecord(recordId: $recordId, objectRole: $objectRole) { id }
}
"""
DEFINE_ROLE = """
mutation($input: ObjectRoleInput!) {
  defineObjectRole(input: $input) { key name recordTypes builtin }
}
"""


def deal_gid(pk: int) -> str:
    return to_global_id("Deal", pk)


def deal_gids(pks: list[int]) -> list[str]:
    return [deal_gid(pk) for pk in pks]


def bulk_input(
    record_ids: list[int] | None = None,
    new_user: Caller | User | None = None,
    *,
    record_type: str = "DEAL",
    **extra: Any,
) -> dict[str, Any]:
    """Build a BulkChangeOwnerInput selecting deals by id, plus the `extra` fields."""
    user = new_user.user if isinstance(new_user, Caller) else new_user
    data: dict[str, Any] = {
        "recordType": record_type,
        "newUserId": to_global_id("User", user.id) if user else None,
    }
    if record_ids is not None:
        data["selection"] = {"recordIds": deal_gids(record_ids)}
    data.update(extra)
    return data


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings without the background outbox publisher.

    Test modules import this fixture to use it. These tests read no published
    events, and the publisher sends SQL statements of its own at any time.
    NOTE: with the publisher on, the app's shutdown after a test sometimes hangs
    because a cancellation that OutboxPublisher.stop sends during a publishing
    pass is lost.
    """
    return dataclasses.replace(settings, outbox_poll_ms=0)


async def bulk_change(caller: Caller, **input: Any) -> dict[str, Any]:
    return (await caller.data(BULK_CHANGE, input=input))["bulkChangeOwner"]


async def role_id(account_id: int, key: str = OWNER_ROLE_KEY) -> int:
    return (await ObjectRole.get(account_id=account_id, key=key)).id


async def insert_deals(
    owner: User | None,
    count: int,
    *,
    account_id: int | None = None,
    stage: DealStage = DealStage.PROSPECTING,
    company: Company | None = None,
    object_role: str = OWNER_ROLE_KEY,
    prefix: str = "Deal",
) -> list[int]:
    """Insert `count` deals held by `owner` (free when None); return their ids.

    Goes around the API, so that tests of large selections start in a second.
    """
    if account_id is None:
        assert owner is not None, "give the account of free deals"
        account_id = owner.account_id
    names = [f"{prefix} {number:05d}" for number in range(count)]
    await Deal.bulk_create(
        [
            Deal(account_id=account_id, name=name, stage=stage, company=company)
            for name in names
        ]
    )
    ids = await (
        Deal.filter(account_id=account_id, name__in=names)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if owner is not None:
        await assign(owner, RecordType.DEAL, list(ids), object_role)
    return list(ids)


async def insert_companies(owner: User, count: int) -> list[int]:
    """Insert `count` companies that `owner` owns, each with one open deal of theirs.

    Returns the company ids.
    """
    names = [f"Company {number:05d}" for number in range(count)]
    account_id = owner.account_id
    await Company.bulk_create([Company(account_id=account_id, name=n) for n in names])
    ids = list(
        await Company.filter(account_id=account_id, name__in=names)
        .order_by("id")
        .values_list("id", flat=True)
    )
    await assign(owner, RecordType.COMPANY, ids, OWNER_ROLE_KEY)
    await Deal.bulk_create(
        [
            Deal(account_id=account_id, name=f"Deal of {name}", company_id=company)
            for name, company in zip(names, ids, strict=True)
        ]
    )
    deals = await Deal.filter(company_id__in=ids).values_list("id", flat=True)
    await assign(owner, RecordType.DEAL, list(deals), OWNER_ROLE_KEY)
    return ids


async def assign(
    user: User, record_type: RecordType, record_ids: list[int], object_role: str
) -> None:
    """Give `user` the object role on records that have no user in it."""
    role = await role_id(user.account_id, object_role)
    now = utcnow()
    await Assignment.bulk_create(
        [
            Assignment(
                account_id=user.account_id,
                record_type=record_type,
                record_id=record_id,
                object_role_id=role,
                user_id=user.id,
                started_at=now,
                last_activity_at=now,
            )
            for record_id in record_ids
        ]
    )


async def holders(
    record_type: RecordType, record_ids: list[int], object_role_id: int
) -> list[int | None]:
    """Return the user id holding the object role on each record, in order."""
    rows = dict(
        await Assignment.filter(
            record_type=record_type,
            object_role_id=object_role_id,
            record_id__in=record_ids,
        ).values_list("record_id", "user_id")
    )
    return [rows.get(record_id) for record_id in record_ids]


async def ownership_state() -> tuple[list[tuple[Any, ...]], int]:
    """Return every assignment and the number of history rows, to compare."""
    assignments = (
        await Assignment.all()
        .order_by("id")
        .values_list("record_type", "record_id", "object_role_id", "user_id")
    )
    return list(assignments), await OwnershipHistory.all().count()


async def history_rows(batch_id: str) -> list[OwnershipHistory]:
    return await OwnershipHistory.filter(batch_id=batch_id).order_by("record_id")


async def revoke_change_assignee(policy: PolicyEngine, admin: Caller) -> None:
    """Remove the default grant of `change_assignee` from salespersons."""
    await revoke_permission(policy, admin.user, Grant("salesperson", "change_assignee"))


async def mark_deleted(caller: Caller) -> None:
    await User.filter(id=caller.user.id).update(deleted_at=utcnow())


EXECUTE_METHODS = (
    "execute_insert",
    "execute_many",
    "execute_query",
    "execute_query_dict",
    "execute_query_tuples",
    "execute_script",
)
# Set while a recorded call runs, so that an override calling its base class
# records one statement, not two.
_recording_call: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "recording_call", default=False
)


async def count_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the SQL of every statement that the current task sends from now on.

    Wraps the execute methods of the connection class, of its transaction class
    and of their base classes. Statements of other tasks, such as the app's
    outbox publisher, are left out.
    """
    statements: list[str] = []
    task = asyncio.current_task()
    clients = {type(connections.get("default"))}
    async with in_transaction() as transaction:
        clients.add(type(transaction))
    classes = {cls for client in clients for cls in client.__mro__}
    for cls in classes:
        for name in EXECUTE_METHODS:
            if name in vars(cls):
                method = _recording(vars(cls)[name], statements, task)
                monkeypatch.setattr(cls, name, method)
    return statements


def _recording(
    method: Callable[..., Any], statements: list[str], task: asyncio.Task | None
) -> Callable[..., Any]:
    async def recorded(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if _recording_call.get() or asyncio.current_task() is not task:
            return await method(self, query, *args, **kwargs)
        statements.append(query)
        token = _recording_call.set(True)
        try:
            return await method(self, query, *args, **kwargs)
        finally:
            _recording_call.reset(token)

    return recorded
