from pathlib import Path

import pytest
import redis

from steward.processes import free_port
from steward.redis_server import redis_server


def test_relative_folder_starts_redis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    with redis_server(Path("data") / "redis") as url:
        client = redis.Redis.from_url(url)
        try:
            assert client.ping() is True
        finally:
            client.close()

    assert (tmp_path / "data" / "redis" / "redis.log").exists()


def test_busy_port_is_rejected(tmp_path: Path) -> None:
    port = free_port()
    with redis_server(tmp_path / "first", port=port):
        with pytest.raises(RuntimeError, match=f"port {port} on 127.0.0.1 is in use"):
            with redis_server(tmp_path / "second", port=port):
                pass
