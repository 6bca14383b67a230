"""Benchmark the deals list over HTTP against plain Starlette running the same SQL.

The data is one account with 40 salespeople and 20,000 deals owned round-robin, so
each salesperson owns 500. The measured request lists one salesperson's deals, 50
per page sorted by name, with each deal's owner resolved:

- the GraphQL API (`steward.app:create_app` under uvicorn), and
- the baseline (`bench.baseline_app`), which runs the statements that the GraphQL
  request issued and returns the same JSON. The benchmark checks that the last
  bodies of the API and the baseline are equal.

Each runs as one uvicorn process with access logging off, and the load generator
(bench/load.py) runs in this process on the same machine. The benchmark also
counts the SQL statements of one request at 10, 50 and 100 deals per page, which
should be the same number.

Run: `python -m bench.deals_list --database sqlite|postgres`.
"""

import json
from pathlib import Path

import httpx

from bench import harness
from bench.load import LoadResult, build_request, run_load
from models import User
from schema.ids import to_global_id
from steward.app import create_app
from steward.config import Settings

QUERY = """
query($owner: ID!, $first: Int!) {
  deals(first: $first, filter: {owner: {userIds: [$owner]}}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name stage value closeDate owner { id name } } }
  }
}
"""
SALESPEOPLE = 40
DEALS = 20_000
PAGE_SIZE = 50
PAGE_SIZES_COUNTED = (10, 50, 100)
WARMUP_REQUESTS = 100
REQUESTS = 3_000
CONCURRENCY = 8
MAX_SECONDS = 30.0
TARGET_RATIO = 0.5


async def capture_requests(
    folder: Path, url: str, token_user_id: int, body: dict
) -> tuple[str, dict[int, list[harness.Captured]]]:
    """Run the list in-process at several page sizes and capture its SQL.

    Returns a token for the API and the statements per page size.
    """
    settings = Settings(
        data_dir=folder, database_url=url, secret_key=harness.SECRET_KEY
    )
    app = create_app(settings, manage_database=False)
    statements: dict[int, list[harness.Captured]] = {}
    async with app.router.lifespan_context(app):
        tokens = app.state.services.tokens
        token, _ = tokens.issue(await User.get(id=token_user_id))
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as c:
            for size in PAGE_SIZES_COUNTED:
                variables = {**body["variables"], "first": size}
                with harness.capture_sql() as capture:
                    response = await c.post(
                        "/graphql",
                        json={"query": QUERY, "variables": variables},
                        headers=headers,
                    )
                page = response.json()
                if page.get("errors") or len(page["data"]["deals"]["edges"]) != size:
                    raise RuntimeError(f"unexpected response: {response.text[:500]}")
                statements[size] = capture.statements
    return token, statements


async def measure(port: int, path: str, body: bytes, token: str) -> LoadResult:
    request = build_request(path, body, port, {"Authorization": f"Bearer {token}"})
    await run_load(
        port, request, count=WARMUP_REQUESTS, concurrency=CONCURRENCY, max_seconds=10
    )
    return await run_load(
        port,
        request,
        count=REQUESTS,
        concurrency=CONCURRENCY,
        max_seconds=MAX_SECONDS,
    )


async def run(kind: str, folder: Path, url: str) -> str:
    async with harness.connected(url):
        team = await harness.seed_team(SALESPEOPLE)
        await harness.insert_deals(team, DEALS)
        await harness.analyze()
        owner = to_global_id("User", team.salespeople[0].id)
        body = {"query": QUERY, "variables": {"owner": owner, "first": PAGE_SIZE}}
        token, statements = await capture_requests(folder, url, team.admin.id, body)

    statements_file = folder / "statements.json"
    statements_file.write_text(json.dumps(statements[PAGE_SIZE], default=str))
    env = {
        **harness.api_environment(url),
        "BENCH_STATEMENTS": str(statements_file),
    }
    payload = json.dumps(body).encode()
    async with harness.serving("API", "steward.app:create_app", env) as port:
        api = await measure(port, "/graphql", payload, token)
    async with harness.serving(
        "baseline", "bench.baseline_app:create_app", env
    ) as port:
        baseline = await measure(port, "/deals", payload, token)
    if json.loads(api.last_body) != json.loads(baseline.last_body):
        raise RuntimeError("the baseline's JSON differs from the API's")
    return report(kind, api, baseline, statements)


def report(
    kind: str,
    api: LoadResult,
    baseline: LoadResult,
    statements: dict[int, list[harness.Captured]],
) -> str:
    ratio = api.per_second / baseline.per_second
    rows = [
        [
            name,
            result.requests,
            f"{result.per_second:.0f}",
            f"{result.percentile_ms(50):.1f}",
            f"{result.percentile_ms(99):.1f}",
        ]
        for name, result in (
            ("GraphQL API", api),
            ("baseline", baseline),
        )
    ]
    counts = ", ".join(f"{len(found)} at {size}" for size, found in statements.items())
    verdict = "met" if ratio >= TARGET_RATIO else "missed"
    return "\n\n".join(
        [
            f"### Deals list ({kind})",
            f"{DEALS:,} deals, {SALESPEOPLE} owners, filtered by one owner (500 "
            f"deals), {PAGE_SIZE} per page with owners; {CONCURRENCY} connections.",
            harness.markdown_table(
                ["endpoint", "requests", "requests/s", "p50 ms", "p99 ms"], rows
            ),
            f"Throughput ratio API/baseline: **{ratio:.2f}** (target at least "
            f"{TARGET_RATIO}: {verdict}).",
            f"SQL statements per request, by page size: {counts}.",
        ]
    )


if __name__ == "__main__":
    harness.main(__doc__, run)
