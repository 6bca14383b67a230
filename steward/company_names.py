"""Filling in the name_key of companies stored before the column existed.

The migrations that add `company.name_key` run this before they create the unique
(account, name_key) index. They compute it in Python, because SQL cannot: lower()
on SQLite folds ASCII letters only, and neither database has Unicode case folding.
"""

import logging
from collections.abc import Iterable

from tortoise import BaseDBAsyncClient

from models.records import company_name_key

logger = logging.getLogger(__name__)

SELECT_COMPANIES = """
    SELECT "id", "account_id", "name" FROM "company" ORDER BY "account_id", "id"
"""


def first_name_keys(rows: Iterable[dict]) -> tuple[dict[int, str], list[dict]]:
    """Return the key of each company that is the oldest with it in its account.

    Each row has "id", "account_id" and "name". Also returns the rows of the
    younger companies whose name has the key of an older one, each with the
    "older_id" of that company.
    """
    holders: dict[tuple[int, str], int] = {}
    keys: dict[int, str] = {}
    duplicates: list[dict] = []
    for row in sorted(rows, key=lambda row: (row["account_id"], row["id"])):
        key = company_name_key(row["name"])
        older_id = holders.setdefault((row["account_id"], key), row["id"])
        if older_id == row["id"]:
            keys[row["id"]] = key
        else:
            duplicates.append({**row, "older_id": older_id})
    return keys, duplicates


async def fill_name_keys(db: BaseDBAsyncClient, update_query: str) -> None:
    """Set the name_key of every company that no older company's key blocks.

    `update_query` sets "name_key" to its first parameter on the company whose
    "id" is its second, in the parameter style of the dialect. A company whose
    name has the key of an older company's name in its account keeps a NULL
    key and its name, and is logged as a warning.
    """
    rows = await db.execute_query_dict(SELECT_COMPANIES)
    keys, duplicates = first_name_keys(rows)
    if keys:
        await db.execute_many(update_query, [[key, id_] for id_, key in keys.items()])
    for row in duplicates:
        logger.warning(
            "company %d %r of account %d has no name_key, because the older "
            "company %d has a name with the same key",
            row["id"],
            row["name"],
            row["account_id"],
            row["older_id"],
        )
    logger.info(
        "set the name_key of %d companies; %d companies share a key with an older "
        "one and have none",
        len(keys),
        len(duplicates),
    )
