"""Global IDs for the messages of the modules below the GraphQL schema.

Clients know records and users only by their global IDs, so error messages name
those rather than database ids. The `schema` package defines the encoding, but
importing it loads the resolvers, which import the modules that build these
messages, so the import waits until the first message needs it.
"""

from models import RecordType


def global_id(type_name: str, pk: int) -> str:
    """Return the global ID of the `type_name` row with primary key `pk`."""
    from schema.ids import to_global_id

    return to_global_id(type_name, pk)


def record_global_id(record_type: RecordType | str, pk: int) -> str:
    """Return the global ID of a record of `record_type`, such as 'deal'."""
    from schema.types import RECORD_TYPE_NAMES

    return global_id(RECORD_TYPE_NAMES[RecordType(record_type)], pk)
