"""Rules for object role names: the characters they may contain, one name per role.

Error messages name object roles by their name. So two roles of an account must
not share a name (compared by `fold_role_name`), and a name must not contain
characters that hide or reorder the text around it.
"""

from collections.abc import Iterable

from models.ownership import ObjectRole, fold_role_name
from steward.errors import ValidationFailed
from steward.name_characters import check_name_characters

MAX_NAME_LENGTH: int = ObjectRole._meta.fields_map["name"].max_length


def check_role_name(name: str) -> str:
    """Return the name stripped of surrounding spaces; raise when it is invalid."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ValidationFailed(
            f"'name' must have 1 to {MAX_NAME_LENGTH} characters.", field="name"
        )
    check_name_characters(name, "name")
    return name


def renamed_duplicates(roles: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Give new names to the roles of one account whose names fold alike.

    `roles` contains (id, name) pairs, the role that keeps its name first. Each later
    role with the same folded name gets the first free name of "Name (2)",
    "Name (3)" and so on. Returns the new name of each renamed role by id.
    """
    roles = list(roles)
    # Folded names of the roles before and after renaming, which a new name avoids.
    taken = {fold_role_name(name) for _, name in roles}
    final: set[str] = set()
    renamed = {}
    for role_id, name in roles:
        folded = fold_role_name(name)
        if folded not in final:
            final.add(folded)
            continue
        number = 2
        while True:
            suffix = f" ({number})"
            candidate = name.strip()[: MAX_NAME_LENGTH - len(suffix)] + suffix
            if fold_role_name(candidate) not in taken:
                break
            number += 1
        taken.add(fold_role_name(candidate))
        final.add(fold_role_name(candidate))
        renamed[role_id] = candidate
    return renamed
