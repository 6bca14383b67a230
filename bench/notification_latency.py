"""Time owner changes from the request to 500 websocket subscribers.

One API process (uvicorn with the app factory, its outbox publisher and event hub)
runs against the database and a Redis server of its own. 500 websocket clients
in this process connect with graphql-transport-ws and subscribe to
`ownershipChanged`. Then an admin changes the owner of one deal at a time with
`changeOwner`, 20 times, and waits until every subscriber has received the
change before sending the next. A run with 50 subscribers comes first, for
comparison. In these two runs every subscriber sends the same operation, so the
API renders each event once and sends copies (steward/fanout.py). A third run
gives each of 500 subscribers an operation of its own name, so every subscriber
renders every event itself.

The latency of a subscriber is the time from sending the `changeOwner` request
to receiving its event, so it includes the request itself, whose transaction
commits before the response. The figures are over all subscribers and changes.
The clients share this process and the machine with the API, so their own
message handling is in the figures too.

The table also gives the CPU time of the API process per change: utime plus
stime from /proc, whose 10 ms steps make 0.5 ms over 20 changes, and empty where
/proc is missing. It varies less than the latencies when other programs load the
machine, because it leaves out the time the API waited for a CPU.

Run: `python -m bench.notification_latency --database sqlite|postgres`.
"""

import asyncio
import json
import os
import time
from collections import defaultdict
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from bench import harness
from bench.load import percentile
from models import Deal
from schema.ids import to_global_id
from steward.auth import TokenIssuer
from steward.processes import HOST
from steward.redis_server import redis_server

# (subscribers, distinct operations among them); the target is on the second run.
RUNS = ((50, 1), (500, 1), (500, 500))
TARGET_RUN = RUNS[1]
CHANGES = 20
CONNECTS_AT_ONCE = 50
EVENT_TIMEOUT_SECONDS = 10.0
TARGET_P99_MS = 100.0
CHANGE_OWNER = """
mutation($recordId: ID!, $ownerId: ID) {
  changeOwner(recordId: $recordId, ownerId: $ownerId) { id }
}
"""


class Subscribers:
    """Websocket clients and the times at which each received each record's event."""

    def __init__(self) -> None:
        self.sockets: list[ClientConnection] = []
        self.received: dict[str, list[float]] = defaultdict(list)
        self.arrived = asyncio.Event()
        self.readers: list[asyncio.Task[None]] = []

    async def add(
        self, url: str, token: str, query: str, gate: asyncio.Semaphore
    ) -> None:
        async with gate:
            socket = await connect(
                url, subprotocols=[Subprotocol("graphql-transport-ws")]
            )
            await socket.send(
                json.dumps({"type": "connection_init", "payload": {"token": token}})
            )
            ack = json.loads(await socket.recv())
            if ack["type"] != "connection_ack":
                raise RuntimeError(f"connection rejected: {ack}")
            payload = {"query": query}
            await socket.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": payload})
            )
        self.sockets.append(socket)
        self.readers.append(asyncio.create_task(self._read(socket)))

    async def _read(self, socket: ClientConnection) -> None:
        async for raw in socket:
            received = time.perf_counter()
            message = json.loads(raw)
            if message.get("type") != "next":
                raise RuntimeError(f"unexpected message: {message}")
            record = message["payload"]["data"]["ownershipChanged"]["recordId"]
            self.received[record].append(received)
            self.arrived.set()

    async def wait_for(self, record: str) -> None:
        """Wait until every subscriber has received an event of `record`."""
        async with asyncio.timeout(EVENT_TIMEOUT_SECONDS):
            while len(self.received[record]) < len(self.sockets):
                self.arrived.clear()
                await self.arrived.wait()

    async def close(self) -> None:
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*(socket.close() for socket in self.sockets))


def subscription(number: int, operations: int) -> str:
    """Return subscriber `number`'s document, one of `operations` distinct ones."""
    name = f"Changes{number % operations}"
    return f"subscription {name} {{ ownershipChanged {{ recordId }} }}"


