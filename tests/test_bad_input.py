"""Bad input gets a typed error or an empty result: never a 500, a change or a leak.

CASES is a table of operations with bad arguments: malformed and mistyped IDs,
page sizes, enum values, dates, long strings, text the database cannot store,
and bulk selections. Each runs as an admin, must return the expected error
code in `extensions.code` and must leave every table as it was.
"""

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

import resolvers.bulk
import resolvers.record_fields
from models import RecordType
from resolvers.context import Context
from schema import schema, types
from schema.errors import MASKED_MESSAGE
from schema.ids import to_global_id
from tests.conftest import PASSWORD, Caller
from tests.database_state import changed_tables, database_digest
from tests.operations import CREATE_BY_TYPE, UPDATE_BY_TYPE, create, user_gid


@dataclass
class Setup:
    anna: Caller
    bob: Caller
    records: dict[RecordType, str]


def raw_id(text: str) -> str:
    """Return `text` encoded as a global ID is, for IDs that are not well formed."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


MALFORMED_IDS = [
    "",
    "!!!",
    raw_id("Deal:"),
    raw_id("Deal:abc"),
    raw_id("Deal:0"),
    raw_id("Deal:-1"),
    raw_id("Deal:+1"),
    raw_id("Deal: 1"),
    raw_id("Deal:2147483648"),
    raw_id("Deal:\u0663"),
    base64.urlsafe_b64encode(b"\xff\xfe:1").decode(),
    "x" * 5000,
]

NODE = "query($id: ID!) { node(id: $id) { id } }"
CHANGE_PASSWORD = """
mutation($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { token }
}
"""
DEALS = "query($first: Int) { deals(first: $first) { totalCount } }"
CREATE_DEAL = "mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }"
UPDATE_DEAL = "mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }"
CREATE_COMPANY = """
mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }
"""
CHANGE_OWNER = """
mutation($record: ID!, $owner: ID, $role: String) {
  changeOwner(recordId: $record, ownerId: $owner, objectRole: $role) { id }
}
"""
LOG_ACTIVITY = """
mutation($record: ID!, $at: DateTime, $note: String) {
  logActivity(recordId: $record, kind: CALL, at: $at, note: $note) { id }
}
"""
BULK_CHANGE = """
mutation($input: BulkChangeOwnerInput!) { bulkChangeOwner(input: $input) {
  matched changed batchId } }
