"""Importing the CRM Sales Opportunities data set, and the `steward` command line."""

import asyncio
import csv
import io
import json
import logging
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from tortoise.functions import Count

from models import (
    Account,
    Assignment,
    AssignmentReason,
    Company,
    Deal,
    OwnershipHistory,
    RecordType,
    User,
)
from policy import PolicyEngine
from policy.watcher import CHANNEL
from steward import db
from steward.auth import verify_password
from steward.cli import format_import_report, main
from steward.clock import utcnow
from steward.csv_rows import SkippedRow
from steward.errors import ValidationFailed
from steward.importer import (
    DEMO_PASSWORD,
    ImportOptions,
    ImportReport,
    import_crm_sales_opportunities,
)
from tests.conftest import (
    TEMPLATE,
    TEST_DATABASE,
    _database_url,
    _execute_postgres,
    copy_database,
)

DEMO = Path(__file__).resolve().parent.parent / "demo" / "crm-sales-opportunities"
DEMO_TEMPLATE = f"{TEMPLATE}_demo"
DEALS = "query($f: DealFilter) { deals(filter: $f) { totalCount } }"
LOGIN = (
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
)


def csv_rows(file: str) -> list[dict[str, str]]:
    with (DEMO / file).open(newline="") as stream:
        return list(csv.DictReader(stream))


def deals_per_agent() -> Counter[str]:
    return Counter(row["sales_agent"] for row in csv_rows("sales_pipeline.csv"))


async def import_into(url: str) -> ImportReport:
    await db.connect(url)
    try:
        return await import_crm_sales_opportunities(PolicyEngine(), DEMO)
    finally:
        await db.disconnect()


@pytest.fixture(scope="session")
def imported_demo(
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: str,
    request: pytest.FixtureRequest,
) -> tuple[str, ImportReport]:
    """Import the demo data once into a copy of the migrated database."""
    if TEST_DATABASE == "postgres":
        server_url = request.getfixturevalue("postgres_url")
        for statement in (
            f"DROP DATABASE IF EXISTS {DEMO_TEMPLATE}",
            f"CREATE DATABASE {DEMO_TEMPLATE} TEMPLATE {TEMPLATE}",
        ):
            asyncio.run(_execute_postgres(server_url, statement))
        url = _database_url(server_url, DEMO_TEMPLATE)
    else:
        path = tmp_path_factory.mktemp("demo") / "steward.sqlite3"
        shutil.copyfile(migrated_template.removeprefix("sqlite://"), path)
        url = f"sqlite://{path}"
    return url, asyncio.run(import_into(url))


