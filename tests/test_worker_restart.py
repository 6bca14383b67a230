"""`python -m workers` outlives a Redis restart and stops on SIGTERM."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from steward.processes import free_port, stop_with_parent
from tests.test_faults import RestartableRedis
from workers.heartbeat import last_heartbeat
from workers.run import FIRST_DELAY_SECONDS

READY_SECONDS = 60.0
STOP_SECONDS = 15.0
STARTED = "worker started"


@pytest.fixture
def worker_log(tmp_path: Path) -> Path:
    return tmp_path / "worker.log"


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RestartableRedis]:
    """A Redis server that the test stops and starts again on the same port."""
    server = RestartableRedis(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def started_worker(
    database_url: str, redis_url: str, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `python -m workers` with its output in `log`; kill it at the end."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STEWARD_OUTBOX_POLL_MS": "200",
    }
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "workers"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            process_group=0,
            preexec_fn=stop_with_parent(),
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def worker(
    redis: RestartableRedis, database_url: str, worker_log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with started_worker(database_url, redis.url, worker_log) as process:
        yield process


def wait_for(condition: Callable[[], bool], process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        if condition():
            return
        time.sleep(0.2)
    raise TimeoutError(f"timed out; worker log:\n{log.read_text(errors='replace')}")


async def heartbeat_written(redis_url: str) -> bool:
    """Return whether a worker runs its heartbeat job within READY_SECONDS."""
    client = Redis.from_url(redis_url)
    deadline = time.monotonic() + READY_SECONDS
    try:
        while time.monotonic() < deadline:
            if await last_heartbeat(client) is not None:
                return True
            await asyncio.sleep(0.2)
        return False
    finally:
        await client.aclose()


def test_worker_survives_redis_restart(
    worker: subprocess.Popen[bytes],
    worker_log: Path,
    redis: RestartableRedis,
) -> None:
    def started_count() -> int:
        return worker_log.read_text(errors="replace").count(STARTED)

    wait_for(lambda: started_count() == 1, worker, worker_log)

    redis.stop()
    time.sleep(FIRST_DELAY_SECONDS)
    redis.start()
    wait_for(lambda: started_count() == 2, worker, worker_log)
    restarted = asyncio.run(heartbeat_written(redis.url))
    worker.send_signal(signal.SIGTERM)
    code = worker.wait(STOP_SECONDS)

    log = worker_log.read_text(errors="replace")
    assert "the worker lost a connection (ConnectionError" in log, log
    assert "starting it again in 1 s" in log, log
    assert restarted, "the restarted worker wrote no heartbeat to the new Redis"
    assert code == 0, log
    assert "received SIGTERM; stopping the worker" in log, log
    assert log.count("worker stopped") == 2, log
    assert "Traceback" not in log, log


def test_worker_stops_while_redis_down(
    worker: subprocess.Popen[bytes],
    worker_log: Path,
    redis: RestartableRedis,
) -> None:
    wait_for(lambda: STARTED in worker_log.read_text(), worker, worker_log)
    redis.stop()
    wait_for(lambda: "starting it again" in worker_log.read_text(), worker, worker_log)

    worker.send_signal(signal.SIGINT)
    code = worker.wait(STOP_SECONDS)

    log = worker_log.read_text(errors="replace")
    assert code == 0, log
    assert "received SIGINT; stopping the worker" in log, log


def test_worker_waits_for_refused_database(
    redis: RestartableRedis, worker_log: Path
) -> None:
    # Nothing listens on a free port, so PostgreSQL refuses every connection.
    refused_url = f"postgres://steward@127.0.0.1:{free_port()}/steward"
    with started_worker(refused_url, redis.url, worker_log) as worker:
        wait_for(
            lambda: "starting it again" in worker_log.read_text(), worker, worker_log
        )
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(STOP_SECONDS)

    log = worker_log.read_text(errors="replace")
    assert "the worker lost a connection (ConnectionRefusedError" in log, log
    assert code == 0, log


@pytest.mark.parametrize(
    "command",
    [["-m", "steward.cli", "worker"], ["-m", "workers"]],
    ids=["steward worker", "python -m workers"],
)
def test_worker_without_redis_url_exits_2(command: list[str]) -> None:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}

    finished = subprocess.run(
        [sys.executable, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 2
    assert finished.stderr.startswith(
        "steward worker: invalid setting: REDIS_URL is not set."
    )
    assert finished.stderr.count("\n") == 1
