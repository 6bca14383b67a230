"""Service settings, read once from the environment."""

import os
from dataclasses import dataclass, field
from pathlib import Path


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    """Settings of one API process or worker.

    `database_url` is a Tortoise URL (`sqlite://PATH` or `postgres://...`).
    `redis_url` is empty when the run command starts its own Redis server.
    """

    data_dir: Path = field(default_factory=lambda: Path("data"))
    database_url: str = ""
    redis_url: str = ""
    secret_key: str = ""
    token_ttl_seconds: int = 12 * 3600
    max_page_size: int = 100
    default_page_size: int = 50
    graphiql: bool = True

    @classmethod
    def from_env(cls) -> "Settings":
        data_dir = Path(os.environ.get("STEWARD_DATA_DIR", "data"))
        database_url = os.environ.get("DATABASE_URL") or (
            f"sqlite://{data_dir / 'steward.sqlite3'}"
        )
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            redis_url=os.environ.get("REDIS_URL", ""),
            secret_key=os.environ.get("STEWARD_SECRET_KEY", ""),
            token_ttl_seconds=_int_env("STEWARD_TOKEN_TTL_SECONDS", 12 * 3600),
            max_page_size=_int_env("STEWARD_MAX_PAGE_SIZE", 100),
            default_page_size=_int_env("STEWARD_DEFAULT_PAGE_SIZE", 50),
            graphiql=os.environ.get("STEWARD_GRAPHIQL", "1") not in ("0", "false"),
        )
