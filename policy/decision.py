"""The outcome of one permission check."""

from dataclasses import dataclass, field

from policy.actions import Action
from steward.errors import Forbidden


@dataclass
class Decision:
    """The outcome of one permission check for a request.

    `denied` is the message when the whole request is denied; `refused_records` maps
    record ids that a rule refuses individually to the reason.
    """

    action: Action
    record_type: str
    object_role: str
    denied: str | None = None
    refused_records: dict[int, str] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.denied is None and not self.refused_records

    def raise_if_denied(self) -> None:
        """Raise Forbidden, naming the missing permission, unless fully allowed."""
        if self.allowed:
            return
        message = self.denied or next(iter(self.refused_records.values()))
        raise Forbidden(
            message,
            permission=self.action.value,
            recordType=self.record_type,
            objectRole=self.object_role,
        )
