"""Query and Mutation roots and the schema object."""

import strawberry

from resolvers import activities as activity_resolvers
from resolvers import (
    admin,
    bulk,
    editing,
    object_roles,
    ownership,
    policy_admin,
    records,
    users,
)
from resolvers import notifications as notification_resolvers
from schema import (
    activity_types,
    admin_types,
    bulk_types,
    notification_types,
    policy_types,
    types,
)
from schema.availability import DatabaseAvailability
from schema.caches import ParserCache, ValidationCache
from schema.errors import StewardSchema, error_masking
from schema.execution import ExecutionContext
from schema.limits import RequestLimits


@strawberry.type
class Query:
    me: types.User = strawberry.field(resolver=users.me)
    users: list[types.User] = strawberry.field(resolver=users.users)
    node: types.Node | None = strawberry.field(resolver=records.node)
    persons: types.Connection[types.Person] = strawberry.field(resolver=records.persons)
    companies: types.Connection[types.Company] = strawberry.field(
        resolver=records.companies
    )
    deals: types.Connection[types.Deal] = strawberry.field(resolver=records.deals)
    ownership_history: list[types.OwnershipChange] = strawberry.field(
        resolver=ownership.ownership_history
    )
    object_roles: list[types.ObjectRole] = strawberry.field(
        resolver=object_roles.list_object_roles
    )
    bulk_job: bulk_types.BulkJob = strawberry.field(
        resolver=bulk.bulk_job,
        description=f"The bulk job with this id. {bulk_types.BULK_JOB_READERS}",
    )
    delete_user_preview: list[admin_types.HeldRecords] = strawberry.field(
        resolver=admin.delete_user_preview
    )
    ownership_stats: list[admin_types.AssigneeStats] = strawberry.field(
        resolver=admin.ownership_stats
    )
    access_policy: policy_types.AccessPolicy = strawberry.field(
        resolver=policy_admin.access_policy
    )
    access_policy_history: list[policy_types.PolicyChange] = strawberry.field(
        resolver=policy_admin.access_policy_history
    )
    activities: list[activity_types.Activity] = strawberry.field(
        resolver=activity_resolvers.activities,
        description="A record's activities, newest first.",
    )
    notifications: types.Connection[notification_types.Notification] = strawberry.field(
        resolver=notification_resolvers.notifications
    )
    unread_notification_count: int = strawberry.field(
        resolver=notification_resolvers.unread_notification_count
    )


@strawberry.type
class Mutation:
    login: types.LoginResult = strawberry.field(resolver=users.login)
    change_password: types.LoginResult = strawberry.field(
        resolver=users.change_password,
        description="Set a new password (8 to 1024 characters, not only spaces, "
        "not the current one). Every token issued before, the one of this request "
        "included, stops working and open websockets close; use the returned "
        "token. A wrong currentPassword is VALIDATION, and each call counts "
        "toward the login rate limits.",
    )
    sign_out_everywhere: bool = strawberry.field(
        resolver=users.sign_out_everywhere,
        description="Revoke every token of the caller, the one of this request "
        "included, and close the caller's websockets.",
    )
    create_person: types.Person = strawberry.field(resolver=editing.create_person)
    create_company: types.Company = strawberry.field(resolver=editing.create_company)
    create_deal: types.Deal = strawberry.field(resolver=editing.create_deal)
    update_person: types.Person = strawberry.field(resolver=editing.update_person)
    update_company: types.Company = strawberry.field(resolver=editing.update_company)
    update_deal: types.Deal = strawberry.field(resolver=editing.update_deal)
    change_owner: types.Record = strawberry.field(resolver=ownership.change_owner)
    bulk_change_owner: bulk_types.BulkChangeResult = strawberry.field(
        resolver=bulk.bulk_change_owner
    )
    undo_bulk_change: bulk_types.UndoResult = strawberry.field(
        resolver=bulk.undo_bulk_change
    )
    claim_record: types.Record = strawberry.field(resolver=bulk.claim_record)
    define_object_role: types.ObjectRole = strawberry.field(
        resolver=object_roles.define_object_role
    )
    update_object_role: types.ObjectRole = strawberry.field(
        resolver=object_roles.update_object_role
    )
    delete_object_role: bool = strawberry.field(
        resolver=object_roles.delete_object_role
    )
    delete_user: admin_types.DeleteUserResult = strawberry.field(
        resolver=admin.delete_user
    )
    restore_user: types.User = strawberry.field(resolver=admin.restore_user)
    grant_permission: policy_types.PolicyGrant = strawberry.field(
        resolver=policy_admin.grant_permission
    )
    revoke_permission: policy_types.PolicyGrant = strawberry.field(
        resolver=policy_admin.revoke_permission
    )
    set_user_roles: types.User = strawberry.field(resolver=policy_admin.set_user_roles)
    define_user_role: policy_types.UserRole = strawberry.field(
        resolver=policy_admin.define_user_role
    )
    set_policy_plugin: policy_types.PolicyPlugin = strawberry.field(
        resolver=policy_admin.set_policy_plugin
    )
    update_ownership_settings: policy_types.UpdateOwnershipSettingsResult = (
        strawberry.field(resolver=policy_admin.update_ownership_settings)
    )
    update_account_settings: policy_types.AccountSettings = strawberry.field(
        resolver=policy_admin.update_account_settings
    )
    log_activity: activity_types.Activity = strawberry.field(
        resolver=activity_resolvers.log_activity,
        description="Log an activity; it moves the caller's inactivity clock.",
    )
    mark_notifications_read: notification_types.MarkNotificationsReadResult = (
        strawberry.field(resolver=notification_resolvers.mark_notifications_read)
    )


@strawberry.type
class Subscription:
    bulk_job_progress = strawberry.subscription(
        resolver=bulk.bulk_job_progress,
        description="The bulk job's state now and after every chunk until it ends. "
        f"{bulk_types.BULK_JOB_READERS}",
    )
    notifications = strawberry.subscription(
        resolver=notification_resolvers.notification_stream
    )
    ownership_changed = strawberry.subscription(
        resolver=notification_resolvers.ownership_changed
    )


schema = StewardSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[types.Person, types.Company, types.Deal, types.User, types.ObjectRole],
    # ValidationCache relies on RequestLimits running first: see schema/caches.py.
    extensions=[
        error_masking,
        ParserCache,
        RequestLimits,
        ValidationCache,
        DatabaseAvailability,
    ],
    execution_context_class=ExecutionContext,
)
