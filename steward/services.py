"""The long-lived parts one API process or worker shares between requests."""

from dataclasses import dataclass

from policy import PolicyEngine
from steward.auth import TokenIssuer
from steward.config import Settings


@dataclass
class Services:
    settings: Settings
    policy: PolicyEngine
    tokens: TokenIssuer