class TestDemoImport:
    """Each test gets its own copy of the database with the demo data imported."""

    @pytest.fixture
    def database_url(
        self,
        tmp_path: Path,
        imported_demo: tuple[str, ImportReport],
        request: pytest.FixtureRequest,
    ) -> Iterator[str]:
        yield from copy_database(imported_demo[0], tmp_path, request)

    def test_report_counts_created_rows(
        self, imported_demo: tuple[str, ImportReport]
    ) -> None:
        report = imported_demo[1]
        assert report.account_created
        assert report.companies.created == 85
        assert report.users.created == 42
        assert report.deals.created == 8800
        assert report.skipped == []
        assert report.renamed_products == {("GTXPro", "GTX Pro"): 1480}

    async def test_companies_owned_by_busiest_agent(
        self, database: None, imported_demo: tuple[str, ImportReport]
    ) -> None:
        assert imported_demo[1].companies_owned == 85
        company = await Company.get(name="Isdom")
        deals = await Deal.filter(company_id=company.id).values_list("id", flat=True)
        owners = Counter(
            await Assignment.filter(
                record_type=RecordType.DEAL, record_id__in=list(deals)
            ).values_list("user_id", flat=True)
        )
        top = max(owners.values())
        owner = await Assignment.get(
            record_type=RecordType.COMPANY, record_id=company.id
        )
        assert owners[owner.user_id] == top
        history = OwnershipHistory.filter(record_type=RecordType.COMPANY)
        assert await history.count() == 85
        batches = await history.distinct().values_list("batch_id", flat=True)
        assert batches == [imported_demo[1].batch_id]

    def test_every_company_has_owner(
        self, imported_demo: tuple[str, ImportReport]
    ) -> None:
        assert imported_demo[1].companies_without_owner == 0

    async def test_companies_keep_parents(self, database: None) -> None:
        assert await Company.all().count() == 85
        assert await Company.filter(parent_id__isnull=False).count() == 15
        bluth = await Company.get(name="Bluth Company").prefetch_related("parent")
        assert bluth.parent is not None
        assert bluth.parent.name == "Acme Corporation"
        assert bluth.sector == "technolgy"
        assert str(bluth.revenue) == "1242.32"
        assert bluth.employees == 3027
        assert bluth.year_established == 1993

    async def test_users_get_their_roles(self, policy: PolicyEngine) -> None:
        account = await Account.get(slug="demo")
        roles = Counter()
        for user in await User.filter(account_id=account.id):
            roles.update(await policy.user_roles(account.id, user.id))
        assert roles == {"salesperson": 35, "manager": 6, "admin": 1}
        assert await User.filter(account_id=account.id).count() == 42

    async def test_agents_report_to_managers(self, database: None) -> None:
        for row in csv_rows("sales_teams.csv"):
            agent = await User.get(name=row["sales_agent"]).prefetch_related("manager")
            assert agent.manager is not None, row
            assert agent.manager.name == row["manager"]
            assert agent.regional_office == row["regional_office"]
            assert agent.email.endswith("@demo.steward.test")
        johns = await User.get(name="Mei-Mei Johns")
        assert johns.email == "meimei.johns@demo.steward.test"
        manager = await User.get(name="Dustin Brinkmann")
        assert manager.regional_office == "Central"
        assert manager.manager_id is None

    async def test_deals_owned_by_agents(self, database: None) -> None:
        rows = (
            await Assignment.filter(record_type=RecordType.DEAL)
            .annotate(deals=Count("id"))
            .group_by("user__name")
            .values_list("user__name", "deals")
        )
        owned = dict(rows)
        assert owned == dict(deals_per_agent())
        agents = {row["sales_agent"] for row in csv_rows("sales_teams.csv")}
        assert len(agents - set(owned)) == 5

    async def test_deals_match_the_file(self, database: None) -> None:
        assert await Deal.all().count() == 8800
        assert await Deal.filter(company_id__isnull=True).count() == 1425
        stages = dict(
            await Deal.annotate(deals=Count("id"))
            .group_by("stage")
            .values_list("stage", "deals")
        )
        assert stages == {
            "Prospecting": 500,
            "Engaging": 1589,
            "Won": 4238,
            "Lost": 2473,
        }
        assert await Deal.filter(product="GTXPro").count() == 0
        assert await Deal.filter(product="GTX Pro").count() == 1480

    async def test_deal_fields_are_loaded(self, database: None) -> None:
        won = await Deal.get(external_id="Z063OYW0").prefetch_related("company")
        assert won.name == "GTX Pro for Isdom"
        assert won.company.name == "Isdom"
        assert str(won.engage_date) == "2016-10-25"
        assert str(won.close_date) == "2017-03-11"
        assert str(won.value) == "4514.00"
        assert won.created_by_id is None
        free = await Deal.filter(company_id__isnull=True).first()
        assert free is not None
        assert free.name == f"{free.product} ({free.external_id})"
        assert free.value is None

    async def test_history_has_one_batch(
        self, database: None, imported_demo: tuple[str, ImportReport]
    ) -> None:
        history = OwnershipHistory.filter(record_type=RecordType.DEAL)
        assert await history.count() == 8800
        assert await history.filter(reason=AssignmentReason.IMPORT).count() == 8800
        assert await history.filter(actor_id__isnull=False).count() == 0
        assert await history.filter(previous_user_id__isnull=False).count() == 0
        batches = await history.distinct().values_list("batch_id", flat=True)
        assert [str(batch) for batch in batches] == [str(imported_demo[1].batch_id)]

    async def test_rerun_creates_nothing(self, database: None) -> None:
        report = await import_crm_sales_opportunities(PolicyEngine(), DEMO)
        assert not report.account_created
        assert (report.companies.created, report.companies.existing) == (0, 85)
        assert (report.users.created, report.users.existing) == (0, 42)
        assert (report.deals.created, report.deals.existing) == (0, 8800)
        assert report.renamed_products == {}
        assert report.companies_owned == 0
        assert await Deal.all().count() == 8800
        assert await OwnershipHistory.all().count() == 8800 + 85
        assert await Account.all().count() == 1

    async def test_agent_sees_own_deals(self, client: httpx.AsyncClient) -> None:
        agent = "Darcel Schlecht"
        response = await client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {
                    "e": "darcel.schlecht@demo.steward.test",
                    "p": DEMO_PASSWORD,
                },
            },
        )
        body = response.json()
        assert "errors" not in body, body
        token = body["data"]["login"]["token"]

        response = await client.post(
            "/graphql",
            json={"query": DEALS, "variables": {"f": {"owner": {"me": True}}}},
            headers={"Authorization": f"Bearer {token}"},
        )
        body = response.json()
        assert "errors" not in body, body
        assert body["data"]["deals"]["totalCount"] == deals_per_agent()[agent]


