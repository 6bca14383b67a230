"""The execution context of the schema, with a fix for long subscriptions."""

from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with a fresh subfield cache for each event.

    graphql-core 3.3.2 runs each subscription event on a shallow copy of the
    subscription's executor. The copies share one `_relevant_sub_fields` cache,
    which is keyed by the identity of each event's own field lists. So a
    subscription grew by about 0.6 KiB per event for as long as it lasted, and
    under bench/load_test.py the API's RSS rose by over 1 MiB/s.
    """

    def build_per_event_executor(self, payload: Any) -> Any:
        executor = super().build_per_event_executor(payload)
        # TODO: drop this override once graphql-core stops sharing the cache.
        executor._relevant_sub_fields = {}
        return executor
