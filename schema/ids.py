"""Global IDs: base64 of `TypeName:pk`, opaque to clients."""

import base64
import binascii

from steward.errors import NotFound


def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_global_id(global_id: str) -> tuple[str, int]:
    """Return (type name, pk) of a global ID, or raise NotFound when it is malformed."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        decoded = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
        type_name, _, raw_pk = decoded.partition(":")
        pk = int(raw_pk)
    except (ValueError, UnicodeError, binascii.Error):
        raise NotFound(f"ID {global_id!r} is malformed or unknown.") from None
    if not type_name or pk <= 0 or pk >= 2**63:
        raise NotFound(f"ID {global_id!r} is malformed or unknown.")
    return type_name, pk


def parse_typed_id(global_id: str, *type_names: str) -> tuple[str, int]:
    """Return (type name, pk), or raise NotFound unless the ID is of one of `type_names`."""
    type_name, pk = parse_global_id(global_id)
    if type_name not in type_names:
        raise NotFound(
            f"ID {global_id!r} is not a {' or '.join(type_names)} ID, or is unknown."
        )
    return type_name, pk
