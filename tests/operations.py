"""GraphQL operations and helpers shared by the tests of records, owners and users."""

from typing import Any

from models import Assignment, OwnershipHistory, OwnershipSetting, RecordType, User
from models.ownership import OWNER_ROLE_KEY
from schema.ids import to_global_id
from tests.conftest import Caller

RECORD_FIELDS = "id name owner { id name }"
CREATE_PERSON = f"""
mutation($input: CreatePersonInput!) {{
  createPerson(input: $input) {{ {RECORD_FIELDS} }}
}}
"""
CREATE_COMPANY = f"""
mutation($input: CreateCompanyInput!) {{
  createCompany(input: $input) {{ {RECORD_FIELDS} }}
}}
"""
CREATE_DEAL = f"""
mutation($input: CreateDealInput!) {{ createDeal(input: $input) {{ {RECORD_FIELDS} }} }}
"""
UPDATE_PERSON = f"""
mutation($input: UpdatePersonInput!) {{
  updatePerson(input: $input) {{ {RECORD_FIELDS} }}
}}
"""
UPDATE_COMPANY = f"""
mutation($input: UpdateCompanyInput!) {{
  updateCompany(input: $input) {{ {RECORD_FIELDS} }}
}}
"""
UPDATE_DEAL = f"""
mutation($input: UpdateDealInput!) {{ updateDeal(input: $input) {{ {RECORD_FIELDS} }} }}
"""
CHANGE_OWNER = f"""
mutation($recordId: ID!, $ownerId: ID) {{
  changeOwner(recordId: $recordId, ownerId: $ownerId) {{ {RECORD_FIELDS} }}
}}
"""
HISTORY = """
query($recordId: ID!) {
  ownershipHistory(recordId: $recordId) {
    recordId reason previousUser { id } newUser { id } actor { id }
  }
}
"""
NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Record { name }
    ... on User { name }
    ... on ObjectRole { key }
  }
}
"""

CREATE_BY_TYPE = {
    RecordType.PERSON: (CREATE_PERSON, "createPerson"),
    RecordType.COMPANY: (CREATE_COMPANY, "createCompany"),
    RecordType.DEAL: (CREATE_DEAL, "createDeal"),
}
UPDATE_BY_TYPE = {
    RecordType.PERSON: (UPDATE_PERSON, "updatePerson"),
    RecordType.COMPANY: (UPDATE_COMPANY, "updateCompany"),
    RecordType.DEAL: (UPDATE_DEAL, "updateDeal"),
}


def user_gid(caller_or_user: Caller | User) -> str:
    user = caller_or_user.user if isinstance(caller_or_user, Caller) else caller_or_user
    return to_global_id("User", user.id)


async def create(
    caller: Caller, record_type: RecordType, **fields: Any
) -> dict[str, Any]:
    """Create a record through the API and return its id, name and owner."""
    query, root = CREATE_BY_TYPE[record_type]
    fields.setdefault("name", f"{record_type.value.title()} record")
    return (await caller.data(query, input=fields))[root]


async def create_error(caller: Caller, record_type: RecordType, **fields: Any) -> str:
    """Send a create that must fail and return the error code."""
    query, _ = CREATE_BY_TYPE[record_type]
    return await caller.error_code(query, input=fields)


async def update(caller: Caller, record_type: RecordType, **fields: Any) -> dict:
    query, root = UPDATE_BY_TYPE[record_type]
    return (await caller.data(query, input=fields))[root]


async def update_error(caller: Caller, record_type: RecordType, **fields: Any) -> str:
    """Send an update that must fail and return the error code."""
    query, _ = UPDATE_BY_TYPE[record_type]
    return await caller.error_code(query, input=fields)


async def create_deal(caller: Caller, name: str, **fields: Any) -> dict[str, Any]:
    return await create(caller, RecordType.DEAL, name=name, **fields)


async def owner_pk(record_type: RecordType, record_id: int) -> int | None:
    """Read the id of the user holding the Owner role on a record."""
    row = await Assignment.get_or_none(
        record_type=record_type,
        record_id=record_id,
        object_role__key=OWNER_ROLE_KEY,
    )
    return row.user_id if row else None


async def history_count(record_type: RecordType, record_id: int) -> int:
    return await OwnershipHistory.filter(
        record_type=record_type, record_id=record_id
    ).count()


async def set_owner_required(
    account_id: int, record_type: RecordType, required: bool
) -> None:
    """Set the account's 'owner required' setting of one record type."""
    updated = await OwnershipSetting.filter(
        account_id=account_id,
        record_type=record_type,
        object_role__key=OWNER_ROLE_KEY,
    ).update(required=required)
    assert updated == 1, "every account has one Owner setting per record type"
