"""Types of the access policy admin API: grants, user roles, plugins and settings.

Record types, object roles and actions are plain strings in this API, with `*`
meaning any, so that the resolvers can reject an unknown value with a VALIDATION
error that names it.
"""

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

import models
from schema.ids import to_global_id
from schema.types import ObjectRole, RecordType, User, load_user


@strawberry.type(description="A grant: a user role may do an action on records.")
class PolicyGrant:
    role: str
    action: str
    record_type: str = strawberry.field(description="A record type, or '*' for any.")
    object_role: str = strawberry.field(
        description="An object role key, or '*' for any."
    )


@strawberry.type(description="A named group of users that grants are given to.")
class UserRole:
    name: str
    builtin: bool
    user_pks: strawberry.Private[list[int]]

    @strawberry.field(description="Users holding the role, deleted users included.")
    async def users(self, info: Info) -> list[User]:
        rows = await info.context.loaders.users.load_many(self.user_pks)
        return [User.from_model(row) for row in rows if row is not None]


@strawberry.type(description="An optional rule that admins enable per user role.")
class PolicyPlugin:
    name: str
    description: str
    actions: list[str] = strawberry.field(description="Actions the rule restricts.")
    enabled_for: list[str] = strawberry.field(
        description="User roles the rule applies to."
    )


@strawberry.type(description="Ownership settings of one object role on one type.")
class OwnershipSettings:
    record_type: RecordType
    object_role: ObjectRole
    required: bool = strawberry.field(
        description="Records of the type must always have a user in the object role."
    )
    auto_remove_after_days: int | None = strawberry.field(
        description="Days without activity after which the user is removed; null "
        "turns automatic removal off."
    )
    warn_before_days: int | None = strawberry.field(
        description="Days before the automatic removal that the user is warned; "
        "null when no warning is sent. Turning automatic removal off clears it."
    )
    auto_remove_since: datetime | None = strawberry.field(
        description="When automatic removal was last turned on or shortened. A "
        "clock older than this counts from it, so no user is removed before a "
        "full autoRemoveAfterDays (and the warning) from then."
    )


@strawberry.type
class UpdateOwnershipSettingsResult:
    settings: OwnershipSettings
    free_records: int = strawberry.field(
        description="Records of the type that have no user in the object role now."
    )


@strawberry.type(description="Settings of the whole account.")
class AccountSettings:
    show_deleted_users_in_filters: bool


@strawberry.type(description="The account's access policy and settings.")
class AccessPolicy:
    user_roles: list[UserRole]
    actions: list[str] = strawberry.field(description="Actions that can be granted.")
    grants: list[PolicyGrant]
    plugins: list[PolicyPlugin]
    ownership_settings: list[OwnershipSettings]
    account_settings: AccountSettings


PolicyChangeKind = strawberry.enum(models.PolicyChangeKind, name="PolicyChangeKind")


def _target(target: str) -> str:
    """Return a history target as clients name it: a user by global ID."""
    prefix, _, user_id = target.partition(":")
    if prefix == "user" and user_id.isdigit():
        return to_global_id("User", int(user_id))
    return target


@strawberry.type(description="One recorded change of the access policy or settings.")
class PolicyChange:
    id: strawberry.ID
    kind: PolicyChangeKind  # type: ignore[valid-type]
    target: str = strawberry.field(
        description="What changed: a user role, a user (by global ID), a plugin, "
        "a setting."
    )
    before: JSON | None
    after: JSON | None
    created_at: datetime
    actor_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.PolicyChange) -> "PolicyChange":
        return cls(
            id=strawberry.ID(to_global_id("PolicyChange", row.id)),
            kind=row.kind,
            target=_target(row.target),
            before=row.before,
            after=row.after,
            created_at=row.created_at,
            actor_pk=row.actor_id,
        )

    @strawberry.field(description="The user who made it; null for command-line runs.")
    async def actor(self, info: Info) -> User | None:
        return await load_user(info, self.actor_pk)
