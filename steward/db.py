"""Database connection and schema migrations (Tortoise ORM and aerich)."""

import contextlib
import logging
import sqlite3
import urllib.parse
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aerich import Command
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import ConfigurationError

from steward.config import Settings

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MODEL_MODULES = ["models", "casbin_tortoise_adapter.model", "aerich.models"]

SQLITE_ENGINE = "steward.sqlite_engine"
ASYNCPG_ENGINE = "tortoise.backends.asyncpg"
# Milliseconds a SQLite writer waits for a lock held by another connection or process.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Query parameters that a DATABASE_URL may carry, by dialect.
URL_PARAMETERS = {"sqlite": ("busy_timeout",), "postgres": ("sslmode",)}
# The sslmode values of libpq, which asyncpg accepts as its `ssl` argument.
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


class DatabaseUnreachable(Exception):
    """The database refused or failed the connection, or its file can't be opened.

    The message is that of the operating system's error, which names the server's
    address or the file but never the URL's password.
    """


class DatabaseMissing(Exception):
    """The SQLite database file does not exist, and the command may not create it."""


class DatabaseUnusable(Exception):
    """A SQLite database file that SQLite cannot use, such as one of another format."""


@contextlib.asynccontextmanager
async def _opening_database(database_url: str) -> AsyncIterator[None]:
    """Translate the errors of opening the database, and close what was opened.

    Raises DatabaseUnreachable for an OSError and DatabaseUnusable for an error of
    SQLite itself, which Tortoise passes on untranslated from the statements it
    runs when it connects. Without the close, the thread of the half-opened
    SQLite connection kept the process from exiting.
    """
    try:
        yield
    except OSError as error:
        await _close_after_failure()
        raise DatabaseUnreachable(str(error)) from error
    except sqlite3.DatabaseError as error:
        await _close_after_failure()
        raise DatabaseUnusable(_unusable_message(database_url, error)) from error


def check_sqlite_file(database_url: str) -> None:
    """Raise DatabaseUnusable for an existing SQLite file that SQLite cannot read.

    For processes that check before their event loop runs, such as uvicorn's
    factory call; `connect` finds the same files.
    """
    if dialect(database_url) != "sqlite":
        return
    path = _sqlite_path(database_url)
    if not path or path == ":memory:" or not Path(path).is_file():
        return
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA schema_version")
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(_unusable_message(database_url, error)) from error


def _unusable_message(database_url: str, error: sqlite3.DatabaseError) -> str:
    path = Path(_sqlite_path(database_url)).resolve()
    return (
        f"the SQLite database {path} cannot be used: {error}; move the file away "
        "to start a new database, or set DATABASE_URL to another one"
    )


async def _close_after_failure() -> None:
    try:
        await Tortoise.close_connections()
    except Exception as error:  # noqa: BLE001 - the first error is the one to report
        logger.warning(
            "failed to close the database connection after a failed open: %r", error
        )


def checked_settings() -> Settings:
    """Return the settings of the environment; raise ValueError when one is invalid.

    Unlike Settings.from_env, it also checks DATABASE_URL, as every process does
    before it connects.
    """
    settings = Settings.from_env()
    check_url(settings.database_url)
    return settings


def dialect(database_url: str) -> str:
    """Return `sqlite` or `postgres` for a Tortoise database URL."""
    scheme = database_url.split(":", 1)[0]
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql", "asyncpg", "psycopg"):
        return "postgres"
    raise ValueError(
        f"unsupported DATABASE_URL scheme {scheme!r}; use sqlite://PATH or postgres://..."
    )


def check_url(database_url: str) -> None:
    """Raise ValueError, naming the problem, for a DATABASE_URL that cannot work.

    SQLite cannot open a folder as its database file, and a connection attempt to
    one does not fail cleanly, so a folder is rejected before any connection.
    """
    _check_parameters(database_url)
    if dialect(database_url) == "sqlite":
        path = _sqlite_path(database_url)
        if not path:
            raise ValueError(
                "DATABASE_URL has no database file path; use sqlite://PATH, such as "
                "sqlite://data/steward.sqlite3"
            )
        if path != ":memory:" and Path(path).is_dir():
            raise ValueError(
                f"DATABASE_URL names the folder {path}; give the path of a database "
                "file, such as sqlite://data/steward.sqlite3"
            )
        return
    try:
        expand_db_url(database_url)
    except ConfigurationError as error:
        # The message names the part that is wrong, never the password.
        raise ValueError(
            f"DATABASE_URL is invalid: {error}; check its host, port (1 to 65535) "
            "and database name"
        ) from None


