"""Checks of the field values of persons, companies and deals.

The GraphQL mutations and the CSV importer both run these checks, so a value that
one rejects the other rejects too. Each check raises ValidationFailed naming the
field, so that no value reaches the database that it would reject, or store
differently from what the caller sent. The caller passes `label`, which maps a
model field such as "close_date" to the name its input uses: "closeDate" in
GraphQL, a column name in a CSV file.
"""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from tortoise import fields

from models import Deal
from models.records import RecordModel
from steward.clock import utcnow
from steward.errors import ValidationFailed
from steward.name_characters import check_name_characters

FieldLabel = Callable[[str], str]

# The accepted years of establishment run from this year to next year, because a
# company may be entered shortly before it is founded.
MIN_YEAR_ESTABLISHED = 1000

# The dates that deals and activities accept. A date outside them is a typing
# mistake, such as 20016 for 2016, or a placeholder such as 9999-12-31 for "never".
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)

# A syntactic check only: a local part and a dotted domain, without spaces or a
# second '@'. It does not try to accept exactly what RFC 5322 allows.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def _column(model: type[RecordModel], field: str) -> fields.Field:
    return model._meta.fields_map[field]


def check_name(model: type[RecordModel], name: str | None, label: FieldLabel) -> str:
    """Return the stripped name; raise when it is null, empty, too long or hidden.

    A hidden name contains a character that steward.name_characters rejects.
    """
    field = label("name")
    if name is None:
        raise ValidationFailed(f"'{field}' must not be null.", field=field)
    name = name.strip()
    if not name:
        raise ValidationFailed(f"'{field}' must not be empty.", field=field)
    max_length = _column(model, "name").max_length
    if len(name) > max_length:
        raise ValidationFailed(
            f"'{field}' is longer than {max_length} characters.", field=field
        )
    check_name_characters(name, field)
    return name


def check_text(
    model: type[RecordModel], field: str, value: str | None, label: FieldLabel
) -> str | None:
    """Return the stripped text, None for empty text."""
    if value is None:
        return None
    value = value.strip()
    max_length = _column(model, field).max_length
    if len(value) > max_length:
        name = label(field)
        raise ValidationFailed(
            f"'{name}' is longer than {max_length} characters.", field=name
        )
    return value or None


def _check_decimal(name: str, value: Decimal, column: fields.DecimalField) -> None:
    """Reject what the column cannot store exactly: too many digits or places."""
    integer_digits = column.max_digits - column.decimal_places
    if value.adjusted() >= integer_digits:
        raise ValidationFailed(
            f"'{name}' must be below {10**integer_digits}, got {value}.", field=name
        )
    if value != value.quantize(Decimal(1).scaleb(-column.decimal_places)):
        raise ValidationFailed(
            f"'{name}' has more than {column.decimal_places} decimal places, "
            f"got {value}.",
            field=name,
        )


def check_number(
    model: type[RecordModel],
    field: str,
    value: int | Decimal | None,
    label: FieldLabel,
) -> int | Decimal | None:
    """Return the number; raise when it is negative, not finite or does not fit."""
    if value is None:
        return None
    name = label(field)
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationFailed(
            f"'{name}' must be a finite number, got {value}.", field=name
        )
    if value < 0:
        raise ValidationFailed(
            f"'{name}' must not be negative, got {value}.", field=name
        )
    column = _column(model, field)
    if isinstance(column, fields.DecimalField):
        _check_decimal(name, Decimal(value), column)
    return value


def check_year_established(year: int | None, label: FieldLabel) -> int | None:
    if year is None:
        return None
    latest = utcnow().year + 1
    if not MIN_YEAR_ESTABLISHED <= year <= latest:
        name = label("year_established")
        raise ValidationFailed(
            f"'{name}' must be between {MIN_YEAR_ESTABLISHED} and {latest}, "
            f"got {year}.",
            field=name,
        )
    return year


def check_date(field: str, value: date | None, label: FieldLabel) -> date | None:
    """Return the date; raise when it is before EARLIEST_DATE or after LATEST_DATE."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        name = label(field)
        raise ValidationFailed(
            f"'{name}' {value} is out of range; give a date from {EARLIEST_DATE} "
            f"to {LATEST_DATE}.",
            field=name,
        )
    return value


def check_email(email: str | None, label: FieldLabel) -> str | None:
    if email is not None and not EMAIL_PATTERN.fullmatch(email):
        name = label("email")
        raise ValidationFailed(
            f"'{name}' is not a valid email address, got {email!r}; give an "
            "address like name@example.com, or leave it empty.",
            field=name,
        )
    return email


def _deal_field(values: dict, deal: Deal | None, field: str) -> Any:
    """Return a deal field as it is after the change: the new value, else the stored."""
    if field in values:
        return values[field]
    return getattr(deal, field) if deal is not None else None


def check_deal(values: dict, deal: Deal | None, label: FieldLabel) -> None:
    """Reject a change that leaves a deal's stage, value or dates inconsistent.

    `deal` is the stored deal of an update and None for a create. Each rule is
    checked only when the change sets one of its fields, so that an edit of other
    fields does not fail on a rule that a deal stored before the rule breaks.
    """
    stage = _deal_field(values, deal, "stage")
    value = _deal_field(values, deal, "value")
    if ("stage" in values or "value" in values) and stage.is_open and value is not None:
        name = label("value")
        raise ValidationFailed(
            f"'{name}' must be null while the deal is open, but the stage is "
            f"{stage.name} and the value {value}; set the stage to WON or LOST, "
            f"or clear '{name}'.",
            field=name,
        )

    if "engage_date" not in values and "close_date" not in values:
        return
    engage_date = _deal_field(values, deal, "engage_date")
    close_date = _deal_field(values, deal, "close_date")
    if engage_date is not None and close_date is not None and close_date < engage_date:
        close_name = label("close_date")
        engage_name = label("engage_date")
        raise ValidationFailed(
            f"'{close_name}' {close_date} is before '{engage_name}' {engage_date}; "
            "a deal closes on or after the day it was engaged.",
            field=close_name if "close_date" in values else engage_name,
        )
