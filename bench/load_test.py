"""A bounded load test of a local Steward: lists, owner changes and subscriptions.

It starts `steward run` with a new data folder (the demo data set, its own Redis) on
a free port of 127.0.0.1. For a warm-up of WARMUP_SECONDS and then the measured
duration (60 s unless --duration says otherwise), it runs at once:

- list workers: `deals` pages of 50, as an agent (own deals) or as the admin;
- single workers: the admin moves one deal at a time between two agents;
- a bulk worker: the admin moves 50 deals at a time with `bulkChangeOwner`;
- subscribers: graphql-ws connections subscribed to `ownershipChanged`.

Every loop stops at the deadline or after MAX_REQUESTS_PER_WORKER requests. After
the load it waits for the last events and checks that no request failed and that
every subscriber received one event per changed record. It samples the RSS of the
API process (psutil) after the warm-up and at the end. Exit code 0 when there were
no errors, no lost events, and the RSS grew by less than RSS_GROWTH_LIMIT.

Usage: .venv/bin/python -m bench.load_test [--duration SECONDS]
It is not part of `make test` or `make bench`.
"""

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import websockets

from steward.processes import HOST, free_port

ROOT = Path(__file__).resolve().parent.parent

PASSWORD = "steward-demo"
ADMIN = "admin@demo.steward.test"
GIVER = "anna.snelling@demo.steward.test"
RECEIVER_NAME = "Cecily Lampkin"
LIST_WORKERS = 8
SINGLE_WORKERS = 2
DEALS_PER_SINGLE_WORKER = 20
BULK_SIZE = 50
SUBSCRIBERS = 5
MAX_REQUESTS_PER_WORKER = 100_000
START_TIMEOUT_SECONDS = 180
EVENT_DRAIN_SECONDS = 15
# The load runs this long before the measured DURATION, and its requests count.
WARMUP_SECONDS = 15
RSS_SAMPLE_SECONDS = 5
# A guess at what "flat" means for a 60-second run: allocator caches and warm
# connection pools may grow a little, a leak per request grows with the count.
RSS_GROWTH_LIMIT = 0.25

LOGIN = (
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
)
USERS = "{ users { id name email } }"
OWN_DEALS = """query($after: String) {
  deals(first: 50, after: $after, filter: {owner: {me: true}}) {
    totalCount pageInfo { endCursor } edges { node { id name owner { id } } } } }"""
ALL_DEALS = """{ deals(first: 50) { totalCount edges { node { id name stage
  owner { id name } } } } }"""
CHANGE_OWNER = """mutation($id: ID!, $owner: ID) {
  changeOwner(recordId: $id, ownerId: $owner) { id owner { id } } }"""
BULK_CHANGE = """mutation($ids: [ID!], $owner: ID) {
  bulkChangeOwner(input: {recordType: DEAL, selection: {recordIds: $ids},
    newUserId: $owner}) { changed unchanged refused { recordId code } } }"""
SUBSCRIPTION = "subscription { ownershipChanged(recordType: DEAL) { recordId } }"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    changed: int = 0
    received: list[int] = field(default_factory=list)
    """Events received so far, per subscriber."""
    rss: list[tuple[float, int]] = field(default_factory=list)
    """(seconds since the load started, RSS of the API in bytes)."""

    def record(self, kind: str, seconds: float) -> None:
        self.latencies[kind].append(seconds)


class Api:
    def __init__(self, client: httpx.AsyncClient, stats: Stats) -> None:
        self.client = client
        self.stats = stats

    async def execute(self, kind: str, token: str | None, query: str, **variables):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        started = time.perf_counter()
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        self.stats.record(kind, time.perf_counter() - started)
        body = response.json() if response.status_code == 200 else {}
        if response.status_code != 200 or body.get("errors"):
            self.stats.errors.append(f"{kind}: {response.status_code} {response.text}")
            return None
        return body["data"]

    async def log_in(self, email: str) -> str:
        data = await self.execute("login", None, LOGIN, e=email, p=PASSWORD)
        if data is None:
            raise RuntimeError(f"login of {email} failed: {self.stats.errors[-1]}")
        return data["login"]["token"]


