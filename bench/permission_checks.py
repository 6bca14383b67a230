"""Count the Casbin enforce calls of bulk requests and time raw enforce calls.

The data is one account with 10 salespeople and 10,000 deals owned round-robin.
A salesperson sends `bulkChangeOwner` over 10, 100 and 1,000 of their own deals
through the in-process ASGI app. The requests are dry runs, which are planned and
checked like real ones but write nothing. They run first with the default policy
and then with the `assigned_only` plugin enabled for salespeople. Every call of
`casbin.Enforcer.enforce` in the process is counted; the count should not grow
with the number of records.

Throughput is measured on one account's policy snapshot (`AccountPolicy`):
enforce calls per second for a salesperson's `change_assignee` on deals, against
a bare `casbin.Enforcer` built from the same model and lines, which is the
baseline.

Run: `python -m bench.permission_checks --database sqlite|postgres`.
"""

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import casbin
import httpx

from bench import harness
from models import Assignment
from policy.actions import Action, domain_of, user_subject
from policy.admin import set_plugin
from policy.snapshot import AccountPolicy, _model_text
from schema.ids import to_global_id
from steward.app import create_app
from steward.config import Settings

SALESPEOPLE = 10
DEALS = 10_000
SIZES = (10, 100, 1_000)
ENFORCE_CALLS = 50_000
BULK_CHANGE = """
mutation($input: BulkChangeOwnerInput!) {
  bulkChangeOwner(input: $input) { matched changed refused { code } }
}
"""


@contextlib.contextmanager
def counting_enforce() -> Iterator[list[int]]:
    """Count every `casbin.Enforcer.enforce` call made while the block runs."""
    count = [0]
    original = casbin.Enforcer.enforce

    def counted(self: casbin.Enforcer, *args: Any) -> bool:
        count[0] += 1
        return original(self, *args)

    casbin.Enforcer.enforce = counted  # type: ignore[method-assign]
    try:
        yield count
    finally:
        casbin.Enforcer.enforce = original  # type: ignore[method-assign]


async def count_calls(folder: Path, url: str, team: harness.Team) -> list[list[Any]]:
    """Return rows of (policy, records, enforce calls) for dry-run bulk requests."""
    settings = Settings(
        data_dir=folder, database_url=url, secret_key=harness.SECRET_KEY
    )
    app = create_app(settings, manage_database=False)
    seller = team.salespeople[0]
    others = team.salespeople[1]
    own = (
        await Assignment.filter(user_id=seller.id, record_type="deal")
        .order_by("record_id")
        .values_list("record_id", flat=True)
    )
    rows = []
    async with app.router.lifespan_context(app):
        services = app.state.services
        token, _ = services.tokens.issue(seller)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://x"
        ) as client:
            for policy_name in ("default", "assigned_only"):
                if policy_name == "assigned_only":
                    await set_plugin(
                        services.policy,
                        team.admin,
                        "assigned_only",
                        "salesperson",
                        True,
                    )
                for size in SIZES:
                    selected = [to_global_id("Deal", deal) for deal in own[:size]]
                    assert len(selected) == size, "too few deals for this size"
                    request = {
                        "recordType": "DEAL",
                        "newUserId": to_global_id("User", others.id),
                        "selection": {"recordIds": selected},
                        "dryRun": True,
                    }
                    with counting_enforce() as count:
                        response = await client.post(
                            "/graphql",
                            json={
                                "query": BULK_CHANGE,
                                "variables": {"input": request},
                            },
                            headers=headers,
                        )
                    body = response.json()
                    if (
                        "errors" in body
                        or body["data"]["bulkChangeOwner"]["matched"] != size
                    ):
                        raise RuntimeError(
                            f"unexpected response: {response.text[:500]}"
                        )
                    rows.append([policy_name, size, count[0]])
    return rows


def calls_per_second(enforce: Callable[[], bool]) -> float:
    started = time.perf_counter()
    for _ in range(ENFORCE_CALLS):
        enforce()
    return ENFORCE_CALLS / (time.perf_counter() - started)


def measure_throughput(snapshot: AccountPolicy, user_id: int) -> tuple[float, float]:
    """Return enforce calls per second through the snapshot and on a bare enforcer."""
    model = casbin.Enforcer.new_model(text=_model_text())
    for line in snapshot.lines:
        model.add_policy(line[0], line[0], list(line[1:]))
    bare = casbin.Enforcer(model)
    bare.build_role_links()
    subject = user_subject(user_id)
    domain = domain_of(snapshot.account_id)
    action = Action.CHANGE_ASSIGNEE.value
    if not bare.enforce(subject, domain, "deal", "owner", action):
        raise RuntimeError("the bare enforcer denies what the snapshot allows")
    wrapped = calls_per_second(
        lambda: snapshot.user_allows(user_id, "deal", "owner", action)
    )
    baseline = calls_per_second(
        lambda: bare.enforce(subject, domain, "deal", "owner", action)
    )
    return wrapped, baseline


async def run(kind: str, folder: Path, url: str) -> str:
    async with harness.connected(url):
        team = await harness.seed_team(SALESPEOPLE)
        await harness.insert_deals(team, DEALS)
        counts = await count_calls(folder, url, team)
        snapshot = await team.policy.current(team.account.id)
        wrapped, baseline = measure_throughput(snapshot, team.salespeople[0].id)
    return "\n\n".join(
        [
            f"### Permission checks ({kind})",
            "Dry-run `bulkChangeOwner` of a salesperson's own deals; every "
            "`casbin.Enforcer.enforce` call in the process counted.",
            harness.markdown_table(["policy", "records", "enforce calls"], counts),
            f"Enforce throughput over {ENFORCE_CALLS:,} calls: "
            f"{wrapped:,.0f}/s through `AccountPolicy.user_allows`, "
            f"{baseline:,.0f}/s on a bare `casbin.Enforcer` with the same lines "
            f"(ratio {wrapped / baseline:.2f}).",
        ]
    )


if __name__ == "__main__":
    harness.main(__doc__, run)
