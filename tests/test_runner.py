"""The run command as a user starts it: a real process with real children.

The database gets an account first, so the run command skips the demo data set,
whose import hashes 43 passwords with argon2 and takes several seconds.
"""

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models import Account
from steward import db
from steward.processes import free_port, stop_with_parent
from steward.redis_server import RUN_REDIS_FILE

READY_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 30
BANNER_END = "Press Ctrl-C to stop."


@dataclass
class RunCommand:
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    port: int

    def output(self) -> str:
        return self.stdout.read_text()

    def log(self) -> str:
        return self.stderr.read_text()

    def wait_until_running(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while BANNER_END not in self.output():
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.1)

    def child_pids(self) -> dict[str, int]:
        """Return the pid of each child, by name, from the run command's log."""
        pids = re.findall(r"started the (\w+) \(pid (\d+)\)", self.log())
        redis = re.findall(r"Redis started on \S+ \(pid (\d+)\)", self.log())
        return {**{name: int(pid) for name, pid in pids}, "Redis": int(redis[0])}


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until_stopped(pids: dict[str, int]) -> list[str]:
    """Wait for the processes to exit; return the names of those still running."""
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        running = [name for name, pid in pids.items() if is_running(pid)]
        if not running:
            return []
        time.sleep(0.1)
    return running


async def _create_account(database_url: str) -> None:
    await db.connect(database_url)
    try:
        await Account.create(name="Acme", slug="acme")
    finally:
        await db.disconnect()


@pytest.fixture
def run_command(tmp_path: Path, database_url: str) -> Iterator[RunCommand]:
    """Start `python -m steward.runner` on a database that has one account."""
    asyncio.run(_create_account(database_url))
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"} | {
        "DATABASE_URL": database_url,
        "STEWARD_DATA_DIR": str(tmp_path / "data"),
        "STEWARD_PORT": str(free_port()),
    }
    stdout, stderr = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "steward.runner"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=stop_with_parent(),
        )
    command = RunCommand(process, stdout, stderr, int(env["STEWARD_PORT"]))
    yield command
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


def test_runner_prints_graphiql_address(run_command: RunCommand) -> None:
    run_command.wait_until_running()

    address = f"http://127.0.0.1:{run_command.port}/graphql"
    assert address in run_command.output()
    assert "Demo logins" not in run_command.output()
    assert "the demo data set is not loaded" in run_command.log()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_every_child(
    run_command: RunCommand, signum: signal.Signals, tmp_path: Path
) -> None:
    run_command.wait_until_running()
    pids = run_command.child_pids()
    redis_file = tmp_path / "data" / RUN_REDIS_FILE
    assert redis_file.read_text().startswith("redis://127.0.0.1:")

    run_command.process.send_signal(signum)

    assert run_command.process.wait(timeout=STOP_TIMEOUT_SECONDS) == 0
    assert not redis_file.exists()
    for name, pid in pids.items():
        assert not is_running(pid), f"the {name} (pid {pid}) is still running"
    assert "Steward stopped" in run_command.log()


def test_dead_worker_stops_the_rest(run_command: RunCommand) -> None:
    run_command.wait_until_running()
    pids = run_command.child_pids()

    os.kill(pids["worker"], signal.SIGKILL)

    assert run_command.process.wait(timeout=STOP_TIMEOUT_SECONDS) == 1
    for name, pid in pids.items():
        assert not is_running(pid), f"the {name} (pid {pid}) is still running"
    assert "the worker exited (signal SIGKILL); stopping" in run_command.log()


@pytest.mark.skipif(sys.platform != "linux", reason="uses Linux's PR_SET_PDEATHSIG")
def test_killed_runner_leaves_no_children(run_command: RunCommand) -> None:
    run_command.wait_until_running()
    pids = run_command.child_pids()

    run_command.process.kill()
    run_command.process.wait()

    assert wait_until_stopped(pids) == []
