"""The Casbin adapter that stores policy lines in the `casbin_rule` table.

The engine reads and writes lines of one account at a time with the methods added
here, and runs the writes inside the caller's transaction.
"""

from collections.abc import Iterable, Sequence

from casbin_tortoise_adapter import TortoiseAdapter
from tortoise.expressions import Q

from policy.actions import domain_of
from policy.snapshot import PolicyLine
from steward.sql import chunks

VALUE_COLUMNS = ("v0", "v1", "v2", "v3", "v4", "v5")


class PolicyAdapter(TortoiseAdapter):
    """casbin-tortoise-adapter 2.0.0 with fixes for Tortoise 1.x and per-account I/O.

    Tortoise 1.x's `bulk_create` returns None, which the stock `add_policies` passes
    to `len()` and fails on.
    """

    async def add_policies(self, sec: str, ptype: str, rules: list[list[str]]) -> bool:  # type: ignore[override]
        if not rules:
            return False
        await self.modelclass.bulk_create(
            [self._to_rule(ptype, rule) for rule in rules]
        )
        return True

    async def load_lines(self, account_id: int | None = None) -> list[PolicyLine]:
        """Return the `p` and `g` lines of one account, or of all accounts."""
        query = self.modelclass.filter(ptype__in=["p", "g"])
        if account_id is not None:
            domain = domain_of(account_id)
            query = query.filter(Q(ptype="p", v1=domain) | Q(ptype="g", v2=domain))
        rows = await query.order_by("id").values_list("ptype", *VALUE_COLUMNS)
        return [_line(row) for row in rows]

    async def add_lines(self, lines: Iterable[PolicyLine]) -> None:
        rules = [self._to_rule(line[0], list(line[1:])) for line in lines]
        if rules:
            await self.modelclass.bulk_create(rules)

    async def remove_lines(self, lines: Sequence[PolicyLine]) -> int:
        """Delete the rows of `lines`; return how many rows were deleted."""
        deleted = 0
        for chunk in chunks(lines, 100):
            matches = [_match(line) for line in chunk]
            deleted += await self.modelclass.filter(
                Q(*matches, join_type=Q.OR)
            ).delete()
        return deleted

    async def replace_account_lines(
        self, account_id: int, lines: Iterable[PolicyLine]
    ) -> None:
        """Replace every `p` and `g` line of the account with `lines`."""
        domain = domain_of(account_id)
        await self.modelclass.filter(
            Q(ptype="p", v1=domain) | Q(ptype="g", v2=domain)
        ).delete()
        await self.add_lines(lines)


def _line(row: Sequence[str | None]) -> PolicyLine:
    values: list[str] = []
    for value in row:
        if value is None:
            break
        values.append(value)
    return tuple(values)


def _match(line: PolicyLine) -> Q:
    values = dict(zip(VALUE_COLUMNS, line[1:], strict=False))
    return Q(ptype=line[0], **values)
