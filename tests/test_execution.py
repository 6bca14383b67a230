"""The executor's fast paths for leaf and object fields match graphql-core."""

from enum import Enum
from typing import Any

import strawberry

from schema.execution import (
    LOADED_INTO,
    NOT_LOADED,
    ExecutionContext,
    LeafField,
    ObjectField,
    field_plan,
)


@strawberry.enum
class Color(Enum):
    RED = "red"


@strawberry.type
class Part:
    code: str


@strawberry.type
class Item:
    name: str
    count: int
    color: Color
    note: str | None
    part: Part | None = None
    loaded_spare: strawberry.Private[Part | None] = NOT_LOADED

    @strawberry.field
    def label(self) -> str:
        return f"{self.name} ({self.count})"

    @strawberry.field(metadata={LOADED_INTO: "loaded_spare"})
    def spare(self) -> Part | None:
        RESOLVED.append(self.name)
        return Part(code=f"{self.name}-resolved")


ITEMS: list[Any] = []
RESOLVED: list[str] = []


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return ITEMS


schema = strawberry.Schema(query=Query, execution_context_class=ExecutionContext)
QUERY = "{ items { name count color note label } }"
OBJECTS = "{ items { name part { code } spare { code } } }"


def run(*items: Any, query: str = QUERY) -> Any:
    ITEMS[:] = items
    RESOLVED.clear()
    return schema.execute_sync(query)


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


def test_name_of_other_type_is_coerced() -> None:
    result = run(Item(name=Color.RED, count=1, color=Color.RED, note=None))  # type: ignore[arg-type]
    assert result.errors is None
    assert result.data["items"][0]["name"] == "Color.RED"


def test_unknown_enum_value_has_path() -> None:
    result = run(Item(name="a", count=1, color="blue", note=None))  # type: ignore[arg-type]
    assert result.data is None
    assert len(result.errors) == 1
    assert result.errors[0].path == ["items", 0, "color"]


def test_plan_only_for_plain_leaves() -> None:
    item_type = schema._schema.get_type("Item")
    assert isinstance(field_plan(item_type.fields["name"]), LeafField)
    assert field_plan(item_type.fields["note"]) == LeafField(
        getattr,
        "note",
        schema._schema.get_type("String"),
        non_null=False,
        output_type=str,
    )
    color = field_plan(item_type.fields["color"])
    assert color.output_type is Color
    assert color.outputs == {Color.RED: "RED"}
    assert field_plan(item_type.fields["count"]).output_type is None
    assert field_plan(item_type.fields["label"]) is None
    assert field_plan(schema._schema.query_type.fields["items"]) is None


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


def test_object_plans() -> None:
    item_type = schema._schema.get_type("Item")
    part_type = schema._schema.get_type("Part")
    assert field_plan(item_type.fields["part"]) == ObjectField(
        "part", part_type, Part, non_null=False
    )
    assert field_plan(item_type.fields["spare"]) == ObjectField(
        "loaded_spare", part_type, Part, non_null=False
    )


def test_object_fields_as_usual() -> None:
    item = Item(name="a", count=1, color=Color.RED, note=None, part=Part(code="p"))
    result = run(
        item, Item(name="b", count=1, color=Color.RED, note=None), query=OBJECTS
    )
    assert result.errors is None
    assert result.data == {
        "items": [
            {"name": "a", "part": {"code": "p"}, "spare": {"code": "a-resolved"}},
            {"name": "b", "part": None, "spare": {"code": "b-resolved"}},
        ]
    }
    assert RESOLVED == ["a", "b"]


def test_loaded_value_skips_resolver(monkeypatch) -> None:
    built: list[str] = []
    original = ExecutionContext.build_resolve_info

    def counted(self: ExecutionContext, field_def: Any, field_nodes: Any, *args: Any):
        built.append(field_nodes[0].name.value)
        return original(self, field_def, field_nodes, *args)

    monkeypatch.setattr(ExecutionContext, "build_resolve_info", counted)
    loaded = Item(name="a", count=1, color=Color.RED, note=None)
    loaded.loaded_spare = Part(code="loaded")
    empty = Item(name="b", count=1, color=Color.RED, note=None)
    empty.loaded_spare = None
    result = run(loaded, empty, query=OBJECTS)
    assert result.errors is None
    assert result.data == {
        "items": [
            {"name": "a", "part": None, "spare": {"code": "loaded"}},
            {"name": "b", "part": None, "spare": None},
        ]
    }
    assert RESOLVED == []
    assert built == ["items"]


def test_object_of_other_type_goes_usual_way() -> None:
    item = Item(name="a", count=1, color=Color.RED, note=None, part="p")  # type: ignore[arg-type]
    result = run(item, query=OBJECTS)
    assert result.data == {
        "items": [{"name": "a", "part": None, "spare": {"code": "a-resolved"}}]
    }
    assert len(result.errors) == 1
    assert result.errors[0].path == ["items", 0, "part", "code"]


def test_null_in_loaded_object_has_path() -> None:
    item = Item(name="a", count=1, color=Color.RED, note=None)
    item.loaded_spare = Part(code=None)  # type: ignore[arg-type]
    result = run(item, query=OBJECTS)
    assert result.data == {"items": [{"name": "a", "part": None, "spare": None}]}
    assert len(result.errors) == 1
    assert result.errors[0].path == ["items", 0, "spare", "code"]
    assert RESOLVED == []


def test_fields_keep_selection_order() -> None:
    item = Item(name="a", count=2, color=Color.RED, note=None, part=Part(code="p"))
    result = run(
        item, query="{ items { part { code } name label count spare { code } } }"
    )
    assert result.errors is None
    assert list(result.data["items"][0]) == ["part", "name", "label", "count", "spare"]
