"""Bulk changes of the user holding an object role on many records.

A request selects records by explicit ids or by a list filter (minus excluded ids).
Up to INLINE_LIMIT records change in one transaction during the request; a larger
selection becomes a BulkJob that a worker processes in chunks (see workers/bulk.py).
Everything that refuses a whole request is checked before anything is written.
"""

import logging
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from models import AssignmentReason, DealStage, ObjectRole, RecordType, User
from models.records import RECORD_MODELS
from policy import Action, PolicyEngine
from steward import ownership, query_sql
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.config import Settings
from steward.errors import Forbidden, NotFound, ValidationFailed, counted
from steward.filters import RecordFilter, filtered_query
from steward.global_ids import record_global_id
from steward.sql import (
    IDS_PER_STATEMENT,
    Statement,
    chunks,
    connection,
    fetch_tuples,
)

logger = logging.getLogger(__name__)

INLINE_LIMIT = 1_000
# The default of STEWARD_MAX_BULK_IDS, which the resolver checks before parsing ids.
MAX_EXPLICIT_IDS = Settings.max_bulk_ids
MAX_REFUSALS_LISTED = 100


@dataclass
class BulkRequest:
    """What to change: stored as JSON in a BulkJob, so it holds only plain values."""

    record_type: RecordType
    object_role: str | None
    new_user_id: int | None
    record_ids: list[int] | None = None
    record_filter: RecordFilter | None = None
    excluded_ids: list[int] = field(default_factory=list)
    include_related: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["record_type"] = self.record_type.value
        data["record_filter"] = (
            self.record_filter.to_json() if self.record_filter else None
        )
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "BulkRequest":
        record_filter = data.get("record_filter")
        return cls(
            record_type=RecordType(data["record_type"]),
            object_role=data.get("object_role"),
            new_user_id=data.get("new_user_id"),
            record_ids=data.get("record_ids"),
            record_filter=RecordFilter.from_json(record_filter)
            if record_filter
            else None,
            excluded_ids=list(data.get("excluded_ids") or []),
            include_related=bool(data.get("include_related")),
        )


@dataclass
class Refusal:
    record_type: RecordType
    record_id: int
    code: str
    message: str


@dataclass
class Selection:
    """The records a request selected and the object role it changes."""

    object_role: ObjectRole
    record_ids: list[int]


@dataclass
class BulkOutcome:
    """Counts of one bulk change, planned (dry run) or applied."""

    matched: int = 0
    changed: int = 0
    unchanged: int = 0
    related_changed: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    batch_id: uuid.UUID | None = None
    changes: list[AssigneeChange] = field(default_factory=list)


async def _check_found(
    account_id: int, record_type: RecordType, record_ids: list[int], field: str
) -> None:
    """Raise NotFound, naming up to 5 of them, when ids are not the account's records.

    `field` is the input field of the ids: recordIds or excludedIds.
    """
    model = RECORD_MODELS[record_type]
    found: set[int] = set()
    for chunk in chunks(record_ids):
        found.update(
            await model.filter(account_id=account_id, id__in=list(chunk)).values_list(
                "id", flat=True
            )
        )
    missing = [record_id for record_id in record_ids if record_id not in found]
    if missing:
        examples = ", ".join(
            record_global_id(record_type, record_id) for record_id in missing[:5]
        )
        kind = "excluded" if field == "excludedIds" else "selected"
        raise NotFound(
            f"Not found: {counted(len(missing), f'{kind} {record_type.value} ID')}, "
            f"for example {examples}.",
            field=field,
        )


async def resolve_selection(account_id: int, request: BulkRequest) -> list[int]:
    """Return the sorted ids of the selected records; unknown explicit ids raise.

    Explicit ids are those of `record_ids` and `excluded_ids`.
    """
    has_ids = request.record_ids is not None
    if has_ids == (request.record_filter is not None):
        raise ValidationFailed(
            "Select records either by 'recordIds' or by 'filter', not both or neither.",
            field="selection",
        )
    if request.record_ids is not None and not request.record_ids:
        raise ValidationFailed(
            "'recordIds' is empty; select at least one record.", field="recordIds"
        )
    excluded = set(request.excluded_ids)
    await _check_found(account_id, request.record_type, sorted(excluded), "excludedIds")
    if request.record_ids is not None:
        wanted = sorted(set(request.record_ids) - excluded)
        await _check_found(account_id, request.record_type, wanted, "recordIds")
        return wanted
    query = await filtered_query(account_id, request.record_type, request.record_filter)
    # Raw, because Tortoise converts each of up to a whole account's ids in Python.
    matching = query_sql.selection(query)
    rows = await fetch_tuples(
        matching.db,
        f"SELECT id FROM {matching.table} WHERE {matching.where} ORDER BY id",
        matching.params,
    )
    return [row[0] for row in rows if row[0] not in excluded]


