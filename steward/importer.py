"""Importing the CRM Sales Opportunities data set into an account.

The import is rerunnable: rows are matched to what the account already has by their
natural keys (company name, user email, deal external id), and only the missing ones
are created, so a second run creates nothing. Company names match by
company_name_key, as createCompany compares them, so in any letter case or spacing.
Each file's rows are written in one transaction with bulk inserts. Deals get their
sales agent as owner, written with one history row each under one batch id for the
whole import.
"""

import logging
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tortoise.transactions import in_transaction

from models import (
    Account,
    Assignment,
    AssignmentReason,
    Company,
    Deal,
    RecordType,
    User,
)
from models.records import company_name_key
from policy import PolicyEngine
from policy.actions import ADMIN_ROLE
from steward import accounts, ownership
from steward.auth import check_password_rules
from steward.changes import AssigneeChange, apply_changes
from steward.clock import utcnow
from steward.crm_dataset import (
    COLUMNS,
    PIPELINE,
    CompanyRow,
    DataSet,
    DealRow,
    TeamMember,
    read_data_set,
)
from steward.csv_rows import SkippedRow
from steward.errors import ValidationFailed, counted
from steward.field_checks import check_email

logger = logging.getLogger(__name__)

DATA_SET_NAME = "crm-sales-opportunities"
DEFAULT_ACCOUNT_SLUG = "demo"
DEFAULT_ACCOUNT_NAME = "Demo Sales"
DEMO_PASSWORD = "steward-demo"
ADMIN_NAME = "Demo Admin"
EMAIL_DOMAIN_SUFFIX = "steward.test"
SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SLUG_LENGTH = 100
BATCH_SIZE = 500


@dataclass
class Counts:
    """Rows of one kind that the import created or found already there."""

    created: int = 0
    existing: int = 0


