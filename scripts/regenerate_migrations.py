"""Regenerate the initial aerich migration of each dialect from the current models.

Used only before the first release, while no deployed database has the schema.
The PostgreSQL migration is generated against a throwaway local server.
"""

import asyncio
import sys
import tempfile
from pathlib import Path

import asyncpg
from aerich import Command
from tortoise import Tortoise

from steward import db
from steward.pg_server import postgres_server


async def regenerate(url: str) -> list[str]:
    target = db.migrations_dir(url) / "models"
    for old in target.glob("*.py"):
        old.unlink()
    command = Command(
        tortoise_config=db.tortoise_config(url),
        app="models",
        location=str(db.migrations_dir(url)),
    )
    await command.init_db(safe=True)
    await command.aclose()
    await Tortoise.close_connections()
    return sorted(p.name for p in target.glob("*.py"))


async def create_database(server_url: str, name: str) -> str:
    connection = await asyncpg.connect(server_url)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def main(dialect: str) -> None:
    """Regenerate one dialect's migration; run each dialect in its own process,
    because Tortoise keeps the SQL dialect of its first initialisation."""
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite://{Path(folder) / 'migrations.sqlite3'}"
            print("sqlite:", *asyncio.run(regenerate(url)))
    elif dialect == "postgres":
        with postgres_server() as server_url:
            url = asyncio.run(create_database(server_url, "migrations"))
            print("postgres:", *asyncio.run(regenerate(url)))
    else:
        sys.exit(f"unknown dialect {dialect!r}; use sqlite or postgres")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: regenerate_migrations.py sqlite|postgres")
    main(sys.argv[1])
