"""Ownership statistics per assignee, and the setting that shows deleted users."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from models import Account, Deal, OwnershipSetting, User
from schema.ids import to_global_id
from steward.importer import ImportReport
from tests.bulk_operations import DEFINE_ROLE, bulk_change, bulk_input
from tests.conftest import Caller, copy_database
from tests.test_importer import csv_rows, imported_demo  # noqa: F401

ADMIN_EMAIL = "admin@demo.steward.test"

CREATE_DEAL = """
mutation($n: String!, $s: DealStage!, $v: Decimal, $o: ID) {
  createDeal(input: {name: $n, stage: $s, value: $v, ownerId: $o}) { id }
}
"""
STATS = """
query($t: RecordType!, $f: RecordFilter, $r: String) {
  ownershipStats(recordType: $t, filter: $f, objectRole: $r) {
    user { name isDeleted } deletedUsers
    records openDeals wonDeals wonValue lostDeals lostValue
  }
}
"""
DELETE = "mutation($u: ID!) { deleteUser(userId: $u) { kept } }"
DEALS = "query($f: DealFilter) { deals(filter: $f) { totalCount } }"


DELETED_USERS = "(deleted users)"


def by_name(rows: list[dict]) -> dict[str | None, dict]:
    """Key rows by user name, DELETED_USERS, or None for free records."""
    keyed: dict[str | None, dict] = {}
    for row in rows:
        if row["deletedUsers"]:
            key = DELETED_USERS
        else:
            key = row["user"]["name"] if row["user"] else None
        assert key not in keyed, f"two rows for {key}"
        keyed[key] = row
    return keyed


async def seed(make_caller) -> tuple[Caller, Caller, Caller]:
    admin = await make_caller("admin@acme.test", roles=("admin",))
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    deals = [
        (bob, "Won A", "WON", "100.50"),
        (bob, "Won B", "WON", "20"),
        (bob, "Lost A", "LOST", "7"),
        (bob, "Open A", "ENGAGING", None),
        (carol, "Won C", "WON", "5"),
        (carol, "Open B", "PROSPECTING", None),
    ]
    for caller, name, stage, value in deals:
        await caller.data(CREATE_DEAL, n=name, s=stage, v=value)
    return admin, bob, carol


async def test_stats_group_deals_by_owner(make_caller) -> None:
    admin, _, _ = await seed(make_caller)
    rows = by_name((await admin.data(STATS, t="DEAL"))["ownershipStats"])
    assert rows["Bob"]["records"] == 4
    assert rows["Bob"]["wonDeals"] == 2
    assert Decimal(rows["Bob"]["wonValue"]) == Decimal("120.50")
    assert rows["Bob"]["lostDeals"] == 1
    assert Decimal(rows["Bob"]["lostValue"]) == Decimal("7")
    # Values read as the lists show them, with two decimal places.
    assert rows["Bob"]["lostValue"] == "7.00"
    assert rows["Bob"]["openDeals"] == 1
    assert rows["Carol"]["records"] == 2
    assert rows[None]["records"] == 0
    # The row of free records counts nothing here, and its sums read as 0.00 too.
    assert rows[None]["wonValue"] == "0.00"
    assert rows[None]["lostValue"] == "0.00"


async def test_stats_have_no_open_value(make_caller) -> None:
    """Open deals carry no value, so a sum of their values would always be 0."""
    admin, _, _ = await seed(make_caller)
    query = "{ ownershipStats(recordType: DEAL) { openValue } }"

    body = await admin.execute(query)

    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "openValue" in body["errors"][0]["message"]


async def test_stats_follow_the_filter(make_caller) -> None:
    admin, _, _ = await seed(make_caller)
    rows = by_name(
        (await admin.data(STATS, t="DEAL", f={"stages": ["WON"]}))["ownershipStats"]
    )
    assert rows["Bob"]["records"] == 2
    assert rows["Carol"]["records"] == 1
    searched = by_name(
        (await admin.data(STATS, t="DEAL", f={"search": "open"}))["ownershipStats"]
    )
    assert searched["Bob"]["records"] == 1
    assert searched["Carol"]["records"] == 1


async def test_stats_count_free_records(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)

    await OwnershipSetting.filter(account_id=admin.account.id).update(required=False)
    await admin.data(CREATE_DEAL, n="Nobody's", s="PROSPECTING", o=None)
    rows = by_name((await admin.data(STATS, t="DEAL"))["ownershipStats"])
    assert rows[None]["records"] == 1
    assert rows[None]["openDeals"] == 1


async def test_deleted_owner_hidden_by_default(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    await admin.data(DELETE, u=to_global_id("User", bob.user.id))

    listed = await admin.data(STATS, t="DEAL")
    rows = by_name(listed["ownershipStats"])
    assert "Bob" not in rows
    assert rows[DELETED_USERS]["user"] is None
    assert rows[DELETED_USERS]["records"] == 4
    assert rows[DELETED_USERS]["wonDeals"] == 2
    assert Decimal(rows[DELETED_USERS]["wonValue"]) == Decimal("120.50")
    assert sum(row["records"] for row in listed["ownershipStats"]) == 6
    assert [row["deletedUsers"] for row in listed["ownershipStats"]][-2:] == [
        True,
        False,
    ]
    assert (await admin.data(DEALS))["deals"]["totalCount"] == 2
    owner_filter = {"owner": {"userIds": [to_global_id("User", bob.user.id)]}}
    assert await admin.error_code(STATS, t="DEAL", f=owner_filter) == "VALIDATION"


async def test_deleted_row_only_when_needed(make_caller) -> None:
    admin, _, _ = await seed(make_caller)
    rows = by_name((await admin.data(STATS, t="DEAL"))["ownershipStats"])
    assert DELETED_USERS not in rows
    assert sum(row["records"] for row in rows.values()) == 6


async def test_deleted_co_owner_counted(make_caller) -> None:
    admin, bob, carol = await seed(make_caller)
    co_owner = {"key": "co_owner", "name": "Co-owner", "recordTypes": ["DEAL"]}
    await admin.data(DEFINE_ROLE, input=co_owner)
    carols = await Deal.filter(
        account_id=admin.account.id, name__in=["Won C", "Open B"]
    ).values_list("id", flat=True)
    await bulk_change(carol, **bulk_input(list(carols), bob), objectRole="co_owner")
    await admin.data(DELETE, u=to_global_id("User", bob.user.id))

    listed = await admin.data(STATS, t="DEAL", r="co_owner")

    rows = by_name(listed["ownershipStats"])
    assert rows[DELETED_USERS]["records"] == 2
    assert rows[None]["records"] == 4
    assert sum(row["records"] for row in listed["ownershipStats"]) == 6


async def test_deleted_owner_shown_when_enabled(make_caller) -> None:
    admin, bob, _ = await seed(make_caller)
    await admin.data(DELETE, u=to_global_id("User", bob.user.id))
    await Account.filter(id=admin.account.id).update(show_deleted_users_in_filters=True)

    rows = by_name((await admin.data(STATS, t="DEAL"))["ownershipStats"])
    assert rows["Bob"]["records"] == 4
    assert rows["Bob"]["user"]["isDeleted"] is True
    owner_filter = {"owner": {"userIds": [to_global_id("User", bob.user.id)]}}
    filtered = by_name(
        (await admin.data(STATS, t="DEAL", f=owner_filter))["ownershipStats"]
    )
    assert filtered["Bob"]["records"] == 4


async def test_stats_bad_inputs(make_caller) -> None:
    admin, _, _ = await seed(make_caller)
    assert await admin.error_code(STATS, t="DEAL", r="nope") == "VALIDATION"
    assert await admin.error_code(STATS, t="COMPANY", f={"stages": ["WON"]}) == (
        "VALIDATION"
    )
    assert await admin.error_code(
        STATS, t="DEAL", f={"owner": {"userIds": ["garbage"]}}
    ) == ("NOT_FOUND")
    unknown_company = {"companyId": to_global_id("Company", 999_999)}
    assert await admin.error_code(STATS, t="DEAL", f=unknown_company) == "NOT_FOUND"


class TestDemoStatistics:
    """Statistics of the imported public data set against counts from its CSV."""

    @pytest.fixture
    def database_url(
        self,
        tmp_path: Path,
        imported_demo: tuple[str, ImportReport],  # noqa: F811
        request: pytest.FixtureRequest,
    ) -> Iterator[str]:
        yield from copy_database(imported_demo[0], tmp_path, request)

    @staticmethod
    def expected_per_agent() -> dict[str, dict[str, Decimal]]:
        totals: dict[str, dict[str, Decimal]] = defaultdict(
            lambda: defaultdict(Decimal)
        )
        for row in csv_rows("sales_pipeline.csv"):
            agent = totals[row["sales_agent"]]
            agent["records"] += 1
            stage = row["deal_stage"]
            if stage in ("Prospecting", "Engaging"):
                agent["openDeals"] += 1
            else:
                key = "wonDeals" if stage == "Won" else "lostDeals"
                agent[key] += 1
                value_key = "wonValue" if stage == "Won" else "lostValue"
                agent[value_key] += Decimal(row["close_value"] or 0)
        return totals

    async def test_stats_match_the_csv(
        self, client: httpx.AsyncClient, app: Starlette
    ) -> None:
        account = await Account.get(slug="demo")
        admin = await User.get(account_id=account.id, email=ADMIN_EMAIL)
        token, _ = app.state.services.tokens.issue(admin)
        caller = Caller(client, admin, account, token)

        rows = by_name((await caller.data(STATS, t="DEAL"))["ownershipStats"])
        expected = self.expected_per_agent()
        agents_with_deals = {name for name in rows if name is not None}
        assert agents_with_deals == set(expected)
        for name, counts in expected.items():
            for key, value in counts.items():
                assert Decimal(str(rows[name][key])) == value, (name, key)
        assert rows[None]["records"] == 0

    async def test_stats_filter_by_stage(
        self, client: httpx.AsyncClient, app: Starlette
    ) -> None:
        account = await Account.get(slug="demo")
        admin = await User.get(account_id=account.id, email=ADMIN_EMAIL)
        token, _ = app.state.services.tokens.issue(admin)
        caller = Caller(client, admin, account, token)

        rows = by_name(
            (await caller.data(STATS, t="DEAL", f={"stages": ["WON"]}))[
                "ownershipStats"
            ]
        )
        won = Counter(
            row["sales_agent"]
            for row in csv_rows("sales_pipeline.csv")
            if row["deal_stage"] == "Won"
        )
        assert sum(row["records"] for row in rows.values()) == 4238
        for name, count in won.items():
            assert rows[name]["records"] == count, name
