"""The execution context of the schema: fast paths for plain leaf and object fields,
and a fix for long subscriptions."""

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLID,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    Undefined,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import (
    CustomGraphQLEnumType,
    GraphQLCoreConverter,
)
from strawberry.types.field import StrawberryField


@dataclass(frozen=True)
class LeafField:
    """A scalar or enum field that reads an attribute of its parent object."""

    read: Callable[[Any, str], Any]
    attribute: str
    type: GraphQLLeafType
    non_null: bool
    output_type: type | None = None
    """The class of values whose output is known without coercion: the value
    itself, or its entry in `outputs`."""
    outputs: dict[Any, Any] | None = None


def known_outputs(leaf_type: GraphQLLeafType) -> tuple[type | None, dict | None]:
    """Return the class of values whose output `LeafField` can return directly, and
    their outputs.

    graphql-core's String and ID return a `str` as it is, and a Strawberry enum
    returns a member's name, which is computed here once per member.
    """
    if leaf_type is GraphQLString or leaf_type is GraphQLID:
        return str, None
    if isinstance(leaf_type, CustomGraphQLEnumType):
        members = leaf_type.wrapped_cls
        return members, {
            member: leaf_type.coerce_output_value(member) for member in members
        }
    return None, None


@dataclass(frozen=True)
class ObjectField:
    """An object field whose value is an attribute of its parent object.

    That is a field without a resolver, or a resolver field whose value a list
    may have loaded into the attribute named by its `LOADED_INTO` metadata. That
    attribute is `NOT_LOADED` where nothing was loaded, and then the resolver
    runs.
    """

    attribute: str
    type: GraphQLObjectType
    origin: type
    """The Python class of the field's values."""
    non_null: bool


LOADED_INTO = "steward.loaded_into"
"""The key of a resolver field's metadata naming the attribute of its loaded value."""

NOT_LOADED: Any = object()
"""The value of a `LOADED_INTO` attribute where the field must be resolved."""

NOT_LEAF = None
"""The plan of a field that takes the executor's usual path."""

Plan = LeafField | ObjectField | None

# Plans by schema, then by (parent type name, field name). Object types and their
# fields are fixed once a schema is built.
_plans: weakref.WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], Plan]] = (
    weakref.WeakKeyDictionary()
)


