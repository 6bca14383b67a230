"""Logging and listing activities on records."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from models import ActivityKind
from resolvers.pagination import check_page_size
from resolvers.records import load_record_by_id
from schema.activity_types import Activity
from schema.ids import parse_typed_id
from steward import activities as steward_activities
from steward.field_checks import EARLIEST_DATE


async def log_activity(
    info: Info,
    record_id: strawberry.ID,
    kind: ActivityKind,
    note: str | None = None,
    at: Annotated[
        datetime | None,
        strawberry.argument(
            description="When it happened; now when omitted. May be in the past, "
            f"back to {EARLIEST_DATE}."
        ),
    ] = None,
) -> Activity:
    viewer = info.context.viewer
    record = await load_record_by_id(info, record_id)
    row = await steward_activities.log_activity(viewer, record, kind, note, at)
    return Activity.from_model(row)


async def activities(
    info: Info,
    record_id: strawberry.ID,
    first: int | None = None,
    before: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="The ID of an activity of the record: the list starts with "
            "the activity logged before it, so the last ID of a page asks for the "
            "next."
        ),
    ] = None,
) -> list[Activity]:
    settings = info.context.services.settings
    size = check_page_size(first, settings.default_page_size, settings.max_page_size)
    record = await load_record_by_id(info, record_id)
    before_id = None
    if before is not None:
        before_id = parse_typed_id(before, "Activity", field="before")[1]
    rows = await steward_activities.list_activities(record, size, before_id)
    return [Activity.from_model(row) for row in rows]
