"""Limits on the size and cost of a GraphQL document, checked before execution.

`RequestLimits` enforces, for every query, mutation and subscription:

- tokens: the parser stops after `max_tokens` lexical tokens;
- depth: fields nested in fields, counted through fragments (`{ me { id } }` is 1;
  introspection fields and their selections are not counted);
- aliases: every alias, counted each time its fragment is spread;
- page items: the sum of the page sizes (`first`, or the default page size) of all
  paginated fields, a nested page counted once per item of its enclosing page;
- introspection: `__schema` and `__type` are rejected when switched off;
- text: strings must not contain NUL or an unpaired surrogate, which PostgreSQL
  and the database drivers reject.

The meter runs before graphql-core validates the document. It measures each
fragment once and reuses the result at every spread, so its time is linear in the
size of the document. Strawberry's QueryDepthLimiter and MaxAliasesLimiter (0.341)
walk a fragment again at every spread: their time doubles with each fragment that
spreads the next one twice, and QueryDepthLimiter raises KeyError on an unknown
fragment. Unknown fragments and fragment cycles count as empty here, and
validation then rejects them.
"""

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from graphql.language import Lexer, Source, TokenKind
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from steward.config import Settings
from steward.errors import LimitExceeded, StewardError, ValidationFailed

PAGE_SIZE_ARGUMENT = "first"
UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")


@dataclasses.dataclass(frozen=True)
class Cost:
    """Depth, aliases and page items of a field or selection set."""

    depth: int = 0
    aliases: int = 0
    page_items: int = 0

    def beside(self, other: "Cost") -> "Cost":
        """Combine the costs of two selections of one selection set."""
        return Cost(
            depth=max(self.depth, other.depth),
            aliases=self.aliases + other.aliases,
            page_items=self.page_items + other.page_items,
        )


def _spread_names(selection_set: SelectionSetNode) -> Iterator[str]:
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif selection.selection_set is not None:
                pending.append(selection.selection_set)


