"""The API log configuration file that the README's uvicorn command names."""

import json
import logging
import logging.config
from pathlib import Path

import pytest

from steward.logs import log_config

API_LOG_CONFIG_FILE = Path(__file__).parent.parent / "steward" / "api-logging.json"


def test_api_log_file_matches_code() -> None:
    assert json.loads(API_LOG_CONFIG_FILE.read_text()) == log_config("api")


def test_worker_log_drops_frequent_job_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, arq_logger = logging.getLogger(), logging.getLogger("arq.worker")
    casbin_logger = logging.getLogger("casbin")
    saved = (root.level, root.handlers[:], casbin_logger.level)
    logging.config.dictConfig(log_config("worker"))
    try:
        arq_logger.info("%6.2fs → %s()", 0.01, "cron:resume_orphaned_jobs:1733")
        arq_logger.info("%6.2fs → %s()", 0.01, "cron:heartbeat:1733")
        arq_logger.warning("%6.2fs ! %s failed", 0.01, "cron:resume_orphaned_jobs:1733")
    finally:
        arq_logger.filters.clear()
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        casbin_logger.setLevel(saved[2])

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert "cron:heartbeat" in lines[0]
    assert "WARNING" in lines[1]
