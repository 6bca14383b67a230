"""Activities that users log on records: notes, calls, emails, meetings and tasks.

Logging an activity moves the logging user's inactivity clock on the record (see
steward/activities.py), which postpones the removal of their assignment.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.records import RecordType


class ActivityKind(StrEnum):
    NOTE = "note"
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    TASK = "task"


class Activity(Model):
    """One activity of a user on a record; `at` is when it happened, maybe backdated."""

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    record_type = fields.CharEnumField(RecordType, max_length=20)
    record_id = fields.IntField()
    user = fields.ForeignKeyField(
        "models.User", on_delete=fields.CASCADE, related_name=False
    )
    kind = fields.CharEnumField(ActivityKind, max_length=20)
    note = fields.TextField(null=True)
    at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    account_id: int
    user_id: int

    class Meta:
        table = "activity"
        indexes = (("account", "record_type", "record_id", "at"),)
