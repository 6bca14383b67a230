"""Moving one account's policy as Casbin's CSV policy format.

An exported file contains `p, role:<name>, account:<id>, <record type>, <object role>,
<action>` lines and `g, user:<id>, role:<name>, account:<id>` lines; blank lines and
lines starting with `#` are skipped on import, and so is a UTF-8 byte order mark at
the start of the file. An import writes every line into the target account whatever
domain the file names, and replaces that account's whole policy in one transaction,
but only after every line passed validation: a file with any invalid line changes
nothing.
"""

import asyncio
import csv
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from tortoise.transactions import in_transaction

from models import Account, PolicyChangeKind, User, UserRole
from policy.actions import ANY, PLUGIN_PREFIX, domain_of
from policy.engine import PolicyEngine
from policy.history import record_change
from policy.lockout import quoted_actions, unheld_actions
from policy.snapshot import PolicyLine
from policy.validation import (
    ObjectRoleTypes,
    check_object_role,
    check_plugin,
    check_record_type,
    check_role_name,
    check_scope,
    object_role_types,
    parse_action,
    record_type_value,
)
from steward.errors import NotFound, ValidationFailed, counted

logger = logging.getLogger(__name__)

COLUMNS = {"p": 6, "g": 4}
DOMAIN_PATTERN = re.compile(r"^account:\d+$")
USER_PATTERN = re.compile(r"^user:(\d+)$")
MAX_ERRORS_LISTED = 20


def format_lines(lines: list[PolicyLine]) -> str:
    """Return lines in Casbin's CSV format, `p` lines first, one per text line."""
    ordered = sorted(lines, key=lambda line: (line[0] != "p", line))
    return "".join(", ".join(line) + "\n" for line in ordered)


async def export_policy(policy: PolicyEngine, account_id: int) -> str:
    """Return the stored policy of one account in Casbin's CSV format."""
    return format_lines(await policy.adapter.load_lines(account_id))


@dataclass
class ImportTarget:
    """The names of the target account that each line of the file is checked against."""

    account_id: int
    object_roles: ObjectRoleTypes
    user_ids: set[int]
    active_user_ids: set[int]
    user_roles: set[str]
    # User roles that the file's 'p' lines grant to, also from lines with errors.
    granted_roles: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    account_id: int
    lines: int
    defined_roles: list[str]
    # False when the file contains the stored policy, so nothing was written.
    changed: bool


def _parse_p(values: list[str], target: ImportTarget) -> PolicyLine:
    _, subject, _, record_type, object_role, action = values
    if not subject.startswith("role:"):
        raise ValidationFailed(
            f"subject {subject!r} is not a user role; write 'role:<name>'."
        )
    target.granted_roles.add(check_role_name(subject.removeprefix("role:")))
    # Any letter case, as the API accepts it. An export writes "deal".
    record_type = check_record_type(record_type_value(record_type))
    check_object_role(object_role, record_type, target.object_roles)
    if action.startswith(PLUGIN_PREFIX):
        plugin = action.removeprefix(PLUGIN_PREFIX)
        check_plugin(plugin)
        if (record_type, object_role) != (ANY, ANY):
            raise ValidationFailed(
                f"Plugin {plugin!r} is enabled for a whole user role; use '*' "
                "for record type and object role."
            )
    else:
        check_scope(parse_action(action), record_type, object_role)
    domain = domain_of(target.account_id)
    return ("p", subject, domain, record_type, object_role, action)


def _parse_g(values: list[str], target: ImportTarget) -> PolicyLine:
    _, user, role, _ = values
    match = USER_PATTERN.match(user)
    if match is None:
        raise ValidationFailed(f"user {user!r} is invalid; write 'user:<id>'.")
    if int(match.group(1)) not in target.user_ids:
        raise ValidationFailed(f"user {user!r} is not a user of the target account.")
    if not role.startswith("role:"):
        raise ValidationFailed(f"role {role!r} is invalid; write 'role:<name>'.")
    check_role_name(role.removeprefix("role:"))
    return ("g", user, role, domain_of(target.account_id))


def _parse_line(raw: str, target: ImportTarget) -> PolicyLine:
    values = [value.strip() for value in next(csv.reader([raw]))]
    ptype = values[0]
    if ptype not in COLUMNS:
        raise ValidationFailed(
            f"unknown line type {ptype!r}; expected 'p' (grant) or 'g' (user role)."
        )
    if len(values) != COLUMNS[ptype]:
        raise ValidationFailed(
            f"a {ptype!r} line has {COLUMNS[ptype]} columns, this one has "
            f"{len(values)}."
        )
    if not DOMAIN_PATTERN.match(values[2 if ptype == "p" else 3]):
        raise ValidationFailed("the domain column is not 'account:<id>'.")
    if ptype == "p":
        return _parse_p(values, target)
    return _parse_g(values, target)


