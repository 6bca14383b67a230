"""An API process started without REDIS_URL: a startup warning, UNAVAILABLE errors."""

import dataclasses
import json
import logging
from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from steward.app import create_app
from steward.bulk import INLINE_LIMIT
from steward.config import Settings
from tests.bulk_operations import BULK_CHANGE, bulk_input, insert_deals
from tests.live_server import initialize, receive, serving

PROTOCOL = Subprotocol("graphql-transport-ws")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, redis_url="")


@pytest.fixture
async def app(settings: Settings, database: None) -> AsyncIterator[Starlette]:
    # Without Redis there are no login counters to clear, unlike in the shared fixture.
    application = create_app(settings, manage_database=False)
    async with application.router.lifespan_context(application):
        yield application


async def test_startup_warns_once(
    settings: Settings, database: None, caplog: pytest.LogCaptureFixture
) -> None:
    application = create_app(settings, manage_database=False)
    with caplog.at_level(logging.INFO, logger="steward.app"):
        async with application.router.lifespan_context(application):
            pass

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    message = warnings[0].getMessage()
    assert warnings[0].name == "steward.app"
    assert message.startswith("REDIS_URL is not set")
    assert "policy changes of other processes" in message
    assert "no live events" in message
    assert f"bulk changes of more than {INLINE_LIMIT} records" in message


async def test_startup_with_redis_has_no_warning(
    settings: Settings,
    database: None,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with_redis = dataclasses.replace(settings, redis_url=redis_url)
    application = create_app(with_redis, manage_database=False)
    with caplog.at_level(logging.INFO, logger="steward.app"):
        async with application.router.lifespan_context(application):
            pass

    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_bulk_over_limit_is_unavailable(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, INLINE_LIMIT + 1)

    body = await anna.execute(BULK_CHANGE, input=bulk_input(deals, bob))

    error = body["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert "REDIS_URL is not set" in error["message"]
    assert f"at most {INLINE_LIMIT} records" in error["message"]


async def test_bulk_within_limit_runs_inline(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    deals = await insert_deals(anna.user, 3)

    data = await anna.data(BULK_CHANGE, input=bulk_input(deals, bob))

    assert data["bulkChangeOwner"]["changed"] == 3
    assert data["bulkChangeOwner"]["job"] is None


@pytest.mark.parametrize(
    "query",
    [
        "subscription { notifications { kind } }",
        "subscription { ownershipChanged { batchId } }",
    ],
)
async def test_subscription_is_unavailable(
    make_caller, app: Starlette, query: str
) -> None:
    anna = await make_caller("anna@acme.test")

    async with serving(app) as url, connect(url, subprotocols=[PROTOCOL]) as socket:
        await initialize(socket, anna)
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": query}}
        await socket.send(json.dumps(subscribe))
        message = await receive(socket)

    assert message["type"] == "next", message
    error = message["payload"]["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert error["message"] == (
        "Subscriptions need Redis, but this API process has no Redis (REDIS_URL "
        "is not set); ask the operator to set REDIS_URL."
    )
