"""Bulk changes over the inline limit: jobs, progress, kills, retries and races.

The worker side runs in the test process: `steward.bulk_jobs.run_job`, or the arq
function `workers.bulk.run_bulk_job` with a hand-made context.
"""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from arq.connections import ArqRedis
from arq.constants import default_queue_name, job_key_prefix
from arq.jobs import Job, JobStatus
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from models import (
    BulkJob,
    BulkJobState,
    Deal,
    OutboxEvent,
    OwnershipHistory,
    RecordType,
)
from policy import PolicyEngine
from policy.admin import Grant, grant_permission, set_plugin
from schema.ids import to_global_id
from steward.bulk import INLINE_LIMIT
from steward.bulk_jobs import queue_job_id, run_job
from steward.errors import Forbidden, ValidationFailed
from steward.outbox import OutboxPublisher
from steward.sql import CHUNK_SIZE
from tests.bulk_operations import (
    BULK_CHANGE,
    BULK_JOB,
    UNDO,
    bulk_change,
    bulk_input,
    holders,
    insert_companies,
    insert_deals,
    mark_deleted,
    ownership_state,
    revoke_change_assignee,
    role_id,
    settings,  # noqa: F401 - a fixture
)
from tests.conftest import Caller
from tests.live_server import initialize, receive, serving
from workers.bulk import run_bulk_job

TOTAL = INLINE_LIMIT + 1
# Runs that look at single chunks use chunks of this size, which split TOTAL
# into three: CHUNK, CHUNK and 1.
CHUNK = CHUNK_SIZE
PROGRESS = """
subscription($id: ID!) { bulkJobProgress(id: $id) { state done total } }
"""


@dataclass
class Team:
    anna: Caller
    bob: Caller
    policy: PolicyEngine
    queue: ArqRedis
    deals: list[int]
    """TOTAL deals of Anna."""


@pytest.fixture
async def team(
    make_caller, policy: PolicyEngine, app: Starlette
) -> AsyncIterator[Team]:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, TOTAL)
    queue = app.state.services.queue
    yield Team(anna, bob, policy, queue, deals)
    # No worker runs here, so take this test's jobs out of the shared Redis queue.
    for job_id in await BulkJob.all().values_list("id", flat=True):
        key = queue_job_id(job_id)
        await queue.zrem(default_queue_name, key)
        await queue.delete(job_key_prefix + key)


async def start_job(team: Team, deals: list[int] | None = None) -> uuid.UUID:
    """Request the change of `deals` (all of Anna's) to Bob; return the job id."""
    result = await bulk_change(team.anna, **bulk_input(deals or team.deals, team.bob))
    assert result["job"] is not None, result
    return uuid.UUID(result["job"]["id"])


async def job_state(caller: Caller, job_id: uuid.UUID) -> dict[str, Any]:
    return (await caller.data(BULK_JOB, id=str(job_id)))["bulkJob"]


async def deal_owners(team: Team, deals: list[int]) -> list[int | None]:
    return await holders(RecordType.DEAL, deals, await role_id(team.anna.account.id))


async def history_of(job_id: uuid.UUID) -> list[int]:
    """Return the record ids of the job's history rows."""
    job = await BulkJob.get(id=job_id)
    return await OwnershipHistory.filter(batch_id=job.batch_id).values_list(
        "record_id", flat=True
    )


async def test_over_limit_returns_job(team: Team) -> None:
    before = await ownership_state()

    result = await bulk_change(team.anna, **bulk_input(team.deals, team.bob))

    job = result["job"]
    assert result["matched"] == TOTAL
    assert result["batchId"] is None
    assert (job["state"], job["done"], job["total"]) == ("QUEUED", 0, TOTAL)
    assert await ownership_state() == before
    queued = Job(queue_job_id(uuid.UUID(job["id"])), team.queue)
    assert await queued.status() == JobStatus.queued


async def test_dry_run_predicts_job(team: Team) -> None:
    bobs = await insert_deals(team.bob.user, 5, prefix="Bob")
    selected = team.deals[: TOTAL - 5] + bobs
    before = await ownership_state()

    dry = await bulk_change(team.anna, **bulk_input(selected, team.bob), dryRun=True)
    after_dry = await ownership_state()
    job = await run_job(team.policy, await start_job(team, selected))

    assert dry["job"] is None
    assert after_dry == before
    assert await BulkJob.all().count() == 1
    assert (dry["matched"], dry["changed"], dry["unchanged"]) == (
        job.total,
        job.changed,
        job.unchanged,
    )


