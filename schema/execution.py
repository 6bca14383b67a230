"""The execution context of the schema: a fast path for plain leaf fields, and a fix
for long subscriptions."""

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField


@dataclass(frozen=True)
class LeafField:
    """A scalar or enum field that reads an attribute of its parent object."""

    read: Callable[[Any, str], Any]
    attribute: str
    type: GraphQLLeafType
    non_null: bool


NOT_LEAF = None
"""The plan of a field that takes the executor's usual path."""

# Plans by schema, then by (parent type name, field name). Object types and their
# fields are fixed once a schema is built.
_plans: weakref.WeakKeyDictionary[
    GraphQLSchema, dict[tuple[str, str], LeafField | None]
] = weakref.WeakKeyDictionary()


def leaf_plan(field_def: GraphQLField) -> LeafField | None:
    """Return how to read a field without an executor step, or None.

    Only fields that Strawberry resolves by reading an attribute qualify: no
    resolver, no field extension, no arguments, and a scalar or enum type.
    """
    field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(field, StrawberryField) or not field.is_basic_field:
        return NOT_LEAF
    if field_def.args or field_def.subscribe is not None:
        return NOT_LEAF
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    if non_null:
        return_type = return_type.of_type
    if not is_leaf_type(return_type):
        return NOT_LEAF
    return LeafField(field.default_resolver, field.python_name, return_type, non_null)


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with two changes.

    A plain leaf field (see `leaf_plan`) returns its coerced attribute without
    graphql-core's resolve info, resolver call and value completion. For the
    400 leaves of the page in bench/deals_list.py, that took execution from
    about 1.6 to 1.15 ms (in-process, without the resolvers' SQL). A value that
    the fast path cannot return as it is (null in a non-null field, an
    awaitable, an exception, or a failed coercion) goes the usual way, which
    reads the attribute again and reports errors with their path.

    Each subscription event gets a fresh subfield cache. graphql-core 3.3.2 runs
    each event on a shallow copy of the subscription's executor. The copies
    share one `_relevant_sub_fields` cache, which is keyed by the identity of
    each event's own field lists. So a subscription grew by about 0.6 KiB per
    event for as long as it lasted, and under bench/load_test.py the API's RSS
    rose by over 1 MiB/s.
    """

    _leaf_plans: dict[tuple[str, str], LeafField | None] | None = None

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        plan = self._leaf_plan(parent_type, field_details_list[0].node.name.value)
        if plan is not NOT_LEAF and not self._has_middleware():
            value = self._read_leaf(plan, source)
            if value is not Undefined:
                return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _has_middleware(self) -> bool:
        # Strawberry passes a manager even when no extension resolves fields.
        manager = self.middleware_manager
        return manager is not None and bool(manager.middlewares)

    def _leaf_plan(self, parent_type: GraphQLObjectType, name: str) -> Any:
        plans = self._leaf_plans
        if plans is None:
            plans = self._leaf_plans = _plans.setdefault(self.schema, {})
        key = (parent_type.name, name)
        try:
            return plans[key]
        except KeyError:
            pass
        field_def = self.schema.get_field(parent_type, name)
        plan = plans[key] = NOT_LEAF if field_def is None else leaf_plan(field_def)
        return plan

    def _read_leaf(self, plan: LeafField, source: Any) -> Any:
        """Return the field's coerced value, or Undefined for the usual path."""
        try:
            value = plan.read(source, plan.attribute)
        except Exception:
            return Undefined
        if value is None:
            return Undefined if plan.non_null else None
        if isinstance(value, Exception) or self.is_awaitable(value):
            return Undefined
        try:
            coerced = plan.type.coerce_output_value(value)
        except Exception:
            return Undefined
        if coerced is None:
            return Undefined
        return coerced

    def build_per_event_executor(self, payload: Any) -> Any:
        executor = super().build_per_event_executor(payload)
        # TODO: drop this override once graphql-core stops sharing the cache.
        executor._relevant_sub_fields = {}
        return executor
