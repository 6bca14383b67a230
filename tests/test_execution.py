"""The executor's fast path for leaf fields returns what graphql-core would."""

from enum import Enum
from typing import Any

import strawberry

from schema.execution import ExecutionContext, LeafField, leaf_plan


@strawberry.enum
class Color(Enum):
    RED = "red"


@strawberry.type
class Item:
    name: str
    count: int
    color: Color
    note: str | None

    @strawberry.field
    def label(self) -> str:
        return f"{self.name} ({self.count})"


ITEMS: list[Any] = []


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return ITEMS


schema = strawberry.Schema(query=Query, execution_context_class=ExecutionContext)
QUERY = "{ items { name count color note label } }"


def run(*items: Any) -> Any:
    ITEMS[:] = items
    return schema.execute_sync(QUERY)


def test_leaf_values_as_usual() -> None:
    result = run(Item(name="a", count=2, color=Color.RED, note=None))
    assert result.errors is None
    assert result.data == {
        "items": [
            {"name": "a", "count": 2, "color": "RED", "note": None, "label": "a (2)"}
        ]
    }


def test_null_leaf_in_non_null_field() -> None:
    result = run(Item(name=None, count=1, color=Color.RED, note=None))  # type: ignore[arg-type]
    assert result.data is None
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.message == "Cannot return null for non-nullable field Item.name."
    assert error.path == ["items", 0, "name"]


def test_uncoercible_leaf_has_path() -> None:
    result = run(Item(name="a", count="many", color=Color.RED, note=None))  # type: ignore[arg-type]
    assert result.data is None
    assert len(result.errors) == 1
    assert result.errors[0].path == ["items", 0, "count"]
    assert "cannot represent" in result.errors[0].message.lower()


def test_unknown_enum_value_has_path() -> None:
    result = run(Item(name="a", count=1, color="blue", note=None))  # type: ignore[arg-type]
    assert result.data is None
    assert len(result.errors) == 1
    assert result.errors[0].path == ["items", 0, "color"]


def test_plan_only_for_plain_leaves() -> None:
    item_type = schema._schema.get_type("Item")
    assert isinstance(leaf_plan(item_type.fields["name"]), LeafField)
    assert leaf_plan(item_type.fields["note"]) == LeafField(
        getattr, "note", schema._schema.get_type("String"), non_null=False
    )
    assert leaf_plan(item_type.fields["label"]) is None
    assert leaf_plan(schema._schema.query_type.fields["items"]) is None


def test_plain_leaves_skip_resolve_info(monkeypatch) -> None:
    built: list[str] = []
    original = ExecutionContext.build_resolve_info

    def counted(self: ExecutionContext, field_def: Any, field_nodes: Any, *args: Any):
        built.append(field_nodes[0].name.value)
        return original(self, field_def, field_nodes, *args)

    monkeypatch.setattr(ExecutionContext, "build_resolve_info", counted)
    result = run(Item(name="a", count=2, color=Color.RED, note=None))
    assert result.errors is None
    assert built == ["items", "label"]
