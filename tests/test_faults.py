"""Faults of the parts Steward depends on, with real servers on loopback.

- Redis stops: owner changes and queries go on, the outbox publishes the events
  of the outage once Redis is back, and a bulk change above the inline limit
  stays queued and runs then.
- A worker dies during an expiry sweep: the next sweep finishes the work, and
  each assignment is removed, recorded and notified once.
- SQLite busy: other processes write the database file while the API serves
  owner changes, and no change fails with "database is locked".
- PostgreSQL restarts under load: requests meanwhile fail with UNAVAILABLE, never
  with an internal error, and the same API process recovers.
"""

import asyncio
import contextlib
import dataclasses
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from models import (
    Assignment,
    AssignmentReason,
    BulkJobState,
    Notification,
    NotificationKind,
    OutboxEvent,
    OwnershipHistory,
    OwnershipSetting,
    RecordType,
)
from policy import PolicyEngine
from steward.bulk import INLINE_LIMIT
from steward.bulk_jobs import run_job
from steward.clock import utcnow
from steward.config import Settings
from steward.pg_server import find_binary, postgres_server
from steward.processes import HOST, free_port, port_in_use, stop_with_parent
from steward.redis_server import redis_server
from steward.runner import api_command, write_api_log_config
from tests.bulk_operations import (
    BULK_CHANGE,
    bulk_input,
    holders,
    insert_deals,
    role_id,
)
from tests.conftest import PASSWORD, TEST_DATABASE, Caller
from tests.operations import (
    CHANGE_OWNER,
    CREATE_DEAL,
    create_deal,
    set_owner_required,
    user_gid,
)
from workers.bulk import resume_orphaned_jobs
from workers.expiry import expire_assignments

sqlite_only = pytest.mark.skipif(
    TEST_DATABASE != "sqlite", reason="runs on SQLite's file locking"
)

# Takes SQLite's write lock in a loop for a while, holding it for a few ms each time.
WRITER = """
import sqlite3, sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
conn = sqlite3.connect(path, timeout=10, isolation_level=None)
deadline = time.monotonic() + seconds
commits = 0
while time.monotonic() < deadline:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE account SET name = name")
    time.sleep(0.02)
    conn.execute("COMMIT")
    commits += 1
    time.sleep(0.002)
print(commits)
"""
WRITERS = 3
WRITE_SECONDS = 6.0
DEALS = 10
ROUNDS = 6

DEALS_QUERY = "{ deals(first: 5) { totalCount edges { node { id owner { id } } } } }"
MAX_LOAD_REQUESTS = 2_000
NOTIFICATIONS = "{ notifications(first: 5) { edges { node { kind recordIds } } } }"
EVENT_TIMEOUT_SECONDS = 10.0
OUTAGE_SECONDS = 2.0
RECOVERY_SECONDS = 3.0


