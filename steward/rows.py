"""Tortoise models from the rows of raw SQL, for reads that skip the query builder."""

from typing import Any, TypeVar

from tortoise.models import Model

ModelType = TypeVar("ModelType", bound=Model)


def model_from_row(model: type[ModelType], row: dict[str, Any]) -> ModelType:
    """Return a saved `model` instance from a row keyed by column name.

    The row must hold every column of the model's table. The values go through
    the same conversions as rows that Tortoise reads itself (`_init_from_db`,
    Tortoise 1.1), such as text to datetime on SQLite.
    """
    return model._init_from_db(**row)


def select_columns(model: type[Model], alias: str) -> str:
    """Return the SELECT list of every column of `model`'s table, as `alias`."""
    columns = model._meta.fields_db_projection.values()
    return ", ".join(f'{alias}."{column}"' for column in columns)
