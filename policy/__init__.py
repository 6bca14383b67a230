"""Access policy: Casbin decides who may change assignees and manage settings."""

from policy.engine import Action, PolicyEngine, domain_of, role_subject, user_subject

__all__ = ["Action", "PolicyEngine", "domain_of", "role_subject", "user_subject"]
