"""Raw SQL for set-based writes that the ORM would do one row at a time."""

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

T = TypeVar("T")

# Rows per statement in set-based writes. SQLite before 3.32 allows 999 bound
# parameters per statement, and a chunk adds a few fixed parameters to its ids.
CHUNK_SIZE = 500


def connection() -> BaseDBAsyncClient:
    """Return the default connection, or the current transaction's inside one."""
    return connections.get("default")


def chunks(items: Sequence[T], size: int = CHUNK_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Statement:
    """Builds SQL with the placeholder style of the connection's driver."""

    def __init__(self, conn: BaseDBAsyncClient, first_index: int = 1) -> None:
        """`first_index` numbers PostgreSQL placeholders after those of an
        embedded query whose parameters come first."""
        self.postgres = conn.capabilities.dialect == "postgres"
        self.params: list[Any] = []
        self.first_index = first_index

    def param(self, value: Any) -> str:
        self.params.append(value)
        if self.postgres:
            return f"${self.first_index + len(self.params) - 1}"
        return "?"

    def params_in(self, values: Sequence[Any]) -> str:
        """Add `values` and return their placeholders, comma-separated."""
        first = self.first_index + len(self.params)
        self.params.extend(values)
        if self.postgres:
            return ", ".join(f"${first + offset}" for offset in range(len(values)))
        return ", ".join(["?"] * len(values))

    def placeholders(self, count: int) -> str:
        """Return `count` positional placeholders for an executemany row."""
        if self.postgres:
            return ", ".join(f"${i}" for i in range(1, count + 1))
        return ", ".join("?" for _ in range(count))
