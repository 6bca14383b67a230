"""Tortoise models of Steward: accounts, users, CRM records and their assignments."""

from models.accounts import Account, User
from models.activity import Activity, ActivityKind
from models.jobs import BulkJob, BulkJobState
from models.notifications import (
    Notification,
    NotificationKind,
    OutboxEvent,
    OutboxEventKind,
)
from models.ownership import (
    Assignment,
    AssignmentReason,
    ObjectRole,
    OwnershipHistory,
    OwnershipSetting,
)
from models.policy import PolicyChange, PolicyChangeKind, UserRole
from models.records import Company, Deal, DealStage, Person, RecordType

__all__ = [
    "Account",
    "Activity",
    "ActivityKind",
    "Assignment",
    "BulkJob",
    "BulkJobState",
    "AssignmentReason",
    "Company",
    "Deal",
    "DealStage",
    "Notification",
    "NotificationKind",
    "ObjectRole",
    "OutboxEvent",
    "OutboxEventKind",
    "OwnershipHistory",
    "OwnershipSetting",
    "Person",
    "PolicyChange",
    "PolicyChangeKind",
    "RecordType",
    "User",
    "UserRole",
]
