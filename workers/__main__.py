"""`python -m workers`: the same as `steward worker`.

The arq worker, started again after each loss of Redis (workers/run.py). It reads
REDIS_URL and DATABASE_URL as `arq workers.settings.WorkerSettings` does, and
exits 0 on SIGINT or SIGTERM, 2 for an invalid setting, and 1 when the worker
fails for another reason than Redis.
"""

import sys

from steward.cli import main

if __name__ == "__main__":
    sys.exit(main(["worker"]))
