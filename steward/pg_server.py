"""A throwaway PostgreSQL server on loopback, for tests and benchmarks.

It uses the server binaries of the distribution's `postgresql` package
(`initdb`, `pg_ctl`). PostgreSQL refuses to run as root, so as root the cluster
belongs to the `postgres` system user that the package creates.
"""

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

BINARY_FOLDERS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
START_TIMEOUT_SECONDS = 30


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in BINARY_FOLDERS:
        if (folder / name).exists():
            return str(folder / name)
    raise FileNotFoundError(
        f"PostgreSQL's {name!r} was not found; install the 'postgresql' package."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


@contextlib.contextmanager
def postgres_server(folder: Path | None = None) -> Iterator[str]:
    """Start a PostgreSQL server and yield the URL of its `postgres` database."""
    as_postgres = os.geteuid() == 0
    owned_folder = folder is None
    base = Path(tempfile.mkdtemp(prefix="steward-pg-")) if folder is None else folder
    data = base / "data"
    if as_postgres:
        shutil.chown(base, "postgres")
    port = _free_port()
    _run(
        [
            find_binary("initdb"),
            "-D",
            str(data),
            "-U",
            "steward",
            "--auth=trust",
            "-E",
            "UTF8",
            # Byte order for sorting, and Unicode case rules for UPPER in search.
            "--lc-collate=C",
            "--lc-ctype=C.UTF-8",
        ],
        as_postgres,
    )
    options = (
        f"-h 127.0.0.1 -p {port} -k {base} -F "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=200"
    )
    _run(
        [
            find_binary("pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT_SECONDS),
            "start",
        ],
        as_postgres,
    )
    logger.info("PostgreSQL started on 127.0.0.1:%d in %s", port, base)
    try:
        yield f"postgres://steward@127.0.0.1:{port}/postgres"
    finally:
        _run(
            [find_binary("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            as_postgres,
        )
        logger.info("PostgreSQL on port %d stopped", port)
        if owned_folder:
            shutil.rmtree(base, ignore_errors=True)
