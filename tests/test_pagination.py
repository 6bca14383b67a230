"""Pages read as raw SQL (resolvers/pagination.py) against Tortoise's own reads.

`paginate` runs the count and the page from the SQL of the filtered queryset. For
each kind of list filter and each sort, a walk through its pages must return the
rows, values and count that Tortoise returns for the same queryset.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from models import (
    Assignment,
    Company,
    Deal,
    DealStage,
    ObjectRole,
    OwnershipSetting,
    RecordType,
    User,
)
from models.ownership import OWNER_ROLE_KEY
from resolvers.pagination import SortColumn, paginate
from resolvers.records import OWNER_CLOCK, SORT_COLUMNS
from schema.inputs import SortField
from steward import expiry
from steward.clock import utcnow
from steward.filters import OwnerCondition, RecordFilter, filtered_query
from steward.query_sql import selection
from tests.conftest import Caller

STAGES = list(DealStage)
VALUES = ["5", "40", None, "300", "40", "2000", None, "1000.5", "9.99", "40"]
FIELDS = [
    "id",
    "name",
    "stage",
    "value",
    "close_date",
    "created_at",
    "updated_at",
    "company_id",
    "account_id",
]


async def seed(make_caller) -> tuple[Caller, Caller, Company]:
    """Seed 30 deals owned by Anna, by Bob or by no one, and one of another account.

    The deals' Owner assignments expire after 30 days.
    """
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    other = await make_caller("olga@other.test")

    company = await Company.create(account_id=anna.account.id, name="Initech")
    owner_role = await ObjectRole.get(account_id=anna.account.id, key=OWNER_ROLE_KEY)
    await OwnershipSetting.filter(
        account_id=anna.account.id,
        record_type=RecordType.DEAL,
        object_role_id=owner_role.id,
    ).update(auto_remove_after_days=30)

    start = date(2026, 1, 1)
    now = utcnow()
    owners = [anna.user, bob.user, None]
    for i in range(30):
        deal = await Deal.create(
            account_id=anna.account.id,
            name=f"{'Alpha' if i % 2 else 'beta'} {i % 9:02d}",
            stage=STAGES[i % len(STAGES)],
            value=VALUES[i % len(VALUES)],
            close_date=None if i % 4 == 0 else start + timedelta(days=i % 5),
            company_id=company.id if i % 3 == 0 else None,
        )
        owner = owners[i % len(owners)]
        if owner is not None:
            clock = now - timedelta(days=i % 7, hours=i)
            await Assignment.create(
                account_id=anna.account.id,
                record_type=RecordType.DEAL,
                record_id=deal.id,
                object_role_id=owner_role.id,
                user_id=owner.id,
                started_at=clock,
                last_activity_at=clock,
            )

    await Deal.create(account_id=other.account.id, name="Alpha elsewhere")
    # Equal creation times for some deals, so that the sort has ties.
    await Deal.filter(account_id=anna.account.id, name__startswith="beta").update(
        created_at=now
    )
    return anna, bob, company


async def tortoise_order(
    query: QuerySet, column: SortColumn, descending: bool
) -> list[Deal]:
    """Return the rows in list order, as Tortoise reads them."""
    sign = "-" if descending else ""
    name = column.name
    if not column.nullable:
        return list(await query.order_by(f"{sign}{name}", f"{sign}id"))
    valued = query.filter(**{f"{name}__isnull": False})
    empty = query.filter(**{f"{name}__isnull": True})
    return [
        *await valued.order_by(f"{sign}{name}", f"{sign}id"),
        *await empty.order_by(f"{sign}id"),
    ]


def fields_of(row: Any, extra: list[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in [*FIELDS, *extra]}


async def walk(
    query: QuerySet, column: SortColumn, descending: bool, size: int
) -> tuple[list[Any], list[int]]:
    """Return every row read page by page, and the total count of each page."""
    rows: list[Any] = []
    counts = []
    after = None
    while True:
        page = await paginate(
            query, column, descending=descending, first=size, after=after
        )
        rows += page.rows
        counts.append(page.total_count)
        assert page.has_previous_page is (after is not None)
        if not page.has_next_page:
            return rows, counts
        assert len(page.rows) == size, "only the last page may be short"
        after = page.cursors[-1]


async def filter_cases(
    anna: Caller, bob: Caller, company: Company
) -> dict[str, QuerySet]:
    account_id = anna.account.id

    async def deals(record_filter: RecordFilter | None, **options: Any) -> QuerySet:
        return await filtered_query(
            account_id, RecordType.DEAL, record_filter, **options
        )

    expiring = await expiry.expiring_condition(
        account_id, RecordType.DEAL, 27, utcnow()
    )
    return {
        "none": await deals(None),
        "owner user": await deals(
            RecordFilter(owner=OwnerCondition(user_ids=[anna.user.id]))
        ),
        "owner users with the deleted": await deals(
            RecordFilter(owner=OwnerCondition(user_ids=[anna.user.id, bob.user.id])),
            show_deleted=True,
        ),
        "free": await deals(RecordFilter(owner=OwnerCondition(none=True))),
        "free or anna": await deals(
            RecordFilter(owner=OwnerCondition(user_ids=[anna.user.id], none=True))
        ),
        "stages": await deals(RecordFilter(stages=["Won", "Lost"])),
        "search": await deals(RecordFilter(search=" ALPHA 0")),
        "company": await deals(RecordFilter(company_id=company.id)),
        "expiring": (await deals(None)).filter(expiring),
        "deleted owner shown": await deals(None, show_deleted=True),
        "statistics": await deals(None, keep_deleted_owners=True),
    }


SORTS = [
    SORT_COLUMNS[SortField.NAME],
    SORT_COLUMNS[SortField.CREATED_AT],
    SORT_COLUMNS[SortField.VALUE],
    SORT_COLUMNS[SortField.CLOSE_DATE],
]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", SORTS, ids=lambda column: column.name)
async def test_pages_match_tortoise(
    make_caller, column: SortColumn, descending: bool
) -> None:
    anna, bob, company = await seed(make_caller)
    await User.filter(id=bob.user.id).update(deleted_at=utcnow())
    for case, query in (await filter_cases(anna, bob, company)).items():
        expected = await tortoise_order(query, column, descending)
        assert expected, f"{case}: the seed leaves the filter empty"
        rows, counts = await walk(query, column, descending, size=4)
        assert [fields_of(row, []) for row in rows] == [
            fields_of(row, []) for row in expected
        ], case
        assert set(counts) == {await query.count()}, case


@pytest.mark.parametrize("descending", [False, True])
async def test_owner_clock_pages_match_tortoise(make_caller, descending: bool) -> None:
    anna, _, _ = await seed(make_caller)
    account_id = anna.account.id
    sql = await expiry.owner_clock_sql(account_id, RecordType.DEAL)
    query = (await filtered_query(account_id, RecordType.DEAL, None)).annotate(
        **{OWNER_CLOCK: RawSQL(sql)}
    )
    column = SortColumn(OWNER_CLOCK, datetime, nullable=True)
    expected = await tortoise_order(query, column, descending)
    rows, counts = await walk(query, column, descending, size=4)
    assert [fields_of(row, [OWNER_CLOCK]) for row in rows] == [
        fields_of(row, [OWNER_CLOCK]) for row in expected
    ]
    assert counts == [30] * len(counts)
    assert any(getattr(row, OWNER_CLOCK) is None for row in rows)


async def test_page_values_are_converted(make_caller) -> None:
    anna, _, _ = await seed(make_caller)
    query = Deal.filter(account_id=anna.account.id, value__isnull=False)
    page = await paginate(
        query, SORT_COLUMNS[SortField.VALUE], descending=False, first=4, after=None
    )
    # In numeric order, although SQLite stores the values as text.
    assert [row.value for row in page.rows] == [
        Decimal("5.00"),
        Decimal("5.00"),
        Decimal("5.00"),
        Decimal("9.99"),
    ]
    assert all(isinstance(row.stage, DealStage) for row in page.rows)
    assert all(row.created_at.tzinfo is not None for row in page.rows)


async def test_selection_rejects_limited_query(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = Deal.filter(account_id=anna.account.id)
    with pytest.raises(ValueError, match="need more than a WHERE"):
        selection(query.limit(5))
    with pytest.raises(ValueError, match="need more than a WHERE"):
        selection(query.filter(company__name="Initech"))