def start_writers(database_url: str) -> list[subprocess.Popen[str]]:
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    return [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, path, str(WRITE_SECONDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]


def writer_commits(writers: list[subprocess.Popen[str]]) -> list[int]:
    commits = []
    for writer in writers:
        stdout, stderr = writer.communicate(timeout=WRITE_SECONDS + 30)
        assert writer.returncode == 0, stderr
        commits.append(int(stdout))
    return commits


async def hand_over(caller: Caller, deal_ids: list[str], owner: str) -> list[dict]:
    return await asyncio.gather(
        *(
            caller.execute(CHANGE_OWNER, recordId=deal_id, ownerId=owner)
            for deal_id in deal_ids
        )
    )


@sqlite_only
async def test_sqlite_busy_is_retried(make_caller, database_url: str) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = [(await create_deal(anna, f"Deal {i}"))["id"] for i in range(DEALS)]

    writers = start_writers(database_url)
    errors = []
    started = time.monotonic()
    try:
        for round_number in range(ROUNDS):
            giver, taker = (anna, bob) if round_number % 2 == 0 else (bob, anna)
            for body in await hand_over(giver, deals, user_gid(taker)):
                errors.extend(body.get("errors", []))
    finally:
        commits = writer_commits(writers)
    elapsed = time.monotonic() - started

    assert errors == []
    assert all(count > 0 for count in commits), commits
    assert elapsed < WRITE_SECONDS + 20


class RestartableRedis:
    """A Redis server of steward.redis_server that stops and starts on one port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self._stack: contextlib.ExitStack | None = None

    def start(self) -> None:
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(redis_server(self.folder, self.port))

    def stop(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None


@pytest.fixture
def restartable_redis(tmp_path: Path) -> Iterator[RestartableRedis]:
    server = RestartableRedis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(restartable_redis: RestartableRedis) -> str:
    """A Redis server of the test's own, which the test may stop."""
    return restartable_redis.url


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Publishing passes then run only on wake(), after each GraphQL request, so the
    # tests decide when the outbox is published.
    return dataclasses.replace(settings, outbox_poll_ms=3_600_000)


async def wait_until_published() -> None:
    deadline = time.monotonic() + EVENT_TIMEOUT_SECONDS
    while await OutboxEvent.filter(published_at__isnull=True).exists():
        assert time.monotonic() < deadline, "the outbox was not published"
        await asyncio.sleep(0.05)


async def test_redis_outage_keeps_owner_changes(
    make_caller, restartable_redis: RestartableRedis
) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deal = await create_deal(anna, "Laptops")
    await anna.data("{ me { id } }")  # publishes the events of the setup
    await wait_until_published()

    restartable_redis.stop()
    changed = await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
    listed = await bob.data(DEALS_QUERY)
    notices = await bob.data(NOTIFICATIONS)
    assert changed["changeOwner"]["owner"]["id"] == user_gid(bob)
    assert listed["deals"]["edges"][0]["node"]["owner"]["id"] == user_gid(bob)
    assert notices["notifications"]["edges"][0]["node"]["recordIds"] == [deal["id"]]
    pending = await OutboxEvent.filter(published_at__isnull=True).values_list(
        "id", flat=True
    )
    assert len(pending) == 2

    restartable_redis.start()
    # A publishing pass that began during the outage can send the events as soon
    # as Redis is back, before a subscriber of the test could subscribe, so the
    # outbox rows tell what was published. The publisher marks an event
    # published after Redis accepted it.
    await anna.data("{ me { id } }")
    await wait_until_published()
    published = await OutboxEvent.filter(id__in=pending).values_list("kind", flat=True)
    assert sorted(kind.value for kind in published) == [
        "notification",
        "ownership_changed",
    ]


async def test_redis_outage_queues_bulk_job(
    make_caller,
    app: Starlette,
    policy: PolicyEngine,
    restartable_redis: RestartableRedis,
) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, INLINE_LIMIT + 1)

    restartable_redis.stop()
    result = await anna.data(BULK_CHANGE, input=bulk_input(deals, bob))
    job_id = uuid.UUID(result["bulkChangeOwner"]["job"]["id"])
    restartable_redis.start()
    resumed = await resume_orphaned_jobs({"redis": app.state.services.queue})
    job = await run_job(policy, job_id)

    assert result["bulkChangeOwner"]["job"]["state"] == "QUEUED"
    assert resumed == 1
    assert (job.state, job.done) == (BulkJobState.DONE, INLINE_LIMIT + 1)
    assert await holders(RecordType.DEAL, deals, await role_id(anna.account.id)) == [
        bob.user.id
    ] * len(deals)


