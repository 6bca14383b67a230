"""The published schema.graphql matches the schema the code builds."""

import difflib
import runpy
from pathlib import Path

EXPORT_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "export_schema.py"


def test_published_sdl_is_current() -> None:
    export = runpy.run_path(str(EXPORT_SCRIPT))
    published_file: Path = export["SCHEMA_FILE"]
    expected = export["render_sdl"]()
    assert published_file.exists(), "schema.graphql is missing; run `make schema`."
    published = published_file.read_text()
    diff = "".join(
        difflib.unified_diff(
            published.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            "schema.graphql",
            "schema built by the code",
            n=1,
        )
    )
    assert published == expected, (
        f"schema.graphql differs from the code; run `make schema` and commit "
        f"schema.graphql.\n{diff[:4000]}"
    )


def test_sdl_keeps_contract_operations() -> None:
    export = runpy.run_path(str(EXPORT_SCRIPT))
    sdl = export["render_sdl"]()
    for operation in [
        "login(",
        "me:",
        "users(",
        "persons(",
        "companies(",
        "deals(",
        "node(",
        "createPerson(",
        "createCompany(",
        "createDeal(",
        "updatePerson(",
        "updateCompany(",
        "updateDeal(",
        "changeOwner(",
        "ownershipHistory(",
    ]:
        assert f"  {operation}" in sdl, f"operation {operation.rstrip('(:')} is gone"
