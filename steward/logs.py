"""Logging of the run command and of the API and worker processes it starts.

Every process logs to stderr with the same format, tagged with its name, so the
interleaved output of `make run` shows which process wrote each line.
"""

from typing import Any

LEVEL = "INFO"


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
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "steward"}
        },
        "root": {"handlers": ["stderr"], "level": LEVEL},
        # pycasbin (1.43) logs its whole model at INFO each time an enforcer is built.
        "loggers": {"casbin": {"level": "WARNING"}},
    }


# For `arq --custom-log-dict`, which takes the import path of a dictionary.
WORKER_LOG_CONFIG = log_config("worker")
