"""Limits on every request: document cost, body size, bulk selections, websockets."""

import asyncio
import dataclasses
import json
import time
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from graphql import build_schema, get_introspection_query, parse
from starlette.applications import Starlette
from strawberry.extensions.parser_cache import _get_parse_cache
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from models import BulkJob, RecordType
from resolvers.context import Context
from schema import schema
from schema.caches import CACHE_SIZE, MAX_CACHED_LENGTH
from schema.limits import DocumentMeter
from steward.config import Settings
from tests.conftest import Caller
from tests.live_server import initialize, receive, serving
from tests.operations import create, user_gid

LIMITS = {
    "max_query_depth": 4,
    "max_aliases": 3,
    "max_tokens": 1000,
    "max_page_items": 150,
    "max_body_bytes": 4096,
    "max_bulk_ids": 3,
    "max_subscriptions": 2,
}


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The test settings with small limits, and `request.param` on top."""
    changes = {**LIMITS, **getattr(request, "param", {})}
    return dataclasses.replace(settings, **changes)


def limit_error(body: dict[str, Any]) -> dict[str, Any]:
    """Return the extensions of the only error of a response."""
    assert body["data"] is None, body
    assert len(body["errors"]) == 1, body["errors"]
    return body["errors"][0]["extensions"]


def doubling_fragments(count: int, leaf: str) -> str:
    """Return a query whose fragments each spread the next one twice."""
    fragments = [
        f"fragment F{i} on User {{ ...F{i + 1} ...F{i + 1} }}" for i in range(count - 1)
    ]
    fragments.append(f"fragment F{count - 1} on User {{ {leaf} }}")
    return "query { me { ...F0 } }\n" + "\n".join(fragments)


DEPTH_5 = """
query { persons { ...Page } }
fragment Page on PersonConnection { edges { node { company { ...Parent } } } }
fragment Parent on Company { parent { name } }
"""
DEPTH_4 = """
query { persons { ...Page } }
fragment Page on PersonConnection { edges { node { company { name } } } }
"""


async def test_depth_counts_through_fragments(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    error = limit_error(await anna.execute(DEPTH_5))
    assert error["code"] == "LIMIT_EXCEEDED"
    assert error["limit"] == "queryDepth"
    assert error["value"] == 5
    assert error["maximum"] == 4


async def test_depth_at_limit_passes(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    data = await anna.data(DEPTH_4)
    assert data["persons"]["edges"] == []


async def test_depth_error_names_limit(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await anna.execute(DEPTH_5.replace("query {", "query Deep {"))
    assert body["errors"][0]["message"] == (
        "Operation 'Deep' nests fields 5 deep, more than the maximum depth of 4; "
        "split it into smaller operations."
    )


async def test_deepest_parsable_query_measured(make_caller) -> None:
    # graphql-core's parser rejects selections nested more than 200 levels.
    anna = await make_caller("anna@acme.test")
    query = "{ me { " + "manager { " * 198 + "id" + " }" * 199 + " }"
    error = limit_error(await anna.execute(query))
    assert error["limit"] == "queryDepth"
    assert error["value"] == 199


ALIASED_FRAGMENT = """
query { me { ...Names ...Names } }
fragment Names on User { first: name last: email }
"""


async def test_aliases_count_at_every_spread(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    error = limit_error(await anna.execute(ALIASED_FRAGMENT))
    assert error["code"] == "LIMIT_EXCEEDED"
    assert error["limit"] == "aliases"
    assert error["value"] == 4


async def test_aliases_once_within_limit(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    once = ALIASED_FRAGMENT.replace("...Names ...Names", "...Names")
    data = await anna.data(once)
    assert data["me"]["first"] == "Anna"


async def test_doubling_fragments_measured_fast(make_caller) -> None:
    # 2**39 spreads of the last fragment: walking every spread would never end.
    anna = await make_caller("anna@acme.test")
    started = time.perf_counter()
    aliased = await anna.execute(doubling_fragments(40, "a: id"))
    plain = await anna.execute(doubling_fragments(40, "id"))
    elapsed = time.perf_counter() - started
    assert limit_error(aliased)["value"] == 2**39
    assert plain["data"]["me"]["id"] == user_gid(anna)
    assert elapsed < 2, f"took {elapsed:.1f} s"


async def test_fragment_cycle_rejected_fast(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    cycle = doubling_fragments(60, "...F0")
    started = time.perf_counter()
    body = await anna.execute(cycle)
    elapsed = time.perf_counter() - started
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Cannot spread fragment" in body["errors"][0]["message"]
    assert elapsed < 2, f"took {elapsed:.1f} s"


async def test_unknown_fragment_is_validation_error(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await anna.execute("query { me { ...Missing } }")
    assert body["errors"][0]["message"] == "Unknown fragment 'Missing'."
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_token_limit_rejects_document(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    # Each `me { id }` is four tokens.
    body = await anna.execute("{ " + "me { id } " * 300 + "}")
    error = limit_error(body)
    assert error == {"code": "LIMIT_EXCEEDED", "limit": "tokens", "maximum": 1000}
    assert "maximum of 1000 tokens" in body["errors"][0]["message"]


@pytest.mark.parametrize("settings", [{"max_body_bytes": 100_000}], indirect=True)
async def test_token_limit_ignores_variables(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    user_ids = [user_gid(anna)] * 1100
    inline = json.dumps(user_ids)
    query = f"{{ persons(filter: {{owner: {{userIds: {inline}}}}}) {{ totalCount }} }}"
    assert limit_error(await anna.execute(query))["limit"] == "tokens"
    variables = "query($ids: [ID!]) { persons(filter: {owner: {userIds: $ids}}) {"
    data = await anna.data(variables + " totalCount } }", ids=user_ids)
    assert data["persons"]["totalCount"] == 0


async def test_page_items_summed_over_lists(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = "{ persons(first: 100) { totalCount } deals(first: 60) { totalCount } }"
    error = limit_error(await anna.execute(query))
    assert error["code"] == "LIMIT_EXCEEDED"
    assert error["limit"] == "pageItems"
    assert error["value"] == 160


async def test_page_items_read_variables(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = """
    query($n: Int) {
      persons(first: $n) { totalCount } deals(first: $n) { totalCount }
    }
    """
    assert limit_error(await anna.execute(query, n=80))["value"] == 160
    assert (await anna.data(query, n=70))["deals"]["totalCount"] == 0


@pytest.mark.parametrize("settings", [{"max_page_items": 100}], indirect=True)
async def test_page_items_count_default_size(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    two = "{ persons { totalCount } deals { totalCount } }"
    assert (await anna.data(two))["deals"]["totalCount"] == 0
    three = two.replace("} }", "} companies { totalCount } }")
    assert limit_error(await anna.execute(three))["value"] == 150


def signed_out_context(**settings: Any) -> Context:
    """Return the context of a request without a token, under `settings`."""
    services = SimpleNamespace(settings=Settings(**settings))
    return Context(services=services, request=None)  # type: ignore[arg-type]


async def test_cached_document_measured_again() -> None:
    # The first run parses, validates and caches the document; the second is
    # measured under a lower depth limit and rejected all the same.
    passed = await schema.execute(DEPTH_5, context_value=signed_out_context())
    assert passed.errors is not None
    assert passed.errors[0].extensions["code"] == "UNAUTHENTICATED"
    context = signed_out_context(max_query_depth=4)
    rejected = await schema.execute(DEPTH_5, context_value=context)
    assert rejected.data is None
    assert rejected.errors is not None
    assert rejected.errors[0].extensions["limit"] == "queryDepth"


async def test_cached_document_reads_new_variables(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = """
    query($n: Int) {
      persons(first: $n) { totalCount } deals(first: $n) { totalCount }
    }
    """
    for _ in range(2):
        assert (await anna.data(query, n=70))["deals"]["totalCount"] == 0
        assert limit_error(await anna.execute(query, n=80))["value"] == 160


async def test_cached_introspection_switched_off() -> None:
    on = await schema.execute(INTROSPECTION, context_value=signed_out_context())
    assert on.errors is None
    context = signed_out_context(introspection=False)
    off = await schema.execute(INTROSPECTION, context_value=context)
    assert off.errors is not None
    assert "introspection has been disabled" in off.errors[0].message


async def test_repeated_document_parsed_once(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = "query RepeatedDocument { me { id } }"
    parse_cache = _get_parse_cache(CACHE_SIZE)
    await anna.data(query)
    hits = parse_cache.cache_info().hits
    await anna.data(query)
    assert parse_cache.cache_info().hits == hits + 1


async def test_long_document_not_cached(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    padding = " " * MAX_CACHED_LENGTH
    query = "query LongDocument { me { id } }" + padding
    parse_cache = _get_parse_cache(CACHE_SIZE)
    size = parse_cache.cache_info().currsize
    misses = parse_cache.cache_info().misses
    for _ in range(2):
        assert (await anna.data(query))["me"]["id"] == user_gid(anna)
    assert parse_cache.cache_info().currsize == size
    assert parse_cache.cache_info().misses == misses


async def test_syntax_error_has_code(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    for _ in range(2):
        body = await anna.execute("{ me { id }")
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_token_limit_on_every_request(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = "{ " + "me { id } " * 300 + "}"
    for _ in range(2):
        assert limit_error(await anna.execute(query))["limit"] == "tokens"


def test_nested_pages_multiply() -> None:
    graphql_schema = build_schema(
        """
        type Query { items(first: Int): [Item] }
        type Item { children(first: Int): [Item] name: String }
        """
    )
    settings = Settings(max_page_size=100, default_page_size=20)
    document = parse(
        """
        query { items(first: 10) { ...Children } other: items { name } }
        fragment Children on Item { children(first: 5) { name } }
        """
    )
    meter = DocumentMeter(graphql_schema, document, {}, settings)
    cost = meter.measure(document.definitions[0])
    assert cost.page_items == 10 + 10 * 5 + 20
    assert cost.depth == 2
    assert cost.aliases == 1


def test_meter_clamps_page_sizes() -> None:
    graphql_schema = build_schema("type Query { items(first: Int): [String] }")
    document = parse("query($n: Int) { a: items(first: $n) b: items(first: -5) }")
    settings = Settings(max_page_size=100)
    meter = DocumentMeter(graphql_schema, document, {"n": 10**9}, settings)
    assert meter.measure(document.definitions[0]).page_items == 100


async def test_body_over_limit_is_413(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    query = "query($search: String) { deals(filter: {search: $search}) { totalCount } }"
    response = await anna.client.post(
        "/graphql",
        json={"query": query, "variables": {"search": "x" * 5000}},
        headers={"Authorization": f"Bearer {anna.token}"},
    )
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "bodyBytes",
        "maximum": 4096,
    }
    assert "4096 bytes" in error["message"]


async def post_in_parts(caller: Caller, parts: list[bytes]) -> httpx.Response:
    """Post a body in parts and without Content-Length, as a streaming client does."""

    async def stream() -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    return await caller.client.post(
        "/graphql",
        content=stream(),
        headers={
            "Authorization": f"Bearer {caller.token}",
            "Content-Type": "application/json",
        },
    )


async def test_streamed_body_over_limit_is_413(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    padding = [b"x" * 1000] * 10
    parts = [b'{"query": "{ me { id } }", "padding": "', *padding, b'"}']
    response = await post_in_parts(anna, parts)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["limit"] == "bodyBytes"


async def test_streamed_body_under_limit_passes(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    response = await post_in_parts(anna, [b'{"query": ', b'"{ me { id } }"}'])
    assert response.status_code == 200
    assert response.json()["data"]["me"]["id"] == user_gid(anna)


BULK_CHANGE = """
mutation($input: BulkChangeOwnerInput!) { bulkChangeOwner(input: $input) { matched } }
"""


@pytest.mark.parametrize("field", ["recordIds", "excludedIds"])
async def test_bulk_ids_over_limit(make_caller, field: str) -> None:
    anna = await make_caller("anna@acme.test", roles=("admin",))
    deals = [(await create(anna, RecordType.DEAL))["id"] for _ in range(4)]
    selection = {"recordIds": deals[:1], field: deals}
    data = {"recordType": "DEAL", "selection": selection, "newUserId": None}
    body = await anna.execute(BULK_CHANGE, input=data)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["limit"] == "bulkIds"
    assert error["extensions"]["field"] == field
    assert f"'{field}' has 4 ids, more than the maximum of 3" in error["message"]


async def test_bulk_ids_at_limit_pass(make_caller) -> None:
    anna = await make_caller("anna@acme.test", roles=("admin",))
    bob = await make_caller("bob@acme.test")
    deals = [(await create(anna, RecordType.DEAL))["id"] for _ in range(3)]
    data = {
        "recordType": "DEAL",
        "selection": {"recordIds": deals},
        "newUserId": user_gid(bob),
        "dryRun": True,
    }
    assert (await anna.data(BULK_CHANGE, input=data))["bulkChangeOwner"]["matched"] == 3


INTROSPECTION = "{ __schema { queryType { name } } }"


async def test_introspection_on_by_default(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    data = await anna.data(INTROSPECTION)
    assert data["__schema"]["queryType"]["name"] == "Query"


async def test_graphiql_introspection_passes_limits(make_caller) -> None:
    # The query nests 13 fields below `__schema`, past the depth limit of 4.
    anna = await make_caller("anna@acme.test")
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    data = await anna.data(query)
    assert data["__schema"]["queryType"]["name"] == "Query"


@pytest.mark.parametrize("settings", [{"introspection": False}], indirect=True)
async def test_introspection_switched_off(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    body = await anna.execute(INTROSPECTION)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection has been disabled" in body["errors"][0]["message"]
    type_query = await anna.execute('{ __type(name: "User") { name } }')
    assert type_query["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert (await anna.data("{ __typename }"))["__typename"] == "Query"


async def test_graphiql_on_by_default(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    response = await anna.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


@pytest.mark.parametrize("settings", [{"graphiql": False}], indirect=True)
async def test_graphiql_switched_off(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    response = await anna.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 404


def test_settings_read_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEWARD_INTROSPECTION", "0")
    monkeypatch.setenv("STEWARD_GRAPHIQL", "false")
    monkeypatch.setenv("STEWARD_MAX_QUERY_DEPTH", "7")
    monkeypatch.setenv("STEWARD_MAX_BULK_IDS", "250")
    settings = Settings.from_env()
    assert settings.introspection is False
    assert settings.graphiql is False
    assert settings.max_query_depth == 7
    assert settings.max_bulk_ids == 250


def test_invalid_switch_names_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEWARD_INTROSPECTION", "maybe")
    with pytest.raises(ValueError, match="STEWARD_INTROSPECTION must be 1, true"):
        Settings.from_env()


@pytest.fixture
async def websocket_url(app: Starlette) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


PROGRESS = "subscription($id: ID!) { bulkJobProgress(id: $id) { state } }"


async def queued_job(caller: Caller) -> str:
    """Create a job that no worker runs, so its progress subscription stays open."""
    job = await BulkJob.create(
        account_id=caller.account.id,
        actor_id=caller.user.id,
        request={},
        total=1,
        batch_id=uuid.uuid4(),
    )
    return str(job.id)


async def subscribe(
    websocket: ClientConnection, operation_id: str, job_id: str, **extra: str
) -> None:
    payload = {"query": PROGRESS, "variables": {"id": job_id}, **extra}
    message = {"id": operation_id, "type": "subscribe", "payload": payload}
    await websocket.send(json.dumps(message))


PROTOCOL = Subprotocol("graphql-transport-ws")


async def test_subscriptions_per_connection(make_caller, websocket_url: str) -> None:
    anna = await make_caller("anna@acme.test")
    job_id = await queued_job(anna)
    async with connect(websocket_url, subprotocols=[PROTOCOL]) as websocket:
        await initialize(websocket, anna)
        for operation_id in ("1", "2"):
            await subscribe(websocket, operation_id, job_id)
            running = await receive(websocket)
            assert running["type"] == "next", running
        await subscribe(websocket, "3", job_id)
        rejected = await receive(websocket)

    assert rejected["id"] == "3"
    assert rejected["type"] == "error"
    assert rejected["payload"][0]["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "subscriptions",
        "value": 2,
        "maximum": 2,
    }


async def test_large_websocket_message_closes(make_caller, websocket_url: str) -> None:
    anna = await make_caller("anna@acme.test")
    async with connect(websocket_url, subprotocols=[PROTOCOL]) as websocket:
        await initialize(websocket, anna)
        await subscribe(websocket, "1", await queued_job(anna), padding="x" * 5000)
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(websocket.recv(), 5)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009
