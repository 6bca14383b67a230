"""Write the next aerich migration of each SQL dialect.

`make migration NAME=...` runs this. For each dialect, aerich compares the models
with the state saved in the last migration file, without a database, and writes
the difference as the next migration. With --empty, aerich writes empty
migrations instead, to be filled in by hand with what the models cannot express.
"""

import argparse
import asyncio
import subprocess
import sys

from aerich import Command

from steward import db

DIALECTS = ("sqlite", "postgres")
OFFLINE_URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://steward@127.0.0.1:5432/steward",
}


async def write_migration(url: str, name: str, empty: bool) -> str | None:
    """Compare the models with the last migration; return the new file's name."""
    command = Command(
        tortoise_config=db.tortoise_config(url),
        app="models",
        location=str(db.migrations_dir(url)),
    )
    try:
        await command.init(offline=True)
        return await command.migrate(name, empty=empty, no_input=True, offline=True)
    finally:
        await command.aclose()


def one_dialect(dialect: str, name: str, empty: bool) -> str | None:
    # aerich reads the last state from the migration files and connects nowhere.
    # The URL only selects the dialect.
    url = OFFLINE_URLS[dialect]
    return asyncio.run(write_migration(url, name, empty))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="what the migration does, as a file name part")
    parser.add_argument("--empty", action="store_true", help="write empty migrations")
    parser.add_argument("--dialect", choices=DIALECTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dialect is not None:
        written = one_dialect(args.dialect, args.name, args.empty)
        print(f"{args.dialect}: {written or 'no change in the models'}")
        return
    # One process per dialect: Tortoise keeps the SQL dialect it first started with.
    for dialect in DIALECTS:
        extra = ["--empty"] if args.empty else []
        command = [sys.executable, __file__, args.name, "--dialect", dialect, *extra]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
