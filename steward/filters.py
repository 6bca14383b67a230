"""List filters as plain data, so that lists and bulk jobs evaluate the same filter.

A filter is built from GraphQL input by the resolvers, stored as JSON in a bulk job,
and turned into a Tortoise query at execution time.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Account, Assignment, DealStage, ObjectRole, RecordType
from models.ownership import OWNER_ROLE_KEY
from models.records import RECORD_MODELS
from steward import ownership
from steward.errors import NotFound, ValidationFailed, counted
from steward.global_ids import to_global_id
from steward.sql import Statement, connection

MAX_SEARCH_LENGTH = 200


@dataclass
class OwnerCondition:
    """Records held by any of `user_ids`, or free when `none`; the parts are ORed."""

    user_ids: list[int] = field(default_factory=list)
    none: bool = False
    object_role: str | None = None


@dataclass
class RecordFilter:
    owner: OwnerCondition | None = None
    search: str | None = None
    stages: list[str] = field(default_factory=list)
    company_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RecordFilter":
        owner = data.get("owner")
        return cls(
            owner=OwnerCondition(**owner) if owner else None,
            search=data.get("search"),
            stages=list(data.get("stages") or []),
            company_id=data.get("company_id"),
        )


async def _owner_query(
    account_id: int, record_type: RecordType, owner: OwnerCondition
) -> Q:
    role = await ownership.resolve_object_role(account_id, owner.object_role)
    ownership.check_role_applies(role, record_type)
    if not owner.user_ids and not owner.none:
        raise ValidationFailed(
            "The owner filter is empty; give userIds, me or none.", field="owner"
        )
    assigned = Assignment.filter(
        account_id=account_id, record_type=record_type, object_role_id=role.id
    )
    conditions = []
    if owner.user_ids:
        held = assigned.filter(user_id__in=sorted(set(owner.user_ids)))
        conditions.append(Q(id__in=Subquery(held.values("record_id"))))
    if owner.none:
        conditions.append(~Q(id__in=Subquery(assigned.values("record_id"))))
    return Q(*conditions, join_type=Q.OR)


def _search_query(search: str) -> Q:
    if len(search) > MAX_SEARCH_LENGTH:
        raise ValidationFailed(
            f"'search' is longer than {MAX_SEARCH_LENGTH} characters.", field="search"
        )
    return Q(name__icontains=search.strip())


def _check_fields(record_type: RecordType, record_filter: RecordFilter) -> None:
    if record_filter.stages and record_type != RecordType.DEAL:
        raise ValidationFailed("'stages' filters deals only.", field="stages")
    if record_filter.company_id is not None and record_type == RecordType.COMPANY:
        raise ValidationFailed(
            "'companyId' filters persons and deals.", field="companyId"
        )
    for stage in record_filter.stages:
        if stage not in {s.value for s in DealStage}:
            raise ValidationFailed(f"Unknown deal stage {stage!r}.", field="stages")


@dataclass
class _FilterRows:
    """The result of a filter's one read of its users and company."""

    deleted_users: dict[int, str]
    """The account's deleted users, names by id, when they were read."""
    found_users: set[int]
    """The filter's user ids that are users of the account."""
    company_found: bool
    """Whether the filter's company is a company of the account."""


def _users_select(
    sql: Statement, account_id: int, read_deleted: bool, user_ids: list[int]
) -> str | None:
    if not read_deleted and not user_ids:
        return None
    # Parameters are numbered in the order they are made, which must be the
    # order of the SQL text for SQLite's positional ones.
    account = sql.param(account_id)
    conditions = []
    if read_deleted:
        conditions.append("deleted_at IS NOT NULL")
    if user_ids:
        conditions.append(f"id {sql.in_values(user_ids)}")
    return (
        "SELECT 'user', id, name, deleted_at IS NOT NULL FROM \"user\" "
        f"WHERE account_id = {account} AND ({' OR '.join(conditions)})"
    )


def _company_select(sql: Statement, account_id: int, company_id: int) -> str:
    return (
        "SELECT 'company', id, NULL, FALSE FROM company "
        f"WHERE account_id = {sql.param(account_id)} AND id = {sql.param(company_id)}"
    )