async def current_assignees(
    record_type: RecordType, object_role_id: int, record_ids: Sequence[int]
) -> dict[int, int]:
    """Return record id -> user id for the records that have a user in the role."""
    conn = connection()
    held: dict[int, int] = {}
    for chunk in chunks(record_ids, IDS_PER_STATEMENT):
        sql = Statement(conn)
        query = (
            "SELECT record_id, user_id FROM assignment "
            f"WHERE record_type = {sql.param(record_type.value)} "
            f"AND object_role_id = {sql.param(object_role_id)} "
            f"AND record_id {sql.in_ids(chunk)}"
        )
        held.update(await fetch_tuples(conn, query, sql.params))
    return held


async def check_request(
    policy: PolicyEngine, actor: User, request: BulkRequest
) -> ObjectRole:
    """Check what refuses a whole request: object role, target user, required role."""
    role = await ownership.resolve_object_role(actor.account_id, request.object_role)
    ownership.check_role_applies(role, request.record_type)
    if request.include_related and request.record_type != RecordType.COMPANY:
        raise ValidationFailed(
            "'includeRelated' applies to companies only.", field="includeRelated"
        )
    if request.new_user_id is None:
        await ownership.check_may_be_free(actor.account_id, request.record_type, role)
    else:
        await ownership.resolve_target_user(
            actor.account_id, request.new_user_id, "newUserId"
        )
    return role


async def select(policy: PolicyEngine, actor: User, request: BulkRequest) -> Selection:
    """Check what rejects the whole request, then resolve the selected record ids."""
    role = await check_request(policy, actor, request)
    record_ids = await resolve_selection(actor.account_id, request)
    return Selection(role, record_ids)


async def _decide(
    policy: PolicyEngine,
    actor: User,
    record_type: RecordType,
    role: ObjectRole,
    record_ids: list[int],
) -> list[Refusal]:
    """Check permission once for the set; raise when the whole request is denied."""
    decision = await policy.decide(
        actor.account_id,
        actor.id,
        Action.CHANGE_ASSIGNEE,
        record_type,
        role.key,
        record_ids=record_ids,
    )
    if decision.denied:
        decision.raise_if_denied()
    return [
        Refusal(record_type, record_id, Forbidden.code, reason)
        for record_id, reason in sorted(decision.refused_records.items())
    ]


async def _company_records(
    account_id: int, record_type: RecordType, company_ids: list[int]
) -> dict[int, int]:
    """Return record id -> company id of the companies' persons or open deals."""
    conditions: dict[str, Any] = {"account_id": account_id}
    if record_type == RecordType.DEAL:
        conditions["stage__in"] = [stage.value for stage in DealStage if stage.is_open]
    model = RECORD_MODELS[record_type]
    company_of: dict[int, int] = {}
    for chunk in chunks(company_ids):
        rows = await model.filter(company_id__in=list(chunk), **conditions).values_list(
            "id", "company_id"
        )
        company_of.update(rows)
    return company_of


async def _related_changes(
    actor: User,
    policy: PolicyEngine,
    role: ObjectRole,
    company_changes: list[AssigneeChange],
    new_user_id: int | None,
) -> tuple[list[AssigneeChange], list[Refusal]]:
    """Plan moving the persons and open deals of changed companies.

    A related record moves when the company's previous user held it in the same
    object role.
    """
    previous_by_company = {
        change.record_id: change.previous_user_id
        for change in company_changes
        if change.previous_user_id is not None
    }
    if not previous_by_company:
        return [], []
    changes: list[AssigneeChange] = []
    refusals: list[Refusal] = []
    for record_type in (RecordType.PERSON, RecordType.DEAL):
        if not role.applies_to(record_type):
            continue
        company_of = await _company_records(
            actor.account_id, record_type, sorted(previous_by_company)
        )
        held = await current_assignees(record_type, role.id, sorted(company_of))
        moving = [
            record_id
            for record_id, user_id in held.items()
            if user_id == previous_by_company[company_of[record_id]]
            and user_id != new_user_id
        ]
        if not moving:
            continue
        if new_user_id is None:
            await ownership.check_may_be_free(actor.account_id, record_type, role)
        refused = await _decide(policy, actor, record_type, role, moving)
        refused_ids = {refusal.record_id for refusal in refused}
        refusals += refused
        changes += [
            AssigneeChange(
                record_type, record_id, role.id, held[record_id], new_user_id
            )
            for record_id in sorted(moving)
            if record_id not in refused_ids
        ]
    return changes, refusals


