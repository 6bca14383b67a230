"""The ASGI application: Starlette with Strawberry's GraphQL app at /graphql."""

import asyncio
import contextlib
import datetime
import logging
import sys
from collections.abc import AsyncIterator
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings

# Strawberry's HTTP views raise the HTTPException of cross_web, a package that
# strawberry depends on and does not re-export.
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from policy import PolicyEngine
from policy.watcher import PolicyWatcher
from resolvers.context import Context
from schema import schema
from steward import db
from steward.auth import (
    TokenIssuer,
    bearer_token,
    dummy_password_hash,
    load_secret_key,
)
from steward.availability import database_unavailable
from steward.bulk import INLINE_LIMIT
from steward.config import Settings
from steward.errors import BadRequest, Unauthenticated
from steward.events import EventHub
from steward.fanout import FanOutTransportWSHandler
from steward.gc_freeze import freeze_startup_objects
from steward.limits import BodySizeLimit, decode_json
from steward.outbox import OutboxPublisher
from steward.rate_limit import FixedWindowCounter, LoginLimiter
from steward.services import Services
from steward.websocket_auth import connection_token

logger = logging.getLogger(__name__)

# The exit code of an invalid setting, as the command line uses it.
EXIT_INVALID_SETTING = 2
EXIT_UNUSABLE_DATABASE = 1


class StewardGraphQL(GraphQL):
    """Strawberry's ASGI app with Steward's request context."""

    graphql_transport_ws_handler_class = FanOutTransportWSHandler

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.max_subscriptions,
            connection_init_wait_timeout=datetime.timedelta(
                seconds=settings.connection_init_seconds
            ),
        )
        self.services: Services | None = None
        self.outbox: OutboxPublisher | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, and reject an unreadable HTTP request with a JSON error.

        Strawberry responds to those requests with plain text. A JSON error gives
        clients the same error shape as every other error.
        """
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as error:
            logger.debug("rejected an HTTP request (%s): %s", error.status_code, error)
            response = request_error(error.status_code, error.reason)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        return decode_json(data)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Parse the request, rejecting an `operationName` that is not a string.

        Strawberry 0.341 checks the types of `query`, `variables` and
        `extensions` but passes any `operationName` on to execution.
        """
        parsed = await super().parse_http_body(request)
        items = parsed if isinstance(parsed, list) else [parsed]
        for item in items:
            if not isinstance(item.operation_name, str | None):
                raise HTTPException(
                    400, "'operationName' must be a string or null, if provided."
                )
        return parsed

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            raise HTTPException(
                400, 'The JSON must be an object, such as {"query": "{ me { id } }"}.'
            )
        return parsed

    async def get_context(
        self, request: Request | WebSocket, response: Any = None
    ) -> Context:
        assert self.services is not None, "the app's lifespan has not started"
        context = Context(services=self.services, request=request, response=response)
        if isinstance(request, Request):
            token = bearer_token(request.headers.get("authorization"))
            if token is not None:
                try:
                    context.user = await self.services.tokens.authenticate(token)
                    context.account = context.user.account
                except Unauthenticated as error:
                    context.auth_error = error
                except Exception as error:
                    unavailable = database_unavailable(error)
                    if unavailable is None:
                        raise
                    context.auth_error = unavailable
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object]:
        """Authenticate a websocket from the token in its `connection_init` payload.

        A missing or invalid token closes the socket with code 4403, and so do the
        token's expiry and the user's deletion later (steward/websocket_auth.py).
        """
        assert self.services is not None, "the app's lifespan has not started"
        token = connection_token(context.connection_params or {})
        if token is None:
            raise ConnectionRejectionError(
                {"message": "Send the token as 'Authorization: Bearer <token>'."}
            )
        try:
            context.user = await self.services.tokens.authenticate(token)
        except Unauthenticated as error:
            raise ConnectionRejectionError({"message": error.message}) from None
        except Exception as error:
            unavailable = database_unavailable(error)
            if unavailable is None:
                raise
            raise ConnectionRejectionError({"message": unavailable.message}) from None
        return UNSET

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # The request's transactions have committed, so its outbox events can go.
        if self.outbox is not None:
            self.outbox.wake()
        return await super().process_result(request, result)


