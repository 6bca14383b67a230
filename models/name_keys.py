"""Models that keep a key of their name in a column, for a unique constraint."""

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import BulkCreateQuery


class KeyedByName:
    """A mixin, before the Tortoise model in the bases, for a name-derived key.

    The column `key_field` contains `fold_name(name)`. `save` and `bulk_create`
    set it, so that the unique constraint on it rejects two names that differ
    only in what `fold_name` ignores. A filtered `.update(name=...)` does not,
    and must set the key itself.
    """

    key_field: ClassVar[str]
    fold_name: ClassVar[Callable[[str], str]]

    def _set_name_key(self) -> None:
        name: Any = getattr(self, "name", None)
        if name is not None:
            setattr(self, self.key_field, type(self).fold_name(name))

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self._set_name_key()
        if update_fields is not None and "name" in update_fields:
            update_fields = [*update_fields, self.key_field]
        await super().save(  # type: ignore[misc]
            using_db, update_fields, force_create, force_update
        )

    @classmethod
    def bulk_create(
        cls,
        objects: Iterable[Self],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_fields: Iterable[str] | None = None,
        on_conflict: Iterable[str] | None = None,
        using_db: BaseDBAsyncClient | None = None,
    ) -> BulkCreateQuery[Self]:
        objects = list(objects)
        for instance in objects:
            instance._set_name_key()
        return super().bulk_create(  # type: ignore[misc]
            objects, batch_size, ignore_conflicts, update_fields, on_conflict, using_db
        )
