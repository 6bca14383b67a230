"""Global IDs: base64 of `TypeName:pk`, the only ids that clients see.

The GraphQL schema (schema/ids.py) encodes and parses them. The modules below the
schema use this encoding for error messages, which name records and users as
clients know them rather than by database id.
"""

import base64

from models import RecordType

RECORD_TYPE_NAMES = {
    RecordType.PERSON: "Person",
    RecordType.COMPANY: "Company",
    RecordType.DEAL: "Deal",
}


def to_global_id(type_name: str, pk: int) -> str:
    """Return the global ID of the `type_name` row with primary key `pk`."""
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def record_global_id(record_type: RecordType | str, pk: int) -> str:
    """Return the global ID of a record of `record_type`, such as 'deal'."""
    return to_global_id(RECORD_TYPE_NAMES[RecordType(record_type)], pk)
