"""The SELECT list and WHERE clause of a Tortoise queryset, for reads that run raw.

A list counts and pages the rows of one filtered queryset. Rendering its
condition once and running both statements as raw SQL saves building two
queries with pypika and going through Tortoise's executor for each.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pypika_tortoise.terms import Parameterizer
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import RawSQL
from tortoise.models import Model
from tortoise.queryset import QuerySet


@dataclass(frozen=True)
class Selection:
    """The rows of `table` that match `where`, whose placeholders count from 1."""

    db: BaseDBAsyncClient
    model: type[Model]
    table: str
    columns: str
    """The SELECT list: every column of the model, then the annotations."""
    annotations: list[str]
    where: str
    params: list[Any]
    order_by: str
    """The query's ORDER BY clause with a leading space, or an empty string."""


def select_list(query: QuerySet) -> str:
    """Return the SELECT list of the model's columns and the query's annotations.

    Raises ValueError for an annotation other than RawSQL, whose SQL may need
    joins or parameters.
    """
    meta = query.model._meta
    columns = [f'"{column}"' for column in meta.fields_db_projection.values()]
    for name, annotation in query._annotations.items():
        if not isinstance(annotation, RawSQL):
            raise ValueError(f"annotation {name!r} is not RawSQL")
        columns.append(f'{annotation.sql} AS "{name}"')
    return ", ".join(columns)


def selection(query: QuerySet) -> Selection:
    """Return the columns, condition and order of `query` on its connection.

    The values are converted for the database as Tortoise converts them when it
    runs the queryset. Raises ValueError for a queryset whose rows its WHERE
    clause alone does not select: one with joins, grouping, DISTINCT, a limit
    or an offset.
    """
    # QuerySet.__await__ builds its pypika query the same way before each run.
    query._choose_db_if_not_chosen()
    query._make_query()
    builder = query.query
    if (
        builder._joins
        or builder._groupbys
        or builder._havings
        or builder._distinct
        or builder._limit is not None
        or builder._offset is not None
    ):
        raise ValueError(
            f"the rows of this {query.model.__name__} query need more than a WHERE"
        )
    where, params = "1 = 1", []
    if builder._wheres:
        # The context of pypika's own WHERE clause (QueryBuilder._where_sql),
        # with the placeholders of the connection's dialect.
        context = builder.QUERY_CLS.SQL_CONTEXT.copy(
            parameterizer=Parameterizer(), subquery=True
        )
        where = builder._wheres.get_sql(context)
        params = context.parameterizer.values
    order_by = ""
    if builder._orderbys:
        # Tortoise orders some columns by an expression, such as decimals by
        # CAST(... AS NUMERIC) on SQLite, which stores them as text.
        order_by = builder._orderby_sql(builder.QUERY_CLS.SQL_CONTEXT)
    return Selection(
        db=query._db,
        model=query.model,
        table=query.model._meta.db_table,
        columns=select_list(query),
        annotations=list(query._annotations),
        where=where,
        params=params,
        order_by=order_by,
    )


def models_from_rows(selection: Selection, rows: Iterable[Any]) -> list[Model]:
    """Return the saved models of rows read with `selection.columns`.

    The annotations become attributes as they come from the driver, as Tortoise
    sets them (`BaseExecutor.execute_select`, Tortoise 1.1).
    """
    model = selection.model
    instances = []
    for row in rows:
        instance = model._init_from_db(**row)
        for name in selection.annotations:
            object.__setattr__(instance, name, row[name])
        instances.append(instance)
    return instances
