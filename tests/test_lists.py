"""Lists of records: cursor pagination, sort orders, filters and query counts."""

import base64
import json
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, parse
from tortoise import connections

from models import (
    Account,
    Assignment,
    Company,
    Deal,
    ObjectRole,
    RecordType,
    User,
)
from resolvers.records import selects
from schema.ids import parse_global_id, to_global_id
from steward.clock import utcnow
from tests.conftest import Caller
from tests.operations import (
    CHANGE_OWNER,
    create,
    create_deal,
    owner_pk,
    set_owner_required,
    user_gid,
)

LIST = """
query($first: Int, $after: String, $filter: %(type)sFilter, $orderBy: RecordOrder) {
  %(field)s(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { name } }
  }
}
"""
LISTS = {
    RecordType.PERSON: ("persons", LIST % {"type": "Person", "field": "persons"}),
    RecordType.COMPANY: ("companies", LIST % {"type": "Company", "field": "companies"}),
    RecordType.DEAL: ("deals", LIST % {"type": "Deal", "field": "deals"}),
}
DEAL_PAGE = """
query($first: Int) {
  deals(first: $first, orderBy: {field: NAME}) {
    edges {
      node {
        name
        owner { name manager { name } }
        company { name }
        assignments { user { name } objectRole { key } }
      }
    }
  }
}
"""
# Values chosen so that text order differs from numeric order, with ties and nulls.
DEAL_VALUES = ["5", "40", None, "300", "40", "2000", None, "1000.5", "9.99", "40"]


async def list_page(
    caller: Caller, record_type: RecordType, **variables: Any
) -> dict[str, Any]:
    field, query = LISTS[record_type]
    return (await caller.data(query, **variables))[field]


async def list_error(caller: Caller, record_type: RecordType, **variables: Any) -> str:
    return await caller.error_code(LISTS[record_type][1], **variables)


async def walk(
    caller: Caller, record_type: RecordType, page_size: int, **variables: Any
) -> list[str]:
    """Return the names of every record, reading the list page by page."""
    names: list[str] = []
    after = None
    while True:
        page = await list_page(
            caller, record_type, first=page_size, after=after, **variables
        )
        edges = page["edges"]
        info = page["pageInfo"]
        names += [edge["node"]["name"] for edge in edges]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)
        if not info["hasNextPage"]:
            assert len(edges) <= page_size
            assert page["totalCount"] == len(names), "totalCount is not the walk's"
            return names
        assert len(edges) == page_size, "only the last page may be short"
        after = info["endCursor"]


async def names_of(caller: Caller, record_type: RecordType, **variables: Any) -> set:
    page = await list_page(caller, record_type, first=100, **variables)
    assert page["totalCount"] == len(page["edges"])
    return {edge["node"]["name"] for edge in page["edges"]}


def sorted_names(rows: list[dict], key: str, descending: bool) -> list[str]:
    """Order rows by `key` then id, both in one direction, with empty keys last."""
    present = [row for row in rows if row[key] is not None]
    empty = [row for row in rows if row[key] is None]
    present.sort(key=lambda row: (row[key], row["id"]), reverse=descending)
    empty.sort(key=lambda row: row["id"], reverse=descending)
    return [row["name"] for row in present + empty]


@pytest.fixture
async def deals_25(make_caller) -> tuple[Caller, list[dict]]:
    """25 deals with repeated names, values, close dates and creation times."""
    anna = await make_caller("anna@acme.test")
    start = date(2026, 1, 1)
    for i in range(25):
        value = DEAL_VALUES[i % len(DEAL_VALUES)]
        close_date = None if i % 4 == 0 else str(start + timedelta(days=i % 5))
        await create_deal(
            anna,
            f"Deal {i % 7:02d}",
            stage="WON",
            value=value,
            closeDate=close_date,
        )
    # Equal creation times for a third of the deals, so that ties are common.
    created = utcnow()
    await Deal.filter(id__in=list(range(1, 26, 3))).update(created_at=created)
    rows = await Deal.all().values("id", "name", "value", "close_date", "created_at")
    return anna, rows


