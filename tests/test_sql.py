"""Set-based SQL helpers: multi-row INSERTs and id conditions on both databases."""

import pytest
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from models import Assignment, OutboxEvent, OutboxEventKind, RecordType
from steward import sql
from steward.clock import utcnow
from steward.outbox import queue_events
from steward.sql import Statement, connection
from tests.bulk_operations import insert_deals


async def test_insert_rows_splits_statements(
    make_caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = await make_caller("anna@acme.test")
    # Four columns and ten parameters per statement: two rows per INSERT.
    monkeypatch.setattr(sql, "MAX_PARAMETERS", 10)
    payloads = [{"number": number} for number in range(5)]

    await queue_events(
        anna.account.id, OutboxEventKind.NOTIFICATION, payloads, utcnow()
    )

    events = await OutboxEvent.all().order_by("id")
    assert [event.payload for event in events] == payloads
    assert {event.kind for event in events} == {OutboxEventKind.NOTIFICATION}


async def test_insert_rows_returns_columns(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    at = utcnow()
    rows = [(anna.account.id, "notification", '{"number": 1}', at)] * 3

    returned = await sql.insert_rows(
        "outbox_event", ("account_id", "kind", "payload", "created_at"), rows, ("id",)
    )

    ids = await OutboxEvent.all().values_list("id", flat=True)
    assert sorted(row["id"] for row in returned) == sorted(ids)
    assert len(ids) == 3


async def test_in_values_matches_listed_ids(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deals = await insert_deals(anna.user, 3)
    conn = connection()
    statement = Statement(conn)
    query = (
        "SELECT record_id FROM assignment WHERE record_type = 'deal' "
        f"AND record_id {statement.in_values([deals[0], deals[2]])} "
        "ORDER BY record_id"
    )

    _, rows = await conn.execute_query(query, statement.params)

    assert [row["record_id"] for row in rows] == [deals[0], deals[2]]
    assert await Assignment.filter(record_type=RecordType.DEAL).count() == 3


async def test_fetch_tuples_sees_transaction(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deals = await insert_deals(anna.user, 2)
    query = (
        "SELECT record_id, user_id FROM assignment WHERE record_type = 'deal' "
        "ORDER BY record_id"
    )

    async with in_transaction() as conn:
        await Assignment.filter(record_id=deals[1]).delete()
        rows = await sql.fetch_tuples(conn, query)
    after = await sql.fetch_tuples(connection(), query)

    # The transaction's own uncommitted delete is seen, by position of column.
    assert [(row[0], row[1]) for row in rows] == [(deals[0], anna.user.id)]
    assert [tuple(row) for row in after] == [(deals[0], anna.user.id)]


async def test_fetch_tuples_raises_tortoise_errors(make_caller) -> None:
    await make_caller("anna@acme.test")

    with pytest.raises(OperationalError):
        await sql.fetch_tuples(connection(), "SELECT no_such_column FROM assignment")


@pytest.mark.parametrize(
    ("picked", "as_range"),
    [
        ([0, 1, 2], True),
        ([2, 0, 1], True),
        ([0, 2], False),
        ([0, 1, 1], False),
        ([1], True),
    ],
)
async def test_in_ids_matches_listed_ids(
    make_caller, picked: list[int], as_range: bool
) -> None:
    anna = await make_caller("anna@acme.test")
    deals = await insert_deals(anna.user, 4)
    ids = [deals[index] for index in picked]
    statement = Statement(connection())
    condition = statement.in_ids(ids)
    query = (
        "SELECT record_id FROM assignment WHERE record_type = 'deal' "
        f"AND record_id {condition} ORDER BY record_id"
    )

    rows = await sql.fetch_tuples(connection(), query, statement.params)

    assert [row[0] for row in rows] == sorted(set(ids))
    assert condition.startswith("BETWEEN") == as_range
