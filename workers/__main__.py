"""`python -m workers`: the arq worker, started again after each loss of Redis.

It reads REDIS_URL and DATABASE_URL as `arq workers.settings.WorkerSettings`
does, logs in the format of the run command (steward.logs), and exits 0 on
SIGINT or SIGTERM and 1 when the worker fails for another reason than Redis.
"""

import asyncio
import logging.config
import sys

from steward.logs import WORKER_LOG_CONFIG
from workers.run import WorkerRunner

EXIT_INVALID_SETTING = 2


def main() -> int:
    logging.config.dictConfig(WORKER_LOG_CONFIG)
    try:
        # workers.settings reads REDIS_URL when it is imported.
        from workers.settings import WorkerSettings
    except (RuntimeError, ValueError) as error:
        print(f"python -m workers: invalid setting: {error}", file=sys.stderr)
        return EXIT_INVALID_SETTING
    return asyncio.run(WorkerRunner(WorkerSettings).run_until_stopped())


if __name__ == "__main__":
    sys.exit(main())
