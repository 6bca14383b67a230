"""Company names unique per account by company_name_key, in the API and importer."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from models import Company, Deal
from models.records import RecordType, company_name_key
from policy import PolicyEngine
from resolvers import editing
from schema.ids import parse_global_id
from steward.csv_rows import SkippedRow
from steward.importer import ImportOptions, import_crm_sales_opportunities
from tests.conftest import Caller
from tests.operations import CREATE_COMPANY, UPDATE_COMPANY, create, update
from tests.test_importer import write_data_set

ACME = "Acme Corporation"
EXISTS = "A company named 'Acme Corporation' exists; choose another name."
# Names that createCompany and updateCompany reject beside "Acme Corporation".
ACME_VARIANTS = [
    "acme corporation",
    "ACME CORPORATION",
    " Acme  Corporation",
    "Acme Corporation ",
    "Acme\u2003Corporation",
    "Acme\u00a0Corporation",
    "aCmE \u00a0 corporation",
]


@pytest.fixture
async def anna(make_caller) -> Caller:
    return await make_caller("anna@acme.test")


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), f"expected an error, got {body}"
    assert len(body["errors"]) == 1
    return body["errors"][0]


async def company_rows(account_id: int) -> list[tuple[int, str, str | None]]:
    rows = Company.filter(account_id=account_id).order_by("id")
    return list(await rows.values_list("id", "name", "name_key"))


def test_name_key_folds_case_and_spaces() -> None:
    assert company_name_key(" Acme \t Corporation\n") == "acme corporation"
    assert company_name_key("Acme\u00a0\u2003Corporation") == "acme corporation"
    assert company_name_key("STRASSE") == company_name_key("Straße")
    assert company_name_key("Caf\u00e9") == company_name_key("CAFE\u0301")
    assert company_name_key("ΣΊΣΥΦΟΣ") == company_name_key("σίσυφος")
    assert company_name_key("Acme Corp") != company_name_key("Acme Corp.")
    assert company_name_key("ＡＣＭＥ") != company_name_key("ACME")


@pytest.mark.parametrize("name", ACME_VARIANTS)
async def test_create_rejects_name_variant(anna: Caller, name: str) -> None:
    await create(anna, RecordType.COMPANY, name=ACME)
    before = await company_rows(anna.account.id)

    error = error_of(await anna.execute(CREATE_COMPANY, input={"name": name}))

    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "name"
    assert error["message"] == EXISTS
    assert await company_rows(anna.account.id) == before


@pytest.mark.parametrize(
    ("stored", "sent"),
    [("Straße Bau", "STRASSE BAU"), ("Caf\u00e9 Noir", "CAFE\u0301 NOIR")],
)
async def test_create_rejects_unicode_variant(
    anna: Caller, stored: str, sent: str
) -> None:
    await create(anna, RecordType.COMPANY, name=stored)

    error = error_of(await anna.execute(CREATE_COMPANY, input={"name": sent}))

    assert error["extensions"]["code"] == "VALIDATION"
    assert (
        error["message"] == f"A company named {stored!r} exists; choose another name."
    )
    assert await Company.filter(account_id=anna.account.id).count() == 1


async def test_other_account_may_reuse_name(anna: Caller, make_caller) -> None:
    await create(anna, RecordType.COMPANY, name=ACME)
    bob = await make_caller("bob@globex.test")

    company = await create(bob, RecordType.COMPANY, name="ACME  CORPORATION")

    assert company["name"] == "ACME  CORPORATION"


async def test_update_rejects_other_company_variant(anna: Caller) -> None:
    await create(anna, RecordType.COMPANY, name=ACME)
    globex = await create(anna, RecordType.COMPANY, name="Globex")
    before = await company_rows(anna.account.id)

    for name in ACME_VARIANTS:
        body = await anna.execute(
            UPDATE_COMPANY, input={"id": globex["id"], "name": name, "sector": "x"}
        )
        error = error_of(body)
        assert error["extensions"]["code"] == "VALIDATION", name
        assert error["extensions"]["field"] == "name", name
        assert error["message"] == EXISTS, name
        assert await company_rows(anna.account.id) == before, name


async def test_update_accepts_own_variant(anna: Caller) -> None:
    acme = await create(anna, RecordType.COMPANY, name=ACME)

    renamed = await update(
        anna, RecordType.COMPANY, id=acme["id"], name="ACME CORPORATION"
    )
    assert renamed["name"] == "ACME CORPORATION"
    renamed = await update(
        anna, RecordType.COMPANY, id=acme["id"], name="Acme  Corporation "
    )

    assert renamed["name"] == "Acme  Corporation"
    rows = await company_rows(anna.account.id)
    assert [(name, key) for _, name, key in rows] == [
        ("Acme  Corporation", "acme corporation")
    ]
    error = error_of(await anna.execute(CREATE_COMPANY, input={"name": ACME}))
    assert error["message"] == (
        "A company named 'Acme  Corporation' exists; choose another name."
    )


async def test_rename_frees_old_name(anna: Caller) -> None:
    acme = await create(anna, RecordType.COMPANY, name=ACME)
    await update(anna, RecordType.COMPANY, id=acme["id"], name="Initech")

    company = await create(anna, RecordType.COMPANY, name="ACME CORPORATION")

    assert company["name"] == "ACME CORPORATION"


def hold_after_name_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each create wait after its name check until a second one did it too."""
    checked = asyncio.Barrier(2)
    check = editing.check_company_name

    async def check_then_wait(*args: Any) -> None:
        await check(*args)
        async with asyncio.timeout(10):
            await checked.wait()

    monkeypatch.setattr(editing, "check_company_name", check_then_wait)


