"""Recognizing a database that cannot be reached, so clients get UNAVAILABLE.

A PostgreSQL server that stops or restarts makes asyncpg raise connection errors
on the next query, and a SQLite file whose write lock another process holds past
the busy timeout raises "database is locked". Both are temporary: the asyncpg
pool opens new connections once the server accepts them again, so the same
process recovers without a restart. Requests that fail meanwhile get the
`Unavailable` error instead of a masked internal error.
"""

import logging
import sqlite3
import time

import asyncpg
from tortoise.exceptions import DBConnectionError

from steward.errors import Unavailable

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = (
    "The database is unavailable at the moment; retry the request in a few seconds."
)
# SQLite's messages for SQLITE_BUSY and SQLITE_LOCKED.
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")
CONNECTION_ERRORS = (
    # Includes ConnectionDoesNotExistError, for a connection that the server closed.
    asyncpg.PostgresConnectionError,
    # Admin shutdown, crash shutdown and "the database system is starting up".
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.TooManyConnectionsError,
    # Raised by asyncpg when the server closes a connection during a query or
    # during the pool's reset of the connection ("cannot switch to state").
    asyncpg.exceptions.InternalClientError,
    DBConnectionError,
    # ConnectionRefusedError and ConnectionResetError of the driver's socket.
    ConnectionError,
)
LOG_EVERY_SECONDS = 10.0

_last_logged: float | None = None
_unlogged = 0


def is_sqlite_busy(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and str(error).startswith(
        SQLITE_BUSY_MESSAGES
    )


def _chain(error: BaseException) -> list[BaseException]:
    """Return the error and the errors it was raised from, innermost last."""
    chain = [error]
    while len(chain) < 10:
        cause = chain[-1].__cause__ or chain[-1].__context__
        if cause is None or cause in chain:
            break
        chain.append(cause)
    return chain


def database_unavailable(error: BaseException) -> Unavailable | None:
    """Return the client error for a database that cannot be reached, else None.

    Tortoise wraps driver errors (sqlite3's in OperationalError), so the errors
    that `error` was raised from are checked too.
    """
    for link in _chain(error):
        if isinstance(link, CONNECTION_ERRORS) or is_sqlite_busy(link):
            _log_outage(link)
            return Unavailable(UNAVAILABLE_MESSAGE)
    return None


def _log_outage(error: BaseException) -> None:
    """Log the error, at most once per LOG_EVERY_SECONDS with a count of the rest."""
    global _last_logged, _unlogged
    now = time.monotonic()
    if _last_logged is not None and now - _last_logged < LOG_EVERY_SECONDS:
        _unlogged += 1
        return
    logger.warning(
        "database unavailable: %s: %s (%d more since the last report)",
        type(error).__name__,
        error,
        _unlogged,
    )
    _last_logged = now
    _unlogged = 0
