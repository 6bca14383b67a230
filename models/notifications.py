"""Notifications of users and the outbox that publishes events to Redis.

Both are written in the transaction of the change they describe. An outbox row
stays unpublished (`published_at` empty) until a publisher has sent it to Redis
pub/sub, so a change made while Redis is down is published once Redis is back.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.ownership import AssignmentReason


class NotificationKind(StrEnum):
    ASSIGNED = "assigned"
    REMOVED = "removed"
    EXPIRY_WARNING = "expiry_warning"
    REPORT_EXPIRED = "report_expired"


class Notification(Model):
    """A message to one user about records of one object role.

    One change batch gives each recipient at most one notification per kind and
    object role: `key` is unique, and a batch that commits in several chunks adds
    to `record_count` of the same row. `records` is a sample of up to a few
    `[record type, record id]` pairs.
    """

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    recipient = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(NotificationKind, max_length=20)
    key = fields.CharField(max_length=200, unique=True)
    object_role = fields.ForeignKeyField(
        "models.ObjectRole", on_delete=fields.CASCADE, related_name=False
    )
    actor = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    assignee = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    reason = fields.CharEnumField(AssignmentReason, max_length=20, null=True)
    batch_id = fields.UUIDField(null=True)
    record_count = fields.IntField()
    records: list[list] = fields.JSONField()  # type: ignore[assignment]
    expires_at = fields.DatetimeField(null=True)
    records_kept = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    account_id: int
    recipient_id: int
    object_role_id: int
    actor_id: int | None
    assignee_id: int | None

    class Meta:
        table = "notification"
        indexes = (("recipient", "read_at"), ("recipient", "created_at"))


class OutboxEventKind(StrEnum):
    NOTIFICATION = "notification"
    OWNERSHIP_CHANGED = "ownership_changed"
    USER_DELETED = "user_deleted"
    """The deletion of a user, whose websockets every API process closes.

    Payload: `{"user_id": <id>}`.
    """
    TOKENS_REVOKED = "tokens_revoked"
    """The end of a user's sessions, whose websockets every API process closes.

    Payload: `{"user_id": <id>}`.
    """


class OutboxEvent(Model):
    """An event waiting to be published on its account's Redis channel.

    A publisher claims rows by setting `claim_token` and `claimed_until`, publishes
    them and then sets `published_at`. When a publisher dies, its claim expires and
    another publisher claims the rows again.
    """

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    kind = fields.CharEnumField(OutboxEventKind, max_length=30)
    payload: dict = fields.JSONField()  # type: ignore[assignment]
    created_at = fields.DatetimeField()
    claim_token = fields.CharField(max_length=32, null=True)
    claimed_until = fields.DatetimeField(null=True)
    published_at = fields.DatetimeField(null=True)

    account_id: int

    class Meta:
        table = "outbox_event"
        indexes = (("published_at", "id"),)