# Runs one expiry sweep in batches of sys.argv[2] assignments.
SWEEP = """
import asyncio, sys
from steward import db, expiry
from policy import PolicyEngine
from steward.bulk import INLINE_LIMIT
from steward.bulk_jobs import run_job
from steward.clock import utcnow

async def main(url, size):
    await db.connect(url)
    await expiry.sweep(utcnow(), size=size)
    await db.disconnect()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""
EXPIRING_DEALS = 3_000
SWEEP_BATCH = 100


async def expired_count() -> int:
    return await OwnershipHistory.filter(reason=AssignmentReason.INACTIVITY).count()


async def kill_sweep_midway(database_url: str) -> int:
    """Run a sweep in a process and SIGKILL it after its first batch.

    Returns how many assignments the sweep had removed by then.
    """
    sweep = await asyncio.create_subprocess_exec(
        *[sys.executable, "-c", SWEEP, database_url, str(SWEEP_BATCH)],
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while await expired_count() == 0:
            assert sweep.returncode is None, "the sweep exited before removing"
            assert time.monotonic() < deadline, "the sweep removed nothing"
            await asyncio.sleep(0.005)
    finally:
        sweep.kill()
        await sweep.communicate()
    return await expired_count()


async def test_killed_expiry_sweep_resumes(make_caller, database_url: str) -> None:
    anna = await make_caller("anna@acme.test")
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    await OwnershipSetting.filter(
        account_id=anna.account.id, record_type=RecordType.DEAL
    ).update(auto_remove_after_days=30)
    deals = await insert_deals(anna.user, EXPIRING_DEALS)
    await Assignment.filter(account_id=anna.account.id).update(
        last_activity_at=utcnow() - timedelta(days=60)
    )

    removed_before_kill = await kill_sweep_midway(database_url)
    await expire_assignments({"job_id": "restarted", "outbox": None})

    history = await OwnershipHistory.filter(reason=AssignmentReason.INACTIVITY)
    notices = await Notification.filter(
        recipient_id=anna.user.id, kind=NotificationKind.REMOVED
    )
    assert 0 < removed_before_kill < EXPIRING_DEALS
    assert await Assignment.filter(record_id__in=deals).count() == 0
    assert len(history) == EXPIRING_DEALS
    assert {row.record_id for row in history} == set(deals)
    assert sum(notice.record_count for notice in notices) == EXPIRING_DEALS


class PostgresControl:
    """Stops and starts a server of steward.pg_server with its original options."""

    def __init__(self, folder: Path) -> None:
        self.data = folder / "data"
        self.log = folder / "server.log"
        # postmaster.opts contains the server's command line: binary, -D DATA, options.
        words = shlex.split((self.data / "postmaster.opts").read_text())
        self.options = shlex.join(words[3:])

    def _pg_ctl(self, *args: str) -> None:
        command = [find_binary("pg_ctl"), "-D", str(self.data), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._pg_ctl("-o", self.options, "-l", str(self.log), "-w", "start")


# Creates the account `acme` with two salespeople, Anna and Bob.
SEED = """
import asyncio, sys
from policy import PolicyEngine
from steward import accounts, db

async def seed(url, password):
    await db.connect(url)
    policy = PolicyEngine()
    account = await accounts.create_account(policy, "Acme", "acme")
    for name in ("Anna", "Bob"):
        await accounts.create_user(
            policy, account, name=name, email=f"{name.lower()}@acme.test",
            password=password, roles=["salesperson"],
        )
    await db.disconnect()

asyncio.run(seed(sys.argv[1], sys.argv[2]))
"""
LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { token user { id } }
}
"""


@dataclass
class Outcome:
    at: float
    status: int
    codes: list[str]


@dataclass
class HttpUser:
    client: httpx.AsyncClient
    token: str
    id: str

    async def post(self, query: str, **variables: Any) -> httpx.Response:
        return await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {self.token}"},
        )

    async def data(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.post(query, **variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


async def log_in(client: httpx.AsyncClient, email: str) -> HttpUser:
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD}},
    )
    login = response.json()["data"]["login"]
    return HttpUser(client, login["token"], login["user"]["id"])