ACCOUNTS_CSV = """\
account,sector,year_established,revenue,employees,office_location,subsidiary_of
Acme,technolgy,1996,1100.04,2822,United States,
Beta,medical,nineteen,251.41,495,United States,
Gamma,retail,2001,10,5,Kenya,Beta
Delta,retail,2001,10,5,Kenya,Acme
Acme,software,1990,1,1,Chile,
"""
PRODUCTS_CSV = """\
product,series,sales_price
GTX Pro,GTX,4821
MG Special,MG,55
"""
SALES_TEAMS_CSV = """\
sales_agent,manager,regional_office
Ann Lee,Max Boss,East
Bo Chen,Max Boss,East
Ann Lee,Max Boss,West
,Max Boss,East
"""
PIPELINE_CSV = """\
opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
D1,Ann Lee,GTXPro,Acme,Won,2016-10-20,2017-03-01,1054
D2,Bo Chen,MG Special,,Prospecting,,,
D3,Nobody Here,MG Special,Acme,Won,2016-10-20,2017-03-01,5
D4,Ann Lee,MG Special,Acme,Won,2016-13-45,2017-03-01,5
D5,Ann Lee,MG Special,Acme,Closed,2016-10-20,,
D1,Bo Chen,MG Special,Delta,Engaging,2016-10-20,,
D6,Ann Lee,Widget,Acme,Engaging,2016-10-20,,
D7,Ann Lee,MG Special,Gamma,Engaging,2016-10-20,,
D8,Ann Lee,MG Special,Delta,Won,2016-10-20,2017-01-01,12.345
D9,Bo Chen,MG Special,Delta,Engaging,2016-10-20,,,extra
D10,Bo Chen,MG Special,Delta,Engaging,2016-10-20,,
"""
EXPECTED_SKIPPED = [
    SkippedRow("accounts.csv", 3, "year_established 'nineteen' is not a whole number"),
    SkippedRow(
        "accounts.csv", 4, "subsidiary_of 'Beta' is an unknown or skipped account"
    ),
    SkippedRow("accounts.csv", 6, "account 'Acme' repeats line 2"),
    SkippedRow("sales_teams.csv", 4, "sales_agent 'Ann Lee' repeats line 2"),
    SkippedRow("sales_teams.csv", 5, "sales_agent is empty"),
    SkippedRow(
        "sales_pipeline.csv",
        4,
        "sales_agent 'Nobody Here' is an unknown or skipped sales agent",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        5,
        "engage_date '2016-13-45' is not an ISO 8601 date such as 2016-10-20",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        6,
        "deal_stage 'Closed' is not one of Prospecting, Engaging, Won, Lost",
    ),
    SkippedRow("sales_pipeline.csv", 7, "opportunity_id 'D1' repeats line 2"),
    SkippedRow("sales_pipeline.csv", 8, "product 'Widget' is not in products.csv"),
    SkippedRow(
        "sales_pipeline.csv", 9, "account 'Gamma' is an unknown or skipped account"
    ),
    SkippedRow(
        "sales_pipeline.csv",
        10,
        "'close_value' has more than 2 decimal places, got 12.345.",
    ),
    SkippedRow("sales_pipeline.csv", 11, "has 9 fields, the header 8"),
]