def _check_parameters(database_url: str) -> None:
    """Raise ValueError for a query parameter that Steward does not support."""
    kind = dialect(database_url)
    allowed = URL_PARAMETERS[kind]
    query = urllib.parse.urlsplit(database_url).query
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if name not in allowed:
            raise ValueError(
                f"DATABASE_URL has the unsupported query parameter {name!r}; "
                f"{kind} URLs accept only {', '.join(allowed)}"
            )
        if name == "sslmode" and value not in SSL_MODES:
            raise ValueError(
                f"DATABASE_URL has sslmode={value!r}; use one of {', '.join(SSL_MODES)}"
            )
        if name == "busy_timeout" and not value.isdigit():
            raise ValueError(
                f"DATABASE_URL has busy_timeout={value!r}; give milliseconds as a "
                "whole number"
            )


def check_database_exists(database_url: str) -> None:
    """Raise DatabaseMissing for a SQLite URL whose database file does not exist.

    Connecting would create an empty database there, without tables.
    """
    if dialect(database_url) != "sqlite":
        return
    path = _sqlite_path(database_url)
    if path and path != ":memory:" and not Path(path).exists():
        raise DatabaseMissing(
            f"the SQLite database {Path(path).resolve()} does not exist; set "
            "DATABASE_URL or STEWARD_DATA_DIR to name an existing one, or run "
            "'steward migrate' to create it"
        )


def _sqlite_path(database_url: str) -> str:
    return database_url.removeprefix("sqlite://").split("?", 1)[0]


def _connection_url(database_url: str) -> str:
    if dialect(database_url) == "sqlite" and "busy_timeout" not in database_url:
        separator = "&" if "?" in database_url else "?"
        return f"{database_url}{separator}busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
    return database_url


def _connection_config(database_url: str) -> dict[str, Any]:
    """Return the Tortoise connection: SQLite gets Steward's engine (see its module).

    Tortoise passes query parameters to the driver as arguments, and asyncpg
    takes libpq's `sslmode` as its `ssl` argument.
    NOTE: a psycopg:// URL passes `sslmode` unchanged, untested because Steward
    does not install psycopg.
    """
    config = expand_db_url(_connection_url(database_url))
    if dialect(database_url) == "sqlite":
        return {**config, "engine": SQLITE_ENGINE}
    credentials = config["credentials"]
    if config["engine"] == ASYNCPG_ENGINE and "sslmode" in credentials:
        credentials["ssl"] = credentials.pop("sslmode")
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection_config(database_url)},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def migrations_dir(database_url: str) -> Path:
    """Return the aerich migrations folder, one per SQL dialect."""
    return ROOT / "migrations" / dialect(database_url)


def _ensure_sqlite_folder(database_url: str) -> None:
    if dialect(database_url) != "sqlite":
        return
    path = _sqlite_path(database_url)
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def migrate(database_url: str) -> list[str]:
    """Apply every pending migration and return the names of those applied."""
    _ensure_sqlite_folder(database_url)
    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=str(migrations_dir(database_url)),
    )
    async with _opening_database(database_url):
        async with command:
            await command.init()
            applied = await command.upgrade(run_in_transaction=True)
    for name in applied:
        logger.info("applied migration %s", name)
    return applied


async def connect(database_url: str) -> None:
    """Open the process-wide connection that every task of this process uses."""
    _ensure_sqlite_folder(database_url)
    async with _opening_database(database_url):
        await Tortoise.init(
            config=tortoise_config(database_url), _enable_global_fallback=True
        )
        if dialect(database_url) == "sqlite":
            # Tortoise opens a SQLite connection at its first statement; this one
            # makes a file that SQLite cannot use fail here. A PostgreSQL server
            # that is down is left to the first request, which reports it.
            await Tortoise.get_connection("default").execute_query("SELECT 1")
    logger.info("database connected (%s)", dialect(database_url))


async def disconnect() -> None:
    await Tortoise.close_connections()
    logger.info("database connection closed")
