"""Errors that reach clients, each with a stable code in `extensions.code`.

StewardError
 ├── Unauthenticated   UNAUTHENTICATED
 ├── Forbidden         FORBIDDEN
 ├── NotFound          NOT_FOUND
 ├── ValidationFailed  VALIDATION
 ├── OwnerRequired     OWNER_REQUIRED
 ├── AlreadyAssigned   ALREADY_ASSIGNED
 ├── Conflict          CONFLICT
 ├── LimitExceeded     LIMIT_EXCEEDED
 ├── RateLimited       RATE_LIMITED
 ├── Unavailable       UNAVAILABLE
 └── BadRequest        BAD_REQUEST

Any other exception raised while executing an operation is masked before it
reaches the client (see `schema.errors`).
"""

from collections.abc import Sequence
from typing import Any

# Characters of a client's value that an error message repeats.
QUOTED_LENGTH = 60


def quoted(value: str) -> str:
    """Return `value` quoted for an error message, shortened when it is long."""
    if len(value) <= QUOTED_LENGTH:
        return repr(value)
    return f"{value[:QUOTED_LENGTH]!r}... ({len(value)} characters)"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """Return `count` with the noun in singular or plural: "1 record", "2 records"."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {plural or noun + 's'}"


# Words whose first letter is a vowel but whose first sound is not ("a user",
# "a one-off"), and the reverse ("an hour"). The article follows the sound.
CONSONANT_SOUND_STARTS = ("eu", "one", "uni", "use", "usu", "uti")
VOWEL_SOUND_STARTS = ("heir", "honest", "honor", "honour", "hour")


def with_article(phrase: str) -> str:
    """Put "a" or "an" before `phrase`, chosen by the sound of its first word.

    The sound is guessed from the spelling, with the exceptions listed above:
    "a User ID", "an Activity ID", "an ObjectRole ID".
    """
    start = phrase.lower()
    vowel_sound = (
        start[:1] in "aeiou" and not start.startswith(CONSONANT_SOUND_STARTS)
    ) or start.startswith(VOWEL_SOUND_STARTS)
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def listed(names: Sequence[str]) -> str:
    """Return the names joined as alternatives: "A", "A or B", "A, B or C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


# Longer text values in an error's extensions are shortened, as `quoted` does.
MAX_DETAIL_LENGTH = 200


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_DETAIL_LENGTH:
        return f"{value[:MAX_DETAIL_LENGTH]}... ({len(value)} characters)"
    return value


class StewardError(Exception):
    """Base class of errors whose message is safe to show to clients."""

    code = "INTERNAL"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {
            "code": self.code,
            **{name: _shortened(value) for name, value in details.items()},
        }


class Unauthenticated(StewardError):
    """The request carries no valid token."""

    code = "UNAUTHENTICATED"


class Forbidden(StewardError):
    """The caller lacks a permission; the message names it."""

    code = "FORBIDDEN"


class NotFound(StewardError):
    """An ID is malformed, unknown, or belongs to another account."""

    code = "NOT_FOUND"


class ValidationFailed(StewardError):
    """An input value is invalid; the message names the value."""

    code = "VALIDATION"


class OwnerRequired(StewardError):
    """A required object role would be left without a user."""

    code = "OWNER_REQUIRED"


class AlreadyAssigned(StewardError):
    """A claim lost because the record already has a user in that object role."""

    code = "ALREADY_ASSIGNED"


class Conflict(StewardError):
    """The request conflicts with the current state of the data."""

    code = "CONFLICT"


class LimitExceeded(StewardError):
    """A request exceeds a configured limit, named in `limit` with its `maximum`."""

    code = "LIMIT_EXCEEDED"


class RateLimited(StewardError):
    """Too many attempts; `retryAfter` is the number of seconds to wait."""

    code = "RATE_LIMITED"


class Unavailable(StewardError):
    """A service Steward depends on, such as the database, cannot be reached now."""

    code = "UNAVAILABLE"


class BadRequest(StewardError):
    """The HTTP request is not a GraphQL request that the service can read."""

    code = "BAD_REQUEST"
