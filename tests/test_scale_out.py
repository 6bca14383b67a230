"""Two API processes and two workers sharing one PostgreSQL database and one Redis.

The module starts the processes as `make run` does (uvicorn with the app factory,
`arq workers.settings.WorkerSettings`), on loopback ports, against a copy of the
migrated database and a Redis server of its own. The tests then check what must
hold across processes: live events, policy changes, a bulk job whose worker is
killed, and expiry sweeps running at once, which arq hands to either worker.
SQLite is one file on one machine, so
this runs on PostgreSQL only.
"""

import asyncio
import contextlib
import itertools
import json
import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from arq import create_pool
from arq.connections import RedisSettings
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from bench.harness import Team, insert_deals
from models import Account, ObjectRole, OwnershipSetting, RecordType, User
from policy import PolicyEngine
from schema.ids import to_global_id
from steward import accounts, db
from steward.auth import TokenIssuer
from steward.processes import HOST, free_port, stop_with_parent
from steward.redis_server import redis_server
from steward.runner import (
    api_command,
    api_is_healthy,
    worker_command,
    write_api_log_config,
)
from steward.sql import connection
from tests.conftest import TEST_DATABASE, copy_database, password_hash
from tests.operations import CHANGE_OWNER
from workers.expiry import expire_assignments

pytestmark = pytest.mark.skipif(
    TEST_DATABASE != "postgres",
    reason="several processes on one database need PostgreSQL; run with "
    "STEWARD_TEST_DATABASE=postgres",
)

SECRET_KEY = "scale-out-secret-key-with-enough-length-for-hs256"
BULK_DEALS = 20_000
EXPIRED_OWNERS = 2_000
SWEEPS = 4
READY_SECONDS = 60.0
STOP_SECONDS = 15.0
POLICY_SPREAD_SECONDS = 1.0
EVENT_SECONDS = 10.0
EVENT_RETRY_SECONDS = 2.0
JOB_SECONDS = 120.0

REVOKE = """
mutation($role: String!, $action: String!) {
  revokePermission(role: $role, action: $action) { role }
}
"""
BULK_CHANGE = """
mutation($input: BulkChangeOwnerInput!) {
  bulkChangeOwner(input: $input) { matched job { id total } }
}
"""
BULK_JOB = """
query($id: ID!) { bulkJob(id: $id) { state done total changed batchId error } }
"""
OWNERSHIP_CHANGED = """
subscription { ownershipChanged { recordId newUser { id } } }
"""


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Cluster:
    folder: Path
    database_url: str
    env: dict[str, str]
    apis: list[int]
    processes: dict[str, Process] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def start(self, name: str, command: list[str]) -> Process:
        log = self.folder / f"{name}.log"
        with log.open("ab") as output:
            popen = subprocess.Popen(
                command,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                process_group=0,
                preexec_fn=stop_with_parent(),
            )
        self.processes[name] = Process(name, popen, log)
        return self.processes[name]


def stop(process: Process) -> None:
    if process.popen.poll() is None:
        process.popen.terminate()
        try:
            process.popen.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait()


async def seed(database_url: str) -> tuple[dict[str, str], dict[str, int]]:
    """Create three accounts: acme's Anna owns BULK_DEALS deals, beta's Carol one,
    and gamma's Gil EXPIRED_OWNERS persons whose owner is past the deadline.
    """
    await db.connect(database_url)
    try:
        policy = PolicyEngine()
        await policy.load()
        users: dict[str, User] = {}
        teams = (
            ("acme", ["admin", "anna", "bob"]),
            ("beta", ["lee", "carol", "dave"]),
            ("gamma", ["gil"]),
        )
        for slug, names in teams:
            account = await accounts.create_account(policy, slug.title(), slug)
            for name in names:
                users[name] = await User.create(
                    account=account,
                    name=name.title(),
                    email=f"{name}@{slug}.test",
                    password_hash=password_hash(),
                )
                role = "admin" if name in ("admin", "lee") else "salesperson"
                await policy.set_user_roles(account.id, users[name].id, [role])
        acme = await Account.get(slug="acme")
        beta = await Account.get(slug="beta")
        for account, owner, total in ((acme, "anna", BULK_DEALS), (beta, "carol", 1)):
            role = await ObjectRole.get(account=account, key="owner")
            team = Team(account, users["admin"], [users[owner]], role, policy)
            await insert_deals(team, total)
        await insert_expired_persons(users["gil"])
        _, rows = await db_rows("SELECT id FROM deal WHERE account_id = $1", beta.id)
        issuer = TokenIssuer(SECRET_KEY, 3600)
        tokens = {name: issuer.issue(user)[0] for name, user in users.items()}
        ids = {name: user.id for name, user in users.items()}
        ids["beta_deal"] = rows[0]["id"]
        ids["gamma"] = users["gil"].account_id
        return tokens, ids
    finally:
        await db.disconnect()


