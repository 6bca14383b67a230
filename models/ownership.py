"""Object roles, assignments of users to records, their history and settings.

An assignment row exists only while a user holds the object role on the record, so a
free record is one without a row. Records of every type share these tables, keyed by
(record_type, record_id), which lets accounts add object roles without a schema change.
"""

import unicodedata
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.name_keys import KeyedByName
from models.records import RecordType

OWNER_ROLE_KEY = "owner"


def fold_role_name(name: str) -> str:
    """Return the form of an object role name that two names must not share.

    Names that differ only in surrounding spaces, case or Unicode composition fold
    to the same text, because error messages name object roles by their name.
    """
    return unicodedata.normalize("NFC", name.strip().casefold())


class AssignmentReason(StrEnum):
    MANUAL = "manual"
    BULK = "bulk"
    CLAIM = "claim"
    INACTIVITY = "inactivity"
    USER_DELETED = "user_deleted"
    IMPORT = "import"
    UNDO = "undo"
    CREATE = "create"


class ObjectRole(KeyedByName, Model):
    """A role a user can hold on a record, such as Owner or Co-owner."""

    key_field = "folded_name"
    fold_name = staticmethod(fold_role_name)

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="object_roles", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=50)
    name = fields.CharField(max_length=100)
    # fold_role_name(name), which `save` keeps up to date. Case folding can make
    # a name longer ("ß" becomes "ss"), up to three characters for one.
    folded_name = fields.CharField(max_length=300)
    record_types: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    builtin = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    account_id: int

    class Meta:
        table = "object_role"
        unique_together = (("account", "key"), ("account", "folded_name"))

    def applies_to(self, record_type: RecordType) -> bool:
        return record_type.value in self.record_types


class Assignment(Model):
    """A user holding an object role on one record, with the clock of their activity."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    record_type = fields.CharEnumField(RecordType, max_length=20)
    record_id = fields.IntField()
    object_role = fields.ForeignKeyField("models.ObjectRole", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField(
        "models.User", related_name="assignments", on_delete=fields.CASCADE
    )
    started_at = fields.DatetimeField()
    last_activity_at = fields.DatetimeField()
    # The clock (`last_activity_at`) that the expiry warning, and for a required
    # object role the report to the manager, was sent for: one of each per clock.
    warned_for_clock = fields.DatetimeField(null=True)
    reported_for_clock = fields.DatetimeField(null=True)

    account_id: int
    object_role_id: int
    user_id: int

    class Meta:
        table = "assignment"
        unique_together = (("record_type", "record_id", "object_role"),)
        indexes = (
            ("account", "record_type", "object_role", "user", "record_id"),
            ("object_role", "last_activity_at"),
        )


class OwnershipHistory(Model):
    """One change of the user holding an object role on a record.

    `actor` is empty when the system made the change, for example on inactivity.

    The relations have no foreign key constraints in the database, because a
    bulk change writes one row per record and the database would check five keys
    per row. On PostgreSQL those checks took about half the time of a bulk change
    of 100,000 deals (bench/bulk_change.py). The referenced rows stay: users are
    only soft-deleted, Steward deletes no account, and an object role with
    history cannot be removed (steward/object_roles.py).
    """

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", on_delete=fields.NO_ACTION, db_constraint=False
    )
    record_type = fields.CharEnumField(RecordType, max_length=20)
    record_id = fields.IntField()
    object_role = fields.ForeignKeyField(
        "models.ObjectRole", on_delete=fields.NO_ACTION, db_constraint=False
    )
    previous_user = fields.ForeignKeyField(
        "models.User",
        null=True,
        on_delete=fields.NO_ACTION,
        related_name=False,
        db_constraint=False,
    )
    new_user = fields.ForeignKeyField(
        "models.User",
        null=True,
        on_delete=fields.NO_ACTION,
        related_name=False,
        db_constraint=False,
    )
    actor = fields.ForeignKeyField(
        "models.User",
        null=True,
        on_delete=fields.NO_ACTION,
        related_name=False,
        db_constraint=False,
    )
    reason = fields.CharEnumField(AssignmentReason, max_length=20)
    batch_id = fields.UUIDField(db_index=True)
    created_at = fields.DatetimeField()

    account_id: int
    object_role_id: int
    previous_user_id: int | None
    new_user_id: int | None
    actor_id: int | None

    class Meta:
        table = "ownership_history"
        indexes = (("account", "record_type", "record_id", "created_at"),)


class OwnershipSetting(Model):
    """Ownership rules for one record type and object role in an account."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    record_type = fields.CharEnumField(RecordType, max_length=20)
    object_role = fields.ForeignKeyField("models.ObjectRole", on_delete=fields.CASCADE)
    required = fields.BooleanField(default=False)
    auto_remove_after_days = fields.IntField(null=True)
    warn_before_days = fields.IntField(null=True)
    auto_remove_since = fields.DatetimeField(null=True)
    """When `auto_remove_after_days` was last turned on or shortened. Older clocks
    count from then, so a new rule gives every assignee its full period and warning.
    """
    updated_at = fields.DatetimeField(auto_now=True)

    account_id: int
    object_role_id: int

    class Meta:
        table = "ownership_setting"
        unique_together = (("account", "record_type", "object_role"),)
