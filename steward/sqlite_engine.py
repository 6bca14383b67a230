"""A Tortoise engine for SQLite whose transactions take the write lock as they begin.

Tortoise 1.1 begins a transaction with a plain, deferred BEGIN. In WAL mode, a
deferred transaction that has read and then writes fails at once with "database
is locked" when another connection committed after its first read, because
waiting cannot help it, so SQLite's busy timeout does not apply. BEGIN IMMEDIATE
takes the write lock first, and there the busy timeout does wait. A BEGIN that
still finds the lock held when the busy timeout runs out is retried a few times
with backoff, which is safe because nothing has run in the transaction yet.

The engine also replaces SQLite's UPPER, which changes ASCII letters only, with
Python's, so that name search ignores case in every alphabet as on PostgreSQL.

steward.db names this module as the `engine` of SQLite connections.
"""

import asyncio
import logging
import sqlite3

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import OperationalError, TransactionManagementError

from steward.availability import is_sqlite_busy

logger = logging.getLogger(__name__)

BEGIN_ATTEMPTS = 3
FIRST_RETRY_SECONDS = 0.1


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
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


class ImmediateTransactionClient(SqliteClient):
    async def _post_connect(self) -> None:
        await super()._post_connect()
        await self._connection.create_function(
            "upper", 1, unicode_upper, deterministic=True
        )

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateTransactionClient
