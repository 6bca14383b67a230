"""Inactivity expiry: removal, reports to managers, warnings and the list fields."""

import asyncio
import uuid
from datetime import datetime, timedelta

import pytest

from models import (
    Assignment,
    AssignmentReason,
    Notification,
    NotificationKind,
    OwnershipHistory,
    OwnershipSetting,
    RecordType,
    User,
)
from models.ownership import OWNER_ROLE_KEY
from schema.ids import to_global_id
from steward import activities, expiry
from steward.clock import utcnow
from tests.bulk_operations import insert_deals
from tests.conftest import Caller
from workers.expiry import expire_assignments, expiry_cron

DAYS = 30
WARN_DAYS = 5
NOW = datetime.fromisoformat("2026-03-01T12:00:00+00:00")

DEALS = """
query($filter: DealFilter, $orderBy: RecordOrder, $first: Int, $after: String) {
  deals(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { node { name assigneeExpiresAt } }
    pageInfo { endCursor hasNextPage }
  }
}
"""


async def set_expiry(
    account_id: int,
    *,
    days: int | None = DAYS,
    warn: int | None = None,
    required: bool = False,
) -> OwnershipSetting:
    """Set the Owner settings of deals in the account and return them."""
    await OwnershipSetting.filter(
        account_id=account_id,
        record_type=RecordType.DEAL,
        object_role__key=OWNER_ROLE_KEY,
    ).update(required=required, auto_remove_after_days=days, warn_before_days=warn)
    return await OwnershipSetting.get(
        account_id=account_id,
        record_type=RecordType.DEAL,
        object_role__key=OWNER_ROLE_KEY,
    )


async def set_clocks(record_ids: list[int], at: datetime) -> None:
    await Assignment.filter(
        record_type=RecordType.DEAL, record_id__in=record_ids
    ).update(last_activity_at=at)


async def owners(record_ids: list[int]) -> list[int | None]:
    holder_of = dict(
        await Assignment.filter(
            record_type=RecordType.DEAL, record_id__in=record_ids
        ).values_list("record_id", "user_id")
    )
    return [holder_of.get(record_id) for record_id in record_ids]


async def inactivity_rows() -> list[OwnershipHistory]:
    return await OwnershipHistory.filter(reason=AssignmentReason.INACTIVITY).order_by(
        "record_id"
    )


async def notices(user: User, kind: NotificationKind) -> list[Notification]:
    return await Notification.filter(recipient_id=user.id, kind=kind).order_by("id")


async def team(make_caller) -> tuple[Caller, Caller]:
    """Return a manager and Anna, a seller reporting to them."""
    boss = await make_caller("boss@acme.test", roles=("manager",))
    anna = await make_caller("anna@acme.test", manager=boss.user)
    return boss, anna


async def test_sweep_removes_inactive_owner(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 2)
    await set_clocks([deals[0]], NOW - timedelta(days=DAYS, seconds=1))
    await set_clocks([deals[1]], NOW - timedelta(days=DAYS - 1))

    outcome = await expiry.sweep(NOW)

    assert outcome.removed == 1
    assert await owners(deals) == [None, anna.user.id]
    history = await inactivity_rows()
    assert [row.record_id for row in history] == [deals[0]]
    assert history[0].actor_id is None
    assert history[0].previous_user_id == anna.user.id
    assert history[0].new_user_id is None
    assert history[0].batch_id == outcome.batch_id
    assert history[0].created_at == NOW
    assert history[0].created_at.utcoffset() == timedelta(0)


async def test_clock_at_cutoff_stays(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=DAYS))
    assert (await expiry.sweep(NOW)).removed == 0
    assert await owners(deals) == [anna.user.id]


async def test_injected_clock_decides(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    assert (await expiry.sweep(utcnow())).removed == 0
    assert (await expiry.sweep(utcnow() + timedelta(days=DAYS + 1))).removed == 1
    assert await owners(deals) == [None]


async def test_no_setting_removes_nothing(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id, days=None)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=3650))
    assert (await expiry.sweep(NOW)).removed == 0
    assert await owners(deals) == [anna.user.id]


