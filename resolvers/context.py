"""The context of one GraphQL request or websocket connection."""

from dataclasses import dataclass, field
from typing import Any

from models import Account, User
from resolvers.loaders import Loaders
from steward.errors import StewardError, Unauthenticated
from steward.services import Services


@dataclass
class Context:
    services: Services
    request: Any
    response: Any = None
    user: User | None = None
    auth_error: StewardError | None = None
    """Raised by `viewer`: Unauthenticated, or Unavailable when the database is down."""
    account: Account | None = None
    """The viewer's account as read with the viewer for one HTTP request.

    None on a websocket, whose context outlives changes of the account's
    settings, and where a test builds the context itself.
    """
    connection_params: dict[str, Any] | None = None
    """The payload of a websocket's `connection_init`, which carries its token."""
    _loaders: Loaders | None = field(default=None, repr=False)

    @property
    def viewer(self) -> User:
        """The signed-in user; raises Unauthenticated when the request has none."""
        if self.auth_error is not None:
            raise self.auth_error
        if self.user is None:
            raise Unauthenticated(
                "Authentication required: send 'Authorization: Bearer <token>' "
                "with a token from the login mutation."
            )
        return self.user

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._loaders = Loaders(self.viewer.account_id)
        return self._loaders

    def renew_loaders(self) -> None:
        """Drop the DataLoaders and their caches.

        A websocket keeps one context for its whole life, so a subscription calls
        this before each event to read current rows.
        """
        self._loaders = None
