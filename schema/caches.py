"""Caches of parsed and validated documents, shared by the requests of a process.

Both wrap Strawberry's ParserCache and ValidationCache (0.341), whose LRU caches
live at module level and are shared by every request. The request limits of
schema/limits.py still run on every request, cached document or not:

- The token limit is a parse option, so it is part of the parse cache's key, and
  a document over it fails to parse and is never cached.
- The cost limits and text checks depend on the variables, so `RequestLimits`
  measures the document on every request before validation. `ValidationCache`
  must come after `RequestLimits` in the schema's extensions, because it skips
  a document that the limits rejected and its key includes the introspection rule
  that `RequestLimits` adds.
"""

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import ParserCache as StrawberryParserCache
from strawberry.extensions import ValidationCache as StrawberryValidationCache

# Documents kept by each cache. Clients send a few fixed documents with variables.
CACHE_SIZE = 64
# Longer documents are parsed and validated on every request. graphql-core 3.3.2
# takes up to about 165 bytes per character for a parsed document (measured with
# tracemalloc on dense selections), so each cache keeps at most about 21 MB.
MAX_CACHED_LENGTH = 2_000


def _cacheable(query: str | None) -> bool:
    return query is not None and len(query) <= MAX_CACHED_LENGTH


class ParserCache(StrawberryParserCache):
    """Strawberry's ParserCache, leaving documents that fail to parse to Strawberry.

    Strawberry's own hook lets the syntax error escape from `on_parse`, so the
    other extensions never see it: the response would lose its `extensions.code`
    and `RequestLimits` could not turn the parser's token error into a
    LIMIT_EXCEEDED one. Here Strawberry parses such a document again and reports
    the error as it does without a cache.
    """

    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if not _cacheable(context.query):
            yield
            return
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except GraphQLError:
            # lru_cache stores no exceptions, so only valid documents are cached.
            pass
        yield


class ValidationCache(StrawberryValidationCache):
    """Strawberry's ValidationCache, skipping documents that already have errors."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors or not _cacheable(context.query):
            # RequestLimits rejected the document before validation, which may be
            # expensive for a document over the limits, or the document is too
            # long to keep. Strawberry validates it unless it has errors.
            yield
            return
        errors = self.cached_validate_document(
            context.schema._schema,
            context.graphql_document,
            context.validation_rules,
        )
        # A copy, so that no request changes the cached list.
        context.pre_execution_errors = list(errors)
        yield
