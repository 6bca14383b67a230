"""The baseline of bench/deals_list.py: plain Starlette running the list's SQL.

The benchmark captures the statements that one GraphQL request of the deals list
issues and passes them in the JSON file named by BENCH_STATEMENTS. `POST /deals`
runs them in order, through the same Tortoise connection, and returns the JSON
that the GraphQL API returns for that request. It parses the request body but
checks no token, which saves one HS256 signature check per request.

Run it as `uvicorn bench.baseline_app:create_app --factory`; it reads
DATABASE_URL like the API.
"""

import contextlib
import json
import os
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import schema  # noqa: F401  (first: resolvers and schema import each other)
from models import DealStage
from resolvers.loaders import OWNED_RECORD
from resolvers.pagination import encode_cursor
from resolvers.records import SORT_COLUMNS
from schema.ids import to_global_id
from schema.inputs import SortField
from steward import db
from steward.sql import connection

TABLE = re.compile(r'FROM "(\w+)"')
NAME_COLUMN = SORT_COLUMNS[SortField.NAME]
CENTS = Decimal("0.01")


def _date(value: Any) -> str | None:
    """Format a date column, which SQLite returns as text and asyncpg as a date."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _decimal(value: Any) -> str | None:
    """Format a value column with its two decimal places, as Tortoise reads it."""
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(CENTS))


def build_page(results: list[tuple[str, list[dict]]], first: int) -> dict:
    """Shape the rows of the captured statements like the GraphQL response."""
    total = None
    tables: dict[str, list[dict]] = {}
    owners: dict[int, dict] = {}
    for sql, rows in results:
        if sql.startswith("SELECT COUNT("):
            total = next(iter(rows[0].values()))
        elif OWNED_RECORD in sql:
            # The owners of the page, read with their assignments to the Owner role.
            owners = {row[OWNED_RECORD]: row for row in rows}
        elif match := TABLE.search(sql):
            tables[match.group(1)] = rows

    deals = tables["deal"][:first]
    edges = []
    for deal in deals:
        owner = owners.get(deal["id"])
        owner_json = owner and {
            "id": to_global_id("User", owner["id"]),
            "name": owner["name"],
        }
        cursor = encode_cursor(SimpleNamespace(**deal), NAME_COLUMN)
        edges.append(
            {
                "cursor": cursor,
                "node": {
                    "id": to_global_id("Deal", deal["id"]),
                    "name": deal["name"],
                    "stage": DealStage(deal["stage"]).name,
                    "value": _decimal(deal["value"]),
                    "closeDate": _date(deal["close_date"]),
                    "owner": owner_json,
                },
            }
        )

    page_info = {
        "hasNextPage": len(tables["deal"]) > first,
        "endCursor": edges[-1]["cursor"] if edges else None,
    }
    return {
        "data": {"deals": {"totalCount": total, "pageInfo": page_info, "edges": edges}}
    }


def create_app() -> Starlette:
    statements = json.loads(Path(os.environ["BENCH_STATEMENTS"]).read_text())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.connect(os.environ["DATABASE_URL"])
        try:
            yield
        finally:
            await db.disconnect()

    async def deals(request: Request) -> JSONResponse:
        body = await request.json()
        conn = connection()
        results = [
            (sql, await conn.execute_query_dict(sql, values))
            for sql, values in statements
        ]
        return JSONResponse(build_page(results, body["variables"]["first"]))

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    routes = [Route("/deals", deals, methods=["POST"]), Route("/health", health)]
    return Starlette(routes=routes, lifespan=lifespan)