def request_error(status_code: int, message: str) -> JSONResponse:
    """Return the JSON error response to an HTTP request that is not valid GraphQL."""
    error = BadRequest(message)
    body = {"errors": [{"message": error.message, "extensions": error.extensions}]}
    return JSONResponse(body, status_code=status_code)


async def build_services(settings: Settings) -> Services:
    policy = PolicyEngine()
    await policy.load()
    secret = load_secret_key(settings.secret_key, settings.data_dir)
    queue = None
    events = None
    if settings.redis_url:
        queue = await create_pool(RedisSettings.from_dsn(settings.redis_url))
        events = EventHub(settings.redis_url)
    # Made once per process, before the first login of an unknown email needs it.
    await asyncio.to_thread(dummy_password_hash)
    login_limiter = LoginLimiter(
        FixedWindowCounter(settings.redis_url, settings.login_window_seconds),
        per_email=settings.login_attempts_per_email,
        per_client=settings.login_attempts_per_client,
    )
    return Services(
        settings=settings,
        policy=policy,
        tokens=TokenIssuer(secret, settings.token_ttl_seconds),
        login_limiter=login_limiter,
        queue=queue,
        events=events,
    )


async def close_services(services: Services) -> None:
    await services.login_limiter.counter.close()
    if services.events is not None:
        await services.events.close()
    if services.queue is not None:
        await services.queue.aclose()


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def warn_without_redis() -> None:
    logger.warning(
        "REDIS_URL is not set, so this API process does not receive the policy "
        "changes of other processes, sends no live events to subscriptions, rejects "
        "bulk changes of more than %d records and counts login attempts only in "
        "this process. Set REDIS_URL to the Redis server that the other API "
        "processes and the workers use.",
        INLINE_LIMIT,
    )


def factory_settings() -> Settings:
    """Return the settings of the environment, checked before the app starts.

    An invalid setting, an empty secret file or a SQLite file that is no
    database ends the process here with one line, not with uvicorn's traceback
    of the lifespan: exit code 2 for a setting, 1 for the database.
    """
    try:
        settings = db.checked_settings()
        db.check_sqlite_file(settings.database_url)
        # Reads or creates the signing secret, after the database check, so that
        # a process that cannot start leaves no new secret file.
        load_secret_key(settings.secret_key, settings.data_dir)
    except ValueError as error:
        print(f"steward API: invalid setting: {error}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID_SETTING) from None
    except db.DatabaseUnusable as error:
        print(f"steward API: {error}", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE_DATABASE) from None
    return settings


def create_app(
    settings: Settings | None = None, *, manage_database: bool = True
) -> Starlette:
    """Build the app; with `manage_database`, its lifespan opens and closes the DB.

    Without `settings` it reads them from the environment, as uvicorn's factory
    call does (see `factory_settings`).
    """
    if settings is None:
        settings = factory_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await db.connect(settings.database_url)
        try:
            services = await build_services(settings)
            app.state.services = services
            graphql_app.services = services
            watcher = None
            if settings.redis_url:
                watcher = PolicyWatcher(services.policy, settings.redis_url)
                await watcher.start()
            else:
                warn_without_redis()
            app.state.policy_watcher = watcher
            graphql_app.outbox = OutboxPublisher.start_from(settings)
            if manage_database:
                # The app is the process's only one (uvicorn's factory).
                freeze_startup_objects()
            logger.info("Steward API started")
            try:
                yield
            finally:
                if graphql_app.outbox is not None:
                    await graphql_app.outbox.stop()
                    graphql_app.outbox = None
                if watcher is not None:
                    await watcher.stop()
                await close_services(services)
        finally:
            if manage_database:
                await db.disconnect()
            logger.info("Steward API stopped")

    graphql_app = StewardGraphQL(settings)
    routes = [
        Route("/health", health),
        Route("/graphql", graphql_app),
        WebSocketRoute("/graphql", graphql_app),
    ]
    middleware = [Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)]
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
