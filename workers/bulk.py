"""The worker job that runs bulk owner changes too large for one request."""

import logging
import uuid
from typing import Any

from steward import bulk_jobs

logger = logging.getLogger(__name__)


async def run_bulk_job(ctx: dict[str, Any], job_id: str) -> dict[str, Any]:
    """Run or resume one bulk job; a retried job continues after its last chunk."""
    redis = ctx["redis"]
    job = await bulk_jobs.run_job(
        ctx["policy"], uuid.UUID(job_id), publish=redis.publish
    )
    return {"state": job.state.value, "done": job.done, "total": job.total}
