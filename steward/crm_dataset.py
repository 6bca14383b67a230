"""Reading the CSV files of the CRM Sales Opportunities data set into checked rows.

Nothing here touches the database. A missing file or column raises ValidationFailed.
A row that cannot be loaded becomes a SkippedRow with its file, line and reason. So
does every row that refers to a skipped or unknown row of another file, and every
row with a value that the GraphQL mutations would reject (steward.field_checks).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from models import Company, Deal, DealStage
from models.records import company_name_key
from steward.csv_rows import CsvRow, RowError, SkippedRow, read_csv
from steward.errors import ValidationFailed
from steward.field_checks import (
    check_date,
    check_deal,
    check_name,
    check_number,
    check_text,
    check_year_established,
)
from steward.name_characters import check_name_characters

ACCOUNTS = "accounts.csv"
PRODUCTS = "products.csv"
SALES_TEAMS = "sales_teams.csv"
PIPELINE = "sales_pipeline.csv"

COLUMNS: dict[str, tuple[str, ...]] = {
    ACCOUNTS: (
        "account",
        "sector",
        "year_established",
        "revenue",
        "employees",
        "office_location",
        "subsidiary_of",
    ),
    PRODUCTS: ("product", "series", "sales_price"),
    SALES_TEAMS: ("sales_agent", "manager", "regional_office"),
    PIPELINE: (
        "opportunity_id",
        "sales_agent",
        "product",
        "account",
        "deal_stage",
        "engage_date",
        "close_date",
        "close_value",
    ),
}

# Column sizes of the models the rows are loaded into. steward.field_checks
# checks the columns that load into record fields.
NAME_LENGTH = 200
SHORT_TEXT_LENGTH = 100
EXTERNAL_ID_LENGTH = 64

# The columns whose names differ from the record fields they load into.
COMPANY_COLUMNS = {"name": "account"}
DEAL_COLUMNS = {"value": "close_value", "stage": "deal_stage"}


def company_column(field: str) -> str:
    return COMPANY_COLUMNS.get(field, field)


def deal_column(field: str) -> str:
    return DEAL_COLUMNS.get(field, field)


@dataclass(frozen=True)
class CompanyRow:
    name: str
    sector: str | None
    year_established: int | None
    revenue: Decimal | None
    employees: int | None
    office_location: str | None
    parent_name: str | None
    line: int


SALESPERSON = "salesperson"
MANAGER = "manager"


@dataclass
class TeamMember:
    """A user to create: a sales agent (salesperson), a manager, or both."""

    name: str
    email: str
    roles: set[str]
    manager_name: str | None
    regional_office: str | None
    line: int


@dataclass(frozen=True)
class DealRow:
    external_id: str
    name: str
    agent_name: str
    product: str
    product_spelling: str
    """The product as the file spells it, which differs from `product` when the
    import corrected the spelling."""
    company_name: str | None
    stage: DealStage
    engage_date: date | None
    close_date: date | None
    value: Decimal | None
    line: int


@dataclass
class DataSet:
    """The loadable rows of the four files, in file order."""

    companies: list[CompanyRow]
    team: list[TeamMember]
    deals: list[DealRow]
    skipped: list[SkippedRow] = field(default_factory=list)


def email_for(name: str, domain: str) -> str:
    """Build `first.last@domain` from a name: lowercase ASCII letters, dot-joined."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [re.sub(r"[^a-z]", "", word) for word in folded.lower().split()]
    local = ".".join(word for word in words if word)
    if not local:
        raise RowError(f"name {name!r} has no letters to build an email from")
    return f"{local}@{domain}"


def read_data_set(
    folder: Path, email_domain: str, reserved_emails: set[str]
) -> DataSet:
    """Read and check the four files.

    Raises ValidationFailed, before any row is checked, when a file or column is
    missing. Team members get emails at `email_domain`; one whose email is in
    `reserved_emails` is skipped.
    """
    if not folder.is_dir():
        raise ValidationFailed(
            f"{folder} is not a folder; give the folder that contains "
            f"{', '.join(COLUMNS)}."
        )
    skipped: list[SkippedRow] = []
    files = {
        file: read_csv(folder, file, columns, skipped)
        for file, columns in COLUMNS.items()
    }

    companies = _companies(files[ACCOUNTS], skipped)
    team = _team(files[SALES_TEAMS], email_domain, reserved_emails, skipped)
    products = _products(files[PRODUCTS], skipped)
    agents = {member.name for member in team if SALESPERSON in member.roles}
    company_keys = {company_name_key(company.name) for company in companies}
    deals = _deals(files[PIPELINE], agents, company_keys, products, skipped)
    return DataSet(companies, team, deals, skipped)


