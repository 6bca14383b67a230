"""Write the next aerich migration of each SQL dialect.

`make migration NAME=...` runs this. For each dialect, aerich compares the models
with the state saved in the last migration file, without a database, and writes
the difference as the next migration. With --empty, aerich writes empty
migrations instead, to be filled in by hand with what the models cannot express.
With --check, it writes nothing and exits 1 when a migration is missing.
"""

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from aerich import Command
from aerich.exceptions import NotSupportError

from steward import db

DIALECTS = ("sqlite", "postgres")
OFFLINE_URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://steward@127.0.0.1:5432/steward",
}


async def write_migration(url: str, name: str, empty: bool, location: Path) -> str:
    """Compare the models with the last migration in `location`.

    Returns the name of the migration file written there, or "" when the models
    have not changed.
    """
    command = Command(
        tortoise_config=db.tortoise_config(url), app="models", location=str(location)
    )
    try:
        await command.init(offline=True)
        return await command.migrate(name, empty=empty, no_input=True, offline=True)
    finally:
        await command.aclose()


def one_dialect(dialect: str, name: str, empty: bool) -> str:
    # aerich reads the last state from the migration files and connects nowhere.
    # The URL only selects the dialect.
    url = OFFLINE_URLS[dialect]
    return asyncio.run(write_migration(url, name, empty, db.migrations_dir(url)))


def check_dialect(dialect: str) -> str | None:
    """Return what differs between the models and the dialect's migrations, if any."""
    url = OFFLINE_URLS[dialect]
    with tempfile.TemporaryDirectory() as folder:
        location = Path(folder) / dialect
        shutil.copytree(db.migrations_dir(url), location)
        try:
            written = asyncio.run(write_migration(url, "check", False, location))
        except NotSupportError as error:
            return f"a change that aerich cannot write for {dialect}: {error}"
        if not written:
            return None
        return (location / "models" / written).read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "name", nargs="?", help="what the migration does, as a file name part"
    )
    parser.add_argument("--empty", action="store_true", help="write empty migrations")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the models differ from the migrations",
    )
    parser.add_argument("--dialect", choices=DIALECTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.check and not args.name:
        parser.error("a migration name is required, such as add_deal_index")

    if args.dialect is not None:
        if args.check:
            difference = check_dialect(args.dialect)
            if difference is not None:
                print(f"{args.dialect}: the models differ from the migrations:")
                print(difference)
                sys.exit(1)
            print(f"{args.dialect}: the migrations match the models")
            return
        written = one_dialect(args.dialect, args.name, args.empty)
        print(f"{args.dialect}: {written or 'no change in the models'}")
        return

    # One process per dialect: Tortoise keeps the SQL dialect it first started with.
    status = 0
    for dialect in DIALECTS:
        command = [sys.executable, __file__, "--dialect", dialect]
        if args.check:
            command.append("--check")
        else:
            command += [args.name, *(["--empty"] if args.empty else [])]
        status = max(status, subprocess.run(command).returncode)
    sys.exit(status)


if __name__ == "__main__":
    main()
