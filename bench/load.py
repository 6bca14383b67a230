"""A bounded HTTP/1.1 load generator for servers on 127.0.0.1.

It sends a fixed number of identical requests over a fixed number of keep-alive
connections and stops after that count or after a time limit, whichever comes
first. It is written on asyncio streams rather than an HTTP client library, so that
the client costs little CPU next to the server it measures on the same machine.
It reads only what these benchmarks need: the status line, `Content-Length` and
the body.
"""

import asyncio
import time
from dataclasses import dataclass, field

from steward.processes import HOST


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float] = field(repr=False)
    """Seconds from sending each request to reading its whole response."""
    last_body: bytes = field(repr=False, default=b"")

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent: float) -> float:
        return percentile(self.latencies, percent) * 1000


def percentile(values: list[float], percent: float) -> float:
    """Return the nearest-rank percentile of `values` (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(percent / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def build_request(
    path: str, body: bytes, port: int, headers: dict[str, str] | None = None
) -> bytes:
    """Return the bytes of a POST request with a JSON body."""
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Read one response with a Content-Length body; return its status and body."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    length = None
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length is None:
        raise RuntimeError(f"response without Content-Length: {status_line}")
    return status, await reader.readexactly(length)


async def _connection(
    port: int,
    request: bytes,
    next_index: list[int],
    count: int,
    deadline: float,
    result: LoadResult,
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while next_index[0] < count and time.monotonic() < deadline:
            next_index[0] += 1
            started = time.perf_counter()
            writer.write(request)
            status, body = await read_response(reader)
            result.latencies.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"status {status}: {body[:300]!r}")
            result.requests += 1
            result.last_body = body
    finally:
        writer.close()
        await writer.wait_closed()


async def run_load(
    port: int,
    request: bytes,
    *,
    count: int,
    concurrency: int,
    max_seconds: float,
) -> LoadResult:
    """Send `request` `count` times over `concurrency` connections.

    Stops early once `max_seconds` have passed, and `requests` counts the
    responses read. Raises RuntimeError on a status other than 200.
    """
    result = LoadResult(requests=0, seconds=0.0, latencies=[])
    next_index = [0]
    deadline = time.monotonic() + max_seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(
            _connection(port, request, next_index, count, deadline, result)
            for _ in range(concurrency)
        )
    )
    result.seconds = time.perf_counter() - started
    return result
