"""Logging of the run command and of the API and worker processes it starts.

Every process logs to stderr with the same format, tagged with its name, so the
interleaved output of `make run` shows which process wrote each line.
"""

import logging
from typing import Any

LEVEL = "INFO"
# Cron jobs that run every few seconds: arq's lines for their start and end are
# dropped, and the jobs log what they change themselves.
FREQUENT_JOBS = ("cron:resume_orphaned_jobs",)


class FrequentJobFilter(logging.Filter):
    """A filter that drops arq's INFO lines about the jobs of FREQUENT_JOBS."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        message = record.getMessage()
        return not any(job in message for job in FREQUENT_JOBS)


def log_config(process: str) -> dict[str, Any]:
    """Return a `logging.config.dictConfig` schema for the process named `process`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "steward": {
                "format": f"%(asctime)s {process:<6} %(levelname)-7s "
                "%(name)s: %(message)s",
                "datefmt": "%H:%M:%S",
            }
        },
        "filters": {"frequent_jobs": {"()": "steward.logs.FrequentJobFilter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "steward"}
        },
        "root": {"handlers": ["stderr"], "level": LEVEL},
        "loggers": {
            # pycasbin (1.43) logs its whole model at INFO each time an enforcer
            # is built.
            "casbin": {"level": "WARNING"},
            # arq (0.28) logs each job's start and end at INFO, every 10 seconds
            # for the resume job.
            "arq.worker": {"filters": ["frequent_jobs"]},
        },
    }


# For `arq --custom-log-dict`, which takes the import path of a dictionary.
WORKER_LOG_CONFIG = log_config("worker")