async def test_job_skips_records_of_new_user(team: Team, make_caller) -> None:
    admin = await make_caller("ada@acme.test", roles=("admin",))
    await set_plugin(team.policy, admin.user, "assigned_only", "salesperson", True)
    bobs = await insert_deals(team.bob.user, 5, prefix="Bob")
    selected = team.deals[: TOTAL - 5] + bobs

    result = await bulk_change(team.anna, **bulk_input(selected, team.bob))
    job = await run_job(team.policy, uuid.UUID(result["job"]["id"]))

    assert (job.changed, job.unchanged) == (TOTAL - 5, 5)
    assert await deal_owners(team, selected) == [team.bob.user.id] * TOTAL


async def test_undo_of_job_without_changes(team: Team) -> None:
    result = await bulk_change(team.anna, **bulk_input(team.deals, team.anna))
    job_id = uuid.UUID(result["job"]["id"])
    batch_id = str((await BulkJob.get(id=job_id)).batch_id)

    queued = await team.anna.execute(UNDO, batchId=batch_id)
    await run_job(team.policy, job_id)
    done = await team.anna.execute(UNDO, batchId=batch_id)

    assert queued["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert queued["errors"][0]["message"] == (
        f"Bulk job {job_id} has not changed any record yet, so batch {batch_id} "
        "has nothing to undo."
    )
    assert done["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert done["errors"][0]["message"] == (
        f"Bulk job {job_id} finished without changing any record, so batch "
        f"{batch_id} has nothing to undo."
    )


async def test_job_refusal_creates_nothing(team: Team) -> None:
    await mark_deleted(team.bob)

    error = await team.anna.error_code(
        BULK_CHANGE, input=bulk_input(team.deals, team.bob)
    )

    assert error == "VALIDATION"
    assert await BulkJob.all().count() == 0


async def test_worker_function_runs_job(team: Team) -> None:
    bobs = await insert_deals(team.bob.user, 5, prefix="Bob")
    selected = team.deals[: TOTAL - 5] + bobs
    job_id = await start_job(team, selected)
    ctx = {"redis": team.queue, "policy": team.policy}

    summary = await run_bulk_job(ctx, str(job_id))

    assert summary == {"state": "done", "done": TOTAL, "total": TOTAL}
    assert await job_state(team.anna, job_id) == {
        "id": str(job_id),
        "state": "DONE",
        "done": TOTAL,
        "total": TOTAL,
        "changed": TOTAL - 5,
        "unchanged": 5,
        "relatedChanged": 0,
        "batchId": str((await BulkJob.get(id=job_id)).batch_id),
        "error": None,
    }
    assert await deal_owners(team, selected) == [team.bob.user.id] * TOTAL
    assert sorted(await history_of(job_id)) == sorted(team.deals[: TOTAL - 5])


async def test_worker_job_publishes_without_waiting(team: Team, redis_url: str) -> None:
    # A poll interval that no test outlasts: only the job's wake-up can publish.
    outbox = OutboxPublisher(redis_url, poll_seconds=3600)
    outbox.start()
    await asyncio.sleep(0.2)
    job_id = await start_job(team, team.deals)
    ctx = {"redis": team.queue, "policy": team.policy, "outbox": outbox}
    try:
        await run_bulk_job(ctx, str(job_id))
        for _ in range(50):
            if not await OutboxEvent.filter(published_at__isnull=True).exists():
                break
            await asyncio.sleep(0.1)
    finally:
        await outbox.stop()

    assert await OutboxEvent.all().exists()
    assert not await OutboxEvent.filter(published_at__isnull=True).exists()


async def test_job_moves_related_records(team: Team) -> None:
    companies = await insert_companies(team.anna.user, TOTAL)
    input = bulk_input(
        None,
        team.bob,
        recordType="COMPANY",
        selection={"recordIds": [to_global_id("Company", pk) for pk in companies]},
        includeRelated=True,
    )
    result = await bulk_change(team.anna, **input)

    job = await run_job(team.policy, uuid.UUID(result["job"]["id"]), chunk_size=CHUNK)

    job_data = await team.anna.data(BULK_JOB, id=result["job"]["id"])

    owner = await role_id(team.anna.account.id)
    deals = await Deal.filter(company_id__in=companies).values_list("id", flat=True)
    assert (job.state, job.changed) == (BulkJobState.DONE, TOTAL)
    assert job.related_changed == TOTAL
    assert job_data["bulkJob"]["relatedChanged"] == TOTAL
    assert (
        await holders(RecordType.COMPANY, companies, owner)
        == [team.bob.user.id] * TOTAL
    )
    assert await deal_owners(team, list(deals)) == [team.bob.user.id] * TOTAL
    assert len(await history_of(job.id)) == 2 * TOTAL