async def insert_expired_persons(owner: User) -> None:
    """Make `owner` the owner of EXPIRED_OWNERS new persons, 60 days inactive.

    Persons lose their owner after 30 days of inactivity in this account.
    """
    await OwnershipSetting.filter(
        account_id=owner.account_id, record_type=RecordType.PERSON
    ).update(required=False, auto_remove_after_days=30)
    await db_rows(
        "INSERT INTO person (account_id, name, created_at, updated_at) "
        "SELECT $1, 'Person ' || i, now(), now() FROM generate_series(1, $2::int) i",
        owner.account_id,
        EXPIRED_OWNERS,
    )
    await db_rows(
        "INSERT INTO assignment (account_id, record_type, record_id, object_role_id, "
        "user_id, started_at, last_activity_at) "
        "SELECT p.account_id, 'person', p.id, r.id, $2, now() - INTERVAL '90 days', "
        "now() - INTERVAL '60 days' FROM person p JOIN object_role r "
        "ON r.account_id = p.account_id AND r.key = 'owner' WHERE p.account_id = $1",
        owner.account_id,
        owner.id,
    )


async def db_rows(query: str, *values: Any) -> tuple[int, list[Any]]:
    return await connection().execute_query(query, list(values))


async def wait_until_ready(cluster: Cluster) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        for process in cluster.processes.values():
            assert process.popen.poll() is None, f"{process.name}: {process.output()}"
        apis = [await api_is_healthy(port) for port in cluster.apis]
        workers = [
            "worker started" in process.output()
            for name, process in cluster.processes.items()
            if name.startswith("worker")
        ]
        if all(apis) and all(workers):
            return
        await asyncio.sleep(0.2)
    raise TimeoutError("the APIs and workers were not ready within 60 seconds")


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: str,
    request: pytest.FixtureRequest,
) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("scale-out")
    copies = contextlib.contextmanager(copy_database)
    with copies(migrated_template, folder, request) as database_url:
        tokens, ids = asyncio.run(seed(database_url))
        with redis_server(folder / "redis") as redis_url:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "STEWARD_SECRET_KEY": SECRET_KEY,
                "STEWARD_DATA_DIR": str(folder),
                "STEWARD_OUTBOX_POLL_MS": "200",
            }
            ports = [free_port(), free_port()]
            cluster = Cluster(folder, database_url, env, ports, tokens=tokens, ids=ids)
            log_config = write_api_log_config(folder)
            try:
                for number, port in enumerate(ports, 1):
                    cluster.start(f"api{number}", api_command(port, log_config))
                    cluster.start(f"worker{number}", worker_command())
                asyncio.run(wait_until_ready(cluster))
                yield cluster
            finally:
                for process in cluster.processes.values():
                    stop(process)


async def gql(port: int, token: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}") as client:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
    assert response.status_code == 200, response.text
    return response.json()


async def data(port: int, token: str, query: str, **variables: Any) -> dict[str, Any]:
    body = await gql(port, token, query, **variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def error_code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


async def test_change_reaches_other_api(cluster: Cluster) -> None:
    api1, api2 = cluster.apis
    deal = to_global_id("Deal", cluster.ids["beta_deal"])
    owners = [to_global_id("User", cluster.ids[name]) for name in ("dave", "carol")]
    url = f"ws://{HOST}:{api2}/graphql"
    protocol = Subprotocol("graphql-transport-ws")

    async with connect(url, subprotocols=[protocol]) as websocket:
        token = cluster.tokens["carol"]
        init = {"type": "connection_init", "payload": {"token": token}}
        await websocket.send(json.dumps(init))
        assert json.loads(await websocket.recv())["type"] == "connection_ack"
        subscribe = {"query": OWNERSHIP_CHANGED}
        await websocket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": subscribe})
        )
        # The subscription is live once API 2's event hub has subscribed in Redis,
        # and no message tells when. An event published before that is lost, so
        # the change is repeated, alternating owners, until an event arrives.
        message = None
        deadline = time.monotonic() + EVENT_SECONDS
        for attempt in itertools.count():
            owner = owners[attempt % 2]
            await data(
                api1, cluster.tokens["lee"], CHANGE_OWNER, recordId=deal, ownerId=owner
            )
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(EVENT_RETRY_SECONDS):
                    message = json.loads(await websocket.recv())
            if message is not None or time.monotonic() > deadline:
                break

    assert message is not None, "no event reached the subscriber on API 2"
    assert message["type"] == "next", message
    change = message["payload"]["data"]["ownershipChanged"]
    assert change["recordId"] == deal
    assert change["newUser"]["id"] in owners


async def test_revoke_reaches_other_api(cluster: Cluster) -> None:
    api1, api2 = cluster.apis
    deal = to_global_id("Deal", cluster.ids["beta_deal"])
    owners = [to_global_id("User", cluster.ids[name]) for name in ("carol", "dave")]
    carol = cluster.tokens["carol"]
    allowed = await gql(api2, carol, CHANGE_OWNER, recordId=deal, ownerId=owners[0])
    assert error_code(allowed) is None

    await data(
        api1,
        cluster.tokens["lee"],
        REVOKE,
        role="salesperson",
        action="change_assignee",
    )
    revoked_at = time.monotonic()
    code = None
    attempt = 0
    while code is None and time.monotonic() - revoked_at < 5 * POLICY_SPREAD_SECONDS:
        attempt += 1
        owner = owners[attempt % 2]
        body = await gql(api2, carol, CHANGE_OWNER, recordId=deal, ownerId=owner)
        code = error_code(body)
    elapsed = time.monotonic() - revoked_at

    assert code == "FORBIDDEN"
    assert elapsed < POLICY_SPREAD_SECONDS


