"""Concurrent updates of one person, company or deal.

Most tests hold each update after it has read the record and checked its input,
until the other update has done the same. Both updates then write after both
reads, which is the interleaving that loses a change or stores an invalid pair
when the checks and the write use the row read before the write transaction.
"""

import asyncio
from datetime import date
from typing import Any

import asyncpg
import pytest

from models import Company, Deal, RecordType
from models.records import RECORD_MODELS
from resolvers import editing
from schema.ids import parse_global_id, to_global_id
from steward.config import Settings
from tests.conftest import TEST_DATABASE, Caller
from tests.operations import UPDATE_BY_TYPE, create, update

FIELD_VALUES = editing.field_values
ROUNDS = 4
BARRIER_SECONDS = 10
LOCK_WAIT_SECONDS = 10
DEAL_FIELDS = """
query($id: ID!) {
  node(id: $id) { ... on Deal { stage value engageDate closeDate } }
}
"""


def pk(global_id: str) -> int:
    return parse_global_id(global_id)[1]


def check_inputs_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each update wait after its input checks until a second update did them too.

    Creates, whose inputs have no `id`, do not wait.
    """
    both_checked = asyncio.Barrier(2)

    async def field_values_together(info: Any, record_type: Any, data: Any) -> dict:
        values = await FIELD_VALUES(info, record_type, data)
        if not hasattr(data, "id"):
            return values
        async with asyncio.timeout(BARRIER_SECONDS):
            await both_checked.wait()
        return values

    monkeypatch.setattr(editing, "field_values", field_values_together)


def outcome(body: dict[str, Any]) -> str:
    """Return "OK" for a response without errors, else the first error's code."""
    if "errors" in body:
        return body["errors"][0]["extensions"]["code"]
    return "OK"


async def update_together(
    record_type: RecordType, *requests: tuple[Caller, dict[str, Any]]
) -> list[str]:
    """Send the updates at once and return the outcome of each, in order."""
    query, _ = UPDATE_BY_TYPE[record_type]
    bodies = await asyncio.gather(
        *(caller.execute(query, input=fields) for caller, fields in requests)
    )
    return [outcome(body) for body in bodies]


@pytest.fixture
async def anna(make_caller) -> Caller:
    return await make_caller("anna@acme.test")


@pytest.fixture
async def ada(make_caller) -> Caller:
    """An admin of Anna's account, who edits her records."""
    return await make_caller("ada@acme.test", roles=("admin",))


# Per record type: two inputs that set different fields in round `n`, and the
# stored values that both of them together give.
def different_fields(record_type: RecordType, n: int) -> tuple[dict, dict, dict]:
    if record_type == RecordType.PERSON:
        return (
            {"name": f"Person {n}"},
            {"email": f"person{n}@example.com"},
            {"name": f"Person {n}", "email": f"person{n}@example.com"},
        )
    if record_type == RecordType.COMPANY:
        return (
            {"name": f"Company {n}"},
            {"sector": f"Sector {n}"},
            {"name": f"Company {n}", "sector": f"Sector {n}"},
        )
    return (
        {"name": f"Deal {n}"},
        {"closeDate": f"2026-04-{n + 1:02d}"},
        {"name": f"Deal {n}", "close_date": date(2026, 4, n + 1)},
    )


@pytest.mark.parametrize("record_type", list(RecordType))
async def test_concurrent_field_updates_both_land(
    anna: Caller,
    ada: Caller,
    monkeypatch: pytest.MonkeyPatch,
    record_type: RecordType,
) -> None:
    record = await create(anna, record_type, name="Before")
    check_inputs_together(monkeypatch)
    for n in range(ROUNDS):
        first, second, expected = different_fields(record_type, n)

        outcomes = await update_together(
            record_type,
            (anna, {"id": record["id"], **first}),
            (ada, {"id": record["id"], **second}),
        )

        assert outcomes == ["OK", "OK"]
        stored = await RECORD_MODELS[record_type].get(id=pk(record["id"]))
        for field, value in expected.items():
            assert getattr(stored, field) == value, (n, field)


async def test_update_keeps_fields_changed_meanwhile(
    anna: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer changes the deal after the update read it, before it writes."""
    deal = await create(
        anna, RecordType.DEAL, name="Before", product="Seats", closeDate="2026-03-01"
    )
    deal_id = pk(deal["id"])
    before = await Deal.get(id=deal_id)

    async def field_values_then_other_write(*args: Any) -> dict:
        values = await FIELD_VALUES(*args)
        await Deal.filter(id=deal_id).update(
            close_date=date(2026, 5, 1), product="Licences"
        )
        return values

    monkeypatch.setattr(editing, "field_values", field_values_then_other_write)
    result = await update(anna, RecordType.DEAL, id=deal["id"], name="After")

    stored = await Deal.get(id=deal_id)
    assert result["name"] == "After"
    assert stored.name == "After"
    assert stored.close_date == date(2026, 5, 1)
    assert stored.product == "Licences"
    assert stored.updated_at > before.updated_at


@pytest.mark.skipif(
    TEST_DATABASE != "postgres",
    reason="holds a row lock from a second connection; "
    "run with STEWARD_TEST_DATABASE=postgres",
)
async def test_update_waits_for_open_transaction(
    anna: Caller, settings: Settings
) -> None:
    """An update that finds the deal locked writes on top of the committed change."""
    deal = await create(anna, RecordType.DEAL, name="Before")
    connection = await asyncpg.connect(settings.database_url)
    try:
        transaction = connection.transaction()
        await transaction.start()
        await connection.execute(
            "UPDATE deal SET close_date = $1 WHERE id = $2",
            date(2026, 6, 1),
            pk(deal["id"]),
        )
        request = asyncio.create_task(
            update(anna, RecordType.DEAL, id=deal["id"], name="After")
        )
        await wait_for_lock_waiter(connection)
        assert not request.done()
        await transaction.commit()
        await request
    finally:
        await connection.close()

    stored = await Deal.get(id=pk(deal["id"]))
    assert stored.name == "After"
    assert stored.close_date == date(2026, 6, 1)


async def wait_for_lock_waiter(connection: asyncpg.Connection) -> None:
    """Return once another session of this database waits for a lock."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
    )
    async with asyncio.timeout(LOCK_WAIT_SECONDS):
        # PostgreSQL sends no notice when a session starts to wait, so poll.
        while not await connection.fetchval(query):  # noqa: ASYNC110
            await asyncio.sleep(0.01)