async def test_removal_notifies_assignee_and_manager(make_caller) -> None:
    boss, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 3)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    await expiry.sweep(NOW)

    removed = await notices(anna.user, NotificationKind.REMOVED)
    assert len(removed) == 1
    assert removed[0].record_count == 3
    assert removed[0].reason == AssignmentReason.INACTIVITY
    assert removed[0].actor_id is None
    reports = await notices(boss.user, NotificationKind.REPORT_EXPIRED)
    assert len(reports) == 1
    assert reports[0].assignee_id == anna.user.id
    assert reports[0].record_count == 3
    assert reports[0].records_kept is False


async def test_activity_during_sweep_wins(make_caller) -> None:
    _, anna = await team(make_caller)
    setting = await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 2)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    window = expiry.Window(setting, before=NOW - timedelta(days=DAYS))

    selected = await expiry.candidate_ids(window)
    await activities.touch_clock(anna.user.id, RecordType.DEAL, deals[0], NOW)
    removed = await expiry.remove_batch(window, selected, uuid.uuid4(), NOW)

    assert len(selected) == 2
    assert [change.record_id for change in removed] == [deals[1]]
    assert await owners(deals) == [anna.user.id, None]
    assert [row.record_id for row in await inactivity_rows()] == [deals[1]]


async def test_reassignment_during_sweep_wins(make_caller) -> None:
    _, anna = await team(make_caller)
    bob = await make_caller("bob@acme.test")
    setting = await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    window = expiry.Window(setting, before=NOW - timedelta(days=DAYS))

    selected = await expiry.candidate_ids(window)
    await Assignment.filter(record_id=deals[0]).update(
        user_id=bob.user.id, started_at=NOW, last_activity_at=NOW
    )
    removed = await expiry.remove_batch(window, selected, uuid.uuid4(), NOW)

    assert removed == []
    assert await owners(deals) == [bob.user.id]
    assert await inactivity_rows() == []
    assert await Notification.all().count() == 0


async def test_concurrent_sweeps_remove_once(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 12)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))

    first, second = await asyncio.gather(
        expiry.sweep(NOW, size=5), expiry.sweep(NOW, size=5)
    )

    assert first.removed + second.removed == 12
    assert sorted(row.record_id for row in await inactivity_rows()) == deals
    removed = await notices(anna.user, NotificationKind.REMOVED)
    assert sum(row.record_count for row in removed) == 12


async def test_large_sweep_goes_in_batches(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 12)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    outcome = await expiry.sweep(NOW, size=5)
    assert outcome.removed == 12
    assert await owners(deals) == [None] * 12
    removed = await notices(anna.user, NotificationKind.REMOVED)
    assert [row.record_count for row in removed] == [12]
    assert len(removed[0].records) == 5


async def test_stopped_sweep_resumes(make_caller) -> None:
    _, anna = await team(make_caller)
    setting = await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 8)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    window = expiry.Window(setting, before=NOW - timedelta(days=DAYS))
    first_batch = await expiry.candidate_ids(window, limit=3)
    await expiry.remove_batch(window, first_batch, uuid.uuid4(), NOW)

    outcome = await expiry.sweep(NOW)

    assert outcome.removed == 5
    assert sorted(row.record_id for row in await inactivity_rows()) == deals


async def test_required_role_reports_once(make_caller) -> None:
    boss, anna = await team(make_caller)
    await set_expiry(anna.account.id, required=True)
    deals = await insert_deals(anna.user, 2)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))

    first = await expiry.sweep(NOW)
    second = await expiry.sweep(NOW + timedelta(minutes=1))

    assert first.removed == 0
    assert first.reported == 2
    assert second.reported == 0
    assert await owners(deals) == [anna.user.id, anna.user.id]
    reports = await notices(boss.user, NotificationKind.REPORT_EXPIRED)
    assert len(reports) == 1
    assert reports[0].records_kept is True
    assert reports[0].record_count == 2
    assert await notices(anna.user, NotificationKind.REMOVED) == []