def api_cpu_seconds(port: int) -> float | None:
    """Return the CPU time of the uvicorn process on `port`; None without /proc."""
    marker = f"--port\0{port}\0".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if b"uvicorn" not in (command := (entry / "cmdline").read_bytes()):
                continue
            if marker not in command:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Fields 14 and 15 of /proc/PID/stat: utime and stime, in clock ticks.
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")
    return None


async def measure(
    port: int, token: str, deals: list[str], owner: str, case: tuple[int, int]
) -> tuple[list[float], float | None]:
    """Change the owner of each deal for the case's subscribers.

    Returns the latencies and the API's CPU seconds per change (None without /proc).
    """
    count, operations = case
    url = f"ws://{HOST}:{port}/graphql"
    subscribers = Subscribers()
    gate = asyncio.Semaphore(CONNECTS_AT_ONCE)
    await asyncio.gather(
        *(
            subscribers.add(url, token, subscription(number, operations), gate)
            for number in range(count)
        )
    )
    # The API's event hub subscribes to Redis with the first subscriber; there is
    # no message that signals when that is done.
    await asyncio.sleep(1.0)
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    cpu_before = api_cpu_seconds(port)
    try:
        async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}") as client:
            for deal in deals:
                variables = {"recordId": deal, "ownerId": owner}
                sent = time.perf_counter()
                response = await client.post(
                    "/graphql",
                    json={"query": CHANGE_OWNER, "variables": variables},
                    headers=headers,
                )
                if "errors" in response.json():
                    raise RuntimeError(f"changeOwner failed: {response.text}")
                await subscribers.wait_for(deal)
                latencies += [at - sent for at in subscribers.received[deal]]
        cpu_after = api_cpu_seconds(port)
    finally:
        await subscribers.close()
    if cpu_before is None or cpu_after is None:
        return latencies, None
    return latencies, (cpu_after - cpu_before) / len(deals)


async def prepare(url: str) -> tuple[str, list[str], str]:
    """Seed the account; return the admin's token, the deals and their new owner."""
    async with harness.connected(url):
        team = await harness.seed_team(2)
        await harness.insert_deals(team, CHANGES * len(RUNS))
        token, _ = TokenIssuer(harness.SECRET_KEY, 3600).issue(team.admin)
        deal_ids = (
            await Deal.filter(account_id=team.account.id)
            .order_by("id")
            .values_list("id", flat=True)
        )
    deals = [to_global_id("Deal", deal) for deal in deal_ids]
    # Every deal is owned by a salesperson, so moving it to the admin is a change.
    return token, deals, to_global_id("User", team.admin.id)


async def run(kind: str, folder: Path, url: str) -> str:
    token, deals, owner = await prepare(url)
    results = {}
    with redis_server(folder / "redis") as redis_url:
        env = harness.api_environment(url, redis_url)
        async with harness.serving("API", "steward.app:create_app", env) as port:
            for number, case in enumerate(RUNS):
                batch = deals[number * CHANGES : (number + 1) * CHANGES]
                results[case] = await measure(port, token, batch, owner, case)

    rows = [
        [
            count,
            operations,
            len(latencies),
            f"{percentile(latencies, 50) * 1000:.1f}",
            f"{percentile(latencies, 99) * 1000:.1f}",
            f"{max(latencies) * 1000:.1f}",
            "" if cpu is None else f"{cpu * 1000:.0f}",
        ]
        for (count, operations), (latencies, cpu) in results.items()
    ]
    p99 = percentile(results[TARGET_RUN][0], 99) * 1000
    verdict = "met" if p99 < TARGET_P99_MS else "missed"
    return "\n\n".join(
        [
            f"### Notification latency ({kind})",
            "Websocket subscribers of `ownershipChanged` on one API process; "
            f"{CHANGES} `changeOwner` requests, one at a time, per row.",
            harness.markdown_table(
                [
                    "subscribers",
                    "operations",
                    "events",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "API CPU ms per change",
                ],
                rows,
            ),
            f"p99 with {TARGET_RUN[0]} subscribers of one operation: {p99:.1f} ms "
            f"(target under {TARGET_P99_MS:.0f} ms: {verdict}).",
        ]
    )


if __name__ == "__main__":
    harness.main(__doc__, run)