def value_fits_stage(deal: Deal) -> bool:
    """Return False for an open deal with a value."""
    return not (deal.stage.is_open and deal.value is not None)


def dates_in_order(deal: Deal) -> bool:
    """Return False for a deal that closes before it was engaged."""
    if deal.engage_date is None or deal.close_date is None:
        return True
    return deal.close_date >= deal.engage_date


async def deal_fields(caller: Caller, deal_id: int) -> dict[str, Any]:
    """Read a deal's stage, value and dates as the API returns them."""
    data = await caller.data(DEAL_FIELDS, id=to_global_id("Deal", deal_id))
    return data["node"]


async def race_on_new_deal(
    anna: Caller, ada: Caller, n: int, created: dict, first: dict, second: dict
) -> tuple[list[str], Deal]:
    """Create a deal, send both updates of it at once, and return their outcomes.

    Also returns the deal as stored after both.
    """
    deal = await create(anna, RecordType.DEAL, name=f"Deal {n}", **created)
    outcomes = await update_together(
        RecordType.DEAL,
        (anna, {"id": deal["id"], **first}),
        (ada, {"id": deal["id"], **second}),
    )
    return outcomes, await Deal.get(id=pk(deal["id"]))


async def test_reopen_race_keeps_deal_valid(
    anna: Caller, ada: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Winning with a value and reopening: the later of the two decides."""
    check_inputs_together(monkeypatch)
    won = {"stage": "WON", "value": "100"}
    reopened = {"stage": "PROSPECTING"}
    for n in range(ROUNDS):
        outcomes, stored = await race_on_new_deal(anna, ada, n, {}, won, reopened)

        assert value_fits_stage(stored), (n, stored.stage, stored.value)
        assert "OK" in outcomes, n
        assert set(outcomes) <= {"OK", "VALIDATION"}, n


# Updates that are each valid on the stored deal and together invalid in either
# order: (the deal's fields at creation, first update, second update).
INVALID_TOGETHER = [
    ({"stage": "WON"}, {"value": "250.50"}, {"stage": "ENGAGING"}),
    ({"stage": "LOST"}, {"stage": "PROSPECTING"}, {"value": "250.50"}),
    ({}, {"engageDate": "2026-03-10"}, {"closeDate": "2026-03-01"}),
    (
        {"engageDate": "2026-03-01", "closeDate": "2026-03-20"},
        {"engageDate": "2026-03-10"},
        {"closeDate": "2026-03-05"},
    ),
]


@pytest.mark.parametrize(("created", "first", "second"), INVALID_TOGETHER)
async def test_deal_race_rejects_second(
    anna: Caller,
    ada: Caller,
    monkeypatch: pytest.MonkeyPatch,
    created: dict,
    first: dict,
    second: dict,
) -> None:
    check_inputs_together(monkeypatch)
    for n in range(ROUNDS):
        outcomes, stored = await race_on_new_deal(anna, ada, n, created, first, second)

        assert sorted(outcomes) == ["OK", "VALIDATION"], n
        assert value_fits_stage(stored), (n, stored.stage, stored.value)
        assert dates_in_order(stored), (n, stored.engage_date, stored.close_date)
        winner = first if outcomes[0] == "OK" else second
        api_fields = await deal_fields(anna, stored.id)
        for field, value in {**created, **winner}.items():
            assert api_fields[field] == value, (n, field)


async def parent_chain_has_cycle(company_id: int) -> bool:
    """Follow the parents of a company; return True if a company repeats."""
    seen: set[int] = set()
    current: int | None = company_id
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = (await Company.get(id=current)).parent_id
    return False


# Companies, each with the index of its parent or None, and two parent changes
# (company, new parent) that are each valid alone and close a cycle together.
PARENT_RACES = [
    pytest.param([None, None], (0, 1), (1, 0), id="swap"),
    pytest.param([None, 0, None], (0, 2), (2, 1), id="chain"),
]


@pytest.mark.parametrize(("parents", "first", "second"), PARENT_RACES)
async def test_parent_race_has_one_winner(
    anna: Caller,
    ada: Caller,
    monkeypatch: pytest.MonkeyPatch,
    parents: list[int | None],
    first: tuple[int, int],
    second: tuple[int, int],
) -> None:
    check_inputs_together(monkeypatch)
    for n in range(ROUNDS):
        ids: list[str] = []
        for i, parent in enumerate(parents):
            fields = {} if parent is None else {"parentId": ids[parent]}
            company = await create(
                anna, RecordType.COMPANY, name=f"Company {n}.{i}", **fields
            )
            ids.append(company["id"])

        outcomes = await update_together(
            RecordType.COMPANY,
            (anna, {"id": ids[first[0]], "parentId": ids[first[1]]}),
            (ada, {"id": ids[second[0]], "parentId": ids[second[1]]}),
        )

        assert sorted(outcomes) == ["OK", "VALIDATION"], n
        for company_id in ids:
            assert not await parent_chain_has_cycle(pk(company_id)), (n, company_id)
