"""The API log configuration file that the README's uvicorn command names."""

import json
from pathlib import Path

from steward.logs import log_config

API_LOG_CONFIG_FILE = Path(__file__).parent.parent / "steward" / "api-logging.json"


def test_api_log_file_matches_code() -> None:
    assert json.loads(API_LOG_CONFIG_FILE.read_text()) == log_config("api")
