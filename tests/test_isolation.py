"""Tenant isolation, generated from the schema: no ID of another account works.

Every argument of a query, mutation or subscription that takes an ID, directly
or inside an input object, has an entry in CASES. Each entry calls the field as
an admin of Acme with IDs of Globex and expects NOT_FOUND, or a result without
Globex's data, and no change to any table. A new ID argument without an entry
fails `test_every_id_argument_has_case`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLID,
    GraphQLInputType,
    GraphQLSchema,
    get_named_type,
    is_input_object_type,
)
from starlette.applications import Starlette

from models import BulkJob, Notification, ObjectRole, OwnershipHistory, RecordType
from models.notifications import NotificationKind
from resolvers.context import Context
from schema import schema
from schema.ids import to_global_id
from tests.conftest import Caller
from tests.database_state import changed_tables, database_digest
from tests.operations import create, user_gid

NOT_FOUND = "NOT_FOUND"
Check = str | Callable[[dict[str, Any]], None]
"""An expected error code, or a function that checks the result's `data`."""


@dataclass(frozen=True)
class Call:
    document: str
    variables: dict[str, Any]
    expected: Check


@dataclass
class World:
    """Acme, whose admin Anna calls every case, and Globex, whose IDs she sends."""

    anna: Caller
    bob: Caller
    own: dict[RecordType, str]
    foreign: dict[RecordType, str]
    foreign_user: str
    foreign_role: str
    foreign_batch: str
    foreign_job: str
    foreign_notification: str
    foreign_policy_change: str
    foreign_activity: str


def id_arguments(graphql_schema: GraphQLSchema) -> set[str]:
    """Return `Root.field:path` of every ID argument, inputs walked recursively."""

    def paths(type_: GraphQLInputType, seen: frozenset[str]) -> list[str]:
        named = get_named_type(type_)
        if named is GraphQLID:
            return [""]
        if not is_input_object_type(named) or named.name in seen:
            return []
        return [
            f"{name}.{path}".rstrip(".")
            for name, field in named.fields.items()
            for path in paths(field.type, seen | {named.name})
        ]

    found = set()
    roots = (
        graphql_schema.query_type,
        graphql_schema.mutation_type,
        graphql_schema.subscription_type,
    )
    for root in roots:
        for name, field in (root.fields if root else {}).items():
            for argument_name, argument in field.args.items():
                for path in paths(argument.type, frozenset()):
                    key = f"{argument_name}.{path}".rstrip(".")
                    found.add(f"{root.name}.{name}:{key}")
    return found


def list_call(field: str, filter_type: str, filter: dict[str, Any]) -> Call:
    """Filter a list by another account's user or company, which is NOT_FOUND."""
    document = (
        f"query($filter: {filter_type}) "
        f"{{ {field}(filter: $filter) {{ totalCount edges {{ node {{ id }} }} }} }}"
    )
    return Call(document, {"filter": filter}, NOT_FOUND)


def owner_filter_call(field: str, filter_type: str, world: World) -> Call:
    return list_call(field, filter_type, {"owner": {"userIds": [world.foreign_user]}})


def stats_call(filter: dict[str, Any]) -> Call:
    document = """
    query($filter: RecordFilter) {
      ownershipStats(recordType: DEAL, filter: $filter) { records user { id } }
    }
    """
    return Call(document, {"filter": filter}, NOT_FOUND)


NODE = "query($id: ID!) { node(id: $id) { id } }"
HISTORY = "query($id: ID!) { ownershipHistory(recordId: $id) { recordId } }"
ACTIVITIES = "query($id: ID!) { activities(recordId: $id) { id } }"
ACTIVITIES_BEFORE = """
query($id: ID!, $before: ID) { activities(recordId: $id, before: $before) { id } }
"""
BULK_JOB = "query($id: ID!) { bulkJob(id: $id) { id } }"
PREVIEW = "query($id: ID!) { deleteUserPreview(userId: $id) { records } }"
POLICY_HISTORY = "query($id: ID) { accessPolicyHistory(before: $id) { id } }"
CHANGE_OWNER = """
mutation($record: ID!, $owner: ID) { changeOwner(recordId: $record, ownerId: $owner) {
  id } }
"""
UNDO = "mutation($id: ID!) { undoBulkChange(batchId: $id) { restored } }"
CLAIM = "mutation($id: ID!) { claimRecord(recordId: $id) { id } }"
DELETE_USER = """
mutation($id: ID!, $transfer: TransferInput) {
  deleteUser(userId: $id, transfer: $transfer) { transferred }
}
"""
RESTORE_USER = "mutation($id: ID!) { restoreUser(userId: $id) { id } }"
SET_ROLES = 'mutation($id: ID!) { setUserRoles(userId: $id, roles: ["admin"]) { id } }'
LOG_ACTIVITY = "mutation($id: ID!) { logActivity(recordId: $id, kind: CALL) { id } }"
MARK_READ = "mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { marked } }"
BULK_CHANGE = """
mutation($input: BulkChangeOwnerInput!) { bulkChangeOwner(input: $input) {
  matched changed refused { recordId } } }
"""
PROGRESS = "subscription($id: ID!) { bulkJobProgress(id: $id) { id } }"
TYPE_NAMES = {
    RecordType.PERSON: "Person",
    RecordType.COMPANY: "Company",
    RecordType.DEAL: "Deal",
}


