"""Run the arq worker and start it again after it loses a connection.

arq 0.28's `Worker.main` polls Redis in a loop that lets a connection error
propagate, and `Worker.run` then calls `Worker.close`, which deletes the health
check key in Redis first. With Redis down that raises again, so the `arq` command
exits and skips the shutdown hook. `run_until_stopped` closes a worker without
needing Redis and starts a new one after a delay that doubles up to
MAX_DELAY_SECONDS. A database that refuses connections, at the worker's start
(DatabaseUnreachable) or later (OSError), is waited for the same way. It
returns only on SIGINT or SIGTERM, or when the worker fails with another error.
"""

import asyncio
import logging
import signal
import time
from typing import Any

from arq.worker import Worker, create_worker
from redis.exceptions import RedisError

from steward.db import DatabaseUnreachable

logger = logging.getLogger(__name__)

FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 30.0
# A worker that ran this long before it lost a connection starts again after
# FIRST_DELAY_SECONDS, not after the last delay.
STABLE_SECONDS = 60.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_STOPPED = 0
EXIT_FAILED = 1


class WorkerRunner:
    """One arq worker at a time, started again after each connection error."""

    def __init__(self, settings: Any) -> None:
        """`settings` is a class of arq worker settings, like WorkerSettings."""
        self.settings = settings
        self.stop = asyncio.Event()
        self.worker: Worker | None = None

    def request_stop(self, signum: int) -> None:
        logger.info("received %s; stopping the worker", signal.Signals(signum).name)
        self.stop.set()
        if self.worker is not None:
            # Cancels the running jobs and the worker's main task.
            self.worker.handle_sig(signal.Signals(signum))

    async def run_until_stopped(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, self.request_stop, signum)
        delay = FIRST_DELAY_SECONDS
        try:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    await self.run_once()
                except (RedisError, OSError, DatabaseUnreachable) as error:
                    if time.monotonic() - started >= STABLE_SECONDS:
                        delay = FIRST_DELAY_SECONDS
                    # DatabaseUnreachable carries the operating system's error.
                    cause = error
                    if isinstance(error, DatabaseUnreachable) and error.__cause__:
                        cause = error.__cause__
                    logger.warning(
                        "the worker lost a connection (%s: %s); starting it again "
                        "in %.0f s",
                        type(cause).__name__,
                        cause,
                        delay,
                    )
                    await self.sleep(delay)
                    delay = min(delay * 2, MAX_DELAY_SECONDS)
        except Exception:
            logger.exception("the worker failed; exiting")
            return EXIT_FAILED
        finally:
            for signum in STOP_SIGNALS:
                loop.remove_signal_handler(signum)
        return EXIT_STOPPED

    async def run_once(self) -> None:
        """Run one worker until a stop signal or an error, and close it."""
        # Signals reach request_stop, which passes them on to this worker.
        worker = create_worker(self.settings, handle_signals=False)
        self.worker = worker
        try:
            await worker.async_run()
        except asyncio.CancelledError:
            # handle_sig cancels the main task; a cancellation of this task re-raises.
            if not self.stop.is_set():
                raise
        finally:
            await close_worker(worker)
            self.worker = None

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less when a stop signal arrives."""
        try:
            await asyncio.wait_for(self.stop.wait(), seconds)
        except TimeoutError:
            pass


async def close_worker(worker: Worker) -> None:
    """Close `worker` as `Worker.close` does, but go on when Redis is down.

    It waits for the running jobs, as arq does. A bulk job that fails because
    Redis went away is enqueued again by `resume_orphaned_jobs` (workers.bulk).
    """
    await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    if worker._pool is None:
        # The pool was never created: Redis was down when this worker started.
        return
    try:
        await worker.pool.delete(worker.health_check_key)
    except (RedisError, OSError) as error:
        # arq writes the key with an expiry, so a key left behind goes away.
        logger.info("deleting arq's health check key failed: %s", error)
    if worker.on_shutdown is not None:
        await worker.on_shutdown(worker.ctx)
    await worker.pool.aclose(close_connection_pool=True)
    worker._pool = None
