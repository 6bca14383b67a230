"""Tortoise models of Steward: accounts, users, CRM records and their assignments."""

from models.accounts import Account, User
from models.jobs import BulkJob, BulkJobState
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
    "Assignment",
    "BulkJob",
    "BulkJobState",
    "AssignmentReason",
    "Company",
    "Deal",
    "DealStage",
    "ObjectRole",
    "OwnershipHistory",
    "OwnershipSetting",
    "Person",
    "PolicyChange",
    "PolicyChangeKind",
    "RecordType",
    "User",
    "UserRole",
]