def write_data_set(folder: Path, **replaced: str) -> Path:
    """Write the crafted data set, with files named in `replaced` changed."""
    files = {
        "accounts.csv": ACCOUNTS_CSV,
        "products.csv": PRODUCTS_CSV,
        "sales_teams.csv": SALES_TEAMS_CSV,
        "sales_pipeline.csv": PIPELINE_CSV,
        **{f"{name}.csv": text for name, text in replaced.items()},
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def demo_copy(folder: Path) -> Path:
    shutil.copytree(DEMO, folder)
    return folder


async def table_counts() -> tuple[int, ...]:
    return (
        await Account.all().count(),
        await User.all().count(),
        await Company.all().count(),
        await Deal.all().count(),
        await OwnershipHistory.all().count(),
    )


async def test_bad_rows_are_skipped(database: None, tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "crafted")
    options = ImportOptions(account_slug="crafted")

    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    assert report.skipped == EXPECTED_SKIPPED
    assert report.companies.created == 2
    assert report.users.created == 4
    assert report.deals.created == 3
    assert report.renamed_products == {("GTXPro", "GTX Pro"): 1}


async def test_nul_character_row_skipped(database: None, tmp_path: Path) -> None:
    teams = SALES_TEAMS_CSV + "Nu\x00ll Agent,Max Boss,East\n"
    folder = write_data_set(tmp_path / "crafted", sales_teams=teams)
    options = ImportOptions(account_slug="crafted")

    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    line = SALES_TEAMS_CSV.count("\n") + 1
    reason = "contains a NUL character; remove it"
    assert SkippedRow("sales_teams.csv", line, reason) in report.skipped
    assert report.users.created == 4


async def test_companies_without_deals_counted(
    database: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    accounts = ACCOUNTS_CSV + "Lonely Inc,retail,2001,10,5,Kenya,\n"
    folder = write_data_set(tmp_path / "crafted", accounts=accounts)
    options = ImportOptions(account_slug="crafted")

    with caplog.at_level(logging.WARNING, logger="steward.importer"):
        report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)
        rerun = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    assert report.companies_owned == 2
    assert report.companies_without_owner == 1
    assert rerun.companies_without_owner == 1
    lonely = await Company.get(name="Lonely Inc")
    owners = Assignment.filter(record_type=RecordType.COMPANY, record_id=lonely.id)
    assert await owners.count() == 0
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2
    assert warnings[0].startswith(
        "account crafted has 1 company without an owner, because none of their "
        "deals in the file names a sales agent who is not deleted, such as "
        "'Lonely Inc';"
    )
    assert (
        "companies without an owner: 1; give them owners with changeOwner or "
        "bulkChangeOwner"
    ) in format_import_report(report).splitlines()


async def test_good_rows_are_loaded(database: None, tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "crafted")
    options = ImportOptions(account_slug="crafted", admin_email="Root@Example.test")

    await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    deals = await Deal.all().order_by("id").values_list("external_id", flat=True)
    assert deals == ["D1", "D2", "D10"]
    owners = await Assignment.filter(record_type=RecordType.DEAL).values_list(
        "user__name", flat=True
    )
    assert sorted(owners) == ["Ann Lee", "Bo Chen", "Bo Chen"]
    delta = await Company.get(name="Delta").prefetch_related("parent")
    assert delta.parent is not None
    assert delta.parent.name == "Acme"
    emails = await User.all().order_by("email").values_list("email", flat=True)
    assert emails == [
        "ann.lee@crafted.steward.test",
        "bo.chen@crafted.steward.test",
        "max.boss@crafted.steward.test",
        "root@example.test",
    ]


async def test_fixed_rows_load_on_rerun(database: None, tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "crafted")
    options = ImportOptions(account_slug="crafted")
    await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    fixed = PIPELINE_CSV.replace("2016-13-45", "2016-12-05")
    write_data_set(folder, sales_pipeline=fixed)
    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    assert report.deals.created == 1
    assert report.deals.existing == 3
    assert report.users.created == 0
    assert len(report.skipped) == len(EXPECTED_SKIPPED) - 1
    assert await Deal.filter(external_id="D4").count() == 1


# Rows that break a rule of createCompany or createDeal, each with the reason
# the import gives. The first row of each file is valid.
RULE_ACCOUNTS_CSV = f"""\
account,sector,year_established,revenue,employees,office_location,subsidiary_of
Acme,technolgy,1996,1100.04,2822,United States,
Old Inc,retail,999,10,5,Kenya,
Future Inc,retail,99999,10,5,Kenya,
Negative Inc,retail,2001,-1,5,Kenya,
Huge Inc,retail,2001,1e12,5,Kenya,
Unknown Inc,retail,2001,NaN,5,Kenya,
Shrinking Inc,retail,2001,10,-5,Kenya,
{"n" * 201},retail,2001,10,5,Kenya,
Sector Inc,{"s" * 101},2001,10,5,Kenya,
"""
RULE_PIPELINE_CSV = """\
opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
D1,Ann Lee,MG Special,Acme,Won,2016-10-20,2017-03-01,5
D2,Ann Lee,MG Special,Acme,Engaging,2016-10-20,,100
D3,Ann Lee,MG Special,Acme,Prospecting,,,0
D4,Ann Lee,MG Special,Acme,Won,2017-03-02,2017-03-01,5
D5,Ann Lee,MG Special,Acme,Lost,2016-10-20,2017-03-01,-5
D6,Ann Lee,MG Special,Acme,Won,2016-1-5,2017-03-01,5
D7,Ann Lee,MG Special,Acme,Won,2016-10-20,2017-03-01,1000000000000
D8,Ann Lee,MG Special,Acme,Won,2016-10-20,9999-12-31,5
D9,Ann Lee,MG Special,Acme,Lost,1899-12-31,2017-03-01,0
"""
this_year = utcnow().year
RULE_SKIPPED = [
    SkippedRow(
        "accounts.csv",
        3,
        f"'year_established' must be between 1000 and {this_year + 1}, got 999.",
    ),
    SkippedRow(
        "accounts.csv",
        4,
        f"'year_established' must be between 1000 and {this_year + 1}, got 99999.",
    ),
    SkippedRow("accounts.csv", 5, "'revenue' must not be negative, got -1."),
    SkippedRow("accounts.csv", 6, "'revenue' must be below 1000000000000, got 1E+12."),
    SkippedRow("accounts.csv", 7, "'revenue' must be a finite number, got NaN."),
    SkippedRow("accounts.csv", 8, "'employees' must not be negative, got -5."),
    SkippedRow("accounts.csv", 9, "'account' is longer than 200 characters."),
    SkippedRow("accounts.csv", 10, "'sector' is longer than 100 characters."),
    SkippedRow(
        "sales_pipeline.csv",
        3,
        "'close_value' must be null while the deal is open, but the stage is "
        "ENGAGING and the value 100; set the stage to WON or LOST, or clear "
        "'close_value'.",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        4,
        "'close_value' must be null while the deal is open, but the stage is "
        "PROSPECTING and the value 0; set the stage to WON or LOST, or clear "
        "'close_value'.",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        5,
        "'close_date' 2017-03-01 is before 'engage_date' 2017-03-02; a deal "
        "closes on or after the day it was engaged.",
    ),
    SkippedRow("sales_pipeline.csv", 6, "'close_value' must not be negative, got -5."),
    SkippedRow(
        "sales_pipeline.csv",
        7,
        "engage_date '2016-1-5' is not an ISO 8601 date such as 2016-10-20",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        8,
        "'close_value' must be below 1000000000000, got 1000000000000.",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        9,
        "'close_date' 9999-12-31 is out of range; give a date from 1900-01-01 to "
        "2200-12-31.",
    ),
    SkippedRow(
        "sales_pipeline.csv",
        10,
        "'engage_date' 1899-12-31 is out of range; give a date from 1900-01-01 to "
        "2200-12-31.",
    ),
]


async def test_rows_follow_the_api_rules(database: None, tmp_path: Path) -> None:
    folder = write_data_set(
        tmp_path / "crafted",
        accounts=RULE_ACCOUNTS_CSV,
        sales_pipeline=RULE_PIPELINE_CSV,
    )
    options = ImportOptions(account_slug="crafted")

    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    skipped = [row for row in report.skipped if row.file != "sales_teams.csv"]
    assert skipped == RULE_SKIPPED
    assert await Company.all().values_list("name", flat=True) == ["Acme"]
    assert await Deal.all().values_list("external_id", flat=True) == ["D1"]


# Account names that display like another name or break the text around them,
# each with the character the import names.
HIDDEN_NAME_ACCOUNTS = {
    "Esc\x1b[31mRed": "U+001B",
    "Evil\u202eCorp": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "Tab\x7fDel": "U+007F",
    "Be\ntatech": "U+000A",
    "Acme\u200b": "U+200B ZERO WIDTH SPACE",
}


async def test_hidden_characters_skip_rows(database: None, tmp_path: Path) -> None:
    accounts = io.StringIO()
    writer = csv.writer(accounts, lineterminator="\n")
    writer.writerow(ACCOUNTS_CSV.splitlines()[0].split(","))
    writer.writerow(["Acme", "retail", "2001", "10", "5", "Kenya", ""])
    for name in HIDDEN_NAME_ACCOUNTS:
        writer.writerow([name, "retail", "2001", "10", "5", "Kenya", ""])
    products = PRODUCTS_CSV + "MG\u2060Special,MG,55\n"
    pipeline = "\n".join(
        [
            PIPELINE_CSV.splitlines()[0],
            "D1,Ann Lee,MG Special,Acme,Engaging,2016-10-20,,",
            "D2,Ann Lee,MG Special,Acme\u200b,Engaging,2016-10-20,,",
            "D3,Ann Lee,MG\u2060Special,Acme,Engaging,2016-10-20,,",
            "",
        ]
    )
    folder = write_data_set(
        tmp_path / "crafted",
        accounts=accounts.getvalue(),
        products=products,
        sales_pipeline=pipeline,
    )
    options = ImportOptions(account_slug="crafted")

    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    skipped = {(row.file, row.line): row.reason for row in report.skipped}
    # The file line of a row is its last line, so the name with a newline is on 7.
    lines = [3, 4, 5, 7, 8]
    for line, character in zip(lines, HIDDEN_NAME_ACCOUNTS.values(), strict=True):
        assert skipped[("accounts.csv", line)] == (
            f"'account' contains {character}, an invisible, control or formatting "
            "character; remove it."
        )
    assert skipped[("products.csv", 4)].startswith(
        "'product' contains U+2060 WORD JOINER,"
    )
    assert skipped[("sales_pipeline.csv", 3)] == (
        "account 'Acme\\u200b' is an unknown or skipped account"
    )
    assert skipped[("sales_pipeline.csv", 4)] == (
        "product 'MG\\u2060Special' is not in products.csv"
    )
    assert await Company.all().values_list("name", flat=True) == ["Acme"]
    assert await Deal.all().values_list("external_id", flat=True) == ["D1"]


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("sales_pipeline.csv", "deal_stage", "stage", "has no column 'deal_stage'"),
        ("accounts.csv", "subsidiary_of", "parent", "has no column 'subsidiary_of'"),
        ("sales_teams.csv", "sales_agent,", "", "has no column 'sales_agent'"),
    ],
)
async def test_missing_column_is_rejected(
    database: None, tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = demo_copy(tmp_path / "demo")
    path = folder / file
    path.write_text(path.read_text().replace(old, new, 1))

    with pytest.raises(ValidationFailed) as caught:
        await import_crm_sales_opportunities(PolicyEngine(), folder)

    assert f"{path} {message}" in caught.value.message
    assert await table_counts() == (0, 0, 0, 0, 0)


async def test_missing_file_is_rejected(database: None, tmp_path: Path) -> None:
    folder = demo_copy(tmp_path / "demo")
    (folder / "products.csv").unlink()

    with pytest.raises(ValidationFailed) as caught:
        await import_crm_sales_opportunities(PolicyEngine(), folder)

    assert caught.value.message.startswith(f"{folder / 'products.csv'} is missing")
    assert await table_counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ImportOptions(account_slug="Demo Sales"), "Invalid account slug"),
        (ImportOptions(account_name=" "), "The account name is empty"),
        (
            ImportOptions(admin_email="root"),
            "'admin_email' is not a valid email address, got 'root'",
        ),
        (
            ImportOptions(admin_email="root@localhost"),
            "'admin_email' is not a valid email address, got 'root@localhost'",
        ),
        (
            ImportOptions(user_password=""),
            "The users' password has 0 characters; use 8 to 1024.",
        ),
        (
            ImportOptions(admin_password="x"),
            "The admin password has 1 character; use 8 to 1024.",
        ),
        (
            ImportOptions(admin_password="         "),
            "The admin password is only spaces; choose one with other characters.",
        ),
        (
            ImportOptions(user_password="p" * 1025),
            "The users' password has 1025 characters; use 8 to 1024.",
        ),
    ],
)
async def test_invalid_options_are_rejected(
    database: None, options: ImportOptions, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await import_crm_sales_opportunities(PolicyEngine(), DEMO, options)

    assert caught.value.message.startswith(message)
    assert await table_counts() == (0, 0, 0, 0, 0)


def test_cli_migrates_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    url = f"sqlite://{tmp_path / 'new.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    migrations = len(list((db.migrations_dir(url) / "models").glob("*.py")))

    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == f"applied {migrations} migrations\n"
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == "no pending migrations\n"


def test_cli_prints_the_report(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    folder = write_data_set(tmp_path / "crafted")

    code = main(["import", "crm-sales-opportunities", str(folder)])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[:5] == [
        "account demo (created)",
        "companies: 2 created, 0 existing",
        "users: 4 created, 0 existing",
        "deals: 3 created, 0 existing",
        "product 'GTXPro' loaded as 'GTX Pro' on 1 deals",
    ]
    assert "skipped rows: 13" in lines
    assert (
        "  accounts.csv line 3: year_established 'nineteen' is not a whole number"
        in lines
    )


def test_cli_rejects_a_missing_column(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    folder = write_data_set(
        tmp_path / "crafted", products=PRODUCTS_CSV.replace("product,", "name,")
    )

    code = main(["import", "crm-sales-opportunities", str(folder)])

    assert code == 2
    assert capsys.readouterr().err == (
        f"steward import: {folder / 'products.csv'} has no column 'product'; its "
        "header must name product, series, sales_price.\n"
    )


ADMIN_EMAIL = "admin@demo.steward.test"


async def read_password_hashes(url: str) -> dict[str, str]:
    """Return the password hash of every user of the database, by email."""
    await db.connect(url)
    try:
        return dict(await User.all().values_list("email", "password_hash"))
    finally:
        await db.disconnect()


def check_passwords(url: str, admin_password: str, user_password: str) -> None:
    hashes = asyncio.run(read_password_hashes(url))
    assert len(hashes) == 4
    for email, password_hash in hashes.items():
        expected = admin_password if email == ADMIN_EMAIL else user_password
        assert verify_password(password_hash, expected), email


def test_cli_reads_passwords_from_environment(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STEWARD_ADMIN_PASSWORD", "admin from env")
    monkeypatch.setenv("STEWARD_USER_PASSWORD", "users from env")
    folder = write_data_set(tmp_path / "crafted")

    assert main(["import", "crm-sales-opportunities", str(folder)]) == 0
    check_passwords(database_url, "admin from env", "users from env")


def test_cli_reads_password_files(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    # A file wins over the environment.
    monkeypatch.setenv("STEWARD_ADMIN_PASSWORD", "admin from env")
    monkeypatch.setenv("STEWARD_USER_PASSWORD", "users from env")
    folder = write_data_set(tmp_path / "crafted")
    admin_file = tmp_path / "admin-password"
    admin_file.write_text("admin from file\nsecond line\n")
    user_file = tmp_path / "user-password"
    # A byte order mark, as Notepad writes, is not part of the password.
    user_file.write_text(" users from file \r\n", encoding="utf-8-sig")
    command = [
        *("import", "crm-sales-opportunities", str(folder)),
        *("--admin-password-file", str(admin_file)),
        *("--user-password-file", str(user_file)),
    ]

    assert main(command) == 0
    check_passwords(database_url, "admin from file", " users from file ")


def test_cli_password_options_still_work(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STEWARD_ADMIN_PASSWORD", "admin from env")
    folder = write_data_set(tmp_path / "crafted")
    command = [
        *("import", "crm-sales-opportunities", str(folder)),
        *("--admin-password", "admin from option"),
    ]

    assert main(command) == 0
    check_passwords(database_url, "admin from option", DEMO_PASSWORD)


def test_cli_rejects_an_empty_password_variable(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STEWARD_USER_PASSWORD", "")
    folder = write_data_set(tmp_path / "crafted")

    code = main(["import", "crm-sales-opportunities", str(folder)])

    assert code == 2
    assert capsys.readouterr().err == (
        "steward import: STEWARD_USER_PASSWORD is empty; set it to a password or "
        "unset it.\n"
    )
    assert asyncio.run(read_password_hashes(database_url)) == {}


@pytest.mark.parametrize(
    ("file_text", "arguments", "message"),
    [
        (
            None,
            ["--admin-password-file", "{file}"],
            "argument --admin-password-file: cannot read the password file {file}: "
            "No such file or directory",
        ),
        (
            "\nsecret\n",
            ["--user-password-file", "{file}"],
            "argument --user-password-file: the first line of the password file "
            "{file} is empty; write the password there",
        ),
        (
            b"\xff\xfe",
            ["--user-password-file", "{file}"],
            "argument --user-password-file: the password file {file} is not UTF-8 text",
        ),
        (
            "secret\n",
            ["--admin-password", "secret", "--admin-password-file", "{file}"],
            "argument --admin-password-file: not allowed with argument "
            "--admin-password",
        ),
    ],
    ids=["missing", "empty first line", "not UTF-8", "with the option"],
)
def test_cli_rejects_bad_password_files(
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    file_text: str | bytes | None,
    arguments: list[str],
    message: str,
) -> None:
    file = tmp_path / "password"
    if isinstance(file_text, str):
        file.write_text(file_text)
    elif isinstance(file_text, bytes):
        file.write_bytes(file_text)
    command = ["import", "crm-sales-opportunities", str(tmp_path)]
    command += [argument.format(file=file) for argument in arguments]

    with pytest.raises(SystemExit) as caught:
        main(command)

    assert caught.value.code == 2
    assert message.format(file=file) in capsys.readouterr().err


def test_cli_help_warns_of_password_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # argparse wraps the help text to COLUMNS, breaking lines at hyphens too.
    monkeypatch.setenv("COLUMNS", "1000")
    with pytest.raises(SystemExit) as caught:
        main(["import", "crm-sales-opportunities", "--help"])

    assert caught.value.code == 0
    help_text = capsys.readouterr().out
    for option, variable in (
        ("--admin-password", "STEWARD_ADMIN_PASSWORD"),
        ("--user-password", "STEWARD_USER_PASSWORD"),
    ):
        assert (
            "Other users of the machine can read this option in the process list, "
            f"so prefer {variable} or {option}-file"
        ) in help_text


def test_cli_rejects_unknown_data_sets(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import", "customers", "folder"])

    assert caught.value.code == 2
    assert "invalid choice: 'customers'" in capsys.readouterr().err


async def test_deleted_agent_gets_no_deals(database: None, tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "crafted")
    options = ImportOptions(account_slug="crafted")
    await import_crm_sales_opportunities(PolicyEngine(), folder, options)
    await User.filter(name="Bo Chen").update(deleted_at=utcnow())

    added = PIPELINE_CSV + "D11,Bo Chen,MG Special,Acme,Engaging,2016-10-20,,\n"
    write_data_set(folder, sales_pipeline=added)
    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    assert report.deals.created == 0
    assert report.skipped[-1] == SkippedRow(
        "sales_pipeline.csv", 13, "sales_agent 'Bo Chen' is a deleted user"
    )
    assert await Deal.filter(external_id="D11").count() == 0


def test_cli_publishes_new_user_roles(
    database_url: str,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    folder = write_data_set(tmp_path / "crafted")
    command = ["import", "crm-sales-opportunities", str(folder)]
    assert main(command) == 0
    write_data_set(folder, sales_teams=SALES_TEAMS_CSV + "Cy Diaz,Max Boss,East\n")
    client = redis.Redis.from_url(redis_url)
    subscription = client.pubsub(ignore_subscribe_messages=True)
    subscription.subscribe(CHANNEL)

    assert main(command) == 0

    # The first read may return None for the subscription's confirmation.
    message = None
    deadline = time.monotonic() + 5
    while message is None and time.monotonic() < deadline:
        message = subscription.get_message(timeout=1)
    subscription.close()
    client.close()
    assert message is not None
    assert json.loads(message["data"]) == {"account": 1, "origin": "command"}