def _skip(
    row: CsvRow, error: RowError | ValidationFailed, skipped: list[SkippedRow]
) -> None:
    skipped.append(SkippedRow(row.file, row.line, str(error)))


def _companies(rows: list[CsvRow], skipped: list[SkippedRow]) -> list[CompanyRow]:
    """Return the loadable companies, in file order.

    A row whose name has the key of an earlier row's name is skipped, as
    createCompany rejects such a name.
    """
    by_name: dict[str, CompanyRow] = {}
    for row in rows:
        try:
            company = _company(row)
            _check_new_name(company, by_name)
        except (RowError, ValidationFailed) as error:
            _skip(row, error, skipped)
            continue
        by_name[company_name_key(company.name)] = company

    # A subsidiary loads only with its parent, and dropping one company can drop
    # its subsidiaries in turn, so this repeats until nothing more is dropped.
    dropped = True
    while dropped:
        dropped = False
        for key, company in list(by_name.items()):
            parent = company.parent_name
            if parent is None:
                continue
            parent_key = company_name_key(parent)
            if parent_key in by_name and parent_key != key:
                continue
            reason = f"subsidiary_of {parent!r} is an unknown or skipped account"
            if parent_key == key:
                reason = "the account is a subsidiary of itself"
            skipped.append(SkippedRow(ACCOUNTS, company.line, reason))
            del by_name[key]
            dropped = True
    return list(by_name.values())


def _check_new_name(company: CompanyRow, by_name: dict[str, CompanyRow]) -> None:
    first = by_name.get(company_name_key(company.name))
    if first is None:
        return
    if first.name == company.name:
        raise RowError(f"account {company.name!r} repeats line {first.line}")
    raise RowError(
        f"account {company.name!r} repeats line {first.line}, {first.name!r}, "
        "in another letter case or spacing"
    )


def _company(row: CsvRow) -> CompanyRow:
    """Read a company with the checks that createCompany runs on the same fields."""
    label = company_column
    return CompanyRow(
        name=check_name(Company, row.values["account"], label),
        sector=check_text(Company, "sector", row.text("sector"), label),
        year_established=check_year_established(row.integer("year_established"), label),
        revenue=check_number(Company, "revenue", row.decimal("revenue"), label),
        employees=check_number(Company, "employees", row.integer("employees"), label),
        office_location=check_text(
            Company, "office_location", row.text("office_location"), label
        ),
        parent_name=row.text("subsidiary_of", NAME_LENGTH),
        line=row.line,
    )


def _team(
    rows: list[CsvRow],
    email_domain: str,
    reserved_emails: set[str],
    skipped: list[SkippedRow],
) -> list[TeamMember]:
    """Return the agents and their managers as team members.

    A manager's regional office is that of the first row that names them.
    """
    members: dict[str, TeamMember] = {}
    email_owners: dict[str, str] = {email: "the admin" for email in reserved_emails}
    for row in rows:
        try:
            agent, manager, office = _team_row(row, members)
            new_members = _new_members(
                (agent, manager), row.line, members, email_domain, email_owners
            )
        except RowError as error:
            _skip(row, error, skipped)
            continue

        for member in new_members:
            members[member.name] = member
            email_owners[member.email] = repr(member.name)
            member.regional_office = office
        members[agent].roles.add(SALESPERSON)
        members[agent].manager_name = manager
        members[agent].regional_office = office
        members[agent].line = row.line
        if manager is not None:
            members[manager].roles.add(MANAGER)
    return list(members.values())


def _team_row(
    row: CsvRow, members: dict[str, TeamMember]
) -> tuple[str, str | None, str | None]:
    agent = row.required("sales_agent", NAME_LENGTH)
    manager = row.text("manager", NAME_LENGTH)
    office = row.text("regional_office", SHORT_TEXT_LENGTH)
    if agent in members and SALESPERSON in members[agent].roles:
        raise RowError(f"sales_agent {agent!r} repeats line {members[agent].line}")
    if manager == agent:
        raise RowError(f"sales_agent {agent!r} is their own manager")
    return agent, manager, office