async def list_worker(api: Api, token: str, query: str, deadline: float) -> None:
    for _ in range(MAX_REQUESTS_PER_WORKER):
        if time.monotonic() >= deadline:
            return
        await api.execute("list", token, query)


async def single_worker(
    api: Api, token: str, deals: list[str], owners: tuple[str, str], deadline: float
) -> None:
    """Move each deal to the other owner in turn; every change is a real change."""
    for number in range(MAX_REQUESTS_PER_WORKER):
        if time.monotonic() >= deadline:
            return
        round_number, index = divmod(number, len(deals))
        owner = owners[(round_number + 1) % 2]
        if await api.execute(
            "single", token, CHANGE_OWNER, id=deals[index], owner=owner
        ):
            api.stats.changed += 1


async def bulk_worker(
    api: Api, token: str, deals: list[str], owners: tuple[str, str], deadline: float
) -> None:
    for number in range(MAX_REQUESTS_PER_WORKER):
        if time.monotonic() >= deadline:
            return
        owner = owners[(number + 1) % 2]
        data = await api.execute("bulk", token, BULK_CHANGE, ids=deals, owner=owner)
        if data is None:
            continue
        result = data["bulkChangeOwner"]
        api.stats.changed += result["changed"]
        if result["changed"] != len(deals):
            api.stats.errors.append(f"bulk: {result}")


async def subscriber(
    url: str,
    token: str,
    index: int,
    ready: asyncio.Event,
    done: asyncio.Event,
    stats: Stats,
) -> None:
    """Count `ownershipChanged` events in stats.received[index] until `done`."""
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        init = {"type": "connection_init", "payload": {"token": token}}
        await ws.send(json.dumps(init))
        ack = json.loads(await ws.recv())
        if ack.get("type") != "connection_ack":
            raise RuntimeError(f"connection_init failed: {ack}")
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}
        await ws.send(json.dumps(subscribe))
        ready.set()
        while not done.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), 0.5)
            except TimeoutError:
                continue
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "next" and not message["payload"].get("errors"):
                stats.received[index] += 1
            elif kind == "ping":
                await ws.send(json.dumps({"type": "pong"}))
            else:
                stats.errors.append(f"subscription: {message}")


def start_steward(folder: Path, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    log = folder / "steward.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "STEWARD_SECRET_KEY")
    }
    env.update(STEWARD_DATA_DIR=str(folder / "data"), STEWARD_PORT=str(port))
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "steward.runner"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while "Steward is running" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError(f"Steward did not start; see {log}")
        time.sleep(0.5)
    return process, log


def api_pid(log: Path) -> int:
    found = re.search(r"started the API \(pid (\d+)\)", log.read_text())
    if found is None:
        raise RuntimeError(f"no API pid in {log}")
    return int(found.group(1))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run_load(port: int, duration: float, pid: int) -> Stats:
    stats = Stats()
    base = f"http://{HOST}:{port}"
    limits = httpx.Limits(max_connections=LIST_WORKERS + SINGLE_WORKERS + 4)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        api = Api(client, stats)
        admin = await api.log_in(ADMIN)
        giver_token = await api.log_in(GIVER)
        users = (await api.execute("setup", admin, USERS))["users"]
        giver = next(user["id"] for user in users if user["email"] == GIVER)
        receiver = next(user["id"] for user in users if user["name"] == RECEIVER_NAME)
        page = await api.execute("setup", giver_token, OWN_DEALS)
        deals = [edge["node"]["id"] for edge in page["deals"]["edges"]]
        page = await api.execute(
            "setup",
            giver_token,
            OWN_DEALS,
            after=page["deals"]["pageInfo"]["endCursor"],
        )
        deals += [edge["node"]["id"] for edge in page["deals"]["edges"]]
        needed = SINGLE_WORKERS * DEALS_PER_SINGLE_WORKER + BULK_SIZE
        if len(deals) < needed:
            raise RuntimeError(f"{GIVER} owns {len(deals)} deals, fewer than {needed}")

        stats.received = [0] * SUBSCRIBERS
        ready = [asyncio.Event() for _ in range(SUBSCRIBERS)]
        done = asyncio.Event()
        ws_url = f"ws://{HOST}:{port}/graphql"
        subscribers = [
            asyncio.create_task(subscriber(ws_url, admin, n, ready[n], done, stats))
            for n in range(SUBSCRIBERS)
        ]
        for event in ready:
            await asyncio.wait_for(event.wait(), 10)
        # The server subscribes to Redis only after it reads `subscribe`.
        await asyncio.sleep(1)

        owners = (giver, receiver)
        started = time.monotonic()
        deadline = started + WARMUP_SECONDS + duration
        sampler = asyncio.create_task(sample_rss(pid, started, deadline, stats))
        workers = []
        for n in range(LIST_WORKERS):
            token, query = (admin, ALL_DEALS) if n % 2 else (giver_token, OWN_DEALS)
            workers.append(list_worker(api, token, query, deadline))
        for n in range(SINGLE_WORKERS):
            start = n * DEALS_PER_SINGLE_WORKER
            chunk = deals[start : start + DEALS_PER_SINGLE_WORKER]
            workers.append(single_worker(api, admin, chunk, owners, deadline))
        bulk_deals = deals[needed - BULK_SIZE : needed]
        workers.append(bulk_worker(api, admin, bulk_deals, owners, deadline))
        await asyncio.gather(*workers)
        await sampler

        # The outbox publishes the last changes within its poll interval.
        drain_deadline = time.monotonic() + EVENT_DRAIN_SECONDS
        while time.monotonic() < drain_deadline:
            if min(stats.received) >= stats.changed:
                break
            await asyncio.sleep(0.5)
        # Events published twice would arrive now and fail the count.
        await asyncio.sleep(1)
        done.set()
        await asyncio.gather(*subscribers)
    return stats


