"""Indexes behind the list filters, sorts and history, checked with EXPLAIN.

Each test loads 20,000 deals with owners and history in set-based SQL, runs
ANALYZE, sends a real GraphQL request while capturing the SQL it issues, and runs
EXPLAIN on each captured statement: no plan may scan a large table sequentially.

The filters tested select about 0.1% to 0.5% of the deals (20 per owner, 10 per
company, 100 Engaging). For a filter that matches a large share, such as 200
deals of 20,000 on PostgreSQL 15's default costs, reading the whole table is the
cheaper plan and the planner rightly picks it, so such a test could not tell a
missing index from a good plan. The planner's choice depends on table sizes and
statistics, so this runs on PostgreSQL only.
"""

import json
from typing import Any

import pytest
from tortoise import connections

from bench.harness import Captured, capture_sql
from models import Company, Deal, OwnershipSetting, RecordType
from schema.ids import to_global_id
from steward import expiry
from steward.clock import utcnow
from tests.conftest import TEST_DATABASE, Caller

pytestmark = pytest.mark.skipif(
    TEST_DATABASE != "postgres",
    reason="query plans are checked on PostgreSQL only; run with "
    "STEWARD_TEST_DATABASE=postgres",
)

DEALS = 20_000
OWNERS = 1_000
COMPANIES = 2_000
LARGE_TABLES = {"deal", "assignment", "ownership_history"}
DEAL_LIST = """
query($first: Int, $after: String, $filter: DealFilter, $orderBy: RecordOrder) {
  deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { endCursor }
    edges { node { id name stage owner { id name } } }
  }
}
"""
HISTORY = """
query($recordId: ID!) { ownershipHistory(recordId: $recordId) { reason } }
"""


async def execute(statement: str, *values: Any) -> None:
    await connections.get("default").execute_query(statement, list(values))


async def load_deals(account_id: int) -> None:
    """Insert owners, companies, deals, their owners and one history row each.

    One deal in 200 is Engaging and one in 200 Prospecting; the rest are closed,
    as in a CRM that has run for a while.
    """
    await execute(
        'INSERT INTO "user" (account_id, name, email, password_hash, created_at) '
        "SELECT $1, 'Owner ' || i, 'owner' || i || '@load.test', 'unused', now() "
        "FROM generate_series(1, $2::int) i",
        account_id,
        OWNERS,
    )
    await execute(
        "INSERT INTO company (account_id, name, created_at, updated_at) "
        "SELECT $1, 'Company ' || i, now(), now() "
        "FROM generate_series(1, $2::int) i",
        account_id,
        COMPANIES,
    )
    await execute(
        "INSERT INTO deal (account_id, name, stage, value, close_date, company_id, "
        "created_at, updated_at) "
        "SELECT $1, 'Deal ' || lpad(i::text, 6, '0'), "
        "CASE i % 200 WHEN 0 THEN 'Engaging' WHEN 1 THEN 'Prospecting' "
        "ELSE CASE WHEN i % 2 = 0 THEN 'Won' ELSE 'Lost' END END, "
        "CASE WHEN i % 2 = 0 THEN i * 10 END, "
        "CASE WHEN i % 2 = 0 THEN DATE '2026-01-01' + i % 365 END, "
        "(SELECT min(id) FROM company WHERE account_id = $1) + i % $3::int, "
        "now() - i * INTERVAL '1 minute', now() - i * INTERVAL '1 second' "
        "FROM generate_series(1, $2::int) i",
        account_id,
        DEALS,
        COMPANIES,
    )
    await execute(
        "INSERT INTO assignment (account_id, record_type, record_id, object_role_id, "
        "user_id, started_at, last_activity_at) "
        "SELECT d.account_id, 'deal', d.id, r.id, "
        "(SELECT min(id) FROM \"user\" WHERE email LIKE '%@load.test') "
        "+ d.id % $2::int, now(), now() - (d.id % 365) * INTERVAL '1 day' "
        "FROM deal d JOIN object_role r ON r.account_id = d.account_id "
        "AND r.key = 'owner' WHERE d.account_id = $1",
        account_id,
        OWNERS,
    )
    await execute(
        "INSERT INTO ownership_history (account_id, record_type, record_id, "
        "object_role_id, new_user_id, reason, batch_id, created_at) "
        "SELECT account_id, record_type, record_id, object_role_id, user_id, "
        "'import', gen_random_uuid(), started_at FROM assignment "
        "WHERE account_id = $1",
        account_id,
    )
    await connections.get("default").execute_script("ANALYZE")


@pytest.fixture
async def admin(make_caller) -> Caller:
    caller = await make_caller("admin@acme.test", roles=("admin",))
    await load_deals(caller.account.id)
    return caller


async def sequential_scans(statement: Captured) -> list[str]:
    """Return the large tables that the plan of `statement` scans sequentially."""
    sql, values = statement
    conn = connections.get("default")
    _, rows = await conn.execute_query(f"EXPLAIN (FORMAT JSON) {sql}", values)
    plan = rows[0][0]
    nodes = [(json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]]
    scanned = []
    while nodes:
        node = nodes.pop()
        if node["Node Type"] == "Seq Scan" and node["Relation Name"] in LARGE_TABLES:
            scanned.append(node["Relation Name"])
        nodes.extend(node.get("Plans", []))
    return scanned