def create_call(record_type: RecordType, **fields: Any) -> Call:
    name = TYPE_NAMES[record_type]
    document = (
        f"mutation($input: Create{name}Input!) "
        f"{{ create{name}(input: $input) {{ id }} }}"
    )
    return Call(document, {"input": {"name": "Intruder", **fields}}, NOT_FOUND)


def update_call(record_type: RecordType, **fields: Any) -> Call:
    name = TYPE_NAMES[record_type]
    document = (
        f"mutation($input: Update{name}Input!) "
        f"{{ update{name}(input: $input) {{ id }} }}"
    )
    return Call(document, {"input": fields}, NOT_FOUND)


def bulk_call(world: World, selection: dict[str, Any], **fields: Any) -> Call:
    data = {
        "recordType": "DEAL",
        "selection": selection,
        "newUserId": user_gid(world.bob),
        "dryRun": True,
        **fields,
    }
    return Call(BULK_CHANGE, {"input": data}, NOT_FOUND)


def bulk_excluded_call(world: World) -> Call:
    """Exclude another account's deal, which is NOT_FOUND like an unknown id."""
    selection = {
        "recordIds": [world.own[RecordType.DEAL]],
        "excludedIds": [world.foreign[RecordType.DEAL]],
    }
    return bulk_call(world, selection)


def transfer(world: World, **fields: Any) -> Call:
    variables = {"id": user_gid(world.bob), "transfer": {"mode": "TO_USER", **fields}}
    return Call(DELETE_USER, variables, NOT_FOUND)