def _of_changing_records(
    refusals: list[Refusal], assignees: dict[int, int], new_user_id: int | None
) -> list[Refusal]:
    """Return the refusals of records that would change.

    A record that already has the new user does not change, so it is counted as
    unchanged and not refused.
    """
    return [
        refusal
        for refusal in refusals
        if assignees.get(refusal.record_id) != new_user_id
    ]


async def plan_chunk(
    policy: PolicyEngine,
    actor: User,
    request: BulkRequest,
    role: ObjectRole,
    record_ids: list[int],
) -> BulkOutcome:
    """Compute the changes for `record_ids` (already selected) without writing."""
    refusals = await _decide(policy, actor, request.record_type, role, record_ids)
    held = await current_assignees(request.record_type, role.id, record_ids)
    refusals = _of_changing_records(refusals, held, request.new_user_id)
    refused = {refusal.record_id for refusal in refusals}
    outcome = BulkOutcome(matched=len(record_ids), refusals=refusals)
    # Local names, because a bulk job runs this loop for 10,000 records per chunk.
    # tuple.__new__ builds an AssigneeChange without the Python-level __new__ of
    # named tuples, in about two thirds of the time.
    record_type = request.record_type
    new_user_id = request.new_user_id
    role_id = role.id
    changes = outcome.changes
    add, make, current = changes.append, tuple.__new__, held.get
    for record_id in record_ids:
        previous = current(record_id)
        if previous == new_user_id:
            outcome.unchanged += 1
        elif record_id not in refused:
            add(
                make(
                    AssigneeChange,
                    (record_type, record_id, role_id, previous, new_user_id),
                )
            )
    outcome.changed = len(changes)
    if request.include_related:
        related, related_refusals = await _related_changes(
            actor, policy, role, outcome.changes, request.new_user_id
        )
        outcome.changes += related
        outcome.related_changed = len(related)
        outcome.refusals += related_refusals
    return outcome


def raise_refusals(refusals: list[Refusal]) -> None:
    """Raise Forbidden, naming the first refused record, when any is refused."""
    if not refusals:
        return
    first = refusals[0]
    raise Forbidden(
        f"{len(refusals)} selected records may not be changed by you, for "
        f"example {record_global_id(first.record_type, first.record_id)}: "
        f"{first.message}",
        refused=len(refusals),
    )


async def check_refusals(
    policy: PolicyEngine, actor: User, request: BulkRequest, selection: Selection
) -> None:
    """Raise Forbidden when the policy refuses a record that the request would change.

    Without `include_related` this is one decision over the selected ids, which
    reads the assignees of refused records only; with it, the related records
    are planned as well.
    """
    if request.include_related:
        outcome = await plan_chunk(
            policy, actor, request, selection.object_role, selection.record_ids
        )
        raise_refusals(outcome.refusals)
        return
    refusals = await _decide(
        policy, actor, request.record_type, selection.object_role, selection.record_ids
    )
    if refusals:
        assignees = await current_assignees(
            request.record_type,
            selection.object_role.id,
            [refusal.record_id for refusal in refusals],
        )
        refusals = _of_changing_records(refusals, assignees, request.new_user_id)
    raise_refusals(refusals)


async def change_inline(
    policy: PolicyEngine,
    actor: User,
    request: BulkRequest,
    *,
    dry_run: bool,
    selection: Selection | None = None,
    reason: AssignmentReason = AssignmentReason.BULK,
) -> BulkOutcome:
    """Plan a bulk change and, unless `dry_run`, apply it in one transaction.

    `selection` is the result of `select` for this request, when the caller has it.
    """
    if selection is None:
        selection = await select(policy, actor, request)
    record_ids = selection.record_ids
    if len(record_ids) > INLINE_LIMIT and not dry_run:
        raise ValidationFailed(
            f"{len(record_ids)} records exceed the limit of {INLINE_LIMIT} for one "
            "transaction; run the change as a bulk job."
        )
    if dry_run:
        # Only reads, so no transaction: on SQLite it would hold the write lock.
        return await plan_chunk(
            policy, actor, request, selection.object_role, record_ids
        )
    async with in_transaction():
        outcome = await plan_chunk(
            policy, actor, request, selection.object_role, record_ids
        )
        raise_refusals(outcome.refusals)
        outcome.batch_id = uuid.uuid4()
        await apply_changes(
            actor.account_id,
            outcome.changes,
            actor_id=actor.id,
            reason=reason,
            batch_id=outcome.batch_id,
            at=utcnow(),
        )
    logger.info(
        "bulk change %s by user %s: %d matched, %d changed, %d related, %d unchanged",
        outcome.batch_id,
        actor.id,
        outcome.matched,
        outcome.changed,
        outcome.related_changed,
        outcome.unchanged,
    )
    return outcome
