"""The characters that names of records and object roles must not contain.

Names appear in lists, error messages, logs and notifications, and two records
whose names look alike are easy to confuse. So a name must not contain
characters that are invisible, break the line, or reorder the text around them:

- control characters (category Cc), such as a newline, a tab or ESC, which
  starts a terminal escape sequence;
- line and paragraph separators (categories Zl and Zp, U+2028 and U+2029);
- format characters (category Cf): the bidirectional embeddings, overrides and
  isolates (U+202A..U+202E, U+2066..U+2069) and marks (U+200E, U+200F, U+061C),
  the zero-width space, joiners and word joiner (U+200B..U+200D, U+2060), the
  byte order mark (U+FEFF), the soft hyphen (U+00AD) and the tag characters.

Rejecting all of Cf also rejects two uses of it in real names. The soft hyphen
is rejected because "Beta\\u00adtech" displays as "Betatech". Emoji ZWJ
sequences, such as the family emoji, are rejected because a joiner between two
characters that do not join displays as nothing, so "A\\u200dB" looks like
"AB". The exceptions are the CONTEXTJ rules of RFC 5892 (IDNA), appendix A.1
and A.2, which the `idna` package implements: a zero-width joiner or non-joiner
right after a virama, where it selects the form of an Indic conjunct, and a
non-joiner between letters that would otherwise join, as Persian spelling uses
it ("\\u0645\\u06cc\\u200c\\u062e\\u0648\\u0627\\u0647\\u0645").
"""

import unicodedata

from idna.core import valid_contextj

from steward.errors import ValidationFailed

JOINERS = frozenset(["\u200c", "\u200d"])
REJECTED_CATEGORIES = frozenset(["Cc", "Cf", "Zl", "Zp"])


def find_hidden_character(name: str) -> str | None:
    """Return the first character of `name` that a name must not contain, or None."""
    for index, character in enumerate(name):
        if unicodedata.category(character) not in REJECTED_CATEGORIES:
            continue
        if character in JOINERS and valid_contextj(name, index):
            continue
        return character
    return None


def check_name_characters(name: str, field: str) -> None:
    """Raise ValidationFailed naming `field` when `name` contains a hidden character."""
    character = find_hidden_character(name)
    if character is None:
        return
    code = f"U+{ord(character):04X}"
    character_name = unicodedata.name(character, "")
    if character_name:
        code = f"{code} {character_name}"
    raise ValidationFailed(
        f"'{field}' contains {code}, an invisible, control or formatting "
        "character; remove it.",
        field=field,
    )
