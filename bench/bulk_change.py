"""Time a bulk owner change of many deals against one raw UPDATE of the same rows.

Run from the repository root, as a script or as a module:

    python bench/bulk_change.py [--deals 100000] [--database sqlite|postgres]
    python -m bench.bulk_change [--deals 100000] [--database sqlite|postgres]

The benchmark migrates a new database in a temporary folder and creates an account
whose one salesperson owns every deal. Then it measures:

- raw: one UPDATE that moves the salesperson's deals to the account's admin and
  starts their activity clocks, leaving the assignment rows as the bulk change
  leaves them; the ratio is measured against it;
- raw, user only: the same UPDATE without the clocks, for comparison;
- bulk: the same change through steward.bulk_jobs, as a worker runs it:
  create_job (selection by the filter "owner is the salesperson", permission
  check) and run_job (assignee updates, ownership history, notifications and
  events, one transaction per chunk).

Before measuring, it freezes the objects that exist, as the worker does when it
starts (steward/gc_freeze.py). Each variant is measured RUNS times, alternating,
and the deals are moved back to the salesperson with an untimed UPDATE after each
run, followed on PostgreSQL by an untimed VACUUM. It prints the median times and
the ratios, because on a shared machine one raw UPDATE on PostgreSQL took from
1.3 to 2.8 s in runs minutes apart. Each bulk run also writes one history row
per deal, so later runs insert into a larger history table.
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not __package__:
    # Run as a file: make the repository root importable for the `bench` package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise.transactions import in_transaction

from bench.harness import (
    DATABASES,
    Team,
    analyze,
    connected,
    database_url,
    insert_deals,
    seed_team,
)
from bench.run import machine
from models import OwnershipHistory, RecordType, User
from steward.bulk import BulkRequest
from steward.bulk_jobs import create_job, run_job
from steward.clock import utcnow
from steward.filters import OwnerCondition, RecordFilter
from steward.gc_freeze import freeze_startup_objects
from steward.sql import Statement, connection

DEFAULT_DEALS = 100_000
RUNS = 3
TARGET_RATIO = 3.0


async def move_raw(
    team: Team, from_user: User, to_user: User, *, clocks: bool = False
) -> float:
    """Move every deal of `from_user` to `to_user` with one UPDATE; return seconds.

    With `clocks`, the UPDATE also starts each assignment's activity clock, as a
    change of assignee through Steward does.
    """
    started = time.perf_counter()
    async with in_transaction() as conn:
        sql = Statement(conn)
        values = f"user_id = {sql.param(to_user.id)}"
        if clocks:
            at = utcnow()
            values += (
                f", started_at = {sql.param(at)}, last_activity_at = {sql.param(at)}"
            )
        query = (
            f"UPDATE assignment SET {values} "
            "WHERE record_type = 'deal' "
            f"AND object_role_id = {sql.param(team.owner_role.id)} "
            f"AND user_id = {sql.param(from_user.id)}"
        )
        count, _ = await conn.execute_query(query, sql.params)
    elapsed = time.perf_counter() - started
    print(f"  raw UPDATE moved {count} assignments")
    return elapsed


async def move_bulk(team: Team, seller: User, expected: int) -> float:
    """Move the seller's deals to the admin through a bulk job; return seconds."""
    request = BulkRequest(
        record_type=RecordType.DEAL,
        object_role=None,
        new_user_id=team.admin.id,
        record_filter=RecordFilter(owner=OwnerCondition(user_ids=[seller.id])),
    )
    started = time.perf_counter()
    job = await create_job(team.policy, seller, request)
    job = await run_job(team.policy, job.id)
    elapsed = time.perf_counter() - started

    history = await OwnershipHistory.filter(batch_id=job.batch_id).count()
    print(f"  bulk job {job.state.value}: {job.changed} changed, {history} in history")
    if job.changed != expected or history != expected:
        raise SystemExit(
            f"The bulk job changed {job.changed} deals and wrote {history} history "
            f"rows; expected {expected} of each."
        )
    return elapsed


async def vacuum() -> None:
    """Remove the row versions that the last moves left, on PostgreSQL.

    Without it, each run works on a table with 200,000 more dead row versions
    than the one before. In one measurement the later bulk runs took twice as
    long as the first without it, and 1.5 times as long with it.
    """
    conn = connection()
    if conn.capabilities.dialect == "postgres":
        await conn.execute_script("VACUUM ANALYZE assignment")


def format_runs(seconds: list[float]) -> str:
    return ", ".join(f"{value:.3f}" for value in seconds)


async def run(url: str, deals: int) -> None:
    async with connected(url):
        team = await seed_team(1)
        seller = team.salespeople[0]
        await insert_deals(team, deals)
        await analyze()
        print(f"{deals} deals of one salesperson in {url}")

        freeze_startup_objects()
        raw_runs, user_only_runs, bulk_runs = [], [], []
        for _ in range(RUNS):
            raw_runs.append(await move_raw(team, seller, team.admin, clocks=True))
            await move_raw(team, team.admin, seller)
            await vacuum()
            user_only_runs.append(await move_raw(team, seller, team.admin))
            await move_raw(team, team.admin, seller)
            await vacuum()
            bulk_runs.append(await move_bulk(team, seller, deals))
            await move_raw(team, team.admin, seller)
            await vacuum()

    raw = statistics.median(raw_runs)
    user_only = statistics.median(user_only_runs)
    bulk = statistics.median(bulk_runs)
    print(f"raw UPDATE:            {raw:8.3f} s (runs: {format_runs(raw_runs)})")
    print(
        f"raw UPDATE, user only: {user_only:8.3f} s "
        f"(runs: {format_runs(user_only_runs)})"
    )
    print(
        f"bulk change:           {bulk:8.3f} s ({bulk / deals * 1e6:.1f} µs per "
        f"deal; runs: {format_runs(bulk_runs)})"
    )
    print(
        f"ratio:                 {bulk / raw:8.1f} x "
        f"(target: within {TARGET_RATIO:.0f} x)"
    )
    print(f"ratio to user only:    {bulk / user_only:8.1f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--deals",
        type=int,
        default=DEFAULT_DEALS,
        help=f"number of deals to move (default: {DEFAULT_DEALS})",
    )
    parser.add_argument(
        "--database",
        choices=DATABASES,
        default="sqlite",
        help="database to run on (default: sqlite)",
    )
    args = parser.parse_args()
    if args.deals < 1:
        parser.error("--deals must be at least 1")
    print(machine())
    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        with database_url(args.database, Path(folder)) as url:
            asyncio.run(run(url, args.deals))


if __name__ == "__main__":
    main()
