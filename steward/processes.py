"""Ports and child processes of the run command and the tests, all on loopback.

`start_child` puts each child in a process group of its own, so a Ctrl-C in the
terminal reaches only the parent, which then stops the children in its own order
with `stop_child`.
"""

import asyncio
import ctypes
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
# From <linux/prctl.h>: deliver a signal to this process when its parent dies.
PR_SET_PDEATHSIG = 1
STOP_TIMEOUT_SECONDS = 15.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free at the time of the call."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        # As the servers started here do, so that the connections of a stopped
        # server that linger in TIME_WAIT do not count. Linux still rejects the
        # bind while a socket listens on the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
    return False


def stop_with_parent() -> Callable[[], None] | None:
    """Return a `preexec_fn` after which a child gets SIGTERM when its parent dies.

    This covers a parent killed with SIGKILL, which cannot stop its children
    itself. It is Linux only (prctl PR_SET_PDEATHSIG); elsewhere this returns
    None, and the children of a killed parent keep running.
    """
    if sys.platform != "linux":
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def set_death_signal() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        # The parent may have died before prctl took effect.
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)

    return set_death_signal


@dataclass
class Child:
    name: str
    process: asyncio.subprocess.Process


class ChildExited(Exception):
    """A child process exited before its parent stopped it."""

    def __init__(self, child: Child) -> None:
        self.child = child
        status = exit_status(child.process.returncode)
        super().__init__(f"the {child.name} exited ({status})")


def exit_status(returncode: int | None) -> str:
    """Describe a return code of asyncio's Process: negative means a signal."""
    if returncode is not None and returncode < 0:
        return f"signal {signal.Signals(-returncode).name}"
    return f"code {returncode}"


async def start_child(name: str, command: list[str], env: dict[str, str]) -> Child:
    process = await asyncio.create_subprocess_exec(
        *command,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        process_group=0,
        preexec_fn=stop_with_parent(),
    )
    logger.info("started the %s (pid %d)", name, process.pid)
    return Child(name, process)


async def stop_child(child: Child) -> None:
    """Send SIGTERM and wait, then SIGKILL if the child has not exited in time."""
    process = child.process
    if process.returncode is None:
        logger.info("stopping the %s (pid %d)", child.name, process.pid)
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            logger.warning(
                "the %s (pid %d) did not stop within %.0f seconds; killing it",
                child.name,
                process.pid,
                STOP_TIMEOUT_SECONDS,
            )
            process.kill()
            await process.wait()
    logger.info("the %s stopped (%s)", child.name, exit_status(process.returncode))


async def supervise(
    children: Sequence[Child],
    stop: asyncio.Event,
    ready: Coroutine[None, None, None],
    on_ready: Callable[[], None],
) -> None:
    """Call `on_ready` once `ready` returns, and return when `stop` is set.

    Raises ChildExited when a child exits first, and what `ready` raises.
    """
    exits = {asyncio.ensure_future(child.process.wait()): child for child in children}
    stopped = asyncio.ensure_future(stop.wait())
    readiness = asyncio.ensure_future(ready)
    pending: set[asyncio.Future[Any]] = {stopped, readiness, *exits}
    try:
        while True:
            done, pending = await asyncio.wait(
                pending, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done & exits.keys():
                raise ChildExited(exits[task])
            if stopped in done:
                return
            if readiness in done:
                readiness.result()
                on_ready()
    finally:
        for task in pending:
            task.cancel()
