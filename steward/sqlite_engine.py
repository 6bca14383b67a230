"""A Tortoise engine for SQLite whose transactions take the write lock as they begin.

Tortoise 1.1 begins a transaction with a plain, deferred BEGIN. In WAL mode, a
deferred transaction that has read and then writes fails at once with "database
is locked" when another connection committed after its first read, because
waiting cannot help it, so SQLite's busy timeout does not apply. BEGIN IMMEDIATE
takes the write lock first, and there the busy timeout does wait. A BEGIN that
still finds the lock held when the busy timeout runs out is retried a few times
with backoff, which is safe because nothing has run in the transaction yet.

The engine also replaces SQLite's UPPER, which changes ASCII letters only, with
Python's, so that name search ignores case in every alphabet as on PostgreSQL,
and reads rows as plain tuples where a caller asks for them
(`steward.sql.fetch_tuples`).

steward.db names this module as the `engine` of SQLite connections.
"""

import asyncio
import logging
import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.exceptions import OperationalError, TransactionManagementError

from steward.availability import is_sqlite_busy

logger = logging.getLogger(__name__)

BEGIN_ATTEMPTS = 3
FIRST_RETRY_SECONDS = 0.1


class TupleReads:
    """A client mixin for reads whose rows are plain tuples, not sqlite3.Row objects.

    When a bulk change read 100,000 record ids, building a Row object per row
    took about as long as SQLite's own work.
    """

    @translate_exceptions
    async def execute_query_tuples(
        self: Any, query: str, values: list[Any] | None = None
    ) -> list[tuple[Any, ...]]:
        async with self.acquire_connection() as connection:
            cursor = await connection.execute(query, values)
            try:
                cursor.row_factory = None
                return list(await cursor.fetchall())
            finally:
                await cursor.close()


class ImmediateTransactionWrapper(TupleReads, SqliteTransactionWrapper):
    async def begin(self) -> None:
        # Like Tortoise's begin: end the implicit transaction of the connection first.
        await self._connection.commit()
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            try:
                await self._connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not is_sqlite_busy(error):
                    raise TransactionManagementError(error) from error
                if attempt == BEGIN_ATTEMPTS:
                    logger.warning(
                        "SQLite write lock still busy after %d attempts; giving up",
                        attempt,
                    )
                    raise OperationalError(error) from error
                delay = FIRST_RETRY_SECONDS * 2 ** (attempt - 1)
                logger.warning(
                    "SQLite write lock busy (attempt %d of %d); retrying in %.1f s",
                    attempt,
                    BEGIN_ATTEMPTS,
                    delay,
                )
                await asyncio.sleep(delay)


def unicode_upper(value: object) -> object:
    """Return a text value upper-cased by Unicode rules, and other values unchanged."""
    return value.upper() if isinstance(value, str) else value


class ImmediateTransactionClient(TupleReads, SqliteClient):
    async def _post_connect(self) -> None:
        await super()._post_connect()
        await self._connection.create_function(
            "upper", 1, unicode_upper, deterministic=True
        )

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateTransactionClient
