"""An immutable, in-memory view of one account's policy, built off to the side.

The engine keeps one snapshot per account and replaces it with a single dict
assignment, so a request sees either the old policy or the new one, never a mix.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import casbin
from casbin.model import Model

from policy.actions import domain_of, role_subject, user_subject

MODEL_PATH = Path(__file__).resolve().parent.parent / "casbin_model.conf"

# A policy line with its type first, as in Casbin's CSV format:
# ("p", sub, dom, rtype, orole, act) or ("g", user, role, dom).
PolicyLine = tuple[str, ...]


@cache
def _model_text() -> str:
    return MODEL_PATH.read_text()


def line_domain(line: Sequence[str]) -> str:
    """Return the domain column of a `p` or `g` line."""
    return line[2] if line[0] == "p" else line[3]


@dataclass(frozen=True)
class AccountPolicy:
    """The policy lines of one account and a Casbin enforcer over them.

    Treat it as read-only: the engine builds a new snapshot for every change.
    """

    account_id: int
    lines: tuple[PolicyLine, ...]
    enforcer: casbin.Enforcer
    actions: frozenset[str]
    """Every action that some `p` line grants, for skipping enforce calls."""

    @property
    def domain(self) -> str:
        return domain_of(self.account_id)

    def enforce(
        self, subject: str, record_type: str, object_role: str, action: str
    ) -> bool:
        return self.enforcer.enforce(
            subject, self.domain, str(record_type), object_role, action
        )

    def user_allows(
        self, user_id: int, record_type: str, object_role: str, action: str
    ) -> bool:
        return self.enforce(user_subject(user_id), record_type, object_role, action)

    def user_roles(self, user_id: int) -> list[str]:
        """Return the names of the user's roles in this account."""
        subjects = self.enforcer.get_roles_for_user_in_domain(
            user_subject(user_id), self.domain
        )
        return sorted(subject.removeprefix("role:") for subject in subjects)

    def grants(self) -> list[PolicyLine]:
        return [line for line in self.lines if line[0] == "p"]

    def groupings(self) -> list[PolicyLine]:
        return [line for line in self.lines if line[0] == "g"]

    def role_users(self, role: str) -> list[int]:
        subject = role_subject(role)
        return sorted(
            int(line[1].removeprefix("user:"))
            for line in self.groupings()
            if line[2] == subject
        )


def build_snapshot(account_id: int, lines: Iterable[Sequence[str]]) -> AccountPolicy:
    """Build an enforcer over `lines` without touching any existing snapshot."""
    unique = tuple(sorted({tuple(line) for line in lines}))
    model: Model = casbin.Enforcer.new_model(text=_model_text())
    for line in unique:
        model.add_policy(line[0], line[0], list(line[1:]))
    enforcer = casbin.Enforcer(model)
    enforcer.build_role_links()
    actions = frozenset(line[5] for line in unique if line[0] == "p")
    return AccountPolicy(account_id, unique, enforcer, actions)
