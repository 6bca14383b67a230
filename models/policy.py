"""User roles of an account and the history of its access policy and settings.

The grants themselves are Casbin policy lines in the `casbin_rule` table (see
policy/adapter.py). A user role is stored here so that it exists before any grant
names it.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class UserRole(Model):
    """A named group of users that policy lines grant actions to."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="user_roles", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=50)
    builtin = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    account_id: int

    class Meta:
        table = "user_role"
        unique_together = (("account", "name"),)


class PolicyChangeKind(StrEnum):
    GRANT = "grant"
    REVOKE = "revoke"
    USER_ROLES = "user_roles"
    DEFINE_USER_ROLE = "define_user_role"
    PLUGIN = "plugin"
    OWNERSHIP_SETTINGS = "ownership_settings"
    ACCOUNT_SETTINGS = "account_settings"
    IMPORT = "import"
    OBJECT_ROLE = "object_role"
    USER_DELETED = "user_deleted"
    USER_RESTORED = "user_restored"


class PolicyChange(Model):
    """One change of an account's policy or settings: who, what, before, after, when.

    `actor` is empty for changes made outside the API, such as a command-line import.
    `before` and `after` are JSON snapshots of the changed part only.
    """

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    actor = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    kind = fields.CharEnumField(PolicyChangeKind, max_length=30)
    target = fields.CharField(max_length=200)
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    created_at = fields.DatetimeField()

    account_id: int
    actor_id: int | None

    class Meta:
        table = "policy_change"
        indexes = (("account", "id"),)
