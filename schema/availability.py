"""Turning errors of an unreachable database into UNAVAILABLE errors for clients."""

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from steward.availability import database_unavailable


def _client_error(error: GraphQLError) -> GraphQLError:
    if error.original_error is None:
        return error
    unavailable = database_unavailable(error.original_error)
    if unavailable is None:
        return error
    return GraphQLError(
        unavailable.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=unavailable,
        extensions=unavailable.extensions,
    )


class DatabaseAvailability(SchemaExtension):
    """Replace errors of an unreachable database with `Unavailable`.

    It must come after the error masking in the schema's extensions, because
    Strawberry runs the end of `on_operation` in reverse order, and the masking
    would otherwise hide these errors as internal ones.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [_client_error(error) for error in errors]
