"""Accounts (tenants) and their users."""

from tortoise import fields
from tortoise.models import Model


class Account(Model):
    """A tenant: every other row belongs to exactly one account."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=100, unique=True)
    show_deleted_users_in_filters = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account"


class User(Model):
    """A person who signs in to an account; user roles live in the Casbin policy."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="users", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254)
    password_hash = fields.CharField(max_length=255)
    manager: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="reports", null=True, on_delete=fields.SET_NULL
    )
    regional_office = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    deleted_at = fields.DatetimeField(null=True)
    tokens_valid_after = fields.DatetimeField(null=True)
    """Time before which the user's tokens are rejected, even after a restore."""

    account_id: int
    manager_id: int | None

    class Meta:
        table = "user"
        unique_together = (("account", "email"),)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