@pytest.mark.parametrize("held", [True, False])
async def test_concurrent_variant_creates_one_wins(
    anna: Caller, monkeypatch: pytest.MonkeyPatch, held: bool
) -> None:
    if held:
        hold_after_name_check(monkeypatch)

    bodies = await asyncio.gather(
        anna.execute(CREATE_COMPANY, input={"name": ACME}),
        anna.execute(CREATE_COMPANY, input={"name": "ACME  CORPORATION"}),
    )

    created = [body for body in bodies if "errors" not in body]
    failed = [error_of(body) for body in bodies if "errors" in body]
    assert len(created) == 1
    assert len(failed) == 1
    expected_codes = {"CONFLICT"} if held else {"CONFLICT", "VALIDATION"}
    assert failed[0]["extensions"]["code"] in expected_codes
    assert failed[0]["extensions"]["field"] == "name"
    rows = await company_rows(anna.account.id)
    assert [name for _, name, _ in rows] == [
        created[0]["data"]["createCompany"]["name"]
    ]


async def test_legacy_duplicate_keeps_its_name(anna: Caller) -> None:
    """A company that the migration left without a key, beside an older one."""
    await create(anna, RecordType.COMPANY, name=ACME)
    legacy = await create(anna, RecordType.COMPANY, name="Legacy")
    legacy_id = parse_global_id(legacy["id"])[1]
    await Company.filter(id=legacy_id).update(name="ACME CORPORATION", name_key=None)

    kept = await update(
        anna, RecordType.COMPANY, id=legacy["id"], name="ACME CORPORATION", sector="x"
    )
    assert kept["name"] == "ACME CORPORATION"
    body = await anna.execute(
        UPDATE_COMPANY, input={"id": legacy["id"], "name": "acme corporation"}
    )
    assert error_of(body)["message"] == EXISTS
    renamed = await update(anna, RecordType.COMPANY, id=legacy["id"], name="Acme 2")

    assert renamed["name"] == "Acme 2"
    assert (await Company.get(id=legacy_id)).name_key == "acme 2"


async def test_keyless_company_blocks_its_name(anna: Caller) -> None:
    acme = await create(anna, RecordType.COMPANY, name=ACME)
    await create(anna, RecordType.COMPANY, name="Legacy")
    await Company.filter(account_id=anna.account.id, name="Legacy").update(
        name="ACME CORPORATION", name_key=None
    )
    await update(anna, RecordType.COMPANY, id=acme["id"], name="Initech")

    error = error_of(await anna.execute(CREATE_COMPANY, input={"name": ACME}))

    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"] == (
        "A company named 'ACME CORPORATION' exists; choose another name."
    )


