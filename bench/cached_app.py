"""The API with strawberry's document caches, measured by bench/deals_list.py.

The schema in schema/root.py has no ParserCache and no ValidationCache, so the API
parses and validates every request's document again. This factory adds both to
the schema before building the same app, to measure what they would save. Run it
as `uvicorn bench.cached_app:create_app --factory`.
"""

from starlette.applications import Starlette
from strawberry.extensions import ParserCache, ValidationCache

from schema import schema
from steward import app

# Documents kept per cache; the benchmark sends one.
CACHE_SIZE = 128


def create_app() -> Starlette:
    schema.extensions = (
        *schema.extensions,
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    )
    return app.create_app()
