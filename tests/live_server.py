"""The test's app served by uvicorn on loopback, for websocket clients."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection

from steward.processes import HOST, free_port
from tests.conftest import Caller

START_TIMEOUT_SECONDS = 5.0
RECEIVE_TIMEOUT_SECONDS = 5.0


@contextlib.asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yield the GraphQL URL."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host=HOST,
        port=port,
        lifespan="off",
        ws="websockets-sansio",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    running = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(START_TIMEOUT_SECONDS):
            # uvicorn's Server exposes startup only as the `started` flag.
            while not server.started:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        yield f"ws://{HOST}:{port}/graphql"
    finally:
        server.should_exit = True
        await running


async def receive(websocket: ClientConnection) -> dict[str, Any]:
    """Return the next graphql-transport-ws message, parsed."""
    raw = await asyncio.wait_for(websocket.recv(), RECEIVE_TIMEOUT_SECONDS)
    return json.loads(raw)


async def initialize(websocket: ClientConnection, caller: Caller) -> None:
    """Send `connection_init` with the caller's token and expect the ack."""
    init = {"Authorization": f"Bearer {caller.token}"}
    await websocket.send(json.dumps({"type": "connection_init", "payload": init}))
    assert (await receive(websocket))["type"] == "connection_ack"
