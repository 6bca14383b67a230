"""Keyset (cursor) pagination over a Tortoise queryset.

Rows are ordered by one sort column and then by id, in the same direction, with
empty (NULL) sort values last in both directions. A cursor carries the sort value and
id of a row, so the next page starts after it even when rows are inserted meanwhile.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from schema.ids import MAX_PK
from steward.errors import ValidationFailed, quoted
from steward.query_sql import Selection, models_from_rows, selection
from steward.sql import Statement


@dataclass(frozen=True)
class SortColumn:
    name: str
    kind: type  # str, datetime, date or Decimal
    nullable: bool
    max_length: int | None = None
    """The maximum length of the text in a column of kind str."""


@dataclass
class Page:
    rows: list[Any]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    total_count: int


def _encode_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode_value(raw: Any, column: SortColumn) -> Any:
    if raw is None:
        if not column.nullable:
            raise ValueError("empty sort value for a column that is never empty")
        return None
    if not isinstance(raw, str):
        raise TypeError("sort value must be a string")
    if "\x00" in raw:
        raise ValueError("sort value with a NUL character")
    if column.max_length is not None and len(raw) > column.max_length:
        raise ValueError("sort value longer than the column")
    if column.kind is datetime:
        value = datetime.fromisoformat(raw)
        if value.tzinfo is None:
            raise ValueError("sort time without a time zone")
        return value
    if column.kind is date:
        return date.fromisoformat(raw)
    if column.kind is Decimal:
        number = Decimal(raw)
        if not number.is_finite():
            raise ValueError("sort value is not a finite number")
        return number
    return raw


def encode_cursor(row: Any, column: SortColumn) -> str:
    payload = json.dumps(
        [column.name, _encode_value(getattr(row, column.name)), row.id]
    )
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, column: SortColumn) -> tuple[Any, int]:
    """Return (sort value, id) of a cursor made for the same sort column."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, raw_value, row_id = json.loads(base64.urlsafe_b64decode(padded))
        if name != column.name:
            raise ValueError("cursor of another sort order")
        if type(row_id) is not int or not 0 < row_id <= MAX_PK:
            raise ValueError("row id out of range")
        return _decode_value(raw_value, column), row_id
    except (ValueError, TypeError, InvalidOperation, binascii.Error, UnicodeError):
        raise ValidationFailed(
            f"Cursor {quoted(cursor)} is invalid for this list and sort order; "
            "use an endCursor from the same query.",
            field="after",
        ) from None


def _after_value(column: SortColumn, descending: bool, value: Any, row_id: int) -> Q:
    """Rows after (`value`, `row_id`) among the rows that have a sort value."""
    name = column.name
    op = "lt" if descending else "gt"
    return Q(**{f"{name}__{op}": value}) | Q(**{name: value, f"id__{op}": row_id})


async def _select(rows: Selection, limit: int) -> list[Any]:
    """Read up to `limit` of the rows as models, in their order."""
    sql = Statement(rows.db, first_index=len(rows.params) + 1)
    _, found = await rows.db.execute_query(
        f'SELECT {rows.columns} FROM "{rows.table}" WHERE {rows.where}'
        f"{rows.order_by} LIMIT {sql.param(limit)}",
        [*rows.params, *sql.params],
    )
    return models_from_rows(rows, found)


async def _rows(
    ordered: QuerySet,
    matching: Selection,
    column: SortColumn,
    descending: bool,
    after: tuple[Any, int] | None,
    limit: int,
) -> list[Any]:
    """Read up to `limit` rows after the cursor position `after`, in sort order.

    Rows with an empty sort value come after all others in both directions. They
    are read by a second statement, only when the first one did not fill the
    page, so that each statement reads the rows in the order of the account's
    index on (sort column, id). `ordered` is the list's query in sort order, and
    `matching` its selection, which the first page of a sort column without
    empty values reads as it is.
    """
    name = column.name
    if not column.nullable:
        if after is not None:
            after_position = ordered.filter(_after_value(column, descending, *after))
            matching = selection(after_position)
        return await _select(matching, limit)
    rows: list[Any] = []
    if after is None or after[0] is not None:
        valued = ordered.filter(**{f"{name}__isnull": False})
        if after is not None:
            valued = valued.filter(_after_value(column, descending, *after))
        rows = await _select(selection(valued), limit)
    if len(rows) < limit:
        sign = "-" if descending else ""
        empty = ordered.filter(**{f"{name}__isnull": True}).order_by(f"{sign}id")
        if after is not None and after[0] is None:
            empty = empty.filter(**{f"id__{'lt' if descending else 'gt'}": after[1]})
        rows += await _select(selection(empty), limit - len(rows))
    return rows


async def _count(rows: Selection) -> int:
    _, found = await rows.db.execute_query(
        f'SELECT COUNT(*) FROM "{rows.table}" WHERE {rows.where}', rows.params
    )
    return found[0][0]


def check_page_size(first: int | None, default: int, maximum: int) -> int:
    if first is None:
        return default
    if first < 0 or first > maximum:
        raise ValidationFailed(
            f"'first' must be between 0 and {maximum}, got {first}.", field="first"
        )
    return first


async def paginate(
    query: QuerySet,
    column: SortColumn,
    *,
    descending: bool,
    first: int,
    after: str | None,
) -> Page:
    """Return up to `first` rows of `query` after the cursor `after`.

    The count and the page run as raw SQL built from the query's condition
    (steward/query_sql.py). So `query` may have filters and RawSQL annotations
    but no joins, limit or offset, and the sort order replaces its own.
    """
    position = None if after is None else decode_cursor(after, column)
    sign = "-" if descending else ""
    ordered = query.order_by(f"{sign}{column.name}", f"{sign}id")
    matching = selection(ordered)
    total_count = await _count(matching)
    rows = await _rows(ordered, matching, column, descending, position, first + 1)
    has_next_page = len(rows) > first
    rows = rows[:first]
    return Page(
        rows=rows,
        cursors=[encode_cursor(row, column) for row in rows],
        has_next_page=has_next_page,
        has_previous_page=after is not None,
        total_count=total_count,
    )
