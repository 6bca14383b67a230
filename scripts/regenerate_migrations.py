"""Regenerate the initial aerich migration of each dialect from the current models.

Used only before the first release, while the schema has no deployed databases.
"""

import asyncio
import sys
import tempfile
from pathlib import Path

from aerich import Command

from steward import db


async def regenerate_sqlite() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'migrations.sqlite3'}"
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
        print(*sorted(p.name for p in target.glob("*.py")), file=sys.stdout)


if __name__ == "__main__":
    asyncio.run(regenerate_sqlite())