def _new_members(
    names: tuple[str, str | None],
    line: int,
    members: dict[str, TeamMember],
    email_domain: str,
    email_owners: dict[str, str],
) -> list[TeamMember]:
    """Return team members for the names not seen before.

    Raises RowError when a new name would get an email already in use.
    """
    new_members: list[TeamMember] = []
    emails_in_use = dict(email_owners)
    for name in names:
        if name is None or name in members:
            continue
        email = email_for(name, email_domain)
        if email in emails_in_use:
            raise RowError(
                f"{name!r} would get the email {email} of {emails_in_use[email]}"
            )
        emails_in_use[email] = repr(name)
        new_members.append(TeamMember(name, email, set(), None, None, line))
    return new_members


def _product_key(name: str) -> str:
    return "".join(name.split()).casefold()


def _products(rows: list[CsvRow], skipped: list[SkippedRow]) -> dict[str, str]:
    """Map each product name, and its lowercase form without spaces, to the name."""
    products: dict[str, str] = {}
    for row in rows:
        try:
            name = row.required("product")
            check_text(Deal, "product", name, deal_column)
            # Deal names contain the product name.
            check_name_characters(name, "product")
        except (RowError, ValidationFailed) as error:
            _skip(row, error, skipped)
            continue
        products.setdefault(_product_key(name), name)
        products[name] = name
    return products


def _deals(
    rows: list[CsvRow],
    agents: set[str],
    companies: set[str],
    products: dict[str, str],
    skipped: list[SkippedRow],
) -> list[DealRow]:
    """Return the loadable deals.

    `companies` contains the company_name_key of each loadable company, so a deal's
    account matches its company in any letter case or spacing.
    """
    deals: list[DealRow] = []
    lines: dict[str, int] = {}
    for row in rows:
        try:
            deal = _deal(row, agents, companies, products)
            if deal.external_id in lines:
                first = lines[deal.external_id]
                raise RowError(
                    f"opportunity_id {deal.external_id!r} repeats line {first}"
                )
        except (RowError, ValidationFailed) as error:
            _skip(row, error, skipped)
            continue
        lines[deal.external_id] = row.line
        deals.append(deal)
    return deals


def _deal(
    row: CsvRow, agents: set[str], companies: set[str], products: dict[str, str]
) -> DealRow:
    external_id = row.required("opportunity_id", EXTERNAL_ID_LENGTH)
    agent = row.required("sales_agent", NAME_LENGTH)
    if agent not in agents:
        raise RowError(f"sales_agent {agent!r} is an unknown or skipped sales agent")
    spelling = row.required("product")
    product = products.get(spelling) or products.get(_product_key(spelling))
    if product is None:
        raise RowError(f"product {spelling!r} is not in {PRODUCTS}")
    company = row.text("account", NAME_LENGTH)
    if company is not None and company_name_key(company) not in companies:
        raise RowError(f"account {company!r} is an unknown or skipped account")
    stage_name = row.required("deal_stage", SHORT_TEXT_LENGTH)
    try:
        stage = DealStage(stage_name)
    except ValueError:
        stages = ", ".join(stage.value for stage in DealStage)
        raise RowError(f"deal_stage {stage_name!r} is not one of {stages}") from None

    # The checks that createDeal runs on the same fields.
    value = check_number(Deal, "value", row.decimal("close_value"), deal_column)
    engage_date = check_date("engage_date", row.date("engage_date"), deal_column)
    close_date = check_date("close_date", row.date("close_date"), deal_column)
    dates = {"engage_date": engage_date, "close_date": close_date}
    check_deal({"stage": stage, "value": value, **dates}, None, deal_column)

    name = f"{product} for {company}" if company else f"{product} ({external_id})"
    return DealRow(
        external_id=external_id,
        name=name[:NAME_LENGTH],
        agent_name=agent,
        product=product,
        product_spelling=spelling,
        company_name=company,
        stage=stage,
        engage_date=engage_date,
        close_date=close_date,
        value=value,
        line=row.line,
    )