async def sample_rss(pid: int, started: float, deadline: float, stats: Stats) -> None:
    """Record the API's RSS every RSS_SAMPLE_SECONDS, and once more at `deadline`."""
    process = psutil.Process(pid)
    while True:
        now = time.monotonic()
        stats.rss.append((now - started, process.memory_info().rss))
        if now >= deadline:
            return
        await asyncio.sleep(min(RSS_SAMPLE_SECONDS, max(deadline - now, 0)))


def report(stats: Stats, duration: float) -> bool:
    """Print the figures; return whether the run passed."""
    # Requests of the warm-up count too, so the rates are over both.
    seconds = WARMUP_SECONDS + duration
    print(
        f"load: {seconds:.0f} s ({WARMUP_SECONDS} s warm-up, {duration:.0f} s measured)"
    )

    print("| operation | requests | per second | p50 ms | p95 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in ("list", "single", "bulk"):
        values = stats.latencies[kind]
        if not values:
            continue
        print(
            f"| {kind} | {len(values)} | {len(values) / seconds:.1f} | "
            f"{percentile(values, 0.50) * 1000:.1f} | "
            f"{percentile(values, 0.95) * 1000:.1f} | "
            f"{percentile(values, 0.99) * 1000:.1f} |"
        )

    measured = [(at, rss) for at, rss in stats.rss if at >= WARMUP_SECONDS]
    rss_start, rss_end = measured[0][1], measured[-1][1]
    growth = (rss_end - rss_start) / rss_start
    samples = ", ".join(f"{at:.0f} s {rss / 2**20:.1f}" for at, rss in stats.rss)
    print(f"records changed: {stats.changed}")
    print(f"events received per subscriber: {stats.received}")
    print(f"errors: {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"  {error[:300]}")
    print(f"API RSS samples (MiB): {samples}")
    print(
        f"API RSS: {rss_start / 2**20:.1f} MiB after the {WARMUP_SECONDS} s warm-up, "
        f"{rss_end / 2**20:.1f} MiB at the end ({growth:+.1%})"
    )

    # A missing event is lost, and an extra one is a duplicate.
    lost = [stats.changed - count for count in stats.received]
    passed = not stats.errors and all(n == 0 for n in lost)
    return passed and growth < RSS_GROWTH_LIMIT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--duration", type=float, default=60, help="seconds of load (default: 60)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="steward-load-") as folder:
        port = free_port()
        process, log = start_steward(Path(folder), port)
        try:
            pid = api_pid(log)
            stats = asyncio.run(run_load(port, args.duration, pid))
        finally:
            process.terminate()
            process.wait(timeout=60)
    passed = report(stats, args.duration)
    print("load test: passed" if passed else "load test: FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
