"""Activities on records and the inactivity clocks they move."""

from datetime import datetime, timedelta

from models import Activity, Assignment, RecordType
from schema.ids import parse_global_id
from steward.clock import utcnow
from tests.conftest import Caller
from tests.operations import CHANGE_OWNER, create_deal, update, update_error, user_gid

LOG = """
mutation($recordId: ID!, $kind: ActivityKind!, $note: String, $at: DateTime) {
  logActivity(recordId: $recordId, kind: $kind, note: $note, at: $at) {
    id recordId kind note at user { id }
  }
}
"""
ACTIVITIES = """
query($recordId: ID!, $first: Int) {
  activities(recordId: $recordId, first: $first) { kind note at user { id } }
}
"""


def pk(global_id: str) -> int:
    return parse_global_id(global_id)[1]


async def clock_of(deal: dict, user: Caller) -> datetime | None:
    row = await Assignment.get_or_none(
        record_type=RecordType.DEAL, record_id=pk(deal["id"]), user_id=user.user.id
    )
    return row.last_activity_at if row else None


async def set_clock(deal: dict, at: datetime) -> None:
    await Assignment.filter(
        record_type=RecordType.DEAL, record_id=pk(deal["id"])
    ).update(last_activity_at=at)


async def log(caller: Caller, deal: dict, kind: str, **fields) -> dict:
    if "at" in fields:
        fields["at"] = fields["at"].isoformat()
    result = await caller.data(LOG, recordId=deal["id"], kind=kind, **fields)
    return result["logActivity"]