async def _read_filter_rows(
    account_id: int, read_deleted: bool, user_ids: list[int], company_id: int | None
) -> _FilterRows:
    """Read the deleted users and which of the filter's users and company exist.

    The deleted users are read only with `read_deleted`. One statement serves
    all three, so that a list filtered by owner or company costs no more
    statements than one without a filter.
    """
    conn = connection()
    sql = Statement(conn)
    selects = [_users_select(sql, account_id, read_deleted, user_ids)]
    if company_id is not None:
        selects.append(_company_select(sql, account_id, company_id))
    query = " UNION ALL ".join(select for select in selects if select is not None)
    if not query:
        return _FilterRows({}, set(), company_found=False)
    # Raw SQL, because every filtered list runs it (bench/deals_list.py).
    _, rows = await conn.execute_query(query, sql.params)
    users = [row for row in rows if row[0] == "user"]
    return _FilterRows(
        deleted_users={row[1]: row[2] for row in users if read_deleted and row[3]},
        found_users={row[1] for row in users} & set(user_ids),
        company_found=any(row[0] == "company" for row in rows),
    )


def _check_users_exist(owner: OwnerCondition, found: set[int]) -> None:
    missing = [user_id for user_id in owner.user_ids if user_id not in found]
    if missing:
        examples = ", ".join(to_global_id("User", user_id) for user_id in missing[:5])
        raise NotFound(
            f"Not found: {counted(len(missing), 'user ID')} of the owner filter, "
            f"for example {examples}.",
            field="owner",
        )


def _check_company_exists(company_id: int, found: bool) -> None:
    if not found:
        raise NotFound(
            f"Company {to_global_id('Company', company_id)!r} of the filter was "
            "not found.",
            field="companyId",
        )


def _hide_deleted_owners(
    query: QuerySet,
    account_id: int,
    record_type: RecordType,
    deleted_users: dict[int, str],
) -> QuerySet:
    """Leave out records whose owner is a deleted user.

    An account without deleted users (the usual case) gets no extra condition,
    which would keep PostgreSQL from using the owner index.
    """
    if not deleted_users:
        return query
    owner_role = ObjectRole.filter(account_id=account_id, key=OWNER_ROLE_KEY)
    held_by_deleted = Assignment.filter(
        account_id=account_id,
        record_type=record_type,
        object_role_id__in=Subquery(owner_role.values("id")),
        user_id__in=sorted(deleted_users),
    )
    return query.filter(~Q(id__in=Subquery(held_by_deleted.values("record_id"))))


def _check_owner_users(owner: OwnerCondition, deleted_users: dict[int, str]) -> None:
    for user_id in owner.user_ids:
        if user_id in deleted_users:
            raise ValidationFailed(
                f"User {deleted_users[user_id]!r} is deleted; turn on 'show deleted "
                "users in filters' for the account to filter by deleted users.",
                field="owner",
            )


async def shows_deleted_users(account_id: int) -> bool:
    account = await Account.get(id=account_id)
    return account.show_deleted_users_in_filters


async def filtered_query(
    account_id: int,
    record_type: RecordType,
    record_filter: RecordFilter | None,
    *,
    show_deleted: bool | None = None,
    keep_deleted_owners: bool = False,
) -> QuerySet:
    """Return the account's records of `record_type` that match the filter.

    Unless the account shows deleted users in filters (`show_deleted` overrides
    the account's setting), records owned by deleted users are left out and the
    owner filter rejects deleted users. `keep_deleted_owners` keeps those records
    in, for statistics that count them without naming their owners.
    """
    if show_deleted is None:
        show_deleted = await shows_deleted_users(account_id)
    query = RECORD_MODELS[record_type].filter(account_id=account_id)
    if record_filter is not None:
        _check_fields(record_type, record_filter)
    # One read serves the hiding and the checks of the owner and company filters.
    user_ids = (
        sorted(set(record_filter.owner.user_ids))
        if (record_filter is not None and record_filter.owner is not None)
        else []
    )
    company_id = None if record_filter is None else record_filter.company_id
    rows = await _read_filter_rows(account_id, not show_deleted, user_ids, company_id)
    if not keep_deleted_owners:
        query = _hide_deleted_owners(query, account_id, record_type, rows.deleted_users)
    if record_filter is None:
        return query
    if record_filter.owner is not None:
        _check_users_exist(record_filter.owner, rows.found_users)
        _check_owner_users(record_filter.owner, rows.deleted_users)
        query = query.filter(
            await _owner_query(account_id, record_type, record_filter.owner)
        )
    if record_filter.search and record_filter.search.strip():
        query = query.filter(_search_query(record_filter.search))
    if record_filter.stages:
        query = query.filter(stage__in=record_filter.stages)
    if record_filter.company_id is not None:
        _check_company_exists(record_filter.company_id, rows.company_found)
        query = query.filter(company_id=record_filter.company_id)
    return query
