"""Per-request DataLoaders, so that a page of records costs a fixed number of queries.

A Loaders object is built for one request and dropped with it: caches are never
shared between requests, users or accounts.
"""

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from models import Assignment, Company, ObjectRole, OwnershipSetting, RecordType, User
from models.ownership import OWNER_ROLE_KEY
from steward.rows import model_from_row, select_columns
from steward.sql import Statement, connection

RecordKey = tuple[RecordType, int]
"""A record as (record type, record id), the key of the assignments loader."""

OWNED_RECORD = "owned_record_id"
"""The column of `load_owners` that names the record, next to the user's columns."""


def owner_user_id(
    assignments: list[Assignment], roles: dict[int, ObjectRole | None]
) -> int | None:
    """Return the user of the assignment whose object role is Owner, if any.

    `roles` maps object role ids to the account's roles, None for another account's.
    """
    for assignment in assignments:
        role = roles.get(assignment.object_role_id)
        if role is not None and role.key == OWNER_ROLE_KEY:
            return assignment.user_id
    return None


class Loaders:
    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self.users = DataLoader(self._load_users)
        self.companies = DataLoader(self._load_companies)
        self.assignments = DataLoader(self._load_assignments)
        self.object_roles = DataLoader(self._load_object_roles)
        self.ownership_settings = DataLoader(self._load_ownership_settings)
        self._roles_by_key: asyncio.Future[dict[str, ObjectRole]] | None = None
        self.owners: dict[RecordKey, User | None] = {}
        """Owners loaded by `load_owners`; records missing here are not loaded."""

    async def _load_users(self, ids: Sequence[int]) -> list[User | None]:
        rows = await User.filter(account_id=self.account_id, id__in=list(ids))
        by_id = {row.id: row for row in rows}
        return [by_id.get(i) for i in ids]

    async def _load_companies(self, ids: Sequence[int]) -> list[Company | None]:
        rows = await Company.filter(account_id=self.account_id, id__in=list(ids))
        by_id = {row.id: row for row in rows}
        return [by_id.get(i) for i in ids]

    async def _load_object_roles(self, ids: Sequence[int]) -> list[ObjectRole | None]:
        rows = await ObjectRole.filter(account_id=self.account_id, id__in=list(ids))
        by_id = {row.id: row for row in rows}
        return [by_id.get(i) for i in ids]

    async def _load_ownership_settings(
        self, keys: Sequence[tuple[RecordType, int]]
    ) -> list[OwnershipSetting | None]:
        """Load settings by (record type, object role id); None where none is stored."""
        role_ids = sorted({role_id for _, role_id in keys})
        rows = await OwnershipSetting.filter(
            account_id=self.account_id, object_role_id__in=role_ids
        )
        by_key = {
            (RecordType(row.record_type), row.object_role_id): row for row in rows
        }
        return [by_key.get(key) for key in keys]

    async def _load_assignments(
        self, keys: Sequence[tuple[RecordType, int]]
    ) -> list[list[Assignment]]:
        """Load the assignments of records given as (record type, record id)."""
        ids_by_type: dict[RecordType, list[int]] = defaultdict(list)
        for record_type, record_id in keys:
            ids_by_type[record_type].append(record_id)
        found: dict[tuple[RecordType, int], list[Assignment]] = defaultdict(list)
        for record_type, record_ids in ids_by_type.items():
            rows = await Assignment.filter(
                account_id=self.account_id,
                record_type=record_type,
                record_id__in=record_ids,
            ).order_by("object_role_id")
            for row in rows:
                found[(record_type, row.record_id)].append(row)
        return [found.get(key, []) for key in keys]

    async def owner(self, key: RecordKey) -> User | None:
        """Return the owner of one record, batched with the other records' loads."""
        assignments = await self.assignments.load(key)
        role_ids = [assignment.object_role_id for assignment in assignments]
        roles = await self.object_roles.load_many(role_ids)
        user_id = owner_user_id(assignments, dict(zip(role_ids, roles, strict=True)))
        return None if user_id is None else await self.users.load(user_id)

    async def load_owners(self, record_type: RecordType, record_ids: list[int]) -> None:
        """Load the owners of records into `owners`, in one statement.

        The statement reads the users who hold the account's Owner role on the
        records, and the users loader keeps them for the rest of the request.
        """
        if not record_ids:
            return
        conn = connection()
        sql = Statement(conn)
        user_columns = select_columns(User, "u")
        query = (
            f"SELECT a.record_id AS {OWNED_RECORD}, {user_columns} "
            "FROM assignment a "
            "JOIN object_role r ON r.id = a.object_role_id "
            'JOIN "user" u ON u.id = a.user_id '
            f"WHERE a.account_id = {sql.param(self.account_id)} "
            f"AND a.record_type = {sql.param(record_type.value)} "
            f"AND a.record_id {sql.in_values(record_ids)} "
            f"AND r.account_id = {sql.param(self.account_id)} "
            f"AND r.key = {sql.param(OWNER_ROLE_KEY)} "
            f"AND u.account_id = {sql.param(self.account_id)}"
        )
        owner_of: dict[int, User] = {}
        users: dict[int, User] = {}
        _, rows = await conn.execute_query(query, sql.params)
        for row in rows:
            # One model per user, because a page often has few owners. The
            # model takes the user's columns and leaves out OWNED_RECORD.
            user = users.get(row["id"])
            if user is None:
                user = users[row["id"]] = model_from_row(User, row)
                self.users.prime(user.id, user)
            owner_of[row[OWNED_RECORD]] = user
        for record_id in record_ids:
            self.owners[(record_type, record_id)] = owner_of.get(record_id)

    def forget_assignments(self, key: RecordKey) -> None:
        """Drop the cached assignments and owner of a record after changing them."""
        self.owners.pop(key, None)
        # Strawberry's DataLoader.clear raises KeyError for a key it has not loaded.
        with contextlib.suppress(KeyError):
            self.assignments.clear(key)

    async def object_role_by_key(self, key: str) -> ObjectRole | None:
        """Return the account's object role with `key`, read once per request."""
        if self._roles_by_key is None:
            # The fields of a page call this at once. They all await one task,
            # so they share one statement and resume in the same turn of the
            # event loop, which keeps their later loads in one batch.
            self._roles_by_key = asyncio.ensure_future(self._read_object_roles())
        roles = await self._roles_by_key
        return roles.get(key)

    async def _read_object_roles(self) -> dict[str, ObjectRole]:
        rows = await ObjectRole.filter(account_id=self.account_id)
        for row in rows:
            self.object_roles.prime(row.id, row)
        return {row.key: row for row in rows}