def field_plan(field_def: GraphQLField) -> Plan:
    """Return how to read a field with fewer executor steps, or None.

    Only fields without arguments or field extensions qualify. A scalar or enum
    field must have no resolver, and an object field no resolver or a
    `LOADED_INTO` attribute.
    """
    field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(field, StrawberryField) or field.extensions:
        return NOT_LEAF
    if field_def.args or field_def.subscribe is not None:
        return NOT_LEAF
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    if non_null:
        return_type = return_type.of_type
    if is_leaf_type(return_type) and field.is_basic_field:
        output_type, outputs = known_outputs(return_type)
        return LeafField(
            field.default_resolver,
            field.python_name,
            return_type,
            non_null,
            output_type,
            outputs,
        )
    attribute = field.python_name if field.is_basic_field else None
    if field.base_resolver is not None:
        attribute = field.metadata.get(LOADED_INTO)
    if attribute is None or not isinstance(return_type, GraphQLObjectType):
        return NOT_LEAF
    definition = return_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    origin = getattr(definition, "origin", None)
    if origin is None:
        return NOT_LEAF
    return ObjectField(attribute, return_type, origin, non_null)


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with three changes.

    A plain leaf field (see `field_plan`) returns its coerced attribute without
    graphql-core's resolve info, resolver call and value completion. For the
    400 leaves of the page in bench/deals_list.py, that took execution from
    about 1.6 to 1.15 ms (in-process, without the resolvers' SQL). A value that
    the fast path cannot return as it is (null in a non-null field, an
    awaitable, an exception, or a failed coercion) goes the usual way, which
    reads the attribute again and reports errors with their path.

    An object field read from an attribute (`ObjectField`) executes the fields
    of its value without resolve info, resolver call and type check, where the
    value is of the field's class or null in a nullable field. That covers the
    `node` of each edge and the `owner` that a list loaded for each record.

    Each subscription event gets a fresh subfield cache. graphql-core 3.3.2 runs
    each event on a shallow copy of the subscription's executor. The copies
    share one `_relevant_sub_fields` cache, which is keyed by the identity of
    each event's own field lists. So a subscription grew by about 0.6 KiB per
    event for as long as it lasted, and under bench/load_test.py the API's RSS
    rose by over 1 MiB/s.
    """

    _field_plans: dict[tuple[str, str], Plan] | None = None
    _middleware: bool | None = None

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        """Execute an object's fields, reading the plain leaves first.

        graphql-core makes a response path and an awaitable check for every
        field. The leaves that the fast path returns need neither, so only the
        other fields go through graphql-core, and the results keep the order of
        the selection.
        """
        if self._has_middleware():
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        leaves: dict[str, Any] = {}
        others = {}
        for response_name, field_details_list in grouped_field_set.items():
            plan = self._field_plan(parent_type, field_details_list[0].node.name.value)
            if isinstance(plan, LeafField):
                value = self._read_leaf(plan, source_value)
                if value is not Undefined:
                    leaves[response_name] = value
                    continue
            others[response_name] = field_details_list
        if not others:
            return leaves
        results = super().execute_fields(
            parent_type, source_value, path, others, position_context
        )
        if self.is_awaitable(results):
            return self._merge_later(grouped_field_set, leaves, results)
        return _merged(grouped_field_set, leaves, results)

    async def _merge_later(
        self, grouped_field_set: Any, leaves: dict[str, Any], results: Any
    ) -> dict[str, Any]:
        return _merged(grouped_field_set, leaves, await results)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        plan = self._field_plan(parent_type, field_details_list[0].node.name.value)
        if plan is not NOT_LEAF and not self._has_middleware():
            if isinstance(plan, LeafField):
                value = self._read_leaf(plan, source)
            else:
                value = self._complete_object(
                    plan, source, field_details_list, path, position_context
                )
            if value is not Undefined:
                return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _has_middleware(self) -> bool:
        has_middleware = self._middleware
        if has_middleware is None:
            # Strawberry passes a manager even when no extension resolves fields.
            manager = self.middleware_manager
            has_middleware = manager is not None and bool(manager.middlewares)
            self._middleware = has_middleware
        return has_middleware

    def _field_plan(self, parent_type: GraphQLObjectType, name: str) -> Any:
        plans = self._field_plans
        if plans is None:
            plans = self._field_plans = _plans.setdefault(self.schema, {})
        key = (parent_type.name, name)
        try:
            return plans[key]
        except KeyError:
            pass
        field_def = self.schema.get_field(parent_type, name)
        plan = plans[key] = NOT_LEAF if field_def is None else field_plan(field_def)
        return plan

    def _read_leaf(self, plan: LeafField, source: Any) -> Any:
        """Return the field's coerced value, or Undefined for the usual path."""
        try:
            value = plan.read(source, plan.attribute)
        except Exception:
            return Undefined
        if type(value) is plan.output_type:
            return value if plan.outputs is None else plan.outputs[value]
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

    def _complete_object(
        self,
        plan: ObjectField,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        """Return the field's completed object, or Undefined for the usual path.

        The object's own fields run as they do after graphql-core's resolver
        call and type check, and their errors are handled as there.
        """
        value = getattr(source, plan.attribute, NOT_LOADED)
        if value is None:
            return Undefined if plan.non_null else None
        if type(value) is not plan.origin:
            # NOT_LOADED, an awaitable, an exception or another type.
            return Undefined
        try:
            completed = self.collect_and_execute_subfields(
                plan.type, field_details_list, path, value, position_context
            )
        except Exception as error:
            self.handle_field_error(error, plan.type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._await_object(completed, plan, field_details_list, path)
        return completed

    async def _await_object(
        self, completed: Any, plan: ObjectField, field_details_list: Any, path: Any
    ) -> Any:
        try:
            return await completed
        except Exception as error:
            self.handle_field_error(error, plan.type, field_details_list, path)
            return None

    def build_per_event_executor(self, payload: Any) -> Any:
        executor = super().build_per_event_executor(payload)
        # TODO: drop this override once graphql-core stops sharing the cache.
        executor._relevant_sub_fields = {}
        return executor


def _merged(
    grouped_field_set: Any, leaves: dict[str, Any], others: dict[str, Any]
) -> dict[str, Any]:
    """Return the results of both parts in the order of the selection."""
    if not leaves:
        return others
    merged = {}
    for response_name in grouped_field_set:
        if response_name in leaves:
            merged[response_name] = leaves[response_name]
        elif response_name in others:
            merged[response_name] = others[response_name]
    return merged
