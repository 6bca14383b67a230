"""Claiming free records, alone and in races, in the Owner and other object roles."""

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from models import (
    AssignmentReason,
    Deal,
    ObjectRole,
    OwnershipHistory,
    RecordType,
)
from policy import PolicyEngine
from steward import claims, ownership
from steward.errors import AlreadyAssigned
from tests.bulk_operations import (
    CLAIM,
    DEFINE_ROLE,
    assign,
    bulk_change,
    bulk_input,
    deal_gid,
    deal_gids,
    holders,
    insert_deals,
    ownership_state,
    role_id,
    settings,  # noqa: F401 - a fixture
)
from tests.conftest import Caller
from tests.operations import set_owner_required

READ_HOLDER = ownership.current_assignee_id
FREE_DEALS = """
query($objectRole: String) {
  deals(filter: {owner: {none: true, objectRole: $objectRole}}) {
    edges { node { id } }
  }
}
"""


@dataclass
class Team:
    anna: Caller
    bob: Caller
    policy: PolicyEngine
    free: list[int]
    """Three deals without an owner."""


@pytest.fixture
async def team(make_caller, policy: PolicyEngine) -> Team:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    await set_owner_required(anna.account.id, RecordType.DEAL, False)
    free = await insert_deals(None, 3, account_id=anna.account.id, prefix="Free")
    return Team(anna, bob, policy, free)


async def owners(team: Team, deals: list[int], role: str = "owner") -> list[int | None]:
    return await holders(
        RecordType.DEAL, deals, await role_id(team.anna.account.id, role)
    )


async def claim_code(caller: Caller, deal: int, object_role: str | None = None) -> str:
    return await caller.error_code(
        CLAIM, recordId=deal_gid(deal), objectRole=object_role
    )


async def test_claim_free_record(team: Team) -> None:
    await team.anna.data(CLAIM, recordId=deal_gid(team.free[0]))

    assert await owners(team, team.free) == [team.anna.user.id, None, None]
    rows = await OwnershipHistory.filter(record_id=team.free[0])
    assert [(row.reason, row.new_user_id) for row in rows] == [
        (AssignmentReason.CLAIM, team.anna.user.id)
    ]


async def test_claim_assigned_record_rejected(team: Team) -> None:
    await team.bob.data(CLAIM, recordId=deal_gid(team.free[0]))
    before = await ownership_state()

    code = await claim_code(team.anna, team.free[0])

    assert code == "ALREADY_ASSIGNED"
    assert await ownership_state() == before


async def test_claim_conflict_names_record(team: Team) -> None:
    await team.bob.data(CLAIM, recordId=deal_gid(team.free[0]))
    name = (await Deal.get(id=team.free[0])).name

    body = await team.anna.execute(CLAIM, recordId=deal_gid(team.free[0]))

    message = body["errors"][0]["message"]
    assert message.startswith(f"Deal {name!r} ({deal_gid(team.free[0])}) already")


async def test_claim_own_record_changes_nothing(team: Team) -> None:
    await team.anna.data(CLAIM, recordId=deal_gid(team.free[0]))
    before = await ownership_state()

    await team.anna.data(CLAIM, recordId=deal_gid(team.free[0]))

    assert await ownership_state() == before


@pytest.mark.parametrize(
    ("object_role", "code"), [("sponsor", "VALIDATION"), (None, "NOT_FOUND")]
)
async def test_claim_bad_input_rejected(
    team: Team, make_caller, object_role: str | None, code: str
) -> None:
    outsider = await make_caller("olga@other.test")
    caller = team.anna if object_role else outsider
    before = await ownership_state()

    assert await claim_code(caller, team.free[0], object_role) == code
    assert await ownership_state() == before


async def test_api_claim_race_one_winner(team: Team) -> None:
    for deal in team.free:
        bodies = await asyncio.gather(
            team.anna.execute(CLAIM, recordId=deal_gid(deal)),
            team.bob.execute(CLAIM, recordId=deal_gid(deal)),
        )
        codes = sorted(
            body["errors"][0]["extensions"]["code"] if "errors" in body else "OK"
            for body in bodies
        )
        assert codes == ["ALREADY_ASSIGNED", "OK"]
        assert await OwnershipHistory.filter(record_id=deal).count() == 1
    assert None not in await owners(team, team.free)


