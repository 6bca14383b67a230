"""The migrations of each SQL dialect describe the current models."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_migrations_match_models() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/make_migration.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # A change to the models needs `make migration NAME=...`.
    assert done.returncode == 0, done.stdout + done.stderr