def parse_policy(text: str, target: ImportTarget) -> list[PolicyLine]:
    """Parse every line, collecting errors in `target.errors`."""
    lines: set[PolicyLine] = set()
    line_errors: list[tuple[int, str]] = []
    user_role_lines: list[tuple[int, str, PolicyLine]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            line = _parse_line(stripped, target)
        except (ValidationFailed, csv.Error) as error:
            message = getattr(error, "message", str(error))
            line_errors.append((number, f"{message} ({stripped!r})"))
            continue
        lines.add(line)
        if line[0] == "g":
            user_role_lines.append((number, stripped, line))

    # A 'g' line may come before the 'p' line that grants its role, so the roles
    # are checked once every 'p' line is read.
    line_errors.extend(_unknown_role_errors(user_role_lines, target))
    for number, message in sorted(line_errors):
        target.errors.append(f"line {number}: {message}")
    _check_account_actions_held(lines, target)
    return sorted(lines)


def _unknown_role_errors(
    user_role_lines: list[tuple[int, str, PolicyLine]], target: ImportTarget
) -> list[tuple[int, str]]:
    """Return an error for each 'g' line whose role is neither stored nor granted.

    As with setUserRoles, a user gets only a role that exists. The file's own 'p'
    lines define their roles, as defineUserRole and grantPermission would.
    """
    known = target.user_roles | target.granted_roles
    choices = ", ".join(sorted(known))
    errors = []
    for number, raw, line in user_role_lines:
        role = line[2].removeprefix("role:")
        if role in known:
            continue
        message = (
            f"Unknown user role {role!r}; use one of {choices}, or grant {line[2]!r} "
            f"a permission in a 'p' line of the file ({raw!r})"
        )
        errors.append((number, message))
    return errors


def _check_account_actions_held(lines: set[PolicyLine], target: ImportTarget) -> None:
    missing = unheld_actions(lines, target.active_user_ids)
    if missing:
        target.errors.append(
            f"no active user of the account would hold {quoted_actions(missing)}, and "
            "only a user with 'manage_policy' can grant a permission back; grant "
            "each of them to a role of an active user."
        )


async def load_target(account_id: int) -> ImportTarget:
    users = await User.filter(account_id=account_id).values_list("id", "deleted_at")
    roles = await UserRole.filter(account_id=account_id).values_list("name", flat=True)
    return ImportTarget(
        account_id=account_id,
        object_roles=await object_role_types(account_id),
        user_ids={user_id for user_id, _ in users},
        active_user_ids={user_id for user_id, deleted in users if deleted is None},
        user_roles=set(roles),
    )


async def import_policy(
    policy: PolicyEngine, account_id: int, text: str, actor_id: int | None = None
) -> ImportOutcome:
    """Validate the whole file, then replace the account's policy with it.

    User roles that the file's 'p' lines grant to and the account lacks are defined.
    A 'g' line naming any other role the account lacks is invalid. Raises
    ValidationFailed listing the invalid lines, having written nothing. A file that
    contains the stored policy writes nothing, not even a history entry.
    """
    target = await load_target(account_id)
    lines = parse_policy(text, target)
    if target.errors:
        listed = "; ".join(target.errors[:MAX_ERRORS_LISTED])
        raise ValidationFailed(
            f"The policy file has {counted(len(target.errors), 'error')} and nothing "
            "was "
            f"imported: {listed}",
            errors=target.errors[:MAX_ERRORS_LISTED],
        )

    async with in_transaction():
        defined = await _define_missing_roles(account_id, lines)
        before = await policy.adapter.load_lines(account_id)
        if not defined and sorted(set(before)) == lines:
            logger.info(
                "policy import into account %s changed nothing (%d lines)",
                account_id,
                len(lines),
            )
            return ImportOutcome(account_id, len(lines), defined, changed=False)
        await policy.adapter.replace_account_lines(account_id, lines)
        await record_change(
            account_id,
            actor_id,
            PolicyChangeKind.IMPORT,
            "policy",
            {"lines": format_lines(before).splitlines()},
            {"lines": format_lines(lines).splitlines()},
        )
    await policy.changed(account_id)
    logger.info(
        "imported %d policy lines into account %s, defining roles %s",
        len(lines),
        account_id,
        defined,
    )
    return ImportOutcome(account_id, len(lines), defined, changed=True)


async def _define_missing_roles(account_id: int, lines: list[PolicyLine]) -> list[str]:
    named = {line[1] if line[0] == "p" else line[2] for line in lines}
    existing = set(
        await UserRole.filter(account_id=account_id).values_list("name", flat=True)
    )
    missing = sorted(
        name.removeprefix("role:")
        for name in named
        if name.removeprefix("role:") not in existing
    )
    if missing:
        await UserRole.bulk_create(
            [UserRole(account_id=account_id, name=name) for name in missing]
        )
    return missing


async def account_by_slug(slug: str) -> Account:
    account = await Account.get_or_none(slug=slug)
    if account is None:
        raise NotFound(f"Account {slug!r} was not found; check the slug.")
    return account


async def export_to_file(policy: PolicyEngine, slug: str, path: Path) -> int:
    """Write the policy of the account with `slug` to `path`; return the line count."""
    account = await account_by_slug(slug)
    text = await export_policy(policy, account.id)
    try:
        await asyncio.to_thread(path.write_text, text, encoding="utf-8")
    except OSError as error:
        raise ValidationFailed(f"Writing {path} failed: {error.strerror}.") from None
    return text.count("\n")


async def import_from_file(
    policy: PolicyEngine, slug: str, path: Path
) -> ImportOutcome:
    """Replace the policy of the account with `slug` by the lines in `path`."""
    account = await account_by_slug(slug)
    try:
        # utf-8-sig drops the byte order mark that Excel and Notepad write first.
        text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ValidationFailed(f"Reading {path} failed: {reason}.") from None
    return await import_policy(policy, account.id, text)
