"""Per-request DataLoaders, so that a page of records costs a fixed number of queries.

A Loaders object is built for one request and dropped with it: caches are never
shared between requests, users or accounts.
"""

from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from models import Assignment, Company, ObjectRole, OwnershipSetting, RecordType, User


class Loaders:
    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self.users = DataLoader(self._load_users)
        self.companies = DataLoader(self._load_companies)
        self.assignments = DataLoader(self._load_assignments)
        self.object_roles = DataLoader(self._load_object_roles)
        self.ownership_settings = DataLoader(self._load_ownership_settings)
        self._roles_by_key: dict[str, ObjectRole] | None = None

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

    async def object_role_by_key(self, key: str) -> ObjectRole | None:
        """Return the account's object role with `key`, read once per request."""
        if self._roles_by_key is None:
            rows = await ObjectRole.filter(account_id=self.account_id)
            self._roles_by_key = {row.key: row for row in rows}
            for row in rows:
                self.object_roles.prime(row.id, row)
        return self._roles_by_key.get(key)