CASES: dict[str, Callable[[World], list[Call]]] = {
    "Query.node:id": lambda w: [
        Call(NODE, {"id": gid}, NOT_FOUND)
        for gid in [*w.foreign.values(), w.foreign_user, w.foreign_role]
    ],
    "Query.persons:filter.owner.userIds": lambda w: [
        owner_filter_call("persons", "PersonFilter", w)
    ],
    "Query.persons:filter.companyId": lambda w: [
        list_call(
            "persons", "PersonFilter", {"companyId": w.foreign[RecordType.COMPANY]}
        )
    ],
    "Query.companies:filter.owner.userIds": lambda w: [
        owner_filter_call("companies", "CompanyFilter", w)
    ],
    "Query.deals:filter.owner.userIds": lambda w: [
        owner_filter_call("deals", "DealFilter", w)
    ],
    "Query.deals:filter.companyId": lambda w: [
        list_call("deals", "DealFilter", {"companyId": w.foreign[RecordType.COMPANY]})
    ],
    "Query.ownershipHistory:recordId": lambda w: [
        Call(HISTORY, {"id": gid}, NOT_FOUND) for gid in w.foreign.values()
    ],
    "Query.bulkJob:id": lambda w: [Call(BULK_JOB, {"id": w.foreign_job}, NOT_FOUND)],
    "Query.deleteUserPreview:userId": lambda w: [
        Call(PREVIEW, {"id": w.foreign_user}, NOT_FOUND)
    ],
    "Query.ownershipStats:filter.owner.userIds": lambda w: [
        stats_call({"owner": {"userIds": [w.foreign_user]}})
    ],
    "Query.ownershipStats:filter.companyId": lambda w: [
        stats_call({"companyId": w.foreign[RecordType.COMPANY]})
    ],
    "Query.accessPolicyHistory:before": lambda w: [
        Call(POLICY_HISTORY, {"id": w.foreign_policy_change}, NOT_FOUND)
    ],
    "Query.activities:recordId": lambda w: [
        Call(ACTIVITIES, {"id": gid}, NOT_FOUND) for gid in w.foreign.values()
    ],
    "Query.activities:before": lambda w: [
        Call(
            ACTIVITIES_BEFORE,
            {"id": w.own[RecordType.DEAL], "before": w.foreign_activity},
            NOT_FOUND,
        )
    ],
    "Mutation.createPerson:input.companyId": lambda w: [
        create_call(RecordType.PERSON, companyId=w.foreign[RecordType.COMPANY])
    ],
    "Mutation.createPerson:input.ownerId": lambda w: [
        create_call(RecordType.PERSON, ownerId=w.foreign_user)
    ],
    "Mutation.createCompany:input.parentId": lambda w: [
        create_call(RecordType.COMPANY, parentId=w.foreign[RecordType.COMPANY])
    ],
    "Mutation.createCompany:input.ownerId": lambda w: [
        create_call(RecordType.COMPANY, ownerId=w.foreign_user)
    ],
    "Mutation.createDeal:input.companyId": lambda w: [
        create_call(RecordType.DEAL, companyId=w.foreign[RecordType.COMPANY])
    ],
    "Mutation.createDeal:input.ownerId": lambda w: [
        create_call(RecordType.DEAL, ownerId=w.foreign_user)
    ],
    "Mutation.updatePerson:input.id": lambda w: [
        update_call(RecordType.PERSON, id=w.foreign[RecordType.PERSON], name="Taken")
    ],
    "Mutation.updatePerson:input.companyId": lambda w: [
        update_call(
            RecordType.PERSON,
            id=w.own[RecordType.PERSON],
            companyId=w.foreign[RecordType.COMPANY],
        )
    ],
    "Mutation.updatePerson:input.ownerId": lambda w: [
        update_call(
            RecordType.PERSON, id=w.own[RecordType.PERSON], ownerId=w.foreign_user
        )
    ],
    "Mutation.updateCompany:input.id": lambda w: [
        update_call(RecordType.COMPANY, id=w.foreign[RecordType.COMPANY], name="Taken")
    ],
    "Mutation.updateCompany:input.parentId": lambda w: [
        update_call(
            RecordType.COMPANY,
            id=w.own[RecordType.COMPANY],
            parentId=w.foreign[RecordType.COMPANY],
        )
    ],
    "Mutation.updateCompany:input.ownerId": lambda w: [
        update_call(
            RecordType.COMPANY, id=w.own[RecordType.COMPANY], ownerId=w.foreign_user
        )
    ],
    "Mutation.updateDeal:input.id": lambda w: [
        update_call(RecordType.DEAL, id=w.foreign[RecordType.DEAL], name="Taken")
    ],
    "Mutation.updateDeal:input.companyId": lambda w: [
        update_call(
            RecordType.DEAL,
            id=w.own[RecordType.DEAL],
            companyId=w.foreign[RecordType.COMPANY],
        )
    ],
    "Mutation.updateDeal:input.ownerId": lambda w: [
        update_call(RecordType.DEAL, id=w.own[RecordType.DEAL], ownerId=w.foreign_user)
    ],
    "Mutation.changeOwner:recordId": lambda w: [
        Call(CHANGE_OWNER, {"record": gid, "owner": user_gid(w.bob)}, NOT_FOUND)
        for gid in w.foreign.values()
    ],
    "Mutation.changeOwner:ownerId": lambda w: [
        Call(CHANGE_OWNER, {"record": gid, "owner": w.foreign_user}, NOT_FOUND)
        for gid in w.own.values()
    ],
    "Mutation.bulkChangeOwner:input.selection.recordIds": lambda w: [
        bulk_call(w, {"recordIds": [w.foreign[RecordType.DEAL]]})
    ],
    "Mutation.bulkChangeOwner:input.selection.filter.owner.userIds": lambda w: [
        bulk_call(w, {"filter": {"owner": {"userIds": [w.foreign_user]}}})
    ],
    "Mutation.bulkChangeOwner:input.selection.filter.companyId": lambda w: [
        bulk_call(w, {"filter": {"companyId": w.foreign[RecordType.COMPANY]}})
    ],
    "Mutation.bulkChangeOwner:input.selection.excludedIds": lambda w: [
        bulk_excluded_call(w)
    ],
    "Mutation.bulkChangeOwner:input.newUserId": lambda w: [
        bulk_call(w, {"recordIds": [w.own[RecordType.DEAL]]}, newUserId=w.foreign_user)
    ],
    "Mutation.undoBulkChange:batchId": lambda w: [
        Call(UNDO, {"id": w.foreign_batch}, NOT_FOUND)
    ],
    "Mutation.claimRecord:recordId": lambda w: [
        Call(CLAIM, {"id": gid}, NOT_FOUND) for gid in w.foreign.values()
    ],
    "Mutation.deleteUser:userId": lambda w: [
        Call(DELETE_USER, {"id": w.foreign_user}, NOT_FOUND)
    ],
    "Mutation.deleteUser:transfer.toUserId": lambda w: [
        transfer(w, toUserId=w.foreign_user)
    ],
    "Mutation.deleteUser:transfer.perRecordType.userId": lambda w: [
        transfer(w, perRecordType=[{"recordType": "DEAL", "userId": w.foreign_user}])
    ],
    "Mutation.restoreUser:userId": lambda w: [
        Call(RESTORE_USER, {"id": w.foreign_user}, NOT_FOUND)
    ],
    "Mutation.setUserRoles:userId": lambda w: [
        Call(SET_ROLES, {"id": w.foreign_user}, NOT_FOUND)
    ],
    "Mutation.logActivity:recordId": lambda w: [
        Call(LOG_ACTIVITY, {"id": gid}, NOT_FOUND) for gid in w.foreign.values()
    ],
    "Mutation.markNotificationsRead:ids": lambda w: [
        Call(MARK_READ, {"ids": [w.foreign_notification]}, NOT_FOUND)
    ],
    "Subscription.bulkJobProgress:id": lambda w: [
        Call(PROGRESS, {"id": w.foreign_job}, NOT_FOUND)
    ],
}


