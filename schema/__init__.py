"""The GraphQL schema: types, inputs and the schema object."""

from schema.root import schema

__all__ = ["schema"]
