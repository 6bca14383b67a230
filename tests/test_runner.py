"""The run command as a user starts it: a real process with real children.

The database gets an account first, so the run command skips the demo data set,
whose import hashes 43 passwords with argon2 and takes several seconds.
"""

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models import Account
from steward import db
from steward.cli import main
from steward.processes import HOST, free_port, stop_with_parent
from steward.redis_server import RUN_REDIS_FILE
from steward.runner import API_LOG_CONFIG_FILE

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


def start_runner(
    tmp_path: Path,
    database_url: str,
    name: str,
    temporary_folder: Path | None = None,
    port: int | None = None,
) -> RunCommand:
    """Start `python -m steward.runner` on the data folder `tmp_path / "data"`.

    Each run command gets a free port of its own unless `port` is given; `name`
    names its output files. `temporary_folder`, if given, becomes the run
    command's TMPDIR.
    """
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"} | {
        "DATABASE_URL": database_url,
        "STEWARD_DATA_DIR": str(tmp_path / "data"),
        "STEWARD_PORT": str(free_port() if port is None else port),
    }
    if temporary_folder is not None:
        env["TMPDIR"] = str(temporary_folder)
    stdout, stderr = tmp_path / f"{name}-stdout.txt", tmp_path / f"{name}-stderr.txt"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "steward.runner"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=stop_with_parent(),
        )
    return RunCommand(process, stdout, stderr, int(env["STEWARD_PORT"]))


def stop_runner(command: RunCommand) -> None:
    if command.process.poll() is None:
        command.process.terminate()
        command.process.wait(timeout=STOP_TIMEOUT_SECONDS)


@pytest.fixture
def run_command(tmp_path: Path, database_url: str) -> Iterator[RunCommand]:
    """Start `python -m steward.runner` on a database that has one account."""
    asyncio.run(_create_account(database_url))
    command = start_runner(tmp_path, database_url, "first")
    yield command
    stop_runner(command)


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


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/PID/cmdline")
def test_killed_runner_leaves_no_temporary_files(
    tmp_path: Path, database_url: str
) -> None:
    asyncio.run(_create_account(database_url))
    temporary_folder = tmp_path / "tmp"
    temporary_folder.mkdir()
    command = start_runner(tmp_path, database_url, "first", temporary_folder)
    try:
        command.wait_until_running()
        api_pid = command.child_pids()["API"]
        api_arguments = Path(f"/proc/{api_pid}/cmdline").read_bytes().split(b"\0")
        command.process.kill()
        command.process.wait()
    finally:
        stop_runner(command)

    log_config = tmp_path / "data" / API_LOG_CONFIG_FILE
    assert list(temporary_folder.iterdir()) == []
    assert str(log_config).encode() in api_arguments
    assert log_config.is_file()


def test_second_runner_on_folder_rejected(
    run_command: RunCommand, tmp_path: Path, database_url: str
) -> None:
    run_command.wait_until_running()
    redis_file = tmp_path / "data" / RUN_REDIS_FILE
    redis_url = redis_file.read_text()

    second = start_runner(tmp_path, database_url, "second")
    try:
        code = second.process.wait(timeout=STOP_TIMEOUT_SECONDS)
    finally:
        stop_runner(second)

    folder = (tmp_path / "data").resolve()
    assert code == 1
    assert second.log().splitlines() == [
        f"steward run: the data folder {folder} is in use by another 'steward run' "
        f"(pid {run_command.process.pid}); stop it first, or set STEWARD_DATA_DIR "
        "to another folder"
    ]
    assert second.output() == ""
    assert run_command.process.poll() is None
    assert redis_file.read_text() == redis_url


def test_busy_port_rejected_before_data_folder(
    tmp_path: Path, database_url: str
) -> None:
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = start_runner(tmp_path, database_url, "busy", port=port)
        try:
            code = command.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        finally:
            stop_runner(command)

    assert code == 1
    assert f"port {port} on {HOST} is in use; set STEWARD_PORT to another" in (
        command.log()
    )
    assert not (tmp_path / "data").exists()


def test_killed_runner_frees_data_folder(
    run_command: RunCommand, tmp_path: Path, database_url: str
) -> None:
    run_command.wait_until_running()
    pids = run_command.child_pids()
    run_command.process.kill()
    run_command.process.wait()
    assert wait_until_stopped(pids) == []

    second = start_runner(tmp_path, database_url, "second")
    try:
        second.wait_until_running()
    finally:
        stop_runner(second)

    assert "is in use" not in second.log()
    assert second.process.returncode == 0


def test_unlockable_data_folder_rejected(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    """A data folder that cannot be created gets its own error, not the database's."""
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be\n")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STEWARD_DATA_DIR", str(not_a_folder))
    monkeypatch.setenv("STEWARD_PORT", str(free_port()))

    code = main(["run"])

    error = capsys.readouterr().err
    assert code == 1
    assert error.startswith(f"steward run: cannot lock the data folder {not_a_folder}")
    assert "STEWARD_DATA_DIR" in error