async def test_killed_job_resumes_once(team: Team) -> None:
    job_id = await start_job(team)
    published = 0
    second_chunk_done = asyncio.Event()

    async def hang_after_second_chunk(channel: str, message: str) -> None:
        nonlocal published
        published += 1
        if published == 2:
            second_chunk_done.set()
            await asyncio.Event().wait()  # until the run is cancelled

    run = asyncio.create_task(
        run_job(team.policy, job_id, publish=hang_after_second_chunk, chunk_size=CHUNK)
    )
    await asyncio.wait_for(second_chunk_done.wait(), 10)
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    killed = await BulkJob.get(id=job_id)
    job = await run_job(team.policy, job_id)

    assert (killed.state, killed.done) == (BulkJobState.RUNNING, 2 * CHUNK)
    assert (job.state, job.done, job.total) == (BulkJobState.DONE, TOTAL, TOTAL)
    assert job.changed == TOTAL
    assert sorted(await history_of(job_id)) == team.deals
    assert await deal_owners(team, team.deals) == [team.bob.user.id] * TOTAL


async def test_concurrent_runs_apply_once(team: Team) -> None:
    job_id = await start_job(team)

    await asyncio.gather(
        run_job(team.policy, job_id, chunk_size=CHUNK),
        run_job(team.policy, job_id, chunk_size=CHUNK),
    )

    job = await BulkJob.get(id=job_id)
    assert (job.state, job.done, job.changed) == (BulkJobState.DONE, TOTAL, TOTAL)
    assert sorted(await history_of(job_id)) == team.deals


async def test_rerun_of_done_job_changes_nothing(team: Team) -> None:
    job_id = await start_job(team)
    await run_job(team.policy, job_id)
    before = await ownership_state()

    job = await run_job(team.policy, job_id)

    assert job.state == BulkJobState.DONE
    assert await ownership_state() == before


async def test_publish_failure_keeps_running(team: Team) -> None:
    job_id = await start_job(team)

    async def broken_publish(channel: str, message: str) -> None:
        raise ConnectionError("Redis is away")

    job = await run_job(team.policy, job_id, publish=broken_publish, chunk_size=CHUNK)

    assert (job.state, job.done) == (BulkJobState.DONE, TOTAL)
    assert len(await history_of(job_id)) == TOTAL


async def test_deleted_target_fails_job(team: Team) -> None:
    job_id = await start_job(team)

    async def delete_bob_after_first_chunk(channel: str, message: str) -> None:
        await mark_deleted(team.bob)

    with pytest.raises(ValidationFailed, match="is deleted"):
        await run_job(
            team.policy, job_id, publish=delete_bob_after_first_chunk, chunk_size=CHUNK
        )

    state = await job_state(team.anna, job_id)
    assert (state["state"], state["done"]) == ("FAILED", CHUNK)
    assert "is deleted" in state["error"]
    assert len(await history_of(job_id)) == CHUNK


async def test_revoked_permission_fails_job(team: Team, make_caller) -> None:
    admin = await make_caller("ada@acme.test", roles=("admin",))
    job_id = await start_job(team)

    async def revoke_after_first_chunk(channel: str, message: str) -> None:
        await revoke_change_assignee(team.policy, admin)

    with pytest.raises(Forbidden):
        await run_job(
            team.policy, job_id, publish=revoke_after_first_chunk, chunk_size=CHUNK
        )

    job = await BulkJob.get(id=job_id)
    assert (job.state, job.done) == (BulkJobState.FAILED, CHUNK)
    assert "'change_assignee'" in (job.error or "")
    assert len(await history_of(job_id)) == CHUNK


async def test_unknown_excluded_id_creates_no_job(team: Team) -> None:
    unknown = to_global_id("Deal", 999_999)
    selection = {"filter": {"search": "Deal"}, "excludedIds": [unknown]}
    input = {**bulk_input(None, team.bob), "selection": selection}
    before = await ownership_state()

    body = await team.anna.execute(BULK_CHANGE, input=input)

    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert unknown in error["message"]
    assert await BulkJob.all().count() == 0
    assert await ownership_state() == before