async def plans_scanning(statements: list[Captured]) -> dict[str, list]:
    """Map each statement that reads a large table to its sequential scans.

    INSERT statements are left out: they scan nothing, and an executemany's
    parameters are a list of rows that EXPLAIN cannot take.
    """
    return {
        sql: await sequential_scans((sql, values))
        for sql, values in statements
        if not sql.lstrip().upper().startswith("INSERT")
        and any(f"{table} " in sql or f'"{table}"' in sql for table in LARGE_TABLES)
    }


async def captured_statements(
    caller: Caller, query: str, **variables: Any
) -> list[Captured]:
    """Run a GraphQL request; return its statements that read a large table."""
    with capture_sql() as capture:
        await caller.data(query, **variables)
    return [
        (sql, values)
        for sql, values in capture.statements
        if any(f'"{table}"' in sql for table in LARGE_TABLES)
    ]


async def scans_of(caller: Caller, query: str, **variables: Any) -> dict[str, list]:
    """Map each statement of a request that reads a large table to its seq scans."""
    statements = await captured_statements(caller, query, **variables)
    assert statements, "the request read no large table"
    return {sql: await sequential_scans((sql, values)) for sql, values in statements}


def no_scans(scans: dict[str, list]) -> dict[str, list]:
    return {sql: tables for sql, tables in scans.items() if tables}


async def some_owner_id(caller: Caller) -> str:
    deal = await Deal.filter(account_id=caller.account.id).order_by("id").first()
    assert deal is not None
    assignment = await deal_owner(deal.id)
    return to_global_id("User", assignment)


async def deal_owner(deal_id: int) -> int:
    _, rows = await connections.get("default").execute_query(
        "SELECT user_id FROM assignment WHERE record_type = 'deal' AND record_id = $1",
        [deal_id],
    )
    return rows[0]["user_id"]


async def test_owner_filter_uses_index(admin: Caller) -> None:
    owner = await some_owner_id(admin)
    owner_filter = {"owner": {"userIds": [owner]}}
    scans = await scans_of(admin, DEAL_LIST, first=50, filter=owner_filter)
    assert no_scans(scans) == {}


async def test_stage_filter_uses_index(admin: Caller) -> None:
    engaging = {"stages": ["ENGAGING"]}
    scans = await scans_of(admin, DEAL_LIST, first=50, filter=engaging)
    assert no_scans(scans) == {}


async def test_company_filter_uses_index(admin: Caller) -> None:
    company = await Company.filter(account_id=admin.account.id).first()
    assert company is not None
    at_company = {"companyId": to_global_id("Company", company.id)}
    scans = await scans_of(admin, DEAL_LIST, first=50, filter=at_company)
    assert no_scans(scans) == {}


@pytest.mark.parametrize("field", ["NAME", "CREATED_AT", "UPDATED_AT"])
async def test_sorted_page_uses_index(admin: Caller, field: str) -> None:
    scans = await scans_of(
        admin, DEAL_LIST, first=50, orderBy={"field": field, "direction": "DESC"}
    )
    # Counting every deal of the account reads them all, in any plan.
    pages = {sql: tables for sql, tables in scans.items() if "COUNT(" not in sql}
    assert no_scans(pages) == {}


async def test_history_by_record_uses_index(admin: Caller) -> None:
    deal = await Deal.filter(account_id=admin.account.id).order_by("-id").first()
    assert deal is not None
    record = to_global_id("Deal", deal.id)
    scans = await scans_of(admin, HISTORY, recordId=record)
    assert no_scans(scans) == {}


async def test_expiry_sweep_uses_index(admin: Caller) -> None:
    # Owners inactive for more than 360 days: the clocks of 5 deals in 365.
    await OwnershipSetting.filter(
        account_id=admin.account.id, record_type=RecordType.DEAL
    ).update(required=False, auto_remove_after_days=360)
    with capture_sql() as capture:
        outcome = await expiry.sweep(utcnow())
    scans = await plans_scanning(capture.statements)

    assert outcome.removed > 0
    assert no_scans(scans) == {}


@pytest.mark.parametrize("field", ["VALUE", "CLOSE_DATE"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_sorted_deal_page_uses_index(
    admin: Caller, field: str, direction: str
) -> None:
    # Every second deal has no value and no close date. Those come last.
    order = {"field": field, "direction": direction}
    first = await admin.data(DEAL_LIST, first=50, orderBy=order)
    end_cursor = first["deals"]["pageInfo"]["endCursor"]
    for after in (None, end_cursor):
        scans = await scans_of(admin, DEAL_LIST, first=50, orderBy=order, after=after)
        pages = {sql: tables for sql, tables in scans.items() if "COUNT(" not in sql}
        assert no_scans(pages) == {}


async def test_name_search_uses_index(admin: Caller) -> None:
    scans = await scans_of(admin, DEAL_LIST, first=50, filter={"search": "01234"})
    assert no_scans(scans) == {}


async def test_expiring_filter_uses_index(admin: Caller) -> None:
    await OwnershipSetting.filter(
        account_id=admin.account.id, record_type=RecordType.DEAL
    ).update(required=False, auto_remove_after_days=400)
    expiring = {"expiresWithinDays": 36}
    scans = await scans_of(admin, DEAL_LIST, first=50, filter=expiring)
    assert no_scans(scans) == {}