def read_first_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the first holder reads of two claims return only when both have read.

    Later reads, such as the loser's check after its insert failed, return at once.
    """
    both_read = asyncio.Barrier(2)
    first_reads = [True, True]

    async def read_together(*args: Any) -> int | None:
        holder = await READ_HOLDER(*args)
        if first_reads:
            first_reads.pop()
            await both_read.wait()
        return holder

    monkeypatch.setattr(ownership, "current_assignee_id", read_together)


async def test_claim_race_has_one_winner(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both claims find the record free before either inserts its assignment."""
    role = await ObjectRole.get(account_id=team.anna.account.id, key="owner")
    for deal_id in team.free:
        read_first_together(monkeypatch)
        deal = await Deal.get(id=deal_id)
        results = await asyncio.gather(
            claims.claim_record(team.policy, team.anna.user, deal, role),
            claims.claim_record(team.policy, team.bob.user, deal, role),
            return_exceptions=True,
        )
        lost = [result for result in results if isinstance(result, BaseException)]
        assert len(lost) == 1, results
        assert isinstance(lost[0], AlreadyAssigned)
        assert await OwnershipHistory.filter(record_id=deal_id).count() == 1
    assert None not in await owners(team, team.free)


async def test_concurrent_own_claims_both_succeed(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two claims of one user find the record free before either inserts."""
    role = await ObjectRole.get(account_id=team.anna.account.id, key="owner")
    read_first_together(monkeypatch)
    deal = await Deal.get(id=team.free[0])
    results = await asyncio.gather(
        claims.claim_record(team.policy, team.anna.user, deal, role),
        claims.claim_record(team.policy, team.anna.user, deal, role),
        return_exceptions=True,
    )

    errors = [result for result in results if isinstance(result, BaseException)]
    assert errors == []
    assert sum(result is None for result in results) == 1
    assert await owners(team, team.free[:1]) == [team.anna.user.id]
    assert await OwnershipHistory.filter(record_id=deal.id).count() == 1


async def define_co_owner(admin: Caller) -> None:
    role = {"key": "co_owner", "name": "Co-owner", "recordTypes": ["DEAL"]}
    await admin.data(DEFINE_ROLE, input=role)


async def test_claim_co_owner_keeps_owner(team: Team, make_caller) -> None:
    await define_co_owner(await make_caller("ada@acme.test", roles=("admin",)))
    owned = await insert_deals(team.bob.user, 1, prefix="Owned")

    await team.anna.data(CLAIM, recordId=deal_gid(owned[0]), objectRole="co_owner")

    assert await owners(team, owned, "co_owner") == [team.anna.user.id]
    assert await owners(team, owned) == [team.bob.user.id]


async def test_free_filter_other_role(team: Team, make_caller) -> None:
    await define_co_owner(await make_caller("ada@acme.test", roles=("admin",)))
    owned = await insert_deals(team.anna.user, 3, prefix="Owned")
    await assign(team.bob.user, RecordType.DEAL, owned[:1], "co_owner")

    listed = await team.anna.data(FREE_DEALS, objectRole="co_owner")
    free_owners = await team.anna.data(FREE_DEALS, objectRole=None)

    ids = {edge["node"]["id"] for edge in listed["deals"]["edges"]}
    assert ids == set(deal_gids(owned[1:] + team.free))
    owner_free = {edge["node"]["id"] for edge in free_owners["deals"]["edges"]}
    assert owner_free == set(deal_gids(team.free))


async def test_bulk_by_free_filter(team: Team, make_caller) -> None:
    await define_co_owner(await make_caller("ada@acme.test", roles=("admin",)))
    owned = await insert_deals(team.anna.user, 3, prefix="Owned")
    await assign(team.bob.user, RecordType.DEAL, owned[:1], "co_owner")
    selection = {"filter": {"owner": {"none": True, "objectRole": "co_owner"}}}

    result = await bulk_change(
        team.anna,
        **bulk_input(None, team.anna),
        selection=selection,
        objectRole="co_owner",
    )

    assert result["changed"] == len(owned) - 1 + len(team.free)
    assert (
        await owners(team, owned, "co_owner")
        == [team.bob.user.id] + [team.anna.user.id] * 2
    )
