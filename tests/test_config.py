"""Settings out of range and an unreachable database fail at once, in one line."""

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tortoise import Tortoise

from steward import cli, db, runner
from steward.config import Settings
from steward.processes import free_port


@pytest.mark.parametrize(
    ("variable", "raw", "message"),
    [
        (
            "STEWARD_EXPIRY_EVERY_MINUTES",
            "0",
            "STEWARD_EXPIRY_EVERY_MINUTES must divide the hour "
            "(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60), got 0",
        ),
        (
            "STEWARD_TOKEN_TTL_SECONDS",
            "5",
            "STEWARD_TOKEN_TTL_SECONDS must be at least 60, got 5",
        ),
        (
            "STEWARD_DEFAULT_PAGE_SIZE",
            "500",
            "STEWARD_DEFAULT_PAGE_SIZE (500) must not be greater than "
            "STEWARD_MAX_PAGE_SIZE (100)",
        ),
        (
            "STEWARD_SECRET_KEY",
            "x" * 31,
            "STEWARD_SECRET_KEY must be at least 32 bytes, got 31; generate one "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(48))'",
        ),
    ],
)
def test_out_of_range_setting_rejected(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str, message: str
) -> None:
    monkeypatch.setenv(variable, raw)

    with pytest.raises(ValueError) as raised:
        Settings.from_env()

    assert str(raised.value) == message


def test_secret_key_length_counts_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # 16 characters, 32 bytes in UTF-8.
    monkeypatch.setenv("STEWARD_SECRET_KEY", "\u00fc" * 16)

    assert Settings.from_env().secret_key == "\u00fc" * 16


def test_empty_data_folder_means_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STEWARD_DATA_DIR", "")
    monkeypatch.delenv("DATABASE_URL", raising=False)

    settings = Settings.from_env()

    assert settings.data_dir == Path("data")
    assert settings.database_url == "sqlite://data/steward.sqlite3"


def test_cli_reports_out_of_range_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEWARD_EXPIRY_EVERY_MINUTES", "7")

    status = cli.main(["run"])

    assert status == cli.EXIT_INVALID
    assert capsys.readouterr().err == (
        "steward: invalid setting: STEWARD_EXPIRY_EVERY_MINUTES must divide the "
        "hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60), got 7\n"
    )


def test_cli_rejects_short_secret_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("STEWARD_SECRET_KEY", "short-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'steward.sqlite3'}")

    status = cli.main(["migrate"])

    error = capsys.readouterr().err
    assert status == cli.EXIT_INVALID
    assert error.startswith(
        "steward: invalid setting: STEWARD_SECRET_KEY must be at least 32 bytes, "
        "got 12;"
    )
    assert len(error.splitlines()) == 1
    assert "short-secret" not in error


