"""Access policy: Casbin decides who may change assignees and manage settings."""

from policy.actions import Action, domain_of, role_subject, user_subject
from policy.decision import Decision
from policy.engine import PolicyEngine

__all__ = [
    "Action",
    "Decision",
    "PolicyEngine",
    "domain_of",
    "role_subject",
    "user_subject",
]
