"""Time the inactivity expiry sweep against one raw conditional DELETE.

The data is one account with 100 salespeople and 1,000,000 Owner assignments on
persons, round-robin. One assignment in 100 (10,000) had its last activity 60
days ago and the rest yesterday, and persons lose their owner after 30 days of
inactivity. The person rows themselves are not created, because the sweep reads
only assignments, ownership settings and users.

- raw: one `DELETE FROM assignment WHERE <the sweep's window>` and its commit
  (the rows are then put back, untimed);
- sweep: `steward.expiry.sweep`, as the worker's cron job runs it: it selects
  candidates through the index in batches, deletes them with conditional
  statements, and writes the history, the notifications and the outbox events;
- empty sweep: the sweep again once nothing is left to expire, the median of 5.

Run: `python -m bench.expiry_sweep --database sqlite|postgres`.
"""

import statistics
import time
from datetime import timedelta
from pathlib import Path

from tortoise.transactions import in_transaction

from bench import harness
from models import OwnershipHistory, OwnershipSetting, RecordType
from steward import expiry
from steward.clock import utcnow
from steward.sql import Statement, connection

SALESPEOPLE = 100
ASSIGNMENTS = 1_000_000
EXPIRED_EVERY = 100
REMOVE_AFTER_DAYS = 30
EMPTY_RUNS = 5
TARGET_RATIO = 2.0


async def insert_assignments(team: harness.Team) -> None:
    """Insert ASSIGNMENTS person assignments; every EXPIRED_EVERY-th is stale."""
    now = utcnow()
    conn = connection()
    sql = Statement(conn)
    # PostgreSQL cannot infer the type of a parameter that is a CASE branch.
    cast = "::timestamptz" if sql.postgres else ""
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
        f"WHERE i < {ASSIGNMENTS}) "
        "INSERT INTO assignment (account_id, record_type, record_id, object_role_id, "
        "user_id, started_at, last_activity_at) "
        f"SELECT {sql.param(team.account.id)}, 'person', n.i, "
        f"{sql.param(team.owner_role.id)}, "
        f"{sql.param(team.salespeople[0].id)} + n.i % {SALESPEOPLE}, "
        f"{sql.param(now - timedelta(days=90))}, "
        f"CASE WHEN n.i % {EXPIRED_EVERY} = 0 "
        f"THEN {sql.param(now - timedelta(days=60))}{cast} "
        f"ELSE {sql.param(now - timedelta(days=1))}{cast} END FROM n"
    )
    await conn.execute_query(query, sql.params)


async def time_raw_delete(setting: OwnershipSetting) -> tuple[float, int]:
    """Time the window's DELETE and its commit, then put the rows back untimed."""
    cutoff = utcnow() - timedelta(days=REMOVE_AFTER_DAYS)
    window = expiry.Window(setting, before=cutoff)
    conn = connection()
    sql = Statement(conn)
    condition = expiry._window_sql(sql, window)
    await conn.execute_query(
        f"CREATE TABLE expired_copy AS SELECT * FROM assignment WHERE {condition}",
        sql.params,
    )
    started = time.perf_counter()
    async with in_transaction() as transaction:
        deleted, _ = await transaction.execute_query(
            f"DELETE FROM assignment WHERE {condition}", sql.params
        )
    seconds = time.perf_counter() - started
    await conn.execute_script(
        "INSERT INTO assignment SELECT * FROM expired_copy; DROP TABLE expired_copy"
    )
    return seconds, deleted


async def run(kind: str, folder: Path, url: str) -> str:
    async with harness.connected(url):
        team = await harness.seed_team(SALESPEOPLE)
        await OwnershipSetting.filter(
            account_id=team.account.id, record_type=RecordType.PERSON
        ).update(required=False, auto_remove_after_days=REMOVE_AFTER_DAYS)
        setting = await OwnershipSetting.get(
            account_id=team.account.id, record_type=RecordType.PERSON
        )
        await insert_assignments(team)
        await harness.analyze()

        raw_seconds, raw_deleted = await time_raw_delete(setting)
        started = time.perf_counter()
        outcome = await expiry.sweep(utcnow())
        sweep_seconds = time.perf_counter() - started
        history = await OwnershipHistory.filter(batch_id=outcome.batch_id).count()
        empty = []
        for _ in range(EMPTY_RUNS):
            started = time.perf_counter()
            await expiry.sweep(utcnow())
            empty.append(time.perf_counter() - started)

    expected = ASSIGNMENTS // EXPIRED_EVERY
    if not raw_deleted == outcome.removed == history == expected:
        raise RuntimeError(
            f"expected {expected} removals, got raw {raw_deleted}, sweep "
            f"{outcome.removed}, history {history}"
        )
    ratio = sweep_seconds / raw_seconds
    verdict = "met" if ratio <= TARGET_RATIO else "missed"
    rows = [
        ["raw conditional DELETE", raw_deleted, f"{raw_seconds:.3f}"],
        ["expiry sweep", outcome.removed, f"{sweep_seconds:.3f}"],
        ["expiry sweep, nothing to expire", 0, f"{statistics.median(empty):.4f}"],
    ]
    return "\n\n".join(
        [
            f"### Inactivity expiry sweep ({kind})",
            f"{ASSIGNMENTS:,} Owner assignments on persons, "
            f"{expected:,} of them past the {REMOVE_AFTER_DAYS}-day deadline.",
            harness.markdown_table(["run", "removed", "seconds"], rows),
            f"Ratio sweep/raw: **{ratio:.1f}** (target at most {TARGET_RATIO:.0f}: "
            f"{verdict}). The sweep also writes {history:,} history rows, the "
            "notifications and the outbox events.",
        ]
    )


if __name__ == "__main__":
    harness.main(__doc__, run)