class DocumentMeter:
    """Measure the cost of the operations of one document.

    Page sizes are clamped to 0..`max_page_size`, because the resolvers reject
    other values themselves. The recursion follows the nesting of selections,
    which graphql-core's parser limits to 200 levels.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        settings: Settings,
    ) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.settings = settings
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._fragment_costs: dict[str, Cost] = {}
        self._variable_defaults: dict[str, Any] = {}

    def measure(self, operation: OperationDefinitionNode) -> Cost:
        # Variable defaults differ between operations, and so may fragment costs.
        self._fragment_costs = {}
        self._variable_defaults = {
            definition.variable.name.value: int(definition.default_value.value)
            for definition in operation.variable_definitions or ()
            if isinstance(definition.default_value, IntValueNode)
        }
        self._measure_fragments(operation.selection_set)
        root = self.schema.get_root_type(operation.operation)
        return self._selections(operation.selection_set, root)

    def _measure_fragments(self, selection_set: SelectionSetNode) -> None:
        """Measure the fragments that `selection_set` reaches, dependencies first.

        An explicit stack keeps long chains of fragments off the Python stack.
        A spread that closes a cycle finds no cost yet and counts as empty.
        """
        pending: list[tuple[str, bool]] = [
            (name, False) for name in _spread_names(selection_set)
        ]
        started: set[str] = set()
        while pending:
            name, finished = pending.pop()
            fragment = self.fragments.get(name)
            if name in self._fragment_costs or fragment is None:
                continue
            if finished:
                fragment_type = self._named_type(fragment.type_condition)
                self._fragment_costs[name] = self._selections(
                    fragment.selection_set, fragment_type
                )
            elif name not in started:
                started.add(name)
                pending.append((name, True))
                pending += [
                    (spread, False) for spread in _spread_names(fragment.selection_set)
                ]

    def _named_type(self, node: NamedTypeNode | None) -> GraphQLNamedType | None:
        return self.schema.get_type(node.name.value) if node is not None else None

    def _selections(
        self, selection_set: SelectionSetNode, parent_type: GraphQLNamedType | None
    ) -> Cost:
        total = Cost()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost = self._field(selection, parent_type)
            elif isinstance(selection, InlineFragmentNode):
                fragment_type = self._named_type(selection.type_condition)
                cost = self._selections(
                    selection.selection_set, fragment_type or parent_type
                )
            else:
                cost = self._fragment_costs.get(selection.name.value, Cost())
            total = total.beside(cost)
        return total

    def _field(self, node: FieldNode, parent_type: GraphQLNamedType | None) -> Cost:
        name = node.name.value
        definition = (getattr(parent_type, "fields", None) or {}).get(name)
        inner = Cost()
        if node.selection_set is not None:
            child_type = get_named_type(definition.type) if definition else None
            inner = self._selections(node.selection_set, child_type)

        # As in QueryDepthLimiter, introspection fields and what they select add
        # no depth: graphql-core's introspection query nests 13 fields in them.
        depth = inner.depth + 1 if node.selection_set is not None else 0
        if name.startswith("__"):
            depth = 0
        aliases = inner.aliases + (1 if node.alias is not None else 0)
        page_items = inner.page_items
        if definition is not None and PAGE_SIZE_ARGUMENT in definition.args:
            size = self._page_size(node)
            page_items = size + size * inner.page_items
        return Cost(depth=depth, aliases=aliases, page_items=page_items)

    def _page_size(self, node: FieldNode) -> int:
        value: Any = None
        for argument in node.arguments or ():
            if argument.name.value != PAGE_SIZE_ARGUMENT:
                continue
            if isinstance(argument.value, VariableNode):
                name = argument.value.name.value
                value = self.variables.get(name, self._variable_defaults.get(name))
            elif isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
        if value is None:
            return self.settings.default_page_size
        if type(value) is not int:
            # Coercing the variable fails later with a message naming it.
            return 0
        return min(max(value, 0), self.settings.max_page_size)


MESSAGES = {
    "queryDepth": "nests fields {value} deep, more than the maximum depth of "
    "{maximum}; split it into smaller operations.",
    "aliases": "has {value} aliases (counted at every fragment spread), more than "
    "the maximum of {maximum}; split it into smaller operations.",
    "pageItems": "requests up to {value} items in pages ('first' summed over all "
    "lists), more than the maximum of {maximum}; request smaller pages.",
}


def cost_errors(
    meter: DocumentMeter, document: DocumentNode, settings: Settings
) -> list[LimitExceeded]:
    """Return an error for each limit that an operation of `document` exceeds."""
    errors = []
    for operation in document.definitions:
        if not isinstance(operation, OperationDefinitionNode):
            continue
        cost = meter.measure(operation)
        subject = (
            f"Operation '{operation.name.value}'" if operation.name else "The operation"
        )
        checks = {
            "queryDepth": (cost.depth, settings.max_query_depth),
            "aliases": (cost.aliases, settings.max_aliases),
            "pageItems": (cost.page_items, settings.max_page_items),
        }
        for limit, (value, maximum) in checks.items():
            if value > maximum:
                message = MESSAGES[limit].format(value=value, maximum=maximum)
                errors.append(
                    LimitExceeded(
                        f"{subject} {message}",
                        limit=limit,
                        value=value,
                        maximum=maximum,
                    )
                )
    return errors


def count_tokens(query: str, stop_after: int) -> int:
    """Count the lexical tokens of `query` as the parser does, up to `stop_after`."""
    lexer = Lexer(Source(query))
    count = 0
    try:
        while count < stop_after and lexer.advance().kind != TokenKind.EOF:
            count += 1
    except GraphQLSyntaxError:
        pass
    return count


class _StringLiterals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.unstorable = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if UNSTORABLE_TEXT.search(node.value):
            self.unstorable = True


def _unstorable_variable(variables: dict[str, Any]) -> str | None:
    """Return the name of a variable with unstorable text anywhere in its value."""
    for name, value in variables.items():
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, str) and UNSTORABLE_TEXT.search(item):
                return name
            if isinstance(item, dict):
                pending += item.values()
            elif isinstance(item, list):
                pending += item
    return None


def text_errors(
    query: str, document: DocumentNode, variables: dict[str, Any] | None
) -> list[ValidationFailed]:
    """Return an error when a string of the request cannot be stored as text."""
    fix = "contains a NUL character or an unpaired surrogate; remove it."
    name = _unstorable_variable(variables or {})
    if name is not None:
        return [ValidationFailed(f"Variable '${name}' {fix}", field=name)]
    # Only an escape sequence puts NUL into a string literal of a document.
    if "\\u" in query:
        literals = _StringLiterals()
        visit(document, literals)
        if literals.unstorable:
            return [ValidationFailed(f"A string of the document {fix}")]
    return []


def operation_errors(
    document: DocumentNode, operation_name: str | None
) -> list[StewardError]:
    """Reject a document of several operations that does not name the one to run.

    Strawberry would run the first one, but the GraphQL spec requires an error.
    """
    if operation_name is not None:
        return []
    operations = sum(
        isinstance(definition, OperationDefinitionNode)
        for definition in document.definitions
    )
    if operations < 2:
        return []
    return [
        ValidationFailed(
            f"The document has {operations} operations; name the one to run in "
            "'operationName'.",
            field="operationName",
        )
    ]


class RequestLimits(SchemaExtension):
    """Apply the limits and text checks; see the module docstring."""

    @property
    def settings(self) -> Settings:
        return self.execution_context.context.services.settings

    def on_operation(self) -> Iterator[None]:
        options = self.execution_context.parse_options
        options["max_lexical_tokens"] = self.settings.max_tokens
        yield

    def on_parse(self) -> Iterator[None]:
        yield
        context = self.execution_context
        maximum = self.settings.max_tokens
        for error in context.pre_execution_errors or ():
            syntax = isinstance(error, GraphQLSyntaxError)
            if syntax and count_tokens(context.query or "", maximum + 1) > maximum:
                # The parser's own message for this carries no error code.
                error.message = (
                    f"The document has more than the maximum of {maximum} tokens; "
                    "send long lists as variables or split the document."
                )
                error.extensions = LimitExceeded(
                    error.message, limit="tokens", maximum=maximum
                ).extensions

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if not self.settings.introspection:
            context.validation_rules = (
                *context.validation_rules,
                NoSchemaIntrospectionCustomRule,
            )
        if context.graphql_document is not None:
            meter = DocumentMeter(
                context.schema._schema,
                context.graphql_document,
                context.variables,
                self.settings,
            )
            # The public `operation_name` falls back to the first operation's name.
            provided_name = context._provided_operation_name
            errors: list[StewardError] = [
                *operation_errors(context.graphql_document, provided_name),
                *cost_errors(meter, context.graphql_document, self.settings),
                *text_errors(
                    context.query or "", context.graphql_document, context.variables
                ),
            ]
            if errors:
                # Strawberry and schema.caches.ValidationCache skip validation
                # when errors are already set.
                context.pre_execution_errors = [
                    GraphQLError(error.message, original_error=error)
                    for error in errors
                ]
        yield
