"""A digest of every table, to check that a rejected request changed nothing."""

import hashlib

from tortoise import Tortoise


async def database_digest() -> dict[str, tuple[int, str]]:
    """Return the row count and a digest of the rows of every table, by model."""
    apps = Tortoise.apps
    assert apps is not None, "Tortoise is not initialised"
    digest = {}
    for model in apps.get_models_iterable():
        rows = await model.all().order_by(model._meta.pk_attr).values()
        text = repr(rows).encode()
        digest[model.__name__] = (len(rows), hashlib.sha256(text).hexdigest())
    return digest


def changed_tables(
    before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]
) -> list[str]:
    return sorted(
        name
        for name in before.keys() | after.keys()
        if before.get(name) != after.get(name)
    )
