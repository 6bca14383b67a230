"""Tortoise models from the rows of raw SQL, for reads that skip the query builder."""

from collections.abc import Mapping
from typing import Any, TypeVar

from tortoise.models import Model

ModelType = TypeVar("ModelType", bound=Model)


def model_from_row(model: type[ModelType], row: Mapping[str, Any]) -> ModelType:
    """Return a saved `model` instance from a row keyed by column name.

    The row (a dict, a SQLite row or an asyncpg record) must hold every column
    of the model's table, and other columns are left out. The values go through
    the same conversions as rows that Tortoise reads itself (`_init_from_db`,
    Tortoise 1.1), such as text to datetime on SQLite.
    """
    return model._init_from_db(**row)


def select_columns(model: type[Model], alias: str, prefix: str = "") -> str:
    """Return the SELECT list of every column of `model`'s table, as `alias`.

    With a `prefix`, each column is named `prefix` and its name, so that the
    columns of two tables can share a row (see `pop_prefixed`).
    """
    columns = model._meta.fields_db_projection.values()
    if prefix:
        return ", ".join(
            f'{alias}."{column}" AS "{prefix}{column}"' for column in columns
        )
    return ", ".join(f'{alias}."{column}"' for column in columns)


def pop_prefixed(row: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Remove the columns named with `prefix` from `row` and return them unprefixed."""
    keys = [key for key in row if key.startswith(prefix)]
    return {key[len(prefix) :]: row.pop(key) for key in keys}