async def test_kept_and_removed_reported_apart(make_caller) -> None:
    boss, anna = await team(make_caller)
    await set_expiry(anna.account.id, required=True)
    await OwnershipSetting.filter(
        account_id=anna.account.id, record_type=RecordType.PERSON
    ).update(required=False, auto_remove_after_days=DAYS)
    deals = await insert_deals(anna.user, 2)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    create_person = 'mutation { createPerson(input: {name: "Pia"}) { id } }'
    await anna.data(create_person)
    await Assignment.filter(record_type=RecordType.PERSON).update(
        last_activity_at=NOW - timedelta(days=DAYS + 1)
    )

    await expiry.sweep(NOW)

    reports = await notices(boss.user, NotificationKind.REPORT_EXPIRED)
    kept = {report.records_kept: report.record_count for report in reports}
    assert kept == {True: 2, False: 1}


async def test_new_clock_reports_again(make_caller) -> None:
    boss, anna = await team(make_caller)
    await set_expiry(anna.account.id, required=True)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    await expiry.sweep(NOW)

    await activities.touch_clock(anna.user.id, RecordType.DEAL, deals[0], NOW)
    later = NOW + timedelta(days=DAYS + 1)
    assert (await expiry.sweep(later)).reported == 1
    assert len(await notices(boss.user, NotificationKind.REPORT_EXPIRED)) == 2


async def reported_clocks(record_ids: list[int]) -> list[datetime | None]:
    rows = Assignment.filter(record_type=RecordType.DEAL, record_id__in=record_ids)
    return list(
        await rows.order_by("record_id").values_list("reported_for_clock", flat=True)
    )


async def test_required_without_manager_waits(make_caller) -> None:
    boss = await make_caller("boss@acme.test", roles=("manager",))
    anna = await make_caller("anna@acme.test")
    await set_expiry(anna.account.id, required=True)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))

    assert (await expiry.sweep(NOW)).reported == 0
    assert await Notification.all().count() == 0
    assert await owners(deals) == [anna.user.id]
    assert await reported_clocks(deals) == [None]

    await User.filter(id=anna.user.id).update(manager_id=boss.user.id)
    assert (await expiry.sweep(NOW + timedelta(minutes=1))).reported == 1
    reports = await notices(boss.user, NotificationKind.REPORT_EXPIRED)
    assert [report.record_count for report in reports] == [1]


USER_DELETE = "mutation($u: ID!) { deleteUser(userId: $u) { transferred } }"
USER_RESTORE = "mutation($u: ID!) { restoreUser(userId: $u) { isDeleted } }"


async def test_deleted_manager_reported_after_restore(make_caller) -> None:
    admin = await make_caller("admin@acme.test", roles=("admin",))
    boss, anna = await team(make_caller)
    await set_expiry(anna.account.id, required=True)
    deals = await insert_deals(anna.user, 2)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    await admin.data(USER_DELETE, u=to_global_id("User", boss.user.id))

    first = await expiry.sweep(NOW)
    second = await expiry.sweep(NOW + timedelta(minutes=1))

    assert first.reported == 0
    assert second.reported == 0
    assert await Notification.filter(kind=NotificationKind.REPORT_EXPIRED).count() == 0
    assert await reported_clocks(deals) == [None, None]

    await admin.data(USER_RESTORE, u=to_global_id("User", boss.user.id))
    restored = await expiry.sweep(NOW + timedelta(minutes=2))
    again = await expiry.sweep(NOW + timedelta(minutes=3))

    assert restored.reported == 2
    assert again.reported == 0
    reports = await notices(boss.user, NotificationKind.REPORT_EXPIRED)
    assert [report.record_count for report in reports] == [2]
    assert None not in await reported_clocks(deals)


