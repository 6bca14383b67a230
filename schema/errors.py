"""Masking of unexpected errors: only product errors and GraphQL's own reach clients.

Every error leaves with `extensions.code`: the product errors carry theirs,
masked errors get INTERNAL, syntax errors GRAPHQL_PARSE_FAILED, and the other
errors of graphql-core (validation, variable coercion) GRAPHQL_VALIDATION_FAILED.
"""

import logging
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from steward.errors import StewardError

logger = logging.getLogger(__name__)

MASKED_MESSAGE = "Internal error; the service logged the details."


def should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, StewardError | GraphQLError):
        return False
    logger.error(
        "unexpected error at %s",
        error.path,
        exc_info=(type(original), original, original.__traceback__),
    )
    return True


def graphql_code(error: GraphQLError) -> str:
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


class StewardMaskErrors(MaskErrors):
    """MaskErrors that also gives every error an `extensions.code`."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": StewardError.code}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            if "code" not in (error.extensions or {}):
                error.extensions = {
                    **(error.extensions or {}),
                    "code": graphql_code(error),
                }
        return processed

    def _process_result(self, result: object) -> None:
        # Strawberry 0.341 tests `result` against a runtime-checkable Protocol,
        # about 10 µs per result on Python 3.11. An attribute lookup is the same
        # test at a fraction of the cost, which counts once per subscription event.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]


def error_masking() -> MaskErrors:
    return StewardMaskErrors(
        should_mask_error=should_mask, error_message=MASKED_MESSAGE
    )


class SubscriptionOverHTTP(InvalidOperationTypeError):
    """A subscription sent in an HTTP request; subscriptions need a websocket."""

    def __init__(self) -> None:
        super().__init__(OperationType.SUBSCRIPTION)

    def as_http_error_reason(self, method: str) -> str:
        return (
            f"Subscriptions are not served over HTTP {method}; open a websocket to "
            "/graphql with the graphql-transport-ws protocol."
        )


class StewardSchema(strawberry.Schema):
    """The schema, logging client errors at debug level and without the document.

    It runs subscriptions only through `subscribe`, which serves websockets.
    Strawberry's `execute` would run a subscription sent over HTTP as if it
    were a query, and fail on the generator its field returns.

    Strawberry logs every error at error level with the lines of the document
    around it, which can contain a password written into a `login` call.
    Unexpected errors are logged with their traceback by `should_mask`, and only
    product messages, which never contain input secrets, are logged here.
    """

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Run a query or mutation; raise SubscriptionOverHTTP for a subscription."""
        allowed = {OperationType.QUERY, OperationType.MUTATION}
        if allowed_operation_types is not None:
            allowed.intersection_update(allowed_operation_types)
        try:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed,
                operation_extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is not OperationType.SUBSCRIPTION:
                raise
            raise SubscriptionOverHTTP() from None

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        for error in errors:
            original = error.original_error
            if isinstance(original, StewardError):
                logger.debug("%s at %s: %s", original.code, error.path, original)
            else:
                logger.debug("GraphQL error at %s", error.path)