def runner_of(cluster: Cluster, job_id: str) -> Process:
    """Return the worker whose log shows that it started the bulk job."""
    for name, process in cluster.processes.items():
        if (
            name.startswith("worker")
            and f"bulk job {job_id} started" in process.output()
        ):
            return process
    raise LookupError(f"no worker has started bulk job {job_id}")


async def wait_for_job(
    cluster: Cluster, job_id: str, done: Any, seconds: float
) -> dict[str, Any]:
    """Poll the job on API 2 until `done(job)` is true; return the job."""
    deadline = time.monotonic() + seconds
    token = cluster.tokens["admin"]
    while True:
        job = (await data(cluster.apis[1], token, BULK_JOB, id=job_id))["bulkJob"]
        if done(job) or time.monotonic() > deadline:
            return job
        await asyncio.sleep(0.05)


async def history_counts(cluster: Cluster, batch_id: str) -> tuple[int, int]:
    """Return the history rows of a batch and the distinct records among them."""
    conn = await asyncpg.connect(cluster.database_url)
    try:
        row = await conn.fetchrow(
            "SELECT COUNT(*) AS rows, COUNT(DISTINCT record_id) AS records "
            "FROM ownership_history WHERE batch_id = $1",
            uuid.UUID(batch_id),
        )
    finally:
        await conn.close()
    return row["rows"], row["records"]


async def test_killed_bulk_job_completes_once(cluster: Cluster) -> None:
    api1 = cluster.apis[0]
    anna = to_global_id("User", cluster.ids["anna"])
    bob = to_global_id("User", cluster.ids["bob"])
    request = {
        "recordType": "DEAL",
        "newUserId": bob,
        "selection": {"filter": {"owner": {"userIds": [anna]}}},
    }
    result = await data(api1, cluster.tokens["admin"], BULK_CHANGE, input=request)
    job_id = result["bulkChangeOwner"]["job"]["id"]

    started = await wait_for_job(cluster, job_id, lambda job: job["done"] > 0, 60)
    victim = runner_of(cluster, job_id)
    os.killpg(victim.popen.pid, signal.SIGKILL)
    victim.popen.wait()
    assert started["done"] < BULK_DEALS, "the job ended before its worker was killed"
    finished = await wait_for_job(
        cluster, job_id, lambda job: job["state"] in ("DONE", "FAILED"), JOB_SECONDS
    )
    cluster.start(victim.name, worker_command())
    rows, records = await history_counts(cluster, finished["batchId"])

    assert finished["state"] == "DONE", finished
    assert finished["done"] == BULK_DEALS
    assert finished["changed"] == BULK_DEALS
    assert rows == BULK_DEALS
    assert records == BULK_DEALS


async def inactivity_removals(
    cluster: Cluster, account_id: int
) -> tuple[int, int, int]:
    """Return the account's inactivity history rows, their records and owners left."""
    conn = await asyncpg.connect(cluster.database_url)
    try:
        history = await conn.fetchrow(
            "SELECT COUNT(*) AS rows, COUNT(DISTINCT record_id) AS records "
            "FROM ownership_history WHERE account_id = $1 AND reason = 'inactivity'",
            account_id,
        )
        left = await conn.fetchval(
            "SELECT COUNT(*) FROM assignment WHERE account_id = $1", account_id
        )
    finally:
        await conn.close()
    return history["rows"], history["records"], left


def sweep_results(cluster: Cluster) -> dict[str, int]:
    """Map the ids of finished test sweeps to their removals, from the worker logs."""
    finished = re.compile(r"expiry job (test-sweep:\w+) finished: (\d+) removed")
    results = {}
    for name, process in cluster.processes.items():
        if name.startswith("worker"):
            for job_id, removed in finished.findall(process.output()):
                results[job_id] = int(removed)
    return results


async def test_parallel_sweeps_remove_once(cluster: Cluster) -> None:
    job_ids = [f"test-sweep:{uuid.uuid4().hex}" for _ in range(SWEEPS)]
    queue = await create_pool(RedisSettings.from_dsn(cluster.env["REDIS_URL"]))
    try:
        for job_id in job_ids:
            await queue.enqueue_job(
                f"cron:{expire_assignments.__name__}", _job_id=job_id
            )
        # Cron functions keep no result in arq, so wait for the log lines.
        deadline = time.monotonic() + JOB_SECONDS
        while True:
            if len(sweep_results(cluster)) == SWEEPS or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
    finally:
        await queue.aclose()
    results = sweep_results(cluster)
    rows, records, left = await inactivity_removals(cluster, cluster.ids["gamma"])

    assert sorted(results) == sorted(job_ids)
    assert sum(results.values()) <= EXPIRED_OWNERS
    assert rows == EXPIRED_OWNERS
    assert records == EXPIRED_OWNERS
    assert left == 0