async def test_unreportable_batch_does_not_block(make_caller) -> None:
    """Expired assignments without a manager, oldest first, fill whole batches."""
    boss, anna = await team(make_caller)
    solo = await make_caller("solo@acme.test")
    await set_expiry(anna.account.id, required=True)
    solo_deals = await insert_deals(solo.user, 4)
    anna_deals = await insert_deals(anna.user, 3, prefix="Anna")
    await set_clocks(solo_deals, NOW - timedelta(days=DAYS + 5))
    await set_clocks(anna_deals, NOW - timedelta(days=DAYS + 1))

    outcome = await expiry.sweep(NOW, size=2)

    assert outcome.reported == 3
    assert await reported_clocks(solo_deals) == [None] * 4
    assert None not in await reported_clocks(anna_deals)
    reports = await notices(boss.user, NotificationKind.REPORT_EXPIRED)
    assert sum(report.record_count for report in reports) == 3


async def test_warning_sent_once(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id, warn=WARN_DAYS)
    deals = await insert_deals(anna.user, 3)
    clock = NOW - timedelta(days=DAYS - 2)
    await set_clocks(deals[:2], clock)
    await set_clocks(deals[2:], NOW - timedelta(days=DAYS - WARN_DAYS - 1))

    first = await expiry.sweep(NOW)
    second = await expiry.sweep(NOW + timedelta(hours=1))

    assert first.warned == 2
    assert second.warned == 0
    warnings = await notices(anna.user, NotificationKind.EXPIRY_WARNING)
    assert len(warnings) == 1
    assert warnings[0].record_count == 2
    assert warnings[0].expires_at == clock + timedelta(days=DAYS)
    assert await owners(deals) == [anna.user.id] * 3


async def test_new_clock_warns_again(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id, warn=WARN_DAYS)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=DAYS - 1))
    await expiry.sweep(NOW)

    await activities.touch_clock(anna.user.id, RecordType.DEAL, deals[0], NOW)
    assert (await expiry.sweep(NOW + timedelta(days=DAYS - 1))).warned == 1
    assert len(await notices(anna.user, NotificationKind.EXPIRY_WARNING)) == 2


async def test_concurrent_sweeps_warn_once(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id, warn=WARN_DAYS)
    deals = await insert_deals(anna.user, 7)
    await set_clocks(deals, NOW - timedelta(days=DAYS - 1))
    outcomes = await asyncio.gather(
        expiry.sweep(NOW, size=3), expiry.sweep(NOW, size=3)
    )
    assert sum(outcome.warned for outcome in outcomes) == 7
    warnings = await notices(anna.user, NotificationKind.EXPIRY_WARNING)
    assert sum(row.record_count for row in warnings) == 7


async def test_deleted_assignee_not_notified(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, NOW - timedelta(days=DAYS + 1))
    await User.filter(id=anna.user.id).update(deleted_at=NOW)
    assert (await expiry.sweep(NOW)).removed == 1
    assert await notices(anna.user, NotificationKind.REMOVED) == []


async def test_expiry_job_sweeps_now(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, utcnow() - timedelta(days=DAYS + 1))
    result = await expire_assignments({"job_id": "test-expiry"})
    assert result["removed"] == 1
    assert await owners(deals) == [None]


def test_cron_runs_every_n_minutes() -> None:
    assert expiry_cron(1).minute is None
    assert expiry_cron(15).minute == {0, 15, 30, 45}
    assert expiry_cron(15).second == 0


