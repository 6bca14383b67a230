"""Lists, lookups, creation and updates of persons, companies and deals."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from strawberry.types import Info
from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from models import Company, RecordType
from models.records import RECORD_MODELS, RecordModel
from resolvers.pagination import Page, SortColumn, check_page_size, paginate
from schema import inputs, types
from schema.ids import parse_global_id, parse_typed_id
from steward import expiry
from steward.clock import utcnow
from steward.errors import NotFound, ValidationFailed
from steward.filters import OwnerCondition, RecordFilter, filtered_query

NAME_MAX_LENGTH = RecordModel._meta.fields_map["name"].max_length
SORT_COLUMNS = {
    inputs.SortField.NAME: SortColumn(
        "name", str, nullable=False, max_length=NAME_MAX_LENGTH
    ),
    inputs.SortField.CREATED_AT: SortColumn("created_at", datetime, nullable=False),
    inputs.SortField.UPDATED_AT: SortColumn("updated_at", datetime, nullable=False),
    inputs.SortField.VALUE: SortColumn("value", Decimal, nullable=True),
    inputs.SortField.CLOSE_DATE: SortColumn("close_date", date, nullable=True),
}
DEAL_ONLY_SORT_FIELDS = {inputs.SortField.VALUE, inputs.SortField.CLOSE_DATE}
TYPE_BY_NAME = {
    name: record_type for record_type, name in types.RECORD_TYPE_NAMES.items()
}
OWNER_CLOCK = "owner_clock"


def user_pk(global_id: str) -> int:
    return parse_typed_id(global_id, "User")[1]


def owner_condition(info: Info, owner: inputs.OwnerFilter) -> OwnerCondition:
    user_ids = [user_pk(gid) for gid in owner.user_ids or []]
    if owner.me:
        user_ids.append(info.context.viewer.id)
    return OwnerCondition(
        user_ids=user_ids, none=owner.none, object_role=owner.object_role
    )


def record_filter(info: Info, data: Any) -> RecordFilter:
    """Convert any list filter input (persons, companies, deals, bulk) to plain data."""
    owner = getattr(data, "owner", None)
    stages = getattr(data, "stages", None)
    if stages is not None and not stages:
        # As with an empty owner filter: an empty list matches nothing by its
        # wording, while leaving the field out matches everything.
        raise ValidationFailed(
            "'stages' is empty; give at least one stage or leave it out.",
            field="stages",
        )
    stages = stages or []
    return RecordFilter(
        owner=owner_condition(info, owner) if owner else None,
        search=getattr(data, "search", None),
        stages=[stage.value for stage in stages],
        company_id=company_pk(getattr(data, "company_id", None)),
    )


async def filtered_records(info: Info, record_type: RecordType, data: Any) -> QuerySet:
    """Return the caller's records that match a list filter input."""
    account_id = info.context.viewer.account_id
    account = info.context.account
    query = await filtered_query(
        account_id,
        record_type,
        record_filter(info, data),
        show_deleted=None if account is None else account.show_deleted_users_in_filters,
    )
    expires_within_days = getattr(data, "expires_within_days", None)
    if expires_within_days is not None:
        query = query.filter(
            await expiry.expiring_condition(
                account_id, record_type, expires_within_days, utcnow()
            )
        )
    return query


async def list_records(
    info: Info,
    record_type: RecordType,
    query: QuerySet,
    first: int | None,
    after: str | None,
    order: inputs.RecordOrder | None,
) -> types.Connection:
    viewer = info.context.viewer
    settings = info.context.services.settings
    order = order or inputs.RecordOrder()
    if order.field in DEAL_ONLY_SORT_FIELDS and record_type != RecordType.DEAL:
        raise ValidationFailed(
            f"Sort field {order.field.name} applies only to deals.", field="orderBy"
        )
    size = check_page_size(first, settings.default_page_size, settings.max_page_size)
    if order.field == inputs.SortField.ASSIGNEE_EXPIRES_AT:
        # A deadline is the owner's clock plus one setting per type, so the clock
        # orders records by deadline.
        sql = await expiry.owner_clock_sql(viewer.account_id, record_type)
        query = query.annotate(**{OWNER_CLOCK: RawSQL(sql)})
        column = SortColumn(OWNER_CLOCK, datetime, nullable=True)
    else:
        column = SORT_COLUMNS[order.field]
    page = await paginate(
        query,
        column,
        descending=order.direction == inputs.SortDirection.DESC,
        first=size,
        after=after,
    )
    connection = page_connection(page, types.record_to_graphql)
    if selects(info, "edges", "node", "owner"):
        # Read by the `owner` field without a resolver call per record.
        record_ids = [row.id for row in page.rows]
        await info.context.loaders.load_owners(record_type, record_ids)
        set_loaded_owners(info, record_type, connection)
    return connection


