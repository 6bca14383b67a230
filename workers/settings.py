"""The arq worker: the jobs it runs and the resources they share.

Start it with `arq workers.settings.WorkerSettings`. It reads REDIS_URL and
DATABASE_URL from the environment, like the API (see steward.config). Each job's
`ctx` contains `redis` (arq's pool), `settings`, `policy` (a PolicyEngine that
a PolicyWatcher keeps current with the API's policy changes) and `outbox` (the
background OutboxPublisher, None when STEWARD_OUTBOX_POLL_MS is 0), plus arq's
`job_id` and `job_try`.

To add a job, append its coroutine to FUNCTIONS (for jobs the API enqueues by
function name) or an `arq.cron` entry to CRON_JOBS.
"""

import logging
from typing import Any

from arq import cron
from arq.connections import RedisSettings

from policy import PolicyEngine
from policy.watcher import PolicyWatcher
from steward import db
from steward.config import Settings
from steward.outbox import OutboxPublisher
from workers.bulk import RESUME_EVERY_SECONDS, resume_orphaned_jobs, run_bulk_job
from workers.expiry import expiry_cron
from workers.heartbeat import heartbeat
from workers.outbox import publish_outbox

logger = logging.getLogger(__name__)

FUNCTIONS = [run_bulk_job, publish_outbox]

# With arq's default `unique=True`, one worker runs each scheduled time even when
# several workers are up, but a run at startup happens on every worker, so cron
# jobs must be idempotent.
CRON_JOBS = [
    cron(heartbeat, second=0, run_at_startup=True),
    cron(
        resume_orphaned_jobs,
        second=set(range(0, 60, RESUME_EVERY_SECONDS)),
        run_at_startup=True,
    ),
    expiry_cron(Settings.from_env().expiry_every_minutes),
]


def redis_settings_from_url(redis_url: str) -> RedisSettings:
    if not redis_url:
        raise RuntimeError(
            "REDIS_URL is not set. Set it to the URL of the Redis server that the "
            "API uses, for example redis://127.0.0.1:6379/0"
        )
    return RedisSettings.from_dsn(redis_url)


async def startup(ctx: dict[str, Any]) -> None:
    """Connect the database, load every account's policy and watch for changes."""
    settings = Settings.from_env()
    await db.connect(settings.database_url)
    policy = PolicyEngine()
    await policy.load()
    watcher = PolicyWatcher(policy, settings.redis_url)
    await watcher.start()
    ctx["settings"] = settings
    ctx["policy"] = policy
    ctx["policy_watcher"] = watcher
    ctx["outbox"] = OutboxPublisher.start_from(settings)
    logger.info(
        "worker started with %d functions and %d cron jobs",
        len(FUNCTIONS),
        len(CRON_JOBS),
    )


async def shutdown(ctx: dict[str, Any]) -> None:
    # arq calls this after a failed startup too, so each part may be missing.
    if ctx.get("outbox") is not None:
        await ctx["outbox"].stop()
    if "policy_watcher" in ctx:
        await ctx["policy_watcher"].stop()
    await db.disconnect()
    logger.info("worker stopped")


class WorkerSettings:
    functions = FUNCTIONS
    cron_jobs = CRON_JOBS
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = redis_settings_from_url(Settings.from_env().redis_url)
