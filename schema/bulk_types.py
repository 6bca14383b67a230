"""Types and inputs of bulk changes, claims, undo and object roles."""

from datetime import datetime
from enum import Enum

import strawberry

from schema.inputs import OwnerFilter
from schema.types import DealStage, RecordType
from steward.bulk import MAX_REFUSALS_LISTED
from steward.undo import MAX_CONFLICTS_LISTED


@strawberry.input(description="The list filter, for any record type.")
class RecordFilter:
    owner: OwnerFilter | None = None
    search: str | None = None
    stages: list[DealStage] | None = strawberry.field(
        default=None, description="Deals only."
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="Persons and deals only."
    )


BULK_JOB_READERS = (
    "Only the user who started the job and users granted undo_batch (admins by "
    "default) see it. For anyone else it fails with NOT_FOUND, as for an unknown id."
)


@strawberry.input(
    description="Records chosen by id, or all records matching a filter minus "
    "exclusions."
)
class BulkSelection:
    record_ids: list[strawberry.ID] | None = None
    filter: RecordFilter | None = None
    excluded_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Records to leave out, each of recordType in this account like "
        "the ids of recordIds; another id fails with NOT_FOUND.",
    )


@strawberry.input
class BulkChangeOwnerInput:
    record_type: RecordType
    selection: BulkSelection
    new_user_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="The user to assign; null makes the records free. Required, "
        "even when null.",
    )
    object_role: str | None = strawberry.field(
        default=None, description="Key of the object role; Owner when omitted."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Report what would happen and change nothing."
    )
    include_related: bool = strawberry.field(
        default=False,
        description="For companies: also move the persons and open deals that the "
        "company's previous user held.",
    )


@strawberry.type(description="A record that a bulk change would not change, and why.")
class BulkRefusal:
    record_id: strawberry.ID
    code: str
    message: str


@strawberry.enum
class BulkJobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@strawberry.type(description="A bulk change run by a worker.")
class BulkJob:
    id: strawberry.ID
    state: BulkJobState
    done: int = strawberry.field(description="Records processed so far.")
    total: int
    changed: int
    unchanged: int
    related_changed: int = strawberry.field(
        description="Persons and deals moved with their companies."
    )
    batch_id: strawberry.ID = strawberry.field(
        description="The batch of the job's changes in the ownership history, "
        "which undoBulkChange takes once the job has changed a record."
    )
    error: str | None
    created_at: datetime


@strawberry.type(
    description="What a bulk change did, or in a dry run what it would do."
)
class BulkChangeResult:
    dry_run: bool
    matched: int = strawberry.field(description="Records the selection matched.")
    changed: int = strawberry.field(
        description="Selected records that change; in a dry run, those that would "
        "change once the refused records are left out of the selection."
    )
    unchanged: int = strawberry.field(description="Records that already had the user.")
    related_changed: int = strawberry.field(
        description="Persons and deals moved with their companies."
    )
    refused: list[BulkRefusal] = strawberry.field(
        description=f"Up to {MAX_REFUSALS_LISTED} of the refused records. Only a dry "
        "run lists them: a change with any refused record is rejected as a whole, "
        "with the error of the first one, and changes nothing."
    )
    refused_count: int = strawberry.field(
        description="Number of refused records, listed or not."
    )
    batch_id: strawberry.ID | None = strawberry.field(
        description="History batch of the change; null for dry runs and queued jobs."
    )
    job: BulkJob | None = strawberry.field(
        description="Set when the change is too large for one request and runs as "
        "a job."
    )


@strawberry.type(description="A record that undo left alone.")
class UndoConflict:
    record_id: strawberry.ID
    object_role: str
    reason: str


@strawberry.type
class UndoResult:
    batch_id: strawberry.ID | None = strawberry.field(
        description="The batch of the undo, which undoBulkChange takes in turn; null "
        "when nothing was restored, because such an undo writes no history."
    )
    restored: int = strawberry.field(description="Records given back their user.")
    conflicts: list[UndoConflict] = strawberry.field(
        description=f"Up to {MAX_CONFLICTS_LISTED} of the records left alone; "
        "conflictCount has the total."
    )
    conflict_count: int = strawberry.field(
        description="Number of records left alone, listed or not."
    )


@strawberry.input
class ObjectRoleInput:
    key: str = strawberry.field(description="Stable identifier, e.g. 'co_owner'.")
    name: str = strawberry.field(
        description=(
            "Display name, 1 to 100 characters after trimming spaces. No other "
            "object role of the account may have it, compared without case; "
            "control characters and bidirectional overrides and isolates are "
            "rejected."
        )
    )
    record_types: list[RecordType]