async def test_bulk_job_of_other_account(team: Team, make_caller) -> None:
    job_id = await start_job(team)
    outsider = await make_caller("olga@other.test")

    assert await outsider.error_code(BULK_JOB, id=str(job_id)) == "NOT_FOUND"
    assert await outsider.error_code(BULK_JOB, id="not-a-uuid") == "NOT_FOUND"
    assert await outsider.error_code(BULK_JOB, id=str(uuid.uuid4())) == "NOT_FOUND"


async def test_bulk_job_hidden_from_other_users(team: Team, make_caller) -> None:
    job_id = str(await start_job(team))
    manager = await make_caller("mia@acme.test", roles=("manager",))
    unknown_id = str(uuid.uuid4())

    for caller in (team.bob, manager):
        body = await caller.execute(BULK_JOB, id=job_id)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "NOT_FOUND", caller.user.email
        # The same message as for an id that no job has, so nothing is revealed.
        assert error["message"] == f"Bulk job {job_id!r} was not found."
        unknown = await caller.execute(BULK_JOB, id=unknown_id)
        assert unknown["errors"][0]["message"] == (
            f"Bulk job {unknown_id!r} was not found."
        )


async def test_bulk_job_shown_to_starter_and_admin(team: Team, make_caller) -> None:
    job_id = await start_job(team)
    admin = await make_caller("ada@acme.test", roles=("admin",))

    assert (await job_state(team.anna, job_id))["id"] == str(job_id)
    assert (await job_state(admin, job_id))["id"] == str(job_id)


async def test_undo_batch_grant_shows_bulk_jobs(team: Team, make_caller) -> None:
    job_id = await start_job(team)
    admin = await make_caller("ada@acme.test", roles=("admin",))
    manager = await make_caller("mia@acme.test", roles=("manager",))
    assert await manager.error_code(BULK_JOB, id=str(job_id)) == "NOT_FOUND"

    await grant_permission(team.policy, admin.user, Grant("manager", "undo_batch"))

    assert (await job_state(manager, job_id))["id"] == str(job_id)


@pytest.fixture
async def websocket_url(app: Starlette) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


async def next_progress(websocket: ClientConnection) -> tuple[str, int]:
    message = await receive(websocket)
    assert message["type"] == "next", message
    progress = message["payload"]["data"]["bulkJobProgress"]
    return progress["state"], progress["done"]


async def subscribe(websocket: ClientConnection, caller: Caller, job_id: str) -> None:
    await initialize(websocket, caller)
    payload = {"query": PROGRESS, "variables": {"id": job_id}}
    await websocket.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": payload})
    )


async def test_progress_hidden_from_other_users(
    team: Team, make_caller, websocket_url: str
) -> None:
    job_id = str(await start_job(team))
    admin = await make_caller("ada@acme.test", roles=("admin",))
    protocol = Subprotocol("graphql-transport-ws")

    async with connect(websocket_url, subprotocols=[protocol]) as websocket:
        await subscribe(websocket, team.bob, job_id)
        denied = await receive(websocket)
    async with connect(websocket_url, subprotocols=[protocol]) as websocket:
        await subscribe(websocket, admin, job_id)
        shown = await next_progress(websocket)

    assert denied["type"] == "next", denied
    error = denied["payload"]["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"] == f"Bulk job {job_id!r} was not found."
    assert shown == ("QUEUED", 0)


async def test_progress_streams_over_websocket(team: Team, websocket_url: str) -> None:
    job_id = await start_job(team)
    protocol = Subprotocol("graphql-transport-ws")

    async with connect(websocket_url, subprotocols=[protocol]) as websocket:
        await subscribe(websocket, team.anna, str(job_id))
        seen = [await next_progress(websocket)]

        async def publish_and_read(channel: str, message: str) -> None:
            # Each chunk waits until the client got its progress, so that every
            # step is seen and none is merged with the next.
            await team.queue.publish(channel, message)
            seen.append(await next_progress(websocket))

        await run_job(team.policy, job_id, publish=publish_and_read, chunk_size=CHUNK)
        end = await receive(websocket)

    assert seen == [
        ("QUEUED", 0),
        ("RUNNING", CHUNK),
        ("RUNNING", 2 * CHUNK),
        ("RUNNING", TOTAL),
        ("DONE", TOTAL),
    ]
    assert end == {"id": "1", "type": "complete"}
