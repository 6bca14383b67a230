"""Bulk owner changes that run inside the request: refusals, counts, selection."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from models import (
    Assignment,
    BulkJob,
    Company,
    DealStage,
    OwnershipHistory,
    Person,
    RecordType,
)
from policy import PolicyEngine
from policy.admin import set_plugin
from schema.ids import to_global_id
from steward import bulk
from steward.bulk import INLINE_LIMIT
from steward.sql import CHUNK_SIZE
from tests.bulk_operations import (
    BULK_CHANGE,
    DEFINE_ROLE,
    assign,
    bulk_change,
    bulk_input,
    count_statements,
    deal_gids,
    history_rows,
    holders,
    insert_deals,
    mark_deleted,
    ownership_state,
    revoke_change_assignee,
    role_id,
    settings,  # noqa: F401 - a fixture
)
from tests.conftest import Caller
from tests.operations import CHANGE_OWNER, set_owner_required, user_gid
from tests.test_policy_engine import count_enforce_calls

HISTORY = """
query($recordId: ID!) { ownershipHistory(recordId: $recordId) { batchId reason } }
"""
COUNTS = ("matched", "changed", "unchanged", "relatedChanged")


@dataclass
class Team:
    anna: Caller
    bob: Caller
    admin: Caller
    outsider: Caller
    """A user of another account."""
    policy: PolicyEngine
    deals: list[int]
    """Three deals that Anna owns."""


@pytest.fixture
async def team(make_caller, policy: PolicyEngine) -> Team:
    anna = await make_caller("anna@acme.test")
    bob = await make_caller("bob@acme.test")
    admin = await make_caller("ada@acme.test", roles=("admin",))
    outsider = await make_caller("olga@other.test")
    deals = await insert_deals(anna.user, 3)
    return Team(anna, bob, admin, outsider, policy, deals)


def counts(result: dict[str, Any]) -> dict[str, int]:
    return {key: result[key] for key in COUNTS}


async def deal_owners(team: Team, deals: list[int]) -> list[int | None]:
    return await holders(RecordType.DEAL, deals, await role_id(team.anna.account.id))


# Each case prepares the team and returns the input of a request that must fail
# with the code next to it.
Case = Callable[[Team], Awaitable[dict[str, Any]]]


async def deleted_user(team: Team) -> dict[str, Any]:
    await mark_deleted(team.bob)
    return bulk_input(team.deals, team.bob)


async def unknown_user(team: Team) -> dict[str, Any]:
    return {**bulk_input(team.deals), "newUserId": to_global_id("User", 999_999)}


async def foreign_user(team: Team) -> dict[str, Any]:
    return bulk_input(team.deals, team.outsider)


async def free_where_required(team: Team) -> dict[str, Any]:
    return bulk_input(team.deals, None)


async def forbidden(team: Team) -> dict[str, Any]:
    await revoke_change_assignee(team.policy, team.admin)
    return bulk_input(team.deals, team.bob)


async def foreign_records(team: Team) -> dict[str, Any]:
    theirs = await insert_deals(team.outsider.user, 2, prefix="Other")
    return bulk_input([*team.deals, *theirs], team.bob)


async def unknown_records(team: Team) -> dict[str, Any]:
    return bulk_input([*team.deals, 999_999], team.bob)


async def empty_ids(team: Team) -> dict[str, Any]:
    return bulk_input([], team.bob)


async def empty_selection(team: Team) -> dict[str, Any]:
    return {**bulk_input(None, team.bob), "selection": {}}


async def ids_and_filter(team: Team) -> dict[str, Any]:
    selection = {"recordIds": deal_gids(team.deals), "filter": {"search": "Deal"}}
    return {**bulk_input(None, team.bob), "selection": selection}


async def person_id_as_deal(team: Team) -> dict[str, Any]:
    person = await Person.create(account_id=team.anna.account.id, name="Pat")
    selection = {"recordIds": [to_global_id("Person", person.id)]}
    return {**bulk_input(None, team.bob), "selection": selection}


async def deal_id_as_user(team: Team) -> dict[str, Any]:
    return {**bulk_input(team.deals), "newUserId": to_global_id("Deal", team.deals[0])}


async def malformed_excluded_id(team: Team) -> dict[str, Any]:
    selection = {"recordIds": deal_gids(team.deals), "excludedIds": ["not-an-id"]}
    return {**bulk_input(None, team.bob), "selection": selection}


async def unknown_excluded_id(team: Team) -> dict[str, Any]:
    selection = {"filter": {"search": "Deal"}, "excludedIds": deal_gids([999_999])}
    return {**bulk_input(None, team.bob), "selection": selection}


async def foreign_excluded_id(team: Team) -> dict[str, Any]:
    theirs = await insert_deals(team.outsider.user, 1, prefix="Other")
    selection = {"recordIds": deal_gids(team.deals), "excludedIds": deal_gids(theirs)}
    return {**bulk_input(None, team.bob), "selection": selection}


async def person_id_as_excluded_deal(team: Team) -> dict[str, Any]:
    person = await Person.create(account_id=team.anna.account.id, name="Pat")
    selection = {
        "filter": {"search": "Deal"},
        "excludedIds": [to_global_id("Person", person.id)],
    }
    return {**bulk_input(None, team.bob), "selection": selection}


async def unknown_object_role(team: Team) -> dict[str, Any]:
    return bulk_input(team.deals, team.bob, objectRole="sponsor")


async def related_of_deals(team: Team) -> dict[str, Any]:
    return bulk_input(team.deals, team.bob, includeRelated=True)


REFUSALS: list[tuple[Case, str]] = [
    (deleted_user, "VALIDATION"),
    (unknown_user, "NOT_FOUND"),
    (foreign_user, "NOT_FOUND"),
    (free_where_required, "OWNER_REQUIRED"),
    (forbidden, "FORBIDDEN"),
    (foreign_records, "NOT_FOUND"),
    (unknown_records, "NOT_FOUND"),
    (empty_ids, "VALIDATION"),
    (empty_selection, "VALIDATION"),
    (ids_and_filter, "VALIDATION"),
    (person_id_as_deal, "NOT_FOUND"),
    (deal_id_as_user, "NOT_FOUND"),
    (malformed_excluded_id, "NOT_FOUND"),
    (unknown_excluded_id, "NOT_FOUND"),
    (foreign_excluded_id, "NOT_FOUND"),
    (person_id_as_excluded_deal, "NOT_FOUND"),
    (unknown_object_role, "VALIDATION"),
    (related_of_deals, "VALIDATION"),
]


@pytest.mark.parametrize("dry_run", [False, True], ids=["real", "dry"])
@pytest.mark.parametrize(
    ("case", "code"), REFUSALS, ids=[case.__name__ for case, _ in REFUSALS]
)
async def test_refusal_changes_nothing(
    team: Team, case: Case, code: str, dry_run: bool
) -> None:
    input = await case(team)
    before = await ownership_state()

    error = await team.anna.error_code(BULK_CHANGE, input={**input, "dryRun": dry_run})

    assert error == code
    assert await ownership_state() == before


async def enable_assigned_only(team: Team) -> list[int]:
    """Restrict salespersons to their own records; return three deals of Bob."""
    await set_plugin(team.policy, team.admin.user, "assigned_only", "salesperson", True)
    return await insert_deals(team.bob.user, 3, prefix="Bob")


async def test_dry_run_lists_refused(team: Team) -> None:
    bobs = await enable_assigned_only(team)

    dry = await bulk_change(
        team.anna, **bulk_input(team.deals + bobs, team.anna), dryRun=True
    )

    assert [refusal["recordId"] for refusal in dry["refused"]] == deal_gids(bobs)
    assert {refusal["code"] for refusal in dry["refused"]} == {"FORBIDDEN"}
    assert dry["refusedCount"] == 3
    for refusal in dry["refused"]:
        assert f"deal {refusal['recordId']!r} is not one of them" in refusal["message"]
    assert counts(dry) == {
        "matched": 6,
        "changed": 0,
        "unchanged": 3,
        "relatedChanged": 0,
    }


async def test_records_of_new_user_not_refused(team: Team) -> None:
    bobs = await enable_assigned_only(team)
    selected = team.deals + bobs[:2]

    dry = await bulk_change(team.anna, **bulk_input(selected, team.bob), dryRun=True)
    real = await bulk_change(team.anna, **bulk_input(selected, team.bob))

    # Bob's deals stay his without a change, which the policy does not refuse.
    assert dry["refusedCount"] == 0
    assert counts(dry) == {
        "matched": 5,
        "changed": 3,
        "unchanged": 2,
        "relatedChanged": 0,
    }
    assert counts(real) == counts(dry)
    assert await deal_owners(team, selected) == [team.bob.user.id] * 5


async def test_refused_records_reject_all(team: Team) -> None:
    bobs = await enable_assigned_only(team)
    before = await ownership_state()

    body = await team.anna.execute(
        BULK_CHANGE, input=bulk_input(team.deals + bobs, team.admin)
    )

    error = body["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert f"for example {deal_gids(bobs)[0]}:" in error["message"]
    assert await ownership_state() == before


async def test_unknown_ids_named_by_global_id(team: Team) -> None:
    body = await team.anna.execute(
        BULK_CHANGE, input=bulk_input([*team.deals, 999_999], team.bob)
    )

    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert f"for example {deal_gids([999_999])[0]}." in error["message"]


@pytest.mark.parametrize("field", ["recordIds", "excludedIds"])
async def test_id_of_other_type_names_field(team: Team, field: str) -> None:
    company = to_global_id("Company", 1)
    if field == "recordIds":
        input = bulk_input(None, team.bob, selection={"recordIds": [company]})
    else:
        selection = {"filter": {}, "excludedIds": [company]}
        input = bulk_input(None, team.bob, selection=selection)

    body = await team.anna.execute(BULK_CHANGE, input=input)

    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": field}


async def test_unknown_new_user_field_named(team: Team) -> None:
    body = await team.anna.execute(BULK_CHANGE, input=await unknown_user(team))

    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == "newUserId"


async def test_unknown_excluded_id_named(team: Team) -> None:
    unknown = deal_gids([999_999])[0]
    selection = {"recordIds": deal_gids(team.deals), "excludedIds": [unknown]}

    body = await team.anna.execute(
        BULK_CHANGE, input={**bulk_input(None, team.bob), "selection": selection}
    )

    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == "excludedIds"
    assert f"for example {unknown}." in error["message"]


async def test_filter_by_foreign_owner_not_found(team: Team) -> None:
    owner = {"userIds": [user_gid(team.outsider)]}
    input = {**bulk_input(None, team.bob), "selection": {"filter": {"owner": owner}}}

    body = await team.anna.execute(BULK_CHANGE, input=input)

    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == "owner"
    assert user_gid(team.outsider) in error["message"]
    assert await deal_owners(team, team.deals) == [team.anna.user.id] * 3


async def test_filter_by_unknown_company_not_found(team: Team) -> None:
    unknown = to_global_id("Company", 999_999)
    selection = {"filter": {"companyId": unknown}}
    input = {**bulk_input(None, team.bob), "dryRun": False, "selection": selection}

    body = await team.anna.execute(BULK_CHANGE, input=input)

    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == "companyId"
    assert unknown in error["message"]
    assert await deal_owners(team, team.deals) == [team.anna.user.id] * 3


async def test_bulk_change_shares_batch(team: Team) -> None:
    result = await bulk_change(team.anna, **bulk_input(team.deals, team.bob))

    assert counts(result) == {
        "matched": 3,
        "changed": 3,
        "unchanged": 0,
        "relatedChanged": 0,
    }
    assert result["job"] is None
    assert await deal_owners(team, team.deals) == [team.bob.user.id] * 3
    for gid in deal_gids(team.deals):
        history = (await team.anna.data(HISTORY, recordId=gid))["ownershipHistory"]
        assert history[0] == {"batchId": result["batchId"], "reason": "BULK"}


async def test_free_when_not_required(team: Team) -> None:
    await set_owner_required(team.anna.account.id, RecordType.DEAL, False)

    result = await bulk_change(team.anna, **bulk_input(team.deals, None))

    assert result["changed"] == 3
    assert await deal_owners(team, team.deals) == [None] * 3
    rows = await history_rows(result["batchId"])
    assert [row.new_user_id for row in rows] == [None] * 3
    assert [row.previous_user_id for row in rows] == [team.anna.user.id] * 3


@pytest.mark.parametrize("dry_run", [False, True], ids=["real", "dry"])
async def test_missing_new_user_invalid(team: Team, dry_run: bool) -> None:
    # With owners optional, taking a missing newUserId for null frees the deals.
    await set_owner_required(team.anna.account.id, RecordType.DEAL, False)
    input = bulk_input(team.deals, dryRun=dry_run)
    del input["newUserId"]
    before = await ownership_state()

    body = await team.anna.execute(BULK_CHANGE, input=input)

    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "newUserId"
    assert "or null to make the records free" in error["message"]
    assert await ownership_state() == before


async def test_already_held_counts_unchanged(team: Team) -> None:
    bobs = await insert_deals(team.bob.user, 2, prefix="Bob")

    result = await bulk_change(team.anna, **bulk_input(team.deals + bobs, team.bob))

    assert result["changed"] == 3
    assert result["unchanged"] == 2
    rows = await history_rows(result["batchId"])
    assert sorted(row.record_id for row in rows) == sorted(team.deals)
    assert await OwnershipHistory.filter(record_id__in=bobs).count() == 0


async def test_dry_run_predicts_real_run(team: Team) -> None:
    bobs = await insert_deals(team.bob.user, 2, prefix="Bob")
    input = bulk_input(team.deals + bobs, team.bob)
    before = await ownership_state()

    dry = await bulk_change(team.anna, **input, dryRun=True)
    after_dry = await ownership_state()
    real = await bulk_change(team.anna, **input)

    assert dry["dryRun"] is True
    assert dry["batchId"] is None
    assert after_dry == before
    assert counts(dry) == counts(real)
    assert counts(real) == {
        "matched": 5,
        "changed": 3,
        "unchanged": 2,
        "relatedChanged": 0,
    }


async def test_filter_with_exclusions(team: Team, make_caller) -> None:
    carol = await make_caller("carol@acme.test")
    engaging = await insert_deals(
        team.anna.user, 4, stage=DealStage.ENGAGING, prefix="Engaging"
    )
    bobs = await insert_deals(
        team.bob.user, 2, stage=DealStage.ENGAGING, prefix="Bob engaging"
    )
    selection = {
        "filter": {"owner": {"userIds": [user_gid(team.anna)]}, "stages": ["ENGAGING"]},
        "excludedIds": deal_gids(engaging[:2]),
    }

    result = await bulk_change(
        team.anna, **bulk_input(None, carol), selection=selection
    )

    assert counts(result) == {
        "matched": 2,
        "changed": 2,
        "unchanged": 0,
        "relatedChanged": 0,
    }
    assert (
        await deal_owners(team, engaging)
        == [team.anna.user.id] * 2 + [carol.user.id] * 2
    )
    assert await deal_owners(team, team.deals) == [team.anna.user.id] * 3
    assert await deal_owners(team, bobs) == [team.bob.user.id] * 2


async def test_include_related_moves_open(team: Team, make_caller) -> None:
    carol = await make_caller("carol@acme.test")
    anna, bob = team.anna.user, team.bob.user
    account_id = team.anna.account.id
    company = await Company.create(account_id=account_id, name="Initech")
    await assign(anna, RecordType.COMPANY, [company.id], "owner")
    persons = [
        await Person.create(account_id=account_id, name=name, company=company)
        for name in ("Peter", "Milton")
    ]
    await assign(anna, RecordType.PERSON, [persons[0].id], "owner")
    await assign(bob, RecordType.PERSON, [persons[1].id], "owner")
    moving = [
        *await insert_deals(anna, 1, company=company, prefix="Open"),
        *await insert_deals(
            anna, 1, company=company, stage=DealStage.ENGAGING, prefix="Engaging"
        ),
    ]
    closed = [
        *await insert_deals(anna, 1, company=company, stage=DealStage.WON, prefix="W"),
        *await insert_deals(anna, 1, company=company, stage=DealStage.LOST, prefix="L"),
    ]
    bobs = await insert_deals(bob, 1, company=company, prefix="Bob's")
    input = bulk_input(
        None,
        carol,
        recordType="COMPANY",
        selection={"recordIds": [to_global_id("Company", company.id)]},
        includeRelated=True,
    )

    dry = await bulk_change(team.anna, **input, dryRun=True)
    result = await bulk_change(team.anna, **input)

    owner = await role_id(account_id)
    person_ids = [person.id for person in persons]
    assert counts(dry) == counts(result)
    assert counts(result) == {
        "matched": 1,
        "changed": 1,
        "unchanged": 0,
        "relatedChanged": 3,
    }
    assert await holders(RecordType.COMPANY, [company.id], owner) == [carol.user.id]
    assert await holders(RecordType.PERSON, person_ids, owner) == [
        carol.user.id,
        bob.id,
    ]
    assert await deal_owners(team, moving) == [carol.user.id] * 2
    assert await deal_owners(team, closed) == [anna.id] * 2
    assert await deal_owners(team, bobs) == [bob.id]
    assert len(await history_rows(result["batchId"])) == 4


async def test_refused_related_not_counted(team: Team, make_caller) -> None:
    carol = await make_caller("carol@acme.test")
    account_id = team.anna.account.id
    await team.admin.data(
        DEFINE_ROLE,
        input={"key": "co_owner", "name": "Co-owner", "recordTypes": ["COMPANY"]},
    )
    company = await Company.create(account_id=account_id, name="Initech")
    await assign(team.anna.user, RecordType.COMPANY, [company.id], "owner")
    await assign(carol.user, RecordType.COMPANY, [company.id], "co_owner")
    person = await Person.create(account_id=account_id, name="Peter", company=company)
    await assign(team.anna.user, RecordType.PERSON, [person.id], "owner")
    await set_plugin(team.policy, team.admin.user, "assigned_only", "salesperson", True)
    input = bulk_input(
        None,
        carol,
        recordType="COMPANY",
        selection={"recordIds": [to_global_id("Company", company.id)]},
        includeRelated=True,
    )

    dry = await bulk_change(carol, **input, dryRun=True)
    code = await carol.error_code(BULK_CHANGE, input=input)

    assert (dry["changed"], dry["relatedChanged"]) == (1, 0)
    assert [refusal["recordId"] for refusal in dry["refused"]] == [
        to_global_id("Person", person.id)
    ]
    assert code == "FORBIDDEN"


async def test_inline_limit_runs_inline(team: Team) -> None:
    deals = await insert_deals(team.anna.user, INLINE_LIMIT - 3, prefix="Many")

    result = await bulk_change(team.anna, **bulk_input(team.deals + deals, team.bob))

    assert result["job"] is None
    assert result["batchId"] is not None
    assert result["changed"] == INLINE_LIMIT
    assert len(await history_rows(result["batchId"])) == INLINE_LIMIT
    assert await BulkJob.all().count() == 0


async def statements_of_change(
    team: Team, monkeypatch: pytest.MonkeyPatch, count: int
) -> int:
    deals = await insert_deals(team.anna.user, count, prefix=f"Counted {count}")
    statements = await count_statements(monkeypatch)
    result = await bulk_change(team.anna, **bulk_input(deals, team.bob))
    assert result["changed"] == count
    monkeypatch.undo()
    return len(statements)


async def test_statements_per_chunk_bounded(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_chunk = await statements_of_change(team, monkeypatch, CHUNK_SIZE)
    two_chunks = await statements_of_change(team, monkeypatch, 2 * CHUNK_SIZE)

    # Per chunk: read the records, read their assignees, update them. The fixed
    # part reads the users and the object role and writes history, notifications
    # and events. Statements per record would add hundreds per chunk.
    assert two_chunks - one_chunk <= 5
    assert one_chunk <= 25


@pytest.mark.parametrize("ids_per_statement", [3, 100])
async def test_assignees_alike_with_gaps(
    team: Team, monkeypatch: pytest.MonkeyPatch, ids_per_statement: int
) -> None:
    monkeypatch.setattr(bulk, "IDS_PER_STATEMENT", ids_per_statement)
    anna, bob = team.anna.user, team.bob.user
    free = await insert_deals(None, 2, account_id=anna.account_id, prefix="Free")
    bobs = await insert_deals(bob, 3, prefix="Bob's")
    # A co-owner of Anna's deals is in the same range of ids but another role.
    await team.admin.data(
        DEFINE_ROLE,
        input={"key": "co_owner", "name": "Co-owner", "recordTypes": ["DEAL"]},
    )
    await assign(bob, RecordType.DEAL, team.deals, "co_owner")
    owner = await role_id(anna.account_id)
    everything = sorted([*team.deals, *free, *bobs])
    expected = {deal: anna.id for deal in team.deals} | {deal: bob.id for deal in bobs}

    # Runs of ids without gaps, each id once, are read as ranges.
    assert await bulk.current_assignees(RecordType.DEAL, owner, everything) == expected
    with_gap = [deal for deal in everything if deal != bobs[1]]
    assert await bulk.current_assignees(RecordType.DEAL, owner, with_gap) == {
        deal: user for deal, user in expected.items() if deal != bobs[1]
    }
    unsorted = [*reversed(everything), everything[0]]
    assert await bulk.current_assignees(RecordType.DEAL, owner, unsorted) == expected


async def test_enforce_calls_constant(team: Team) -> None:
    many = await insert_deals(team.anna.user, INLINE_LIMIT - 3, prefix="Many")
    calls = count_enforce_calls(team.policy, team.anna.account.id)

    await bulk_change(team.anna, **bulk_input(team.deals, team.bob))
    for_three = len(calls)
    await bulk_change(team.anna, **bulk_input(many, team.bob))

    assert for_three > 0
    assert len(calls) - for_three == for_three


async def allowed(team: Team) -> dict[str, Any]:
    return bulk_input(team.deals, team.bob)


async def held_by_new_user(team: Team) -> dict[str, Any]:
    """Anna may change only her own records, and Bob already has these."""
    await set_plugin(team.policy, team.admin.user, "assigned_only", "salesperson", True)
    await Assignment.filter(
        record_type=RecordType.DEAL, record_id__in=team.deals
    ).update(user_id=team.bob.user.id)
    return bulk_input(team.deals, team.bob)


PARITY: list[tuple[Case, str | None]] = [
    (deleted_user, "VALIDATION"),
    (foreign_user, "NOT_FOUND"),
    (free_where_required, "OWNER_REQUIRED"),
    (forbidden, "FORBIDDEN"),
    (allowed, None),
    (held_by_new_user, None),
]


async def code_of(caller: Caller, query: str, **variables: Any) -> str | None:
    """Return the error code of an operation, None when it succeeds."""
    body = await caller.execute(query, **variables)
    if not body.get("errors"):
        return None
    return body["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize(
    ("case", "code"), PARITY, ids=[case.__name__ for case, _ in PARITY]
)
async def test_single_and_bulk_agree(team: Team, case: Case, code: str | None) -> None:
    input = await case(team)
    single, *rest = deal_gids(team.deals)

    single_code = await code_of(
        team.anna, CHANGE_OWNER, recordId=single, ownerId=input["newUserId"]
    )
    bulk_code = await code_of(
        team.anna, BULK_CHANGE, input={**input, "selection": {"recordIds": rest}}
    )

    assert single_code == code
    assert bulk_code == code
