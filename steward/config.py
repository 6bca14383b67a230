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


def _bool_env(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(
        f"{name} must be 1, true, yes or on, or 0, false, no or off, got {raw!r}"
    )


# Setting -> (its environment variable, lowest value, highest value or None).
RANGES: dict[str, tuple[str, int, int | None]] = {
    "token_ttl_seconds": ("STEWARD_TOKEN_TTL_SECONDS", 60, None),
    "max_page_size": ("STEWARD_MAX_PAGE_SIZE", 1, None),
    "default_page_size": ("STEWARD_DEFAULT_PAGE_SIZE", 1, None),
    "max_query_depth": ("STEWARD_MAX_QUERY_DEPTH", 1, None),
    "max_aliases": ("STEWARD_MAX_ALIASES", 0, None),
    "max_tokens": ("STEWARD_MAX_TOKENS", 1, None),
    "max_page_items": ("STEWARD_MAX_PAGE_ITEMS", 1, None),
    "max_body_bytes": ("STEWARD_MAX_BODY_BYTES", 1024, None),
    "max_bulk_ids": ("STEWARD_MAX_BULK_IDS", 1, None),
    "max_subscriptions": ("STEWARD_MAX_SUBSCRIPTIONS", 1, None),
    "connection_init_seconds": ("STEWARD_CONNECTION_INIT_SECONDS", 1, None),
    "login_window_seconds": ("STEWARD_LOGIN_WINDOW_SECONDS", 1, None),
    "login_attempts_per_email": ("STEWARD_LOGIN_ATTEMPTS_PER_EMAIL", 1, None),
    "login_attempts_per_client": ("STEWARD_LOGIN_ATTEMPTS_PER_CLIENT", 1, None),
    "outbox_poll_ms": ("STEWARD_OUTBOX_POLL_MS", 0, None),
}
# Minimum bytes of the HS256 token signing key. RFC 7518 section 3.2 requires a
# key at least as long as the hash output, and PyJWT 2.15 warns about shorter keys.
MIN_SECRET_KEY_BYTES = 32
# Sweep intervals that divide the hour, so that the sweeps are evenly spaced.
EXPIRY_INTERVALS = tuple(minutes for minutes in range(1, 61) if 60 % minutes == 0)


def check_expiry_interval(minutes: int) -> int:
    """Return `minutes`, or raise ValueError unless it divides the hour."""
    if minutes not in EXPIRY_INTERVALS:
        allowed = ", ".join(str(value) for value in EXPIRY_INTERVALS)
        raise ValueError(
            f"STEWARD_EXPIRY_EVERY_MINUTES must divide the hour ({allowed}), "
            f"got {minutes}"
        )
    return minutes


def check_secret_key(secret_key: str) -> None:
    """Raise ValueError for a configured signing key shorter than 32 bytes.

    The message gives the key's length, never the key.
    """
    length = len(secret_key.encode())
    if 0 < length < MIN_SECRET_KEY_BYTES:
        raise ValueError(
            f"STEWARD_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes, got "
            f"{length}; generate one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'"
        )


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
    introspection: bool = True
    """Execute `__schema` and `__type` queries; turn this off in production."""
    max_query_depth: int = 10
    """Fields nested in fields, counted through fragments; `{ me { id } }` is 1."""
    max_aliases: int = 30
    """Aliases in a document, each counted every time its fragment is spread."""
    max_tokens: int = 2000
    """Lexical tokens in a document; large lists belong in variables."""
    max_page_items: int = 500
    """Sum of the page sizes (`first`) of all paginated fields of a document."""
    max_body_bytes: int = 1024 * 1024
    """Bytes of an HTTP request body or a websocket message."""
    max_bulk_ids: int = 10_000
    """Record IDs listed in one bulk selection (`recordIds`, `excludedIds`)."""
    max_subscriptions: int = 20
    """Operations running at once on one websocket connection."""
    connection_init_seconds: int = 10
    """Time a new websocket has to send `connection_init` before it is closed."""
    login_window_seconds: int = 900
    """Length of the fixed window that counts login attempts."""
    login_attempts_per_email: int = 10
    """Login attempts per email address and window; a successful login resets it."""
    login_attempts_per_client: int = 100
    """Login attempts per client IP address and window."""
    outbox_poll_ms: int = 1000
    """Milliseconds between outbox publishing passes; 0 runs none in this process."""
    expiry_every_minutes: int = 1
    """Minutes between inactivity expiry sweeps of the worker; divides 60."""

    def __post_init__(self) -> None:
        for name, (variable, low, high) in RANGES.items():
            value = getattr(self, name)
            if value < low or (high is not None and value > high):
                allowed = f"{low} to {high}" if high is not None else f"at least {low}"
                raise ValueError(f"{variable} must be {allowed}, got {value}")
        check_expiry_interval(self.expiry_every_minutes)
        check_secret_key(self.secret_key)
        if self.default_page_size > self.max_page_size:
            raise ValueError(
                f"STEWARD_DEFAULT_PAGE_SIZE ({self.default_page_size}) must not be "
                f"greater than STEWARD_MAX_PAGE_SIZE ({self.max_page_size})"
            )

    @classmethod
    def from_env(cls) -> "Settings":
        # Empty means unset, as for the other settings; Path("") would be ".".
        data_dir = Path(os.environ.get("STEWARD_DATA_DIR") or "data")
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
            graphiql=_bool_env("STEWARD_GRAPHIQL", True),
            introspection=_bool_env("STEWARD_INTROSPECTION", True),
            max_query_depth=_int_env("STEWARD_MAX_QUERY_DEPTH", 10),
            max_aliases=_int_env("STEWARD_MAX_ALIASES", 30),
            max_tokens=_int_env("STEWARD_MAX_TOKENS", 2000),
            max_page_items=_int_env("STEWARD_MAX_PAGE_ITEMS", 500),
            max_body_bytes=_int_env("STEWARD_MAX_BODY_BYTES", 1024 * 1024),
            max_bulk_ids=_int_env("STEWARD_MAX_BULK_IDS", 10_000),
            max_subscriptions=_int_env("STEWARD_MAX_SUBSCRIPTIONS", 20),
            connection_init_seconds=_int_env("STEWARD_CONNECTION_INIT_SECONDS", 10),
            login_window_seconds=_int_env("STEWARD_LOGIN_WINDOW_SECONDS", 900),
            login_attempts_per_email=_int_env("STEWARD_LOGIN_ATTEMPTS_PER_EMAIL", 10),
            login_attempts_per_client=_int_env(
                "STEWARD_LOGIN_ATTEMPTS_PER_CLIENT", 100
            ),
            outbox_poll_ms=_int_env("STEWARD_OUTBOX_POLL_MS", 1000),
            expiry_every_minutes=_int_env("STEWARD_EXPIRY_EVERY_MINUTES", 1),
        )