IMPORT_ACCOUNTS_CSV = """\
account,sector,year_established,revenue,employees,office_location,subsidiary_of
Acme Corporation,software,1990,1,1,Chile,
acme corporation,software,1990,1,1,Chile,
ACME CORPORATION,software,1990,1,1,Chile,
" Acme  Corporation",software,1990,1,1,Chile,
Acme Corporation,software,1990,1,1,Chile,
Acme Labs,software,1990,1,1,Chile,acme  CORPORATION
"""
IMPORT_PIPELINE_CSV = """\
opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
D1,Ann Lee,MG Special,ACME CORPORATION,Engaging,2016-10-20,,
D2,Bo Chen,MG Special,Acme Corporation,Engaging,2016-10-20,,
D3,Bo Chen,MG Special,acme  labs,Engaging,2016-10-20,,
"""
VARIANT_REASON = (
    "account {name!r} repeats line 2, 'Acme Corporation', in another letter case "
    "or spacing"
)


async def test_import_skips_name_variants(database: None, tmp_path: Path) -> None:
    folder = write_data_set(
        tmp_path / "variants",
        accounts=IMPORT_ACCOUNTS_CSV,
        sales_pipeline=IMPORT_PIPELINE_CSV,
    )
    options = ImportOptions(account_slug="variants")

    report = await import_crm_sales_opportunities(PolicyEngine(), folder, options)

    accounts_skipped = [row for row in report.skipped if row.file == "accounts.csv"]
    assert accounts_skipped == [
        SkippedRow("accounts.csv", 3, VARIANT_REASON.format(name="acme corporation")),
        SkippedRow("accounts.csv", 4, VARIANT_REASON.format(name="ACME CORPORATION")),
        SkippedRow("accounts.csv", 5, VARIANT_REASON.format(name="Acme  Corporation")),
        SkippedRow("accounts.csv", 6, "account 'Acme Corporation' repeats line 2"),
    ]
    assert report.companies.created == 2
    acme = await Company.get(name=ACME)
    labs = await Company.get(name="Acme Labs")
    assert acme.name_key == "acme corporation"
    assert labs.parent_id == acme.id
    deals = dict(await Deal.all().values_list("external_id", "company_id"))
    assert deals == {"D1": acme.id, "D2": acme.id, "D3": labs.id}


async def test_import_matches_existing_variant(database: None, tmp_path: Path) -> None:
    folder = write_data_set(
        tmp_path / "variants",
        accounts=IMPORT_ACCOUNTS_CSV,
        sales_pipeline=IMPORT_PIPELINE_CSV,
    )
    options = ImportOptions(account_slug="variants")
    policy = PolicyEngine()
    await import_crm_sales_opportunities(policy, folder, options)
    acme = await Company.get(name=ACME)
    await Company.filter(id=acme.id).update(
        name="ACME corporation", name_key="acme corporation"
    )
    before = await company_rows(acme.account_id)

    report = await import_crm_sales_opportunities(policy, folder, options)

    assert report.companies.created == 0
    assert report.companies.existing == 2
    assert report.deals.existing == 3
    assert await company_rows(acme.account_id) == before


async def test_model_writes_keep_key(anna: Caller) -> None:
    """Writes that bypass the API set name_key too, so the index applies."""
    account_id = anna.account.id
    await Company.bulk_create(
        [Company(account_id=account_id, name=name) for name in (ACME, "Globex")]
    )
    globex = await Company.get(account_id=account_id, name="Globex")
    globex.name = "GLOBEX  Inc"
    await globex.save(update_fields=["name"])

    with pytest.raises(IntegrityError):
        await Company.create(account_id=account_id, name="acme CORPORATION")

    rows = await company_rows(account_id)
    assert [(name, key) for _, name, key in rows] == [
        (ACME, "acme corporation"),
        ("GLOBEX  Inc", "globex inc"),
    ]