@pytest.mark.parametrize("minutes", [0, 61, -5, 7])
def test_cron_rejects_bad_interval(minutes: int) -> None:
    with pytest.raises(ValueError, match="STEWARD_EXPIRY_EVERY_MINUTES"):
        expiry_cron(minutes)


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def test_records_show_expiry_time(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    await insert_deals(None, 1, account_id=anna.account.id, prefix="Free")
    clock = utcnow() - timedelta(days=3)
    await set_clocks(deals, clock)
    rows = (await anna.data(DEALS))["deals"]["edges"]
    expires = {
        row["node"]["name"]: parse_time(row["node"]["assigneeExpiresAt"])
        for row in rows
    }
    assert expires == {"Deal 00000": clock + timedelta(days=DAYS), "Free 00000": None}


async def test_no_setting_no_expiry_time(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id, days=None)
    await insert_deals(anna.user, 1)
    rows = (await anna.data(DEALS))["deals"]["edges"]
    assert rows[0]["node"]["assigneeExpiresAt"] is None


async def seed_expiring(anna: Caller) -> list[int]:
    """Four deals of Anna with 1, 3, 10 and 40 days left, plus a free deal."""
    await set_expiry(anna.account.id, days=DAYS)
    deals = await insert_deals(anna.user, 4)
    now = utcnow()
    for record_id, days_left in zip(deals, (10, 1, 40, 3), strict=True):
        await set_clocks([record_id], now - timedelta(days=DAYS - days_left))
    await insert_deals(None, 1, account_id=anna.account.id, prefix="Free")
    return deals


async def test_filter_expiring_within_days(make_caller) -> None:
    _, anna = await team(make_caller)
    await seed_expiring(anna)
    found = await anna.data(DEALS, filter={"expiresWithinDays": 5})
    names = sorted(row["node"]["name"] for row in found["deals"]["edges"])
    assert names == ["Deal 00001", "Deal 00003"]
    assert found["deals"]["totalCount"] == 2


async def test_filter_without_setting_is_empty(make_caller) -> None:
    _, anna = await team(make_caller)
    await set_expiry(anna.account.id, days=None)
    await insert_deals(anna.user, 2)
    found = await anna.data(DEALS, filter={"expiresWithinDays": 3650})
    assert found["deals"]["totalCount"] == 0


@pytest.mark.parametrize("days", [-1, 3651])
async def test_filter_days_out_of_range(make_caller, days: int) -> None:
    _, anna = await team(make_caller)
    code = await anna.error_code(DEALS, filter={"expiresWithinDays": days})
    assert code == "VALIDATION"


async def test_sort_by_expiry_pages(make_caller) -> None:
    _, anna = await team(make_caller)
    await seed_expiring(anna)
    names: list[str] = []
    after = None
    for _ in range(5):
        page = (
            await anna.data(
                DEALS,
                orderBy={"field": "ASSIGNEE_EXPIRES_AT", "direction": "ASC"},
                first=2,
                after=after,
            )
        )["deals"]
        names += [row["node"]["name"] for row in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert names == [
        "Deal 00001",
        "Deal 00003",
        "Deal 00000",
        "Deal 00002",
        "Free 00000",
    ]


async def test_sort_by_expiry_descending(make_caller) -> None:
    _, anna = await team(make_caller)
    await seed_expiring(anna)
    page = await anna.data(
        DEALS, orderBy={"field": "ASSIGNEE_EXPIRES_AT", "direction": "DESC"}
    )
    names = [row["node"]["name"] for row in page["deals"]["edges"]]
    assert names == [
        "Deal 00002",
        "Deal 00000",
        "Deal 00003",
        "Deal 00001",
        "Free 00000",
    ]


async def test_user_global_id_in_report(make_caller) -> None:
    boss, anna = await team(make_caller)
    await set_expiry(anna.account.id)
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, utcnow() - timedelta(days=DAYS + 1))
    await expiry.sweep(utcnow())
    query = "{ notifications { edges { node { kind assignee { id } recordIds } } } }"
    edges = (await boss.data(query))["notifications"]["edges"]
    assert edges[0]["node"] == {
        "kind": "REPORT_EXPIRED",
        "assignee": {"id": to_global_id("User", anna.user.id)},
        "recordIds": [to_global_id("Deal", deals[0])],
    }


UPDATE_SETTINGS = """
mutation($days: Int, $warn: Int) {
  updateOwnershipSettings(
    recordType: "deal", objectRole: "owner", required: false,
    autoRemoveAfterDays: $days, warnBeforeDays: $warn
  ) { settings { autoRemoveAfterDays autoRemoveSince } }
}
"""


async def set_expiry_as_admin(
    admin: Caller, days: int | None, warn: int | None
) -> datetime | None:
    """Change the deals' Owner settings through the API; return autoRemoveSince."""
    data = await admin.data(UPDATE_SETTINGS, days=days, warn=warn)
    return parse_time(data["updateOwnershipSettings"]["settings"]["autoRemoveSince"])


async def test_new_rule_warns_before_removing(make_caller) -> None:
    _, anna = await team(make_caller)
    admin = await make_caller("ada@acme.test", roles=("admin",))
    deals = await insert_deals(anna.user, 2)
    await set_clocks(deals, utcnow() - timedelta(days=365))

    since = await set_expiry_as_admin(admin, DAYS, WARN_DAYS)
    assert since is not None
    first = await expiry.sweep(utcnow())
    warning_time = since + timedelta(days=DAYS - WARN_DAYS, seconds=1)
    second = await expiry.sweep(warning_time)

    assert (first.removed, first.warned) == (0, 0)
    assert (second.removed, second.warned) == (0, 2)
    assert await owners(deals) == [anna.user.id, anna.user.id]
    warnings = await notices(anna.user, NotificationKind.EXPIRY_WARNING)
    assert [notice.expires_at for notice in warnings] == [since + timedelta(days=DAYS)]
    rows = (await anna.data(DEALS))["deals"]["edges"]
    deadlines = {parse_time(row["node"]["assigneeExpiresAt"]) for row in rows}
    assert deadlines == {since + timedelta(days=DAYS)}

    before_deadline = await expiry.sweep(since + timedelta(days=DAYS))
    after_deadline = await expiry.sweep(since + timedelta(days=DAYS, seconds=1))

    assert before_deadline.removed == 0
    assert after_deadline.removed == 2
    assert await owners(deals) == [None, None]


async def test_new_rule_without_warning_waits(make_caller) -> None:
    _, anna = await team(make_caller)
    admin = await make_caller("ada@acme.test", roles=("admin",))
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, utcnow() - timedelta(days=365))

    since = await set_expiry_as_admin(admin, DAYS, None)

    assert (await expiry.sweep(utcnow() + timedelta(days=DAYS - 1))).removed == 0
    assert (await expiry.sweep(since + timedelta(days=DAYS, seconds=1))).removed == 1


