"""Parsing global IDs (see steward/global_ids.py), which are opaque to clients."""

import base64
import binascii

from steward.errors import NotFound, listed, quoted, with_article
from steward.global_ids import to_global_id

__all__ = ["MAX_PK", "parse_global_id", "parse_typed_id", "to_global_id"]

# The primary keys behind global IDs are INT columns, 32-bit on PostgreSQL.
MAX_PK = 2**31 - 1


def parse_global_id(global_id: str, field: str | None = None) -> tuple[str, int]:
    """Return (type name, pk) of a global ID, or raise NotFound when it is malformed.

    Only the form that `to_global_id` makes is accepted: unpadded URL-safe base64
    of a pk from 1 to MAX_PK, so that no other spelling of an ID names the same
    node.
    """
    details = {} if field is None else {"field": field}
    malformed = NotFound(f"ID {quoted(global_id)} is malformed or unknown.", **details)
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        decoded = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (ValueError, UnicodeError, binascii.Error):
        raise malformed from None
    type_name, _, raw_pk = decoded.partition(":")
    if not type_name or not raw_pk.isascii() or not raw_pk.isdigit():
        raise malformed
    pk = int(raw_pk)
    if not 0 < pk <= MAX_PK:
        raise malformed
    # Padding, leading zeros and other spellings decode to the same node.
    if to_global_id(type_name, pk) != global_id:
        raise malformed
    return type_name, pk


def parse_typed_id(
    global_id: str, *type_names: str, field: str | None = None
) -> tuple[str, int]:
    """Return (type name, pk), or raise NotFound unless the type is in `type_names`.

    `field` names the argument in the error, where the caller knows it.
    """
    type_name, pk = parse_global_id(global_id, field)
    if type_name not in type_names:
        details = {} if field is None else {"field": field}
        expected = with_article(f"{listed(type_names)} ID")
        raise NotFound(
            f"ID {quoted(global_id)} is not {expected}, or is unknown.", **details
        )
    return type_name, pk
