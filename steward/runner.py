"""`steward run`: the whole service on one machine, in one command.

The run command first checks that its port is free and locks the data folder
(steward.run_lock), so a second run command on the same folder or port exits
with an error before it changes anything. Next it
applies the migrations and loads the demo data set into a database that has no
account yet. It then starts Redis (unless REDIS_URL is set), the API
(uvicorn) and the arq worker as child processes, and prints where GraphiQL is.
SIGINT, SIGTERM or SIGHUP stop the worker, the API and Redis in that order, and the
command exits 0. When a child exits on its own, the others are stopped and the exit
code is 1.

The children run in process groups of their own, so a Ctrl-C in the terminal
reaches only this process, which stops them in order. On Linux they also get
SIGTERM when this process dies without stopping them (SIGKILL, for one).
"""

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from redis.asyncio import Redis
from redis.exceptions import RedisError

from models import Account, User
from policy import PolicyEngine
from steward import db
from steward.auth import verify_password
from steward.config import Settings
from steward.importer import (
    DATA_SET_NAME,
    DEFAULT_ACCOUNT_SLUG,
    DEMO_PASSWORD,
    ImportOptions,
    import_crm_sales_opportunities,
)
from steward.logs import log_config
from steward.processes import (
    HOST,
    Child,
    ChildExited,
    port_in_use,
    start_child,
    stop_child,
    supervise,
)
from steward.redis_server import published_redis_url, redis_server
from steward.run_lock import DataFolderLockError, data_folder_lock
from workers.heartbeat import last_heartbeat

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEMO_FOLDER = ROOT / "demo" / DATA_SET_NAME
DEFAULT_PORT = 8000
READY_TIMEOUT_SECONDS = 60.0
# uvicorn waits this long for open requests and WebSockets before closing them.
GRACEFUL_SHUTDOWN_SECONDS = 10
POLL_SECONDS = 0.2
EXIT_FAILED = 1
EXIT_INVALID_SETTING = 2
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
API_LOG_CONFIG_FILE = "api-logging.json"


@dataclass(frozen=True)
class Login:
    role: str
    email: str


def port_from_env() -> int:
    raw = os.environ.get("STEWARD_PORT") or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"STEWARD_PORT must be a TCP port (1-65535), got {raw!r}")
    return int(raw)


async def prepare_database(settings: Settings) -> list[Login]:
    """Migrate, load the demo data set into an empty database, find demo logins."""
    await db.migrate(settings.database_url)
    await db.connect(settings.database_url)
    try:
        if await Account.exists():
            logger.info("the database has accounts; the demo data set is not loaded")
        else:
            logger.info("the database is empty; loading the demo data set")
            await import_crm_sales_opportunities(PolicyEngine(), DEMO_FOLDER)
        return await demo_logins()
    finally:
        await db.disconnect()


async def demo_logins() -> list[Login]:
    """Return the demo admin, one sales agent and the agent's manager.

    A user whose password is no longer the demo password is left out.
    """
    account = await Account.get_or_none(slug=DEFAULT_ACCOUNT_SLUG)
    if account is None:
        return []
    users = User.filter(account_id=account.id, deleted_at__isnull=True)
    admin = await users.filter(email=ImportOptions().admin_login).first()
    agent = await users.filter(manager_id__isnull=False).order_by("id").first()
    manager = await users.filter(id=agent.manager_id).first() if agent else None
    candidates = [("admin", admin), ("manager", manager), ("agent", agent)]
    return [
        Login(role, user.email)
        for role, user in candidates
        if user is not None and verify_password(user.password_hash, DEMO_PASSWORD)
    ]


def child_environment(settings: Settings, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": redis_url,
        "STEWARD_DATA_DIR": str(settings.data_dir),
    }


def api_command(port: int, log_config_path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "steward.app:create_app",
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-config",
        str(log_config_path),
        "--timeout-graceful-shutdown",
        str(GRACEFUL_SHUTDOWN_SECONDS),
    ]


def worker_command() -> list[str]:
    """Return the worker's command, which starts arq again after Redis restarts."""
    return [sys.executable, "-m", "workers"]