def set_loaded_owners(
    info: Info, record_type: RecordType, connection: types.Connection
) -> None:
    """Give each record of the page the owner that `load_owners` read for it."""
    owners = info.context.loaders.owners
    # One object per user, because a list filtered by owner has few of them.
    users: dict[int, types.User] = {}
    for edge in connection.edges:
        row = owners[(record_type, edge.node.pk)]
        if row is None:
            edge.node.loaded_owner = None
            continue
        user = users.get(row.id)
        if user is None:
            user = users[row.id] = types.User.from_model(row)
        edge.node.loaded_owner = user


def _fields_named(
    selection_sets: list[SelectionSetNode],
    name: str,
    fragments: dict[str, FragmentDefinitionNode],
) -> list[SelectionSetNode]:
    """Return the selection sets of the fields called `name` in `selection_sets`.

    Fragments are followed once each, as graphql-core collects fields, so the
    walk is linear in the size of the document.
    """
    found = []
    pending = list(selection_sets)
    spread: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.name.value == name and selection.selection_set:
                    found.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is not None and fragment.name.value not in spread:
                    spread.add(fragment.name.value)
                    pending.append(fragment.selection_set)
    return found


def selects(info: Info, *path: str) -> bool:
    """Return whether the request selects the object field `path` below this field.

    Directives are ignored, so a field left out by @skip or @include counts.
    """
    # Strawberry's Info.selected_fields (0.341) expands a fragment at every spread,
    # which takes exponential time on fragments that spread the next one twice.
    raw_info = info._raw_info
    selection_sets = [
        node.selection_set for node in raw_info.field_nodes if node.selection_set
    ]
    for name in path:
        selection_sets = _fields_named(selection_sets, name, raw_info.fragments)
    return bool(selection_sets)


def page_connection(page: Page, to_node: Callable[[Any], Any]) -> types.Connection:
    """Return a Connection of the page's rows, each converted by `to_node`."""
    edges = [
        types.Edge(cursor=cursor, node=to_node(row))
        for row, cursor in zip(page.rows, page.cursors, strict=True)
    ]
    return types.Connection(
        edges=edges,
        page_info=types.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        total_count=page.total_count,
    )


def company_pk(global_id: str | None) -> int | None:
    if global_id is None:
        return None
    return parse_typed_id(global_id, "Company")[1]


async def persons(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: inputs.PersonFilter | None = None,
    order_by: inputs.RecordOrder | None = None,
) -> types.Connection[types.Person]:
    query = await filtered_records(
        info, RecordType.PERSON, filter or inputs.PersonFilter()
    )
    return await list_records(info, RecordType.PERSON, query, first, after, order_by)


async def companies(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: inputs.CompanyFilter | None = None,
    order_by: inputs.RecordOrder | None = None,
) -> types.Connection[types.Company]:
    query = await filtered_records(
        info, RecordType.COMPANY, filter or inputs.CompanyFilter()
    )
    return await list_records(info, RecordType.COMPANY, query, first, after, order_by)


async def deals(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: inputs.DealFilter | None = None,
    order_by: inputs.RecordOrder | None = None,
) -> types.Connection[types.Deal]:
    query = await filtered_records(info, RecordType.DEAL, filter or inputs.DealFilter())
    return await list_records(info, RecordType.DEAL, query, first, after, order_by)


async def load_record_by_id(
    info: Info, global_id: str, record_type: RecordType | None = None
) -> RecordModel:
    """Return the caller's record with a global ID of `record_type`.

    Without `record_type`, the ID may be that of a Person, Company or Deal.
    """
    viewer = info.context.viewer
    if record_type is None:
        type_names = tuple(TYPE_BY_NAME)
    else:
        type_names = (types.RECORD_TYPE_NAMES[record_type],)
    type_name, pk = parse_typed_id(global_id, *type_names)
    record = await RECORD_MODELS[TYPE_BY_NAME[type_name]].get_or_none(
        id=pk, account_id=viewer.account_id
    )
    if record is None:
        raise NotFound(f"Record {global_id!r} was not found.")
    return record


def forget_assignments(info: Info, record: RecordModel) -> None:
    """Drop the request's cached assignments of a record after changing them.

    A mutation document may change a record and read it back several times, and
    each read must see the change before it.
    """
    info.context.loaders.forget_assignments((record.record_type, record.id))


async def node(info: Info, id: strawberry.ID) -> types.Node | None:
    viewer = info.context.viewer
    type_name, pk = parse_global_id(id)
    if type_name in TYPE_BY_NAME:
        return types.record_to_graphql(await load_record_by_id(info, id))
    if type_name == "User":
        user = await info.context.loaders.users.load(pk)
        if user is not None:
            return types.User.from_model(user)
    if type_name == "ObjectRole":
        role = await info.context.loaders.object_roles.load(pk)
        if role is not None and role.account_id == viewer.account_id:
            return types.ObjectRole.from_model(role)
    raise NotFound(f"Node {id!r} was not found.")


async def resolve_company_ref(info: Info, global_id: str | None) -> Company | None:
    pk = company_pk(global_id)
    if pk is None:
        return None
    company = await Company.get_or_none(
        id=pk, account_id=info.context.viewer.account_id
    )
    if company is None:
        raise NotFound(f"Company {global_id!r} was not found.", field="companyId")
    return company
