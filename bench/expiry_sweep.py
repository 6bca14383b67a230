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
  statements, and writes the history, the notifications and the outbox events
  (the assignments are then put back, untimed);
- raw with history: the same DELETE writing one history row per deleted
  assignment with an INSERT ... SELECT, in one statement on PostgreSQL (a
  data-modifying CTE) and one transaction on SQLite. This is not the target's
  baseline; it shows what the history rows cost by themselves;
- empty sweep: the sweep again once nothing is left to expire, the median of 5.

Raw and sweep run RUNS times, alternating, and the table gives the medians,
because on a shared machine a single run of the raw DELETE (tens of
milliseconds on PostgreSQL) varied from 5 to 33 ms in runs minutes apart.

Run: `python -m bench.expiry_sweep --database sqlite|postgres`.
"""

import statistics
import time
import uuid
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
RUNS = 3
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


def window_condition(setting: OwnershipSetting, sql: Statement) -> str:
    """Return the SQL condition of the assignments that a sweep now removes."""
    cutoff = utcnow() - timedelta(days=REMOVE_AFTER_DAYS)
    return expiry._window_sql(sql, expiry.Window(setting, before=cutoff))


async def time_raw_delete(setting: OwnershipSetting) -> tuple[float, int]:
    """Time the window's DELETE and its commit, then put the rows back untimed."""
    sql = Statement(connection())
    condition = window_condition(setting, sql)
    started = time.perf_counter()
    async with in_transaction() as transaction:
        deleted, _ = await transaction.execute_query(
            f"DELETE FROM assignment WHERE {condition}", sql.params
        )
    seconds = time.perf_counter() - started
    await restore_expired()
    return seconds, deleted


async def time_raw_delete_with_history(setting: OwnershipSetting) -> float:
    """Time the window's DELETE with a history row per deleted assignment."""
    conn = connection()
    sql = Statement(conn)
    condition = window_condition(setting, sql)
    batch_id = uuid.uuid4() if sql.postgres else str(uuid.uuid4())
    history = (
        "INSERT INTO ownership_history (account_id, record_type, record_id, "
        "object_role_id, previous_user_id, reason, batch_id, created_at) "
        "SELECT account_id, record_type, record_id, object_role_id, user_id, "
        f"'inactivity', {sql.param(batch_id, 'uuid')}, "
        f"{sql.param(utcnow(), 'timestamptz')}"
    )
    started = time.perf_counter()
    async with in_transaction() as transaction:
        if sql.postgres:
            await transaction.execute_query(
                f"WITH removed AS (DELETE FROM assignment WHERE {condition} "
                f"RETURNING *) {history} FROM removed",
                sql.params,
            )
        else:
            await transaction.execute_query(
                f"{history} FROM assignment WHERE {condition}", sql.params
            )
            delete = Statement(conn)
            await transaction.execute_query(
                f"DELETE FROM assignment WHERE {window_condition(setting, delete)}",
                delete.params,
            )
    seconds = time.perf_counter() - started
    await restore_expired()
    return seconds


async def time_sweep() -> tuple[float, int, int]:
    """Time one sweep; return seconds, removals and history rows written."""
    started = time.perf_counter()
    outcome = await expiry.sweep(utcnow())
    seconds = time.perf_counter() - started
    history = await OwnershipHistory.filter(batch_id=outcome.batch_id).count()
    return seconds, outcome.removed, history


async def restore_expired() -> None:
    await connection().execute_script(
        "INSERT INTO assignment SELECT * FROM expired_copy"
    )


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
        sql = Statement(connection())
        await connection().execute_query(
            "CREATE TABLE expired_copy AS SELECT * FROM assignment "
            f"WHERE {window_condition(setting, sql)}",
            sql.params,
        )

        raw_runs, with_history_runs, sweep_runs, counts = [], [], [], set()
        for run_number in range(RUNS):
            raw_seconds, raw_deleted = await time_raw_delete(setting)
            with_history_runs.append(await time_raw_delete_with_history(setting))
            sweep_seconds, removed, history = await time_sweep()
            raw_runs.append(raw_seconds)
            sweep_runs.append(sweep_seconds)
            counts.add((raw_deleted, removed, history))
            if run_number < RUNS - 1:
                await restore_expired()
        empty = []
        for _ in range(EMPTY_RUNS):
            started = time.perf_counter()
            await expiry.sweep(utcnow())
            empty.append(time.perf_counter() - started)

    expected = ASSIGNMENTS // EXPIRED_EVERY
    if counts != {(expected, expected, expected)}:
        raise RuntimeError(
            f"expected {expected} removals and history rows in every run, got "
            f"(raw, sweep, history) {sorted(counts)}"
        )
    raw_seconds = statistics.median(raw_runs)
    with_history_seconds = statistics.median(with_history_runs)
    sweep_seconds = statistics.median(sweep_runs)
    ratio = sweep_seconds / raw_seconds
    verdict = "met" if ratio <= TARGET_RATIO else "missed"
    rows = [
        ["raw conditional DELETE", expected, f"{raw_seconds:.3f}"],
        ["raw DELETE with history rows", expected, f"{with_history_seconds:.3f}"],
        ["expiry sweep", expected, f"{sweep_seconds:.3f}"],
        ["expiry sweep, nothing to expire", 0, f"{statistics.median(empty):.4f}"],
    ]
    return "\n\n".join(
        [
            f"### Inactivity expiry sweep ({kind})",
            f"{ASSIGNMENTS:,} Owner assignments on persons, "
            f"{expected:,} of them past the {REMOVE_AFTER_DAYS}-day deadline; "
            f"medians of {RUNS} runs of each.",
            harness.markdown_table(["run", "removed", "seconds"], rows),
            f"Ratio sweep/raw: **{ratio:.1f}** (target at most {TARGET_RATIO:.0f}: "
            f"{verdict}). The sweep also writes {expected:,} history rows, the "
            "notifications and the outbox events; against the raw DELETE with "
            f"history rows the ratio is {sweep_seconds / with_history_seconds:.1f}.",
        ]
    )


if __name__ == "__main__":
    harness.main(__doc__, run)