@pytest.mark.parametrize("page_size", [1, 7, 25, 100])
async def test_walk_covers_every_deal(deals_25, page_size: int) -> None:
    anna, rows = deals_25
    names = await walk(anna, RecordType.DEAL, page_size)
    assert names == sorted_names(rows, "name", descending=False)


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("NAME", "name"),
        ("CREATED_AT", "created_at"),
        ("VALUE", "value"),
        ("CLOSE_DATE", "close_date"),
    ],
)
async def test_sort_orders_with_nulls(
    deals_25, field: str, column: str, direction: str
) -> None:
    anna, rows = deals_25
    order = {"field": field, "direction": direction}
    names = await walk(anna, RecordType.DEAL, 4, orderBy=order)
    assert names == sorted_names(rows, column, descending=direction == "DESC")


async def test_page_info_and_total(deals_25) -> None:
    anna, _ = deals_25
    first = await list_page(anna, RecordType.DEAL, first=10)
    assert first["totalCount"] == 25
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert first["pageInfo"]["startCursor"] == first["edges"][0]["cursor"]
    last = await list_page(
        anna, RecordType.DEAL, first=15, after=first["pageInfo"]["endCursor"]
    )
    assert len(last["edges"]) == 15
    assert last["totalCount"] == 25
    assert last["pageInfo"]["hasNextPage"] is False
    empty = await list_page(
        anna, RecordType.DEAL, first=5, after=last["pageInfo"]["endCursor"]
    )
    assert empty["edges"] == []
    assert empty["pageInfo"]["endCursor"] is None
    assert empty["pageInfo"]["hasNextPage"] is False
    none = await list_page(anna, RecordType.DEAL, first=0)
    assert none["edges"] == []
    assert none["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("record_type", [RecordType.PERSON, RecordType.COMPANY])
async def test_walk_persons_and_companies(make_caller, record_type: RecordType) -> None:
    anna = await make_caller("anna@acme.test")
    expected = [f"{record_type.value} {i:02d}" for i in range(25)]
    for name in reversed(expected):
        await create(anna, record_type, name=name)
    assert await walk(anna, record_type, 10) == expected
    descending = {"field": "NAME", "direction": "DESC"}
    assert await walk(anna, record_type, 10, orderBy=descending) == expected[::-1]
    newest_first = {"field": "CREATED_AT", "direction": "DESC"}
    assert await walk(anna, record_type, 6, orderBy=newest_first) == expected


@pytest.mark.parametrize("record_type", [RecordType.PERSON, RecordType.COMPANY])
async def test_deal_fields_sort_deals_only(
    make_caller, record_type: RecordType
) -> None:
    anna = await make_caller("anna@acme.test")
    for field in ("VALUE", "CLOSE_DATE"):
        code = await list_error(anna, record_type, orderBy={"field": field})
        assert code == "VALIDATION", field


async def test_page_size_limits(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for first in (-1, 101, 2**31 - 1):
        assert await list_error(anna, RecordType.DEAL, first=first) == "VALIDATION"
    page = await list_page(anna, RecordType.DEAL, first=100)
    assert page["totalCount"] == 0


def cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


async def test_bad_cursor_is_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    await create_deal(anna, "Deal", stage="WON", value="10")
    page = await list_page(anna, RecordType.DEAL, first=1, orderBy={"field": "VALUE"})
    value_cursor = page["pageInfo"]["endCursor"]
    for after in [
        "garbage",
        "",
        "é",
        cursor({"name": "x"}),
        cursor(["name", "x"]),
        cursor(["name", 5, 1]),
        cursor(["name", "x", "1"]),
        cursor(["name", "x", 2**70]),
        cursor(["name", "x", -1]),
        cursor(["value", "NaN", 1]),
        cursor(["value", "abc", 1]),
        cursor(["created_at", "yesterday", 1]),
        cursor(["created_at", "2026-01-01T00:00:00", 1]),
        cursor(["name", None, 5]),
        cursor(["name", "a\u0000b", 5]),
        cursor(["name", "x" * 201, 5]),
        cursor(["name", "x" * 100_000, 5]),
        value_cursor,
    ]:
        code = await list_error(anna, RecordType.DEAL, first=5, after=after)
        assert code == "VALIDATION", after[:100]
    # A name as long as the column allows is a valid position.
    page = await list_page(anna, RecordType.DEAL, after=cursor(["name", "x" * 200, 5]))
    assert page["totalCount"] == 1


async def test_long_cursor_is_shortened_in_error(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    after = "x" * 100_000
    body = await anna.execute(LISTS[RecordType.DEAL][1], first=5, after=after)
    message = body["errors"][0]["message"]
    assert "(100000 characters)" in message
    assert len(message) < 300


async def test_owner_filter_by_users(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    for owner in (anna, bob, carol):
        for i in range(2):
            await create_deal(anna, f"{owner.user.name} {i}", ownerId=user_gid(owner))
    by_bob = {"owner": {"userIds": [user_gid(bob)]}}
    assert await names_of(anna, RecordType.DEAL, filter=by_bob) == {"Bob 0", "Bob 1"}
    mine = {"owner": {"me": True}}
    assert await names_of(bob, RecordType.DEAL, filter=mine) == {"Bob 0", "Bob 1"}
    both = {"owner": {"userIds": [user_gid(carol)], "me": True}}
    assert await names_of(anna, RecordType.DEAL, filter=both) == {
        "Anna 0",
        "Anna 1",
        "Carol 0",
        "Carol 1",
    }


async def test_owner_filter_free_records(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    await create_deal(anna, "Anna's")
    await create_deal(anna, "Bob's", ownerId=user_gid(bob))
    await create_deal(anna, "Free from the start", ownerId=None)
    freed = await create_deal(anna, "Freed later")
    await anna.data(CHANGE_OWNER, recordId=freed["id"], ownerId=None)

    free = {"owner": {"none": True}}
    assert await names_of(anna, RecordType.DEAL, filter=free) == {
        "Free from the start",
        "Freed later",
    }
    free_or_bob = {"owner": {"none": True, "userIds": [user_gid(bob)]}}
    assert await names_of(anna, RecordType.DEAL, filter=free_or_bob) == {
        "Bob's",
        "Free from the start",
        "Freed later",
    }


async def test_empty_owner_filter_invalid(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for owner in [{}, {"userIds": []}, {"me": False, "none": False}]:
        for record_type in RecordType:
            code = await list_error(anna, record_type, filter={"owner": owner})
            assert code == "VALIDATION", (record_type, owner)


async def test_owner_filter_bad_ids(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    deal = await create_deal(anna, "Deal")
    for user_id in ["xyz", deal["id"]]:
        code = await list_error(
            anna, RecordType.DEAL, filter={"owner": {"userIds": [user_id]}}
        )
        assert code == "NOT_FOUND", user_id


async def test_search_ignores_case(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    names = [
        "Laptops for Acme",
        "LAPTOP stands",
        "Desks",
        "100% cotton",
        "a_b",
        "C:\\x",
    ]
    for name in names:
        await create_deal(anna, name)
    assert await names_of(anna, RecordType.DEAL, filter={"search": "laptop"}) == {
        "Laptops for Acme",
        "LAPTOP stands",
    }
    assert await names_of(anna, RecordType.DEAL, filter={"search": " DESK "}) == {
        "Desks"
    }
    assert await names_of(anna, RecordType.DEAL, filter={"search": "%"}) == {
        "100% cotton"
    }
    assert await names_of(anna, RecordType.DEAL, filter={"search": "_"}) == {"a_b"}
    assert await names_of(anna, RecordType.DEAL, filter={"search": "\\"}) == {"C:\\x"}
    assert len(await names_of(anna, RecordType.DEAL, filter={"search": "  "})) == 6
    code = await list_error(anna, RecordType.DEAL, filter={"search": "x" * 201})
    assert code == "VALIDATION"


async def test_search_ignores_case_beyond_ascii(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for name in ("Ärger Straße", "Éclair Öl", "Δέλτα"):
        await create_deal(anna, name)
    for search, found in [
        ("ärger", "Ärger Straße"),
        ("ÄRGER", "Ärger Straße"),
        ("éclair öl", "Éclair Öl"),
        ("ΔΈΛΤΑ", "Δέλτα"),
    ]:
        names = await names_of(anna, RecordType.DEAL, filter={"search": search})
        assert names == {found}, search


async def test_search_persons_and_companies(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for record_type in (RecordType.PERSON, RecordType.COMPANY):
        await create(anna, record_type, name="Ada Lovelace")
        await create(anna, record_type, name="Grace Hopper")
        found = await names_of(anna, record_type, filter={"search": "LOVE"})
        assert found == {"Ada Lovelace"}, record_type


async def test_deal_stage_filter(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for stage in ["PROSPECTING", "ENGAGING", "WON", "LOST", "WON"]:
        await create_deal(anna, f"{stage.title()} deal", stage=stage)
    closed = {"stages": ["WON", "LOST"]}
    assert await names_of(anna, RecordType.DEAL, filter=closed) == {
        "Won deal",
        "Lost deal",
    }
    won_search = {"stages": ["WON"], "search": "won"}
    page = await list_page(anna, RecordType.DEAL, filter=won_search)
    assert page["totalCount"] == 2


async def test_company_filter(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    acme = await create(anna, RecordType.COMPANY, name="Acme")
    await create(anna, RecordType.PERSON, name="At Acme", companyId=acme["id"])
    await create(anna, RecordType.PERSON, name="Elsewhere")
    await create_deal(anna, "Acme deal", companyId=acme["id"])
    await create_deal(anna, "Other deal")
    at_acme = {"companyId": acme["id"]}
    assert await names_of(anna, RecordType.PERSON, filter=at_acme) == {"At Acme"}
    assert await names_of(anna, RecordType.DEAL, filter=at_acme) == {"Acme deal"}


# Filters that name a company next to each part of the filter's read of users:
# none, the deleted users, and the deleted users with the owner filter's users.
COMPANY_FILTER_SHAPES = {
    "company only": (True, {}),
    "with deleted users": (False, {}),
    "with owner filter": (False, {"owner": {"me": True}}),
}


@pytest.mark.parametrize("shape", COMPANY_FILTER_SHAPES)
async def test_company_filter_unknown_company(make_caller, shape: str) -> None:
    anna = await make_caller("anna@acme.test")
    acme = await create(anna, RecordType.COMPANY, name="Acme")
    await create_deal(anna, "Acme deal", companyId=acme["id"])
    show_deleted, extra = COMPANY_FILTER_SHAPES[shape]
    await Account.filter(id=anna.account.id).update(
        show_deleted_users_in_filters=show_deleted
    )
    unknown = to_global_id("Company", 999_999)

    found = await names_of(
        anna, RecordType.DEAL, filter={**extra, "companyId": acme["id"]}
    )
    assert found == {"Acme deal"}
    for record_type in (RecordType.PERSON, RecordType.DEAL):
        body = await anna.execute(
            LISTS[record_type][1], filter={**extra, "companyId": unknown}
        )
        error = body["errors"][0]
        assert error["extensions"]["code"] == "NOT_FOUND", error
        assert error["extensions"]["field"] == "companyId", error
        assert unknown in error["message"], error


class StatementCounter:
    """Records the SQL statements sent through the Tortoise connection."""

    METHODS = (
        "execute_query",
        "execute_query_dict",
        "execute_query_tuples",
        "execute_insert",
        "execute_many",
        "execute_script",
    )

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.active = False

    def wrap(self, method: Callable) -> Callable:
        async def counted(client: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            if self.active:
                self.statements.append(query)
            return await method(client, query, *args, **kwargs)

        return counted


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch, database: None) -> StatementCounter:
    """Count statements on the real connection class, SQLite or PostgreSQL."""
    counter = StatementCounter()
    client_class = type(connections.get("default"))
    for name in StatementCounter.METHODS:
        # Only the SQLite engine has execute_query_tuples.
        if hasattr(client_class, name):
            monkeypatch.setattr(
                client_class, name, counter.wrap(getattr(client_class, name))
            )
    return counter


async def seed_deals(make_caller, count: int) -> Caller:
    """Create deals owned by three sellers, who report to a boss who owns none."""
    boss = await make_caller("boss@acme.test")
    sellers = [
        await make_caller(f"seller{i}@acme.test", manager=boss.user) for i in range(3)
    ]
    companies = [await create(boss, RecordType.COMPANY, name=f"C{i}") for i in range(3)]
    for i in range(count):
        await create_deal(
            boss,
            f"Deal {i:02d}",
            ownerId=user_gid(sellers[i % len(sellers)]),
            companyId=companies[i % len(companies)]["id"] if i % 5 else None,
        )
    return boss


async def page_statements(
    caller: Caller, statements: StatementCounter, query: str, first: int
) -> tuple[list[dict], list[str]]:
    """Return the edges of a deals page and the statements it sent."""
    statements.statements.clear()
    statements.active = True
    try:
        edges = (await caller.data(query, first=first))["deals"]["edges"]
    finally:
        statements.active = False
    assert len(edges) == first
    return edges, list(statements.statements)


async def count_page_statements(
    caller: Caller, statements: StatementCounter, first: int
) -> list[str]:
    edges, sent = await page_statements(caller, statements, DEAL_PAGE, first)
    assert edges[1]["node"]["owner"]["manager"] == {"name": "Boss"}
    assert edges[1]["node"]["assignments"][0]["objectRole"] == {"key": "owner"}
    return sent


@pytest.mark.parametrize("size", [5, 50])
async def test_deal_page_statement_count(
    make_caller, statements: StatementCounter, size: int
) -> None:
    boss = await seed_deals(make_caller, size)
    sent = await count_page_statements(boss, statements, size)
    # The token's user with the account, the deleted users, the count, the page
    # and the owners with their assignments, then one batch each of
    # assignments, object roles, companies and the owners' managers.
    assert len(sent) == 9, "\n".join(sent)


# Each page selects one field per deal. Every request sends four statements
# first: the token's user with the account, the deleted users, the count and
# the page.
FIELD_PAGE = """
query($first: Int) {
  deals(first: $first, orderBy: {field: NAME}) { edges { node { name %s } } }
}
"""
FIELD_STATEMENTS = {
    # The owners with their assignments.
    "owner { name }": 5,
    # The object roles, then one batch each of assignments and ownership settings.
    "assigneeExpiresAt": 7,
}


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("field", FIELD_STATEMENTS)
async def test_field_page_statement_count(
    make_caller, statements: StatementCounter, field: str, size: int
) -> None:
    boss = await seed_deals(make_caller, size)
    _, sent = await page_statements(boss, statements, FIELD_PAGE % field, size)
    assert len(sent) == FIELD_STATEMENTS[field], "\n".join(sent)


COMPANY_PAGE = """
query($company: ID) {
  deals(first: 5, orderBy: {field: NAME}, filter: {companyId: $company}) {
    edges { node { name } }
  }
}
"""


async def test_company_filter_statement_count(
    make_caller, statements: StatementCounter
) -> None:
    boss = await seed_deals(make_caller, 10)
    company = await Company.get(account_id=boss.account.id, name="C1")
    sent = {}
    for company_id in (None, to_global_id("Company", company.id)):
        statements.statements.clear()
        statements.active = True
        try:
            data = await boss.data(COMPANY_PAGE, company=company_id)
        finally:
            statements.active = False
        assert data["deals"]["edges"], company_id
        sent[company_id] = list(statements.statements)
    # The filter's company is read in the same statement as the deleted users.
    for company_id, company_sent in sent.items():
        assert len(company_sent) == 4, (company_id, "\n".join(company_sent))


OWNERS_PAGE = """
query {
  deals(first: 20, orderBy: {field: NAME}) {
    edges { node { name owner { id name isDeleted } } }
  }
}
"""
OWNERS_IN_FRAGMENTS = """
query {
  deals(first: 20, orderBy: {field: NAME}) { ...Edges }
}
fragment Edges on DealConnection {
  edges { node { name ... on Record { owner { ...Owner } } } }
}
fragment Owner on User { id name isDeleted }
"""
NODE_OWNER = """
query($id: ID!) { node(id: $id) { ... on Record { owner { id name isDeleted } } } }
"""


async def seed_owners(make_caller) -> Caller:
    """Create deals that are owned, free, held in another role only, or owned
    by a deleted user, in an account that shows deleted users."""
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    carol = await make_caller("carol@acme.test")
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    await create_deal(anna, "A", ownerId=user_gid(anna))
    await create_deal(anna, "B", ownerId=user_gid(bob))
    await create_deal(anna, "C", ownerId=None)
    co_owned = await create_deal(anna, "D", ownerId=None)
    await create_deal(anna, "E", ownerId=user_gid(carol))

    co_owner = await ObjectRole.create(
        account_id=anna.account.id, key="co_owner", name="Co-owner", record_types=[]
    )
    now = utcnow()
    await Assignment.create(
        account_id=anna.account.id,
        record_type=RecordType.DEAL,
        record_id=parse_global_id(co_owned["id"])[1],
        object_role=co_owner,
        user_id=bob.user.id,
        started_at=now,
        last_activity_at=now,
    )
    await User.filter(id=carol.user.id).update(deleted_at=now)
    await Account.filter(id=anna.account.id).update(show_deleted_users_in_filters=True)
    return anna


async def test_list_owners_match_records(make_caller) -> None:
    anna = await seed_owners(make_caller)
    deals = await Deal.filter(account_id=anna.account.id).order_by("name")
    expected = {}
    for deal in deals:
        owner_id = await owner_pk(RecordType.DEAL, deal.id)
        owner = await User.get_or_none(id=owner_id)
        expected[deal.name] = owner and {
            "id": user_gid(owner),
            "name": owner.name,
            "isDeleted": owner.deleted_at is not None,
        }
    assert expected["C"] is None
    assert expected["D"] is None
    assert expected["E"] is not None
    assert expected["E"]["isDeleted"] is True

    for query in (OWNERS_PAGE, OWNERS_IN_FRAGMENTS):
        edges = (await anna.data(query))["deals"]["edges"]
        listed = {edge["node"]["name"]: edge["node"]["owner"] for edge in edges}
        assert listed == expected
    for deal in deals:
        node = (await anna.data(NODE_OWNER, id=to_global_id("Deal", deal.id)))["node"]
        assert node["owner"] == expected[deal.name], deal.name


def selection_info(query: str) -> SimpleNamespace:
    """Return an Info-like object for the first root field of `query`."""
    document = parse(query)
    operation = document.definitions[0]
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    field_nodes = [operation.selection_set.selections[0]]
    return SimpleNamespace(
        _raw_info=SimpleNamespace(field_nodes=field_nodes, fragments=fragments)
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ deals { edges { node { owner { id } } } } }", True),
        ("{ deals { edges { node { name } } } }", False),
        ("{ deals { totalCount } }", False),
        ("{ deals { edges { node { company { owner { id } } } } } }", False),
        ("{ deals { edges { node { holder: owner { id } } } } }", True),
        ("{ deals { edges { node { ... on Record { owner { id } } } } } }", True),
        (OWNERS_IN_FRAGMENTS, True),
    ],
)
def test_selects_owner(query: str, expected: bool) -> None:
    info = selection_info(query)
    assert selects(info, "edges", "node", "owner") is expected  # type: ignore[arg-type]


def test_selects_doubling_fragments_fast() -> None:
    # 2**39 spreads of the last fragment: expanding every spread would never end.
    fragments = [
        f"fragment F{i} on Deal {{ ...F{i + 1} ...F{i + 1} }}" for i in range(39)
    ]
    fragments.append("fragment F39 on Deal { owner { id } }")
    query = "{ deals { edges { node { ...F0 } } } }\n" + "\n".join(fragments)
    info = selection_info(query)
    assert selects(info, "edges", "node", "owner") is True  # type: ignore[arg-type]