def test_cli_reports_unreachable_database(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on a free port, so the connection is refused at once.
    url = f"postgres://steward:secret-password@127.0.0.1:{free_port()}/steward"
    monkeypatch.setenv("DATABASE_URL", url)

    with caplog.at_level(logging.ERROR, logger="steward.cli"):
        status = cli.main(["migrate"])

    assert status == cli.EXIT_FAILED
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert "cannot connect to the database" in messages[0]
    assert "secret-password" not in messages[0]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite://{folder}", "DATABASE_URL names the folder {folder}"),
        (
            "postgres://steward:secret-password@127.0.0.1:99999/steward",
            "DATABASE_URL is invalid: Port is not an integer",
        ),
        (
            "postgres://steward:secret-password@127.0.0.1/steward?sslmode=on",
            "DATABASE_URL has sslmode='on'; use one of disable, allow, prefer, "
            "require, verify-ca, verify-full",
        ),
        (
            "postgres://steward:secret-password@127.0.0.1/steward?ssl_mode=require",
            "DATABASE_URL has the unsupported query parameter 'ssl_mode'; postgres "
            "URLs accept only sslmode",
        ),
        (
            "sqlite://{folder}/steward.sqlite3?journal_mode=DELETE",
            "DATABASE_URL has the unsupported query parameter 'journal_mode'; "
            "sqlite URLs accept only busy_timeout",
        ),
        (
            "sqlite://{folder}/steward.sqlite3?busy_timeout=soon",
            "DATABASE_URL has busy_timeout='soon'; give milliseconds as a whole number",
        ),
        (
            "sqlite://",
            "DATABASE_URL has no database file path; use sqlite://PATH, such as "
            "sqlite://data/steward.sqlite3",
        ),
    ],
)
def test_cli_rejects_unusable_database_url(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    url: str,
    message: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", url.format(folder=tmp_path))

    status = cli.main(["migrate"])

    error = capsys.readouterr().err
    assert status == cli.EXIT_INVALID
    assert message.format(folder=tmp_path) in error
    assert "secret-password" not in error
    assert len(error.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


async def select_one(database_url: str) -> int:
    await db.connect(database_url)
    try:
        _, rows = await Tortoise.get_connection("default").execute_query("SELECT 1")
        return rows[0][0]
    finally:
        await db.disconnect()


def test_sslmode_reaches_postgres(postgres_url: str) -> None:
    # The test server has no TLS, so "prefer" falls back to a plain connection.
    for mode in ("disable", "prefer"):
        url = f"{postgres_url}?sslmode={mode}"
        db.check_url(url)
        assert asyncio.run(select_one(url)) == 1, mode

    with pytest.raises(ConnectionError) as raised:
        asyncio.run(select_one(f"{postgres_url}?sslmode=require"))
    assert "rejected SSL upgrade" in str(raised.value)


def start_api_process(
    tmp_path: Path, database_url: str
) -> subprocess.CompletedProcess[str]:
    """Run an API process as the README starts one, on the data folder `tmp_path`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STEWARD_DATA_DIR": str(tmp_path),
    }
    env.pop("STEWARD_SECRET_KEY", None)
    log_config = Path(runner.__file__).parent / "api-logging.json"
    command = runner.api_command(free_port(), log_config)
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_api_process_rejects_bad_database_url(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'steward.sqlite3'}?cache=shared"

    finished = start_api_process(tmp_path, url)

    assert finished.returncode == 2
    assert finished.stderr.splitlines() == [
        "steward API: invalid setting: DATABASE_URL has the unsupported query "
        "parameter 'cache'; sqlite URLs accept only busy_timeout"
    ]
    assert list(tmp_path.iterdir()) == []


def test_api_process_rejects_empty_secret_file(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("\n")

    finished = start_api_process(tmp_path, f"sqlite://{tmp_path / 'steward.sqlite3'}")

    assert finished.returncode == 2
    assert finished.stderr.splitlines() == [
        f"steward API: invalid setting: the token signing secret file "
        f"{tmp_path / 'secret_key'} is empty; delete it to generate a new secret, "
        "or set STEWARD_SECRET_KEY"
    ]
    assert (tmp_path / "secret_key").read_text() == "\n"


@pytest.mark.parametrize(
    "command",
    [["migrate"], ["policy", "export", "--account", "demo", "policy.csv"]],
    ids=["migrate", "policy export"],
)
def test_cli_rejects_non_database_file(tmp_path: Path, command: list[str]) -> None:
    database = tmp_path / "steward.sqlite3"
    database.write_text("this is not a database\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}"}

    finished = subprocess.run(
        [sys.executable, "-m", "steward.cli", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == cli.EXIT_FAILED
    assert finished.stderr.splitlines()[-1] == (
        f"steward {command[0]}: the SQLite database {database} cannot be used: file "
        "is not a database; move the file away to start a new database, or set "
        "DATABASE_URL to another one"
    )
    assert database.read_text() == "this is not a database\n"


def test_api_rejects_non_database_file(tmp_path: Path) -> None:
    database = tmp_path / "steward.sqlite3"
    database.write_text("this is not a database\n")

    finished = start_api_process(tmp_path, f"sqlite://{database}")

    assert finished.returncode == 1
    assert finished.stderr.splitlines() == [
        f"steward API: the SQLite database {database} cannot be used: file is not a "
        "database; move the file away to start a new database, or set DATABASE_URL "
        "to another one"
    ]
