"""Write the GraphQL schema in SDL to schema.graphql at the repository root.

Clients read the published file, and tests/test_schema_sdl.py fails when it
differs from the schema the code builds. Run `make schema` after changing a
type, field or operation, and commit the result.
"""

from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def render_sdl() -> str:
    """Return the SDL of the schema that the API serves."""
    from schema import schema

    return schema.as_str() + "\n"


def main() -> None:
    SCHEMA_FILE.write_text(render_sdl())
    print(f"wrote {SCHEMA_FILE}")


if __name__ == "__main__":
    main()
