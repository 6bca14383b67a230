"""The Casbin adapter that stores policy lines in the `casbin_rule` table."""

from casbin_tortoise_adapter import TortoiseAdapter


class PolicyAdapter(TortoiseAdapter):
    """casbin-tortoise-adapter 2.0.0 with batch inserts that work on Tortoise 1.x.

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