async def test_activities_newest_first(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    now = utcnow()
    await log(anna, deal, "CALL", at=now - timedelta(hours=2), note="Intro call")
    await log(anna, deal, "NOTE", note="Wants 40 units")
    await log(anna, deal, "EMAIL", at=now - timedelta(hours=1))

    listed = (await anna.data(ACTIVITIES, recordId=deal["id"]))["activities"]
    assert [row["kind"] for row in listed] == ["NOTE", "EMAIL", "CALL"]
    assert listed[0]["note"] == "Wants 40 units"
    assert listed[2]["note"] == "Intro call"
    assert {row["user"]["id"] for row in listed} == {user_gid(anna)}


async def test_log_returns_activity(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    logged = await log(anna, deal, "MEETING", note="  ")
    assert logged["recordId"] == deal["id"]
    assert logged["kind"] == "MEETING"
    assert logged["note"] is None
    assert logged["user"]["id"] == user_gid(anna)


async def test_activities_first_limits(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    for kind in ("CALL", "EMAIL", "TASK"):
        await log(anna, deal, kind)
    listed = await anna.data(ACTIVITIES, recordId=deal["id"], first=2)
    assert [row["kind"] for row in listed["activities"]] == ["TASK", "EMAIL"]


PAGE = """
query($recordId: ID!, $first: Int, $before: ID) {
  activities(recordId: $recordId, first: $first, before: $before) { id kind }
}
"""


async def test_activities_page_by_before(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    same_time = utcnow() - timedelta(hours=1)
    for kind in ("CALL", "EMAIL", "TASK", "NOTE", "MEETING"):
        await log(anna, deal, kind, at=same_time)

    pages: list[list[str]] = []
    before = None
    while True:
        rows = (await anna.data(PAGE, recordId=deal["id"], first=2, before=before))[
            "activities"
        ]
        if not rows:
            break
        pages.append([row["kind"] for row in rows])
        before = rows[-1]["id"]

    assert pages == [["MEETING", "NOTE"], ["TASK", "EMAIL"], ["CALL"]]


async def test_before_of_other_record_not_found(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    other = await create_deal(anna, "Phones")
    foreign = await log(anna, other, "CALL")

    body = await anna.execute(PAGE, recordId=deal["id"], before=foreign["id"])

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["extensions"]["field"] == "before"
    wrong_type = await anna.execute(PAGE, recordId=deal["id"], before=deal["id"])
    assert wrong_type["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert wrong_type["errors"][0]["extensions"]["field"] == "before"
    assert " is not an Activity ID" in wrong_type["errors"][0]["message"]
    malformed = await anna.execute(PAGE, recordId=deal["id"], before="x" * 500)
    assert malformed["errors"][0]["extensions"]["field"] == "before"
    assert len(malformed["errors"][0]["message"]) < 200


async def test_activity_moves_own_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    await set_clock(deal, utcnow() - timedelta(days=20))
    at = utcnow() - timedelta(days=2)
    await log(anna, deal, "CALL", at=at)
    assert await clock_of(deal, anna) == at


async def test_others_activity_leaves_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deal = await create_deal(anna, "Laptops")
    old = utcnow() - timedelta(days=20)
    await set_clock(deal, old)
    await log(bob, deal, "CALL")
    assert await clock_of(deal, anna) == old
    assert await Activity.filter(user_id=bob.user.id).count() == 1


async def test_backdated_activity_keeps_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    before = await clock_of(deal, anna)
    await log(anna, deal, "NOTE", at=utcnow() - timedelta(days=5))
    assert await clock_of(deal, anna) == before
    assert await Activity.all().count() == 1


async def test_future_activity_is_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    future = (utcnow() + timedelta(hours=1)).isoformat()
    code = await anna.error_code(LOG, recordId=deal["id"], kind="CALL", at=future)
    assert code == "VALIDATION"
    assert await Activity.all().count() == 0


async def test_small_skew_is_accepted(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    ahead = utcnow() + timedelta(minutes=2)
    await log(anna, deal, "CALL", at=ahead)
    assert await clock_of(deal, anna) == ahead


async def test_naive_time_is_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    code = await anna.error_code(
        LOG, recordId=deal["id"], kind="CALL", at="2026-01-01T10:00:00"
    )
    assert code == "VALIDATION"


async def test_long_note_is_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    code = await anna.error_code(
        LOG, recordId=deal["id"], kind="NOTE", note="x" * 10_001
    )
    assert code == "VALIDATION"
    assert await Activity.all().count() == 0


async def test_other_account_record_not_found(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    zoe = await make_caller("zoe@globex.test")
    deal = await create_deal(anna, "Laptops")
    assert await zoe.error_code(LOG, recordId=deal["id"], kind="CALL") == "NOT_FOUND"
    assert await zoe.error_code(ACTIVITIES, recordId=deal["id"]) == "NOT_FOUND"


async def test_edit_counts_as_activity(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    await set_clock(deal, utcnow() - timedelta(days=20))
    before_edit = utcnow()
    await update(anna, RecordType.DEAL, id=deal["id"], name="Laptops, 40 units")
    assert await clock_of(deal, anna) >= before_edit


async def test_others_edit_leaves_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deal = await create_deal(anna, "Laptops")
    old = utcnow() - timedelta(days=20)
    await set_clock(deal, old)
    await update(bob, RecordType.DEAL, id=deal["id"], name="Laptops, 40 units")
    assert await clock_of(deal, anna) == old


async def test_empty_edit_leaves_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    old = utcnow() - timedelta(days=20)
    await set_clock(deal, old)
    await update(anna, RecordType.DEAL, id=deal["id"])
    assert await clock_of(deal, anna) == old


async def test_failed_edit_leaves_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")
    old = utcnow() - timedelta(days=20)
    await set_clock(deal, old)
    code = await update_error(anna, RecordType.DEAL, id=deal["id"], name="")
    assert code == "VALIDATION"
    assert await clock_of(deal, anna) == old


async def test_new_assignee_fresh_clock(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deal = await create_deal(anna, "Laptops")
    await set_clock(deal, utcnow() - timedelta(days=20))
    before = utcnow()
    await anna.data(CHANGE_OWNER, recordId=deal["id"], ownerId=user_gid(bob))
    row = await Assignment.get(record_type=RecordType.DEAL, record_id=pk(deal["id"]))
    assert row.user_id == bob.user.id
    assert row.started_at >= before
    assert row.last_activity_at == row.started_at


async def test_early_activity_names_range(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Laptops")

    body = await anna.execute(
        LOG, recordId=deal["id"], kind="CALL", at="1800-01-01T00:00:00+00:00"
    )

    error = body["errors"][0]
    assert error["extensions"] == {"code": "VALIDATION", "field": "at"}
    assert error["message"] == (
        "'at' (1800-01-01T00:00:00+00:00) is before 1900-01-01; give a time from "
        "1900-01-01 up to the server's time."
    )
    assert await Activity.all().count() == 0