async def api_is_healthy(port: int) -> bool:
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        return False
    try:
        writer.write(f"GET /health HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        await writer.drain()
        status_line = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return status_line.split(b" ")[1:2] == [b"200"]


async def worker_is_ready(redis: Redis, started: float) -> bool:
    """Return whether a worker has run its heartbeat since `started` (Unix time)."""
    try:
        beat = await last_heartbeat(redis)
    except (RedisError, OSError):
        # An unreachable Redis also stops the worker, which supervise() reports.
        return False
    return beat is not None and beat.timestamp() >= started


async def wait_until_ready(port: int, redis_url: str, started: float) -> None:
    """Wait until /health returns 200 and the worker has run its heartbeat."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    redis = Redis.from_url(redis_url)
    try:
        while time.monotonic() < deadline:
            if await worker_is_ready(redis, started) and await api_is_healthy(port):
                return
            await asyncio.sleep(POLL_SECONDS)
    finally:
        await redis.aclose()
    raise TimeoutError(
        f"the API and the worker were not ready within "
        f"{READY_TIMEOUT_SECONDS:.0f} seconds; see their log lines above"
    )


def print_banner(port: int, settings: Settings, logins: list[Login]) -> None:
    lines = [
        "",
        f"Steward is running. GraphiQL: http://{HOST}:{port}/graphql",
        f"Data folder: {settings.data_dir.resolve()}",
    ]
    if logins:
        lines.append(f"Demo logins, password {DEMO_PASSWORD!r}:")
        lines.extend(f"  {login.role:<8} {login.email}" for login in logins)
    lines.extend(["Press Ctrl-C to stop.", ""])
    print("\n".join(lines), flush=True)


def write_api_log_config(folder: Path) -> Path:
    """Write the API's logging configuration into `folder`, the data folder.

    Each run overwrites the file, so a killed run command leaves no stray file
    behind. The lock on the data folder keeps two runs from writing it at once.
    """
    path = folder / API_LOG_CONFIG_FILE
    path.write_text(json.dumps(log_config("api")))
    return path


async def run(settings: Settings, port: int) -> int:
    """Run the service until a stop signal (exit code 0) or a failure (1)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, _request_stop, signum, stop)
    # A stop signal waits for the database step: a half-loaded demo account
    # would stop the next run from loading the data set.
    logins = await prepare_database(settings)
    if stop.is_set():
        return 0

    async with contextlib.AsyncExitStack() as stack:
        redis_url = settings.redis_url
        if not redis_url:
            # This Redis starts empty. The worker re-enqueues the bulk jobs that
            # were queued or running when the previous run stopped (workers/bulk.py).
            redis_url = stack.enter_context(redis_server(settings.data_dir / "redis"))
            stack.enter_context(published_redis_url(settings.data_dir, redis_url))
        env = child_environment(settings, redis_url)
        started = time.time()

        children: list[Child] = []
        commands = [
            ("API", api_command(port, write_api_log_config(settings.data_dir))),
            ("worker", worker_command()),
        ]
        for name, command in commands:
            children.append(await start_child(name, command, env))
            # The exit stack stops the children in reverse order, the worker first.
            stack.push_async_callback(stop_child, children[-1])

        try:
            await supervise(
                children,
                stop,
                wait_until_ready(port, redis_url, started),
                lambda: print_banner(port, settings, logins),
            )
        except (ChildExited, TimeoutError) as error:
            logger.error("%s; stopping", error)
            return 1
    logger.info("Steward stopped")
    return 0


def _request_stop(signum: int, stop: asyncio.Event) -> None:
    if stop.is_set():
        logger.info("received %s; already stopping", signal.Signals(signum).name)
        return
    logger.info("received %s; stopping", signal.Signals(signum).name)
    stop.set()


def add_run(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register `steward run` with the `steward` command (steward.cli)."""
    parser = subparsers.add_parser(
        "run",
        help="run the API, the worker and Redis on this machine; STEWARD_PORT sets "
        f"the API's port (default: {DEFAULT_PORT})",
    )
    parser.set_defaults(handler=run_command, uses_database=False)


async def run_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        port = port_from_env()
    except ValueError as error:
        print(f"steward run: invalid setting: {error}", file=sys.stderr)
        return EXIT_INVALID_SETTING

    # Checked before the lock, which creates the data folder.
    if port_in_use(port):
        logger.error("port %d on %s is in use; set STEWARD_PORT to another", port, HOST)
        return EXIT_FAILED

    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(data_folder_lock(settings.data_dir))
        except DataFolderLockError as error:
            print(f"steward run: {error}", file=sys.stderr)
            return EXIT_FAILED
        return await run(settings, port)


if __name__ == "__main__":
    # Imported here, because steward.cli imports this module for `add_run`.
    from steward.cli import main

    sys.exit(main(["run"]))
