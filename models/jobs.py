"""Bulk owner changes that run in the worker."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class BulkJobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BulkJob(Model):
    """A bulk change too large for one request, processed in chunks by a worker.

    `record_ids` is the selection fixed when the job starts, and `done` counts the
    records processed so far: each chunk's changes and the new `done` commit in one
    transaction, so a retried job resumes after the last committed chunk.
    """

    id = fields.UUIDField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    actor = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    state = fields.CharEnumField(
        BulkJobState, max_length=20, default=BulkJobState.QUEUED
    )
    request: dict = fields.JSONField()  # type: ignore[assignment]
    record_ids: list[int] | None = fields.JSONField(null=True)  # type: ignore[assignment]
    total = fields.IntField(default=0)
    done = fields.IntField(default=0)
    changed = fields.IntField(default=0)
    unchanged = fields.IntField(default=0)
    # Persons and deals moved with their companies (includeRelated).
    related_changed = fields.IntField(default=0)
    batch_id = fields.UUIDField()
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    account_id: int
    actor_id: int | None

    class Meta:
        table = "bulk_job"