async def test_only_shorter_period_restarts(make_caller) -> None:
    _, anna = await team(make_caller)
    admin = await make_caller("ada@acme.test", roles=("admin",))

    first = await set_expiry_as_admin(admin, DAYS, None)
    longer = await set_expiry_as_admin(admin, DAYS + 10, None)
    shorter = await set_expiry_as_admin(admin, DAYS, None)
    off = await set_expiry_as_admin(admin, None, None)

    assert longer == first
    assert shorter is not None
    assert shorter > first
    assert off == shorter


async def test_new_rule_expiring_filter(make_caller) -> None:
    _, anna = await team(make_caller)
    admin = await make_caller("ada@acme.test", roles=("admin",))
    deals = await insert_deals(anna.user, 1)
    await set_clocks(deals, utcnow() - timedelta(days=365))
    await set_expiry_as_admin(admin, DAYS, None)

    soon = {"expiresWithinDays": DAYS - 1}
    later = {"expiresWithinDays": DAYS + 1}

    assert (await anna.data(DEALS, filter=soon))["deals"]["totalCount"] == 0
    assert (await anna.data(DEALS, filter=later))["deals"]["totalCount"] == 1


async def test_longer_period_warns_again(make_caller) -> None:
    _, anna = await team(make_caller)
    admin = await make_caller("ada@acme.test", roles=("admin",))
    deals = await insert_deals(anna.user, 1)
    now = utcnow()
    await set_expiry_as_admin(admin, 10, 3)
    # The rule and the clock as if both were set long ago.
    await OwnershipSetting.filter(account_id=anna.account.id).update(
        auto_remove_since=now - timedelta(days=100)
    )
    await set_clocks(deals, now - timedelta(days=9))
    first = await expiry.sweep(now)

    await set_expiry_as_admin(admin, 30, 3)
    quiet = await expiry.sweep(now + timedelta(days=10))
    second = await expiry.sweep(now + timedelta(days=19))

    assert first.warned == 1
    assert quiet.warned == 0
    assert second.warned == 1
    warnings = await notices(anna.user, NotificationKind.EXPIRY_WARNING)
    deadlines = sorted(notice.expires_at for notice in warnings)
    assert deadlines[-1] == now - timedelta(days=9) + timedelta(days=30)