def outcome_of(response: httpx.Response) -> Outcome:
    codes = []
    if response.headers.get("content-type", "").startswith("application/json"):
        for error in response.json().get("errors", []):
            codes.append(error.get("extensions", {}).get("code"))
    return Outcome(time.monotonic(), response.status_code, codes)


async def send_until(
    user: HttpUser, deal_id: str, owners: list[str], stop: asyncio.Event
) -> list[Outcome]:
    """Alternate list queries and owner changes until `stop` is set (bounded)."""
    outcomes = []
    for number in range(MAX_LOAD_REQUESTS):
        if stop.is_set():
            break
        if number % 2 == 0:
            response = await user.post(DEALS_QUERY)
        else:
            owner = owners[(number // 2) % 2]
            response = await user.post(CHANGE_OWNER, recordId=deal_id, ownerId=owner)
        outcomes.append(outcome_of(response))
        await asyncio.sleep(0.02)
    return outcomes


@pytest.fixture
def postgres_folder() -> Iterator[Path]:
    try:
        find_binary("initdb")
    except FileNotFoundError as error:
        pytest.skip(str(error))
    # Not under pytest's tmp_path: as root the server runs as the postgres user,
    # which cannot enter pytest's folders (mode 700).
    folder = Path(tempfile.mkdtemp(prefix="steward-pg-fault-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def api_on_postgres(postgres_folder: Path, tmp_path: Path) -> Iterator[str]:
    """Run the API in a process of its own on a dedicated PostgreSQL server.

    A process of its own, because Tortoise keeps the SQL dialect of the first
    database a process used, which in a SQLite run of the suite is SQLite.
    """
    with postgres_server(postgres_folder) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "STEWARD_DATA_DIR": str(tmp_path),
            "STEWARD_SECRET_KEY": "fault-test-secret-key-with-enough-length",
        }
        for command in (
            [sys.executable, "-m", "steward.cli", "migrate"],
            [sys.executable, "-c", SEED, database_url, PASSWORD],
        ):
            subprocess.run(command, env=env, check=True, capture_output=True)
        port = free_port()
        log = tmp_path / "api.log"
        with log.open("wb") as output:
            api = subprocess.Popen(
                api_command(port, write_api_log_config(tmp_path)),
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=stop_with_parent(),
            )
        try:
            wait_for_port(api, port, log)
            yield f"http://{HOST}:{port}"
        finally:
            api.terminate()
            api.wait(timeout=30)


def wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while not port_in_use(port):
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)


async def test_postgres_restart_gives_unavailable(
    api_on_postgres: str, postgres_folder: Path
) -> None:
    server = PostgresControl(postgres_folder)
    async with httpx.AsyncClient(base_url=api_on_postgres, timeout=30) as client:
        anna = await log_in(client, "anna@acme.test")
        bob = await log_in(client, "bob@acme.test")
        deal = (await anna.data(CREATE_DEAL, input={"name": "Laptops"}))["createDeal"]
        stop = asyncio.Event()
        load = asyncio.create_task(
            send_until(anna, deal["id"], [bob.id, anna.id], stop)
        )

        await asyncio.sleep(0.5)
        await asyncio.to_thread(server.stop)
        stopped_at = time.monotonic()
        await asyncio.sleep(OUTAGE_SECONDS)
        await asyncio.to_thread(server.start)
        started_at = time.monotonic()
        await asyncio.sleep(RECOVERY_SECONDS)
        stop.set()
        outcomes = await load

    during = [o for o in outcomes if stopped_at < o.at < started_at]
    after = [o for o in outcomes if o.at > started_at + RECOVERY_SECONDS / 2]
    assert {o.status for o in outcomes} == {200}
    assert {code for o in during for code in o.codes} == {"UNAVAILABLE"}
    assert {code for o in outcomes for code in o.codes} <= {"UNAVAILABLE"}
    assert after
    assert all(o.codes == [] for o in after)