@dataclass
class ImportReport:
    """Counts of the rows one import created, found already there, or skipped."""

    account_slug: str
    account_created: bool
    batch_id: uuid.UUID
    """The batch of the deals' ownership history rows."""
    companies: Counts = field(default_factory=Counts)
    users: Counts = field(default_factory=Counts)
    deals: Counts = field(default_factory=Counts)
    skipped: list[SkippedRow] = field(default_factory=list)
    renamed_products: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Created deals per (spelling in the file, product name) that was corrected."""
    companies_owned: int = 0
    """Companies without an owner that got one: the agent of most of their deals."""
    companies_without_owner: int = 0
    """Companies of the file left without an owner, because none of their deals
    in the file names a sales agent who is not deleted."""


@dataclass(frozen=True)
class ImportOptions:
    """The account to import into and the sign-in details of the imported users."""

    account_slug: str = DEFAULT_ACCOUNT_SLUG
    account_name: str = DEFAULT_ACCOUNT_NAME
    admin_email: str | None = None
    """Defaults to admin@<slug>.steward.test."""
    admin_password: str = DEMO_PASSWORD
    user_password: str = DEMO_PASSWORD
    """The password of every imported sales agent and manager."""

    @property
    def email_domain(self) -> str:
        return f"{self.account_slug}.{EMAIL_DOMAIN_SUFFIX}"

    @property
    def admin_login(self) -> str:
        return accounts.normalize_email(
            self.admin_email or f"admin@{self.email_domain}"
        )

    def validate(self) -> None:
        slug = self.account_slug
        if len(slug) > SLUG_LENGTH or not SLUG_PATTERN.fullmatch(slug):
            raise ValidationFailed(
                f"Invalid account slug {slug!r}; use lowercase letters, digits and "
                f"single hyphens, at most {SLUG_LENGTH} characters."
            )
        if not self.account_name.strip():
            raise ValidationFailed("The account name is empty; give a name.")
        check_email(self.admin_login, lambda field: "admin_email")
        check_password_rules(self.admin_password, "The admin password", None)
        check_password_rules(self.user_password, "The users' password", None)


async def import_crm_sales_opportunities(
    policy: PolicyEngine, folder: Path, options: ImportOptions | None = None
) -> ImportReport:
    """Load the data set in `folder` into the account `options.account_slug`.

    Creates the account if it does not exist. Raises ValidationFailed, with nothing
    written, when an option is invalid or a file or column is missing.
    """
    options = options or ImportOptions()
    options.validate()
    data = read_data_set(folder, options.email_domain, {options.admin_login})
    logger.info(
        "importing %s from %s into account %s: %d companies, %d users, %d deals "
        "to check, %d rows skipped",
        DATA_SET_NAME,
        folder,
        options.account_slug,
        len(data.companies),
        len(data.team) + 1,
        len(data.deals),
        len(data.skipped),
    )

    account, created = await _account(policy, options)
    report = ImportReport(options.account_slug, created, uuid.uuid4())
    report.skipped = data.skipped
    company_ids = await _load_companies(account, data.companies, report.companies)
    users = await _load_users(policy, account, data, options, report)
    await _load_deals(account, data.deals, company_ids, users, report)
    await _own_companies(account, data.deals, company_ids, users, report)
    await _count_companies_without_owner(account, data.companies, company_ids, report)

    files = list(COLUMNS)
    report.skipped.sort(key=lambda row: (files.index(row.file), row.line))
    logger.info(
        "imported %s into account %s: created %d companies, %d users, %d deals; "
        "%d rows skipped",
        DATA_SET_NAME,
        account.slug,
        report.companies.created,
        report.users.created,
        report.deals.created,
        len(report.skipped),
    )
    return report


async def _account(
    policy: PolicyEngine, options: ImportOptions
) -> tuple[Account, bool]:
    account = await Account.get_or_none(slug=options.account_slug)
    if account is not None:
        return account, False
    account = await accounts.create_account(
        policy, options.account_name.strip(), options.account_slug
    )
    return account, True


async def _load_companies(
    account: Account, rows: list[CompanyRow], counts: Counts
) -> dict[str, int]:
    """Create the missing companies, then link new subsidiaries to their parents.

    Returns the id of every company of the account by company_name_key.
    """
    existing = await _company_ids(account)
    new_rows = [row for row in rows if company_name_key(row.name) not in existing]
    counts.existing = len(rows) - len(new_rows)
    counts.created = len(new_rows)

    async with in_transaction():
        await Company.bulk_create(
            [_company(account, row) for row in new_rows], batch_size=BATCH_SIZE
        )
        ids = await _company_ids(account)
        subsidiaries: dict[str, list[int]] = defaultdict(list)
        for row in new_rows:
            if row.parent_name is not None:
                child_id = ids[company_name_key(row.name)]
                subsidiaries[company_name_key(row.parent_name)].append(child_id)
        for parent_key, child_ids in subsidiaries.items():
            await Company.filter(id__in=child_ids).update(parent_id=ids[parent_key])
    return ids


def _company(account: Account, row: CompanyRow) -> Company:
    return Company(
        account=account,
        name=row.name,
        sector=row.sector,
        year_established=row.year_established,
        revenue=row.revenue,
        employees=row.employees,
        office_location=row.office_location,
    )


async def _ids_by(
    model: type[Company] | type[Deal], account: Account, key: str
) -> dict[str, int]:
    rows = await model.filter(account_id=account.id).values_list(key, "id")
    return dict(rows)


async def _company_ids(account: Account) -> dict[str, int]:
    """Return the id of each company of the account by company_name_key.

    Keys are computed from the names, because a company that the migration
    adding name_key found sharing its key with an older one has none stored. Of
    companies that share a key, the oldest is returned.
    """
    rows = Company.filter(account_id=account.id).order_by("id")
    ids: dict[str, int] = {}
    for name, company_id in await rows.values_list("name", "id"):
        ids.setdefault(company_name_key(name), company_id)
    return ids


async def _load_users(
    policy: PolicyEngine,
    account: Account,
    data: DataSet,
    options: ImportOptions,
    report: ImportReport,
) -> dict[str, User]:
    """Create the admin and the team members the account lacks, in one transaction.

    New agents are linked to their managers. Returns the team's users by name.
    """
    existing = {user.email: user for user in await User.filter(account_id=account.id)}
    users: dict[str, User] = {}
    created: list[TeamMember] = []
    async with in_transaction():
        if options.admin_login not in existing:
            await accounts.create_user(
                policy,
                account,
                name=ADMIN_NAME,
                email=options.admin_login,
                password=options.admin_password,
                roles=[ADMIN_ROLE],
            )
            report.users.created += 1
        else:
            report.users.existing += 1

        for member in data.team:
            user = existing.get(member.email)
            if user is None:
                user = await accounts.create_user(
                    policy,
                    account,
                    name=member.name,
                    email=member.email,
                    password=options.user_password,
                    roles=sorted(member.roles),
                    regional_office=member.regional_office,
                )
                created.append(member)
            users[member.name] = user
        await _link_managers(created, users)
    report.users.created += len(created)
    report.users.existing += len(data.team) - len(created)
    return users


async def _link_managers(created: list[TeamMember], users: dict[str, User]) -> None:
    reports: dict[str, list[int]] = defaultdict(list)
    for member in created:
        if member.manager_name is not None:
            reports[member.manager_name].append(users[member.name].id)
    for manager_name, user_ids in reports.items():
        manager = users[manager_name]
        await User.filter(id__in=user_ids).update(manager_id=manager.id)


async def _load_deals(
    account: Account,
    rows: list[DealRow],
    company_ids: dict[str, int],
    users: dict[str, User],
    report: ImportReport,
) -> None:
    """Create the missing deals, each owned by its sales agent."""
    existing = await _ids_by(Deal, account, "external_id")
    new_rows = []
    for row in rows:
        if row.external_id in existing:
            report.deals.existing += 1
        elif users[row.agent_name].is_deleted:
            report.skipped.append(
                SkippedRow(
                    PIPELINE,
                    row.line,
                    f"sales_agent {row.agent_name!r} is a deleted user",
                )
            )
        else:
            new_rows.append(row)

    owner_role = await ownership.resolve_object_role(account.id, None)
    at = utcnow()
    async with in_transaction():
        await Deal.bulk_create(
            [_deal(account, row, company_ids) for row in new_rows],
            batch_size=BATCH_SIZE,
        )
        ids = await _ids_by(Deal, account, "external_id")
        changes = [
            AssigneeChange(
                RecordType.DEAL,
                ids[row.external_id],
                owner_role.id,
                None,
                users[row.agent_name].id,
            )
            for row in new_rows
        ]
        await apply_changes(
            account.id,
            changes,
            actor_id=None,
            reason=AssignmentReason.IMPORT,
            batch_id=report.batch_id,
            at=at,
        )

    report.deals.created = len(new_rows)
    if new_rows:
        logger.info(
            "gave %d deals of account %s their owners in batch %s",
            len(new_rows),
            account.slug,
            report.batch_id,
        )
    for row in new_rows:
        if row.product_spelling != row.product:
            report.renamed_products[(row.product_spelling, row.product)] += 1


async def _own_companies(
    account: Account,
    rows: list[DealRow],
    company_ids: dict[str, int],
    users: dict[str, User],
    report: ImportReport,
) -> None:
    """Give each company without an owner the sales agent of most of its deals.

    The data set names no company owners, while Owner is required on companies by
    default. Ties go to the agent whose name sorts first, and companies that
    already have an owner keep it, so a repeated import changes nothing.
    """
    deals_by_agent: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.company_name and not users[row.agent_name].is_deleted:
            key = company_name_key(row.company_name)
            deals_by_agent[key][row.agent_name] += 1
    owner_role = await ownership.resolve_object_role(account.id, None)
    owned = await _owned_company_ids(account, owner_role.id)
    changes = []
    for company_key, agents in sorted(deals_by_agent.items()):
        company_id = company_ids[company_key]
        if company_id in owned:
            continue
        agent = min(agents, key=lambda name: (-agents[name], name))
        changes.append(
            AssigneeChange(
                RecordType.COMPANY, company_id, owner_role.id, None, users[agent].id
            )
        )
    if not changes:
        return
    async with in_transaction():
        await apply_changes(
            account.id,
            changes,
            actor_id=None,
            reason=AssignmentReason.IMPORT,
            batch_id=report.batch_id,
            at=utcnow(),
        )
    report.companies_owned = len(changes)
    logger.info(
        "gave %d companies of account %s their owners in batch %s",
        len(changes),
        account.slug,
        report.batch_id,
    )


async def _owned_company_ids(account: Account, owner_role_id: int) -> set[int]:
    rows = Assignment.filter(
        account_id=account.id,
        record_type=RecordType.COMPANY,
        object_role_id=owner_role_id,
    )
    return set(await rows.values_list("record_id", flat=True))


async def _count_companies_without_owner(
    account: Account,
    rows: list[CompanyRow],
    company_ids: dict[str, int],
    report: ImportReport,
) -> None:
    """Count the companies of the file that have no owner, and log a warning."""
    owner_role = await ownership.resolve_object_role(account.id, None)
    owned = await _owned_company_ids(account, owner_role.id)
    names = [
        row.name for row in rows if company_ids[company_name_key(row.name)] not in owned
    ]
    report.companies_without_owner = len(names)
    if not names:
        return
    logger.warning(
        "account %s has %s without an owner, because none of their deals "
        "in the file names a sales agent who is not deleted, such as %s; give them "
        "owners with changeOwner or bulkChangeOwner",
        account.slug,
        counted(len(names), "company", "companies"),
        ", ".join(repr(name) for name in sorted(names)[:5]),
    )


def _deal(account: Account, row: DealRow, company_ids: dict[str, int]) -> Deal:
    company_id = None
    if row.company_name:
        company_id = company_ids[company_name_key(row.company_name)]
    return Deal(
        account=account,
        name=row.name,
        external_id=row.external_id,
        product=row.product,
        stage=row.stage,
        value=row.value,
        engage_date=row.engage_date,
        close_date=row.close_date,
        company_id=company_id,
    )