"""
LOGIN = """
mutation($email: String!, $password: String!, $account: String) {
  login(email: $email, password: $password, account: $account) { token }
}
"""
SEARCH = "query($search: String) { deals(filter: {search: $search}) { totalCount } }"
PARSE = "GRAPHQL_VALIDATION_FAILED"


def bulk(setup: Setup, selection: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "input": {
            "recordType": "DEAL",
            "selection": selection,
            "newUserId": user_gid(setup.bob),
            **fields,
        }
    }


Case = tuple[str, Callable[[Setup], dict[str, Any]], str]
"""A document, a function returning its variables, and the expected error code."""


def deal(setup: Setup) -> str:
    return setup.records[RecordType.DEAL]


CASES: dict[str, Case] = {
    # IDs of the wrong type.
    "node of unknown type": (NODE, lambda s: {"id": raw_id("Policy:1")}, "NOT_FOUND"),
    "record id of user": (
        CHANGE_OWNER,
        lambda s: {"record": user_gid(s.bob), "owner": user_gid(s.bob)},
        "NOT_FOUND",
    ),
    "owner id of deal": (
        CHANGE_OWNER,
        lambda s: {"record": deal(s), "owner": deal(s)},
        "NOT_FOUND",
    ),
    "update deal with person id": (
        UPDATE_DEAL,
        lambda s: {"input": {"id": s.records[RecordType.PERSON], "name": "X"}},
        "NOT_FOUND",
    ),
    "company filter with deal id": (
        "query($id: ID) { persons(filter: {companyId: $id}) { totalCount } }",
        lambda s: {"id": deal(s)},
        "NOT_FOUND",
    ),
    "create with company id of deal": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "companyId": deal(s)}},
        "NOT_FOUND",
    ),
    "bulk person ids as deals": (
        BULK_CHANGE,
        lambda s: bulk(s, {"recordIds": [s.records[RecordType.PERSON]]}),
        "NOT_FOUND",
    ),
    "delete user with deal id": (
        "mutation($id: ID!) { deleteUser(userId: $id) { transferred } }",
        lambda s: {"id": deal(s)},
        "NOT_FOUND",
    ),
    "notification id of deal": (
        "mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { marked } }",
        lambda s: {"ids": [deal(s)]},
        "NOT_FOUND",
    ),
    "policy cursor of deal": (
        "query($id: ID) { accessPolicyHistory(before: $id) { id } }",
        lambda s: {"id": deal(s)},
        "NOT_FOUND",
    ),
    "bulk job id of deal": (
        "query($id: ID!) { bulkJob(id: $id) { id } }",
        lambda s: {"id": deal(s)},
        "NOT_FOUND",
    ),
    "batch id of deal": (
        "mutation($id: ID!) { undoBulkChange(batchId: $id) { restored } }",
        lambda s: {"id": deal(s)},
        "NOT_FOUND",
    ),
    "id given as number": ("{ node(id: 5) { id } }", lambda s: {}, "NOT_FOUND"),
    # Page sizes.
    "negative page size": (DEALS, lambda s: {"first": -1}, "VALIDATION"),
    "page size over maximum": (DEALS, lambda s: {"first": 101}, "VALIDATION"),
    "page size over 32 bits": (DEALS, lambda s: {"first": 2**40}, PARSE),
    "page size literal over 32 bits": (
        "{ deals(first: 2147483648) { totalCount } }",
        lambda s: {},
        PARSE,
    ),
    "page size not whole": (DEALS, lambda s: {"first": 1.5}, PARSE),
    "negative notifications page": (
        "{ notifications(first: -1) { totalCount } }",
        lambda s: {},
        "VALIDATION",
    ),
    "activities page over maximum": (
        "query($id: ID!) { activities(recordId: $id, first: 101) { id } }",
        lambda s: {"id": deal(s)},
        "VALIDATION",
    ),
    "policy history limit zero": (
        "{ accessPolicyHistory(limit: 0) { id } }",
        lambda s: {},
        "VALIDATION",
    ),
    "cursor not from a query": (
        '{ deals(after: "garbage") { totalCount } }',
        lambda s: {},
        "VALIDATION",
    ),
    # Enum values.
    "unknown stage literal": (
        "{ deals(filter: {stages: [NOPE]}) { totalCount } }",
        lambda s: {},
        PARSE,
    ),
    "unknown stage variable": (
        "query($s: [DealStage!]) { deals(filter: {stages: $s}) { totalCount } }",
        lambda s: {"s": ["NOPE"]},
        PARSE,
    ),
    "enum value in lower case": (
        "query($t: RecordType!) { ownershipStats(recordType: $t) { records } }",
        lambda s: {"t": "deal"},
        PARSE,
    ),
    "unknown record type string": (
        'mutation { updateOwnershipSettings(recordType: "planet", '
        'objectRole: "owner", required: true) { freeRecords } }',
        lambda s: {},
        "VALIDATION",
    ),
    # Dates and times.
    "month thirteen": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "closeDate": "2024-13-01"}},
        PARSE,
    ),
    "february thirtieth": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "closeDate": "2024-02-30"}},
        PARSE,
    ),
    "date literal invalid": (
        'mutation { createDeal(input: {name: "X", engageDate: "soon"}) { id } }',
        lambda s: {},
        PARSE,
    ),
    "time not a time": (
        LOG_ACTIVITY,
        lambda s: {"record": deal(s), "at": "yesterday"},
        PARSE,
    ),
    "time without zone": (
        LOG_ACTIVITY,
        lambda s: {"record": deal(s), "at": "2024-01-01T00:00:00"},
        "VALIDATION",
    ),
    "time before year one in utc": (
        LOG_ACTIVITY,
        lambda s: {"record": deal(s), "at": "0001-01-01T00:00:00+14:00"},
        "VALIDATION",
    ),
    "time before 1900": (
        LOG_ACTIVITY,
        lambda s: {"record": deal(s), "at": "1899-12-31T23:59:59+00:00"},
        "VALIDATION",
    ),
    "close date in year 9999": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "closeDate": "9999-12-31"}},
        "VALIDATION",
    ),
    "time far in future": (
        LOG_ACTIVITY,
        lambda s: {"record": deal(s), "at": "9999-12-31T23:59:59+00:00"},
        "VALIDATION",
    ),
    # Long strings.
    "long record name": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "x" * 10_000}},
        "VALIDATION",
    ),
    "long search": (SEARCH, lambda s: {"search": "x" * 201}, "VALIDATION"),
    "long object role key": (
        CHANGE_OWNER,
        lambda s: {"record": deal(s), "owner": user_gid(s.bob), "role": "x" * 10_000},
        "VALIDATION",
    ),
    "long object role to delete": (
        "mutation($key: String!) { deleteObjectRole(key: $key) }",
        lambda s: {"key": "x" * 10_000},
        "NOT_FOUND",
    ),
    "long settings object role": (
        'mutation($role: String!) { updateOwnershipSettings(recordType: "deal", '
        "objectRole: $role, required: true) { freeRecords } }",
        lambda s: {"role": "x" * 10_000},
        "VALIDATION",
    ),
    "long activity note": (
        LOG_ACTIVITY,
        lambda s: {"record": deal(s), "note": "x" * 10_001},
        "VALIDATION",
    ),
    "long company sector": (
        CREATE_COMPANY,
        lambda s: {"input": {"name": "Long Sector Inc", "sector": "x" * 10_000}},
        "VALIDATION",
    ),
    "long login email": (
        LOGIN,
        lambda s: {"email": "x" * 300 + "@acme.test", "password": "p"},
        "VALIDATION",
    ),
    "long login account": (
        LOGIN,
        lambda s: {"email": "anna@acme.test", "password": "p", "account": "x" * 500},
        "UNAUTHENTICATED",
    ),
    # Text a database cannot store.
    "nul in variable": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "a\x00b"}},
        "VALIDATION",
    ),
    "nul escape in literal": (
        '{ deals(filter: {search: "a\\u0000b"}) { totalCount } }',
        lambda s: {},
        "VALIDATION",
    ),
    # Numbers.
    "value not a number": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "value": "NaN"}},
        "VALIDATION",
    ),
    "value too large": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "value": "1e1000000"}},
        "VALIDATION",
    ),
    "value not decimal": (
        CREATE_DEAL,
        lambda s: {"input": {"name": "X", "value": "ten"}},
        PARSE,
    ),
    "negative employees": (
        CREATE_COMPANY,
        lambda s: {"input": {"name": "Shrinking Inc", "employees": -1}},
        "VALIDATION",
    ),
    # Bulk selections.
    "empty record ids": (
        BULK_CHANGE,
        lambda s: bulk(s, {"recordIds": []}),
        "VALIDATION",
    ),
    "empty selection": (BULK_CHANGE, lambda s: bulk(s, {}), "VALIDATION"),
    "ids and filter both": (
        BULK_CHANGE,
        lambda s: bulk(s, {"recordIds": [deal(s)], "filter": {"search": "x"}}),
        "VALIDATION",
    ),
    "malformed excluded id": (
        BULK_CHANGE,
        lambda s: bulk(s, {"recordIds": [deal(s)], "excludedIds": ["!!!"]}),
        "NOT_FOUND",
    ),
    "empty owner filter": (
        BULK_CHANGE,
        lambda s: bulk(s, {"filter": {"owner": {}}}),
        "VALIDATION",
    ),
    "empty stages filter in bulk": (
        BULK_CHANGE,
        lambda s: bulk(s, {"filter": {"stages": []}}),
        "VALIDATION",
    ),
    "empty stages filter in list": (
        "query { deals(filter: {stages: []}) { totalCount } }",
        lambda s: {},
        "VALIDATION",
    ),
    "wrong current password": (
        CHANGE_PASSWORD,
        lambda s: {"current": "not the password", "new": "a good new password"},
        "VALIDATION",
    ),
    "short new password": (
        CHANGE_PASSWORD,
        lambda s: {"current": PASSWORD, "new": "short"},
        "VALIDATION",
    ),
    "blank new password": (
        CHANGE_PASSWORD,
        lambda s: {"current": PASSWORD, "new": " " * 12},
        "VALIDATION",
    ),
    "unchanged new password": (
        CHANGE_PASSWORD,
        lambda s: {"current": PASSWORD, "new": PASSWORD},
        "VALIDATION",
    ),
    "activities before a record ID": (
        "query($id: ID!, $before: ID) { activities(recordId: $id, before: $before) "
        "{ id } }",
        lambda s: {"id": deal(s), "before": s.records[RecordType.PERSON]},
        "NOT_FOUND",
    ),
    "related records of deals": (
        BULK_CHANGE,
        lambda s: bulk(s, {"recordIds": [deal(s)]}, includeRelated=True),
        "VALIDATION",
    ),
    "empty notification ids": (
        "mutation { markNotificationsRead(ids: []) { marked } }",
        lambda s: {},
        "VALIDATION",
    ),
    "notification ids and all": (
        "mutation { markNotificationsRead(ids: [], all: true) { marked } }",
        lambda s: {},
        "VALIDATION",
    ),
}

# Every operation that takes an ID, with a malformed one; see MALFORMED_IDS.
MALFORMED_ID_CALLS: dict[str, tuple[str, Callable[[Setup, str], dict[str, Any]]]] = {
    "node": (NODE, lambda s, bad: {"id": bad}),
    "changeOwner recordId": (
        CHANGE_OWNER,
        lambda s, bad: {"record": bad, "owner": user_gid(s.bob)},
    ),
    "changeOwner ownerId": (
        CHANGE_OWNER,
        lambda s, bad: {"record": deal(s), "owner": bad},
    ),
    "updateDeal": (UPDATE_DEAL, lambda s, bad: {"input": {"id": bad, "name": "X"}}),
    "createDeal companyId": (
        CREATE_DEAL,
        lambda s, bad: {"input": {"name": "X", "companyId": bad}},
    ),
    "ownershipHistory": (
        "query($id: ID!) { ownershipHistory(recordId: $id) { reason } }",
        lambda s, bad: {"id": bad},
    ),
    "bulkChangeOwner recordIds": (
        BULK_CHANGE,
        lambda s, bad: bulk(s, {"recordIds": [bad]}),
    ),
    "bulkChangeOwner newUserId": (
        BULK_CHANGE,
        lambda s, bad: bulk(s, {"recordIds": [deal(s)]}, newUserId=bad),
    ),
    "deleteUser": (
        "mutation($id: ID!) { deleteUser(userId: $id) { transferred } }",
        lambda s, bad: {"id": bad},
    ),
    "markNotificationsRead": (
        "mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { marked } }",
        lambda s, bad: {"ids": [bad]},
    ),
    "bulkJob": (
        "query($id: ID!) { bulkJob(id: $id) { id } }",
        lambda s, bad: {"id": bad},
    ),
    "undoBulkChange": (
        "mutation($id: ID!) { undoBulkChange(batchId: $id) { restored } }",
        lambda s, bad: {"id": bad},
    ),
}


@pytest.fixture
async def setup(make_caller) -> Setup:
    anna = await make_caller("anna@acme.test", roles=("admin",))
    bob = await make_caller("bob@acme.test")
    records = {t: (await create(anna, t, name="Acme's"))["id"] for t in RecordType}
    return Setup(anna=anna, bob=bob, records=records)


async def assert_rejected(
    caller: Caller, query: str, variables: dict[str, Any], code: str
) -> None:
    """Check the error code and that no table changed."""
    before = await database_digest()
    body = await caller.execute(query, **variables)
    after = await database_digest()
    assert body.get("errors"), f"expected {code}, got {body}"
    error = body["errors"][0]
    assert error["extensions"]["code"] == code, error
    assert error["message"] != MASKED_MESSAGE
    assert changed_tables(before, after) == []


@pytest.mark.parametrize("case", sorted(CASES))
async def test_bad_input_is_rejected(setup: Setup, case: str) -> None:
    query, variables, code = CASES[case]
    await assert_rejected(setup.anna, query, variables(setup), code)


@pytest.mark.parametrize("operation", sorted(MALFORMED_ID_CALLS))
async def test_malformed_ids_not_found(setup: Setup, operation: str) -> None:
    query, variables = MALFORMED_ID_CALLS[operation]
    for bad in MALFORMED_IDS:
        await assert_rejected(setup.anna, query, variables(setup, bad), "NOT_FOUND")


# Names that display like another name, or break the line or the text around them.
HIDDEN_CHARACTER_NAMES = {
    "Esc\x1b[31mRed": "U+001B",
    "Evil\u202eCorp": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "Tab\x7fDel": "U+007F",
    "Beta\ttech": "U+0009",
    "Be\ntatech": "U+000A",
    "Betatech\u200b": "U+200B ZERO WIDTH SPACE",
    "Beta\u2060tech": "U+2060 WORD JOINER",
    "\u2067Betatech\u2069": "U+2067 RIGHT-TO-LEFT ISOLATE",
    "Beta\u00adtech": "U+00AD SOFT HYPHEN",
    "Beta\u2028tech": "U+2028 LINE SEPARATOR",
    "A\u200cB": "U+200C ZERO WIDTH NON-JOINER",
    # A non-joiner after a letter that joins only to the right (dal) is invisible.
    "\u062f\u200c\u0627": "U+200C ZERO WIDTH NON-JOINER",
    "\u200c\u0645\u06cc": "U+200C ZERO WIDTH NON-JOINER",
}


@pytest.mark.parametrize("record_type", list(RecordType))
@pytest.mark.parametrize("operation", ["create", "update"])
async def test_hidden_characters_in_names_rejected(
    setup: Setup, record_type: RecordType, operation: str
) -> None:
    query, _ = (CREATE_BY_TYPE if operation == "create" else UPDATE_BY_TYPE)[
        record_type
    ]
    for name, character in HIDDEN_CHARACTER_NAMES.items():
        fields = {"name": name}
        if operation == "update":
            fields["id"] = setup.records[record_type]
        before = await database_digest()

        body = await setup.anna.execute(query, input=fields)

        assert changed_tables(before, await database_digest()) == [], name
        assert "data" not in body or body["data"] is None, body
        error = body["errors"][0]
        assert error["extensions"] == {"code": "VALIDATION", "field": "name"}, name
        assert f"'name' contains {character}," in error["message"]


@pytest.mark.parametrize(
    "name",
    [
        "\u0915\u094d\u200d\u0937",
        "\u0915\u094d\u200c\u0937",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "\u062e\u0627\u0646\u0647\u200c\u0647\u0627",
        "Caf\u00e9 \u2615",
    ],
    ids=[
        "joiner after virama",
        "non-joiner after virama",
        "Persian non-joiner",
        "Persian non-joiner before a plural",
        "accent and emoji",
    ],
)
async def test_visible_names_accepted(setup: Setup, name: str) -> None:
    company = await create(setup.anna, RecordType.COMPANY, name=name)

    assert company["name"] == name


async def test_bulk_filter_matching_nothing(setup: Setup) -> None:
    before = await database_digest()
    data = await setup.anna.data(
        BULK_CHANGE, **bulk(setup, {"filter": {"search": "no such deal"}})
    )
    after = await database_digest()
    assert data["bulkChangeOwner"] == {"matched": 0, "changed": 0, "batchId": None}
    assert changed_tables(before, after) == []


async def post_raw(caller: Caller, body: bytes) -> httpx.Response:
    return await caller.client.post(
        "/graphql",
        content=body,
        headers={
            "Authorization": f"Bearer {caller.token}",
            "Content-Type": "application/json",
        },
    )


async def test_unpaired_surrogate_rejected(setup: Setup) -> None:
    # httpx cannot encode the surrogate itself, so the body carries its escape.
    body = json.dumps({"query": SEARCH, "variables": {"search": "a\ud800"}})
    response = await post_raw(setup.anna, body.encode())
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "VALIDATION", "field": "search"}
    assert error["message"] == (
        "Variable '$search' contains a NUL character or an unpaired surrogate; "
        "remove it."
    )


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[1, 2]",
        b'{"query": "{ me { id } }\xff"}',
        b'{"query": "{ me { id } }", "variables": {"a": '
        + b"[" * 5000
        + b"]" * 5000
        + b"}}",
        b'{"query": "{ me { id } }", "variables": [1]}',
        b'{"query": 5}',
        b'{"query": "{ me { id } }", "operationName": 5}',
        b'{"query": "{ me { id } }", "operationName": ["Me"]}',
        b'{"variables": {}}',
        b'"x"',
        b"null",
        b"5",
        b"true",
    ],
)
async def test_malformed_body_is_400(setup: Setup, body: bytes) -> None:
    response = await post_raw(setup.anna, body)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert error["message"]


async def test_operation_name_number_rejected(setup: Setup) -> None:
    body = b'{"query": "query Me { me { id } }", "operationName": 5}'

    response = await post_raw(setup.anna, body)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "'operationName' must be a string or null, if provided.",
            "extensions": {"code": "BAD_REQUEST"},
        }
    ]


async def test_wrong_id_type_named(setup: Setup) -> None:
    deal_id = setup.records[RecordType.DEAL]
    user_id = user_gid(setup.bob)

    wrong_user = await setup.anna.execute(CHANGE_OWNER, record=deal_id, owner=deal_id)
    wrong_record = await setup.anna.execute(CHANGE_OWNER, record=user_id, owner=user_id)

    assert wrong_user["errors"][0]["message"] == (
        f"ID '{deal_id}' is not a User ID, or is unknown."
    )
    assert wrong_record["errors"][0]["message"] == (
        f"ID '{user_id}' is not a Person, Company or Deal ID, or is unknown."
    )


async def test_update_names_its_record_type(setup: Setup) -> None:
    deal_id = setup.records[RecordType.DEAL]
    user_id = user_gid(setup.bob)
    update_deal = "mutation($id: ID!) { updateDeal(input: {id: $id}) { id } }"
    update_person = "mutation($id: ID!) { updatePerson(input: {id: $id}) { id } }"
    before = await database_digest()

    with_user_id = await setup.anna.execute(update_deal, id=user_id)
    with_deal_id = await setup.anna.execute(update_person, id=deal_id)

    assert with_user_id["errors"][0]["message"] == (
        f"ID '{user_id}' is not a Deal ID, or is unknown."
    )
    assert with_deal_id["errors"][0]["message"] == (
        f"ID '{deal_id}' is not a Person ID, or is unknown."
    )
    assert with_user_id["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert with_deal_id["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await database_digest() == before


async def test_unnamed_choice_of_operations_rejected(setup: Setup) -> None:
    two = "query First { me { id } } query Second { me { name } }"
    headers = {"Authorization": f"Bearer {setup.anna.token}"}

    unnamed = await setup.anna.client.post(
        "/graphql", json={"query": two}, headers=headers
    )
    named = await setup.anna.client.post(
        "/graphql", json={"query": two, "operationName": "Second"}, headers=headers
    )

    error = unnamed.json()["errors"][0]
    assert error["extensions"] == {"code": "VALIDATION", "field": "operationName"}
    assert "data" not in unnamed.json() or unnamed.json()["data"] is None
    assert named.json() == {"data": {"me": {"name": "Anna"}}}


def unexpected(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("secret internal detail")


def assert_masked(error: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    assert error["message"] == MASKED_MESSAGE
    assert error["extensions"] == {"code": "INTERNAL"}
    logged = [r for r in caplog.records if r.name == "schema.errors"]
    assert len(logged) == 1
    assert logged[0].levelno == logging.ERROR
    assert logged[0].exc_info is not None
    assert "secret internal detail" in str(logged[0].exc_info[1])


async def test_query_error_is_masked(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(types.User, "from_model", unexpected)
    body = await setup.anna.execute("query { me { id } }")
    assert body["data"] is None
    assert_masked(body["errors"][0], caplog)


async def test_mutation_error_is_masked(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(resolvers.record_fields, "check_name", unexpected)
    before = await database_digest()
    body = await setup.anna.execute(CREATE_DEAL, input={"name": "Masked"})
    assert changed_tables(before, await database_digest()) == []
    assert_masked(body["errors"][0], caplog)


async def test_subscription_error_is_masked(
    setup: Setup,
    app: Starlette,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(resolvers.bulk, "_load_job", unexpected)
    context = Context(services=app.state.services, request=None, user=setup.anna.user)
    stream = await schema.subscribe(
        'subscription { bulkJobProgress(id: "x") { id } }', context_value=context
    )
    results = [result async for result in stream]
    assert len(results) == 1
    assert results[0].errors is not None
    assert_masked(results[0].errors[0].formatted, caplog)


async def test_product_errors_are_not_masked(setup: Setup) -> None:
    body = await setup.anna.execute(NODE, id=to_global_id("Deal", 999_999))
    assert (
        body["errors"][0]["message"]
        == f"Record {to_global_id('Deal', 999_999)!r} was not found."
    )


async def test_http_client_sees_json_errors(setup: Setup) -> None:
    transport_client: httpx.AsyncClient = setup.anna.client
    response = await transport_client.post("/graphql", json={"query": "{ nope }"})
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
