"""Ownership statistics per assignee, computed with one grouped SQL query."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise.queryset import ValuesQuery

from models import Account, DealStage, RecordType, User
from models.records import RECORD_MODELS
from steward import ownership
from steward.filters import RecordFilter, filtered_query
from steward.sql import Statement, connection

# The `user_id` of the row that sums the records of all deleted users, when the
# account hides deleted users. Database ids start at 1, so no user has this id.
DELETED_USERS = 0
# Deal values have two decimal places, as the lists show them.
CENTS = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class AssigneeStats:
    """Counts of one assignee; `user_id` None is the row of records without one.

    `user_id` DELETED_USERS is the row of the records held by deleted users.
    """

    user_id: int | None
    records: int
    open_deals: int = 0
    won_deals: int = 0
    won_value: Decimal = ZERO
    lost_deals: int = 0
    lost_value: Decimal = ZERO


def _deal_columns(sql: Statement) -> str:
    """Return the count of open deals, then the count and value of won and lost ones.

    Open deals have no value to sum, because `value` is the closed value.
    """
    open_stages = [s.value for s in DealStage if s.is_open]
    columns = [
        f"SUM(CASE WHEN r.stage IN ({sql.params_in(open_stages)}) THEN 1 ELSE 0 END)"
    ]
    for stage in (DealStage.WON, DealStage.LOST):
        columns.append(
            f"SUM(CASE WHEN r.stage IN ({sql.params_in([stage.value])}) "
            "THEN 1 ELSE 0 END)"
        )
        columns.append(
            f"SUM(CASE WHEN r.stage IN ({sql.params_in([stage.value])}) "
            "THEN COALESCE(r.value, 0) ELSE 0 END)"
        )
    return ", " + ", ".join(columns)


def _parameterized_sql(query: ValuesQuery) -> tuple[str, list[Any]]:
    """Return a queryset's SQL with placeholders, and its parameters.

    Tortoise 1.1's public `sql()` returns the parameters only inlined into the text,
    so this builds the query the way `sql()` does and keeps them apart.
    """
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return sql, list(params)


async def ownership_stats(
    account: Account,
    record_type: RecordType,
    object_role_key: str | None,
    record_filter: RecordFilter | None,
) -> list[AssigneeStats]:
    """Return one row per assignee and one, always present, for free records.

    The rows add up to the records that match the filter. When the account hides
    deleted users in filters, the records held by deleted users are summed in one
    row with `user_id` DELETED_USERS, present when it counts any record, and the
    filter rejects deleted users.
    """
    role = await ownership.resolve_object_role(account.id, object_role_key)
    ownership.check_role_applies(role, record_type)
    show_deleted = account.show_deleted_users_in_filters
    selection = await filtered_query(
        account.id,
        record_type,
        record_filter,
        show_deleted=show_deleted,
        keep_deleted_owners=True,
    )
    selection_sql, selection_params = _parameterized_sql(selection.values("id"))

    conn = connection()
    sql = Statement(conn, first_index=len(selection_params) + 1)
    table = RECORD_MODELS[record_type]._meta.db_table
    is_deal = record_type == RecordType.DEAL
    assignee = (
        "a.user_id"
        if show_deleted
        else f"CASE WHEN u.deleted_at IS NULL THEN a.user_id ELSE {DELETED_USERS} END"
    )
    query = (
        f"SELECT {assignee}, COUNT(*){_deal_columns(sql) if is_deal else ''} "
        f"FROM {table} r "
        f"LEFT JOIN assignment a ON a.record_id = r.id "
        f"AND a.record_type = {sql.param(record_type.value)} "
        f"AND a.object_role_id = {sql.param(role.id)} "
        f'LEFT JOIN "user" u ON u.id = a.user_id '
        f"WHERE r.id IN ({selection_sql}) "
        f"GROUP BY {assignee}"
    )
    # PostgreSQL numbers the placeholders (the selection's come first); SQLite binds
    # them in the order they appear in the text, where the selection comes last.
    if sql.postgres:
        params = [*selection_params, *sql.params]
    else:
        params = [*sql.params, *selection_params]
    _, rows = await conn.execute_query(query, params)
    result = []
    for row in rows:
        values = list(row.values()) if hasattr(row, "values") else list(row)
        stats = AssigneeStats(user_id=values[0], records=int(values[1]))
        if is_deal:
            stats.open_deals = int(values[2] or 0)
            stats.won_deals = int(values[3] or 0)
            stats.won_value = Decimal(str(values[4] or 0)).quantize(CENTS)
            stats.lost_deals = int(values[5] or 0)
            stats.lost_value = Decimal(str(values[6] or 0)).quantize(CENTS)
        result.append(stats)
    if not any(stats.user_id is None for stats in result):
        result.append(AssigneeStats(user_id=None, records=0))
    names = dict(
        await User.filter(id__in=[s.user_id for s in result if s.user_id]).values_list(
            "id", "name"
        )
    )
    # Assignees by name, then deleted users, then free records.
    result.sort(
        key=lambda s: (
            s.user_id is None,
            s.user_id == DELETED_USERS,
            names.get(s.user_id, ""),
            s.user_id or 0,
        )
    )
    return result