def test_every_id_argument_has_case() -> None:
    uncovered = sorted(id_arguments(schema._schema) - set(CASES))
    assert not uncovered, (
        "ID arguments without a tenant isolation case in CASES: " + ", ".join(uncovered)
    )


def test_cases_name_id_arguments() -> None:
    stale = sorted(set(CASES) - id_arguments(schema._schema))
    assert not stale, "CASES entries for no ID argument: " + ", ".join(stale)


async def build_world(make_caller) -> World:
    anna = await make_caller("anna@acme.test", roles=("admin",))
    bob = await make_caller("bob@acme.test")
    zed = await make_caller("zed@globex.test", roles=("admin",))
    zoe = await make_caller("zoe@globex.test")
    own = {t: (await create(anna, t, name="Acme's"))["id"] for t in RecordType}
    foreign = {t: (await create(zed, t, name="Globex's"))["id"] for t in RecordType}

    grant = """mutation { grantPermission(role: "salesperson", action: "undo_batch") {
      role } }"""
    await zed.data(grant)
    history = await zed.data(
        "query { accessPolicyHistory(limit: 1) { id } }",
    )
    log = """mutation($id: ID!) { logActivity(recordId: $id, kind: CALL) { id } }"""
    activity = await zed.data(log, id=foreign[RecordType.DEAL])
    batch = await OwnershipHistory.filter(account_id=zed.account.id).first()
    assert batch is not None
    role = await ObjectRole.get(account_id=zed.account.id, key="owner")
    job = await BulkJob.create(
        account_id=zed.account.id,
        actor_id=zed.user.id,
        request={},
        total=0,
        batch_id=uuid.uuid4(),
    )
    notification = await Notification.create(
        account_id=zed.account.id,
        recipient_id=zoe.user.id,
        kind=NotificationKind.ASSIGNED,
        key=f"isolation-{uuid.uuid4()}",
        object_role_id=role.id,
        record_count=0,
        records=[],
        created_at=batch.created_at,
        updated_at=batch.created_at,
    )
    return World(
        anna=anna,
        bob=bob,
        own=own,
        foreign=foreign,
        foreign_user=user_gid(zoe),
        foreign_role=to_global_id("ObjectRole", role.id),
        foreign_batch=str(batch.batch_id),
        foreign_job=str(job.id),
        foreign_notification=to_global_id("Notification", notification.id),
        foreign_policy_change=history["accessPolicyHistory"][0]["id"],
        foreign_activity=activity["logActivity"]["id"],
    )


async def run(world: World, app: Starlette, call: Call) -> dict[str, Any]:
    """Run a call as Anna: subscriptions through the schema, the rest over HTTP."""
    if not call.document.lstrip().startswith("subscription"):
        return await world.anna.execute(call.document, **call.variables)
    context = Context(services=app.state.services, request=None, user=world.anna.user)
    stream = await schema.subscribe(
        call.document, variable_values=call.variables, context_value=context
    )
    async for result in stream:
        await stream.aclose()
        return {
            "data": result.data,
            "errors": [error.formatted for error in result.errors or []],
        }
    raise AssertionError("the subscription ended without a result")


@pytest.mark.parametrize("case", sorted(CASES))
async def test_foreign_id_is_rejected(make_caller, app: Starlette, case: str) -> None:
    world = await build_world(make_caller)
    for call in CASES[case](world):
        before = await database_digest()
        body = await run(world, app, call)
        after = await database_digest()

        if isinstance(call.expected, str):
            errors = body.get("errors")
            assert errors, f"{case} returned {body}"
            assert errors[0]["extensions"]["code"] == call.expected, errors
        else:
            assert not body.get("errors"), f"{case} failed: {body['errors']}"
            call.expected(body["data"])
        assert changed_tables(before, after) == [], case
