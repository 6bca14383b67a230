"""Reading CSV files into rows whose values are parsed as they are read.

A file or header that cannot be used raises ValidationFailed. A value that cannot
be parsed raises RowError, which an importer turns into a SkippedRow with the
file, line and reason. The rules of record fields, such as ranges, are checked
by steward.field_checks.
"""

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from steward.errors import ValidationFailed


@dataclass(frozen=True)
class SkippedRow:
    """A CSV row left out of an import.

    `line` is the file line on which the row ends, counting the header as line 1.
    """

    file: str
    line: int
    reason: str


class RowError(Exception):
    """A value that keeps its row from loading; the message is the reason."""


@dataclass(frozen=True)
class CsvRow:
    file: str
    line: int
    values: dict[str, str]

    def text(self, column: str, max_length: int | None = None) -> str | None:
        """Return the value, None when it is empty.

        Record fields leave out `max_length`, because steward.field_checks checks
        their length against the model.
        """
        value = self.values[column]
        if not value:
            return None
        if max_length is not None and len(value) > max_length:
            raise RowError(f"{column} is longer than {max_length} characters")
        return value

    def required(self, column: str, max_length: int | None = None) -> str:
        value = self.text(column, max_length)
        if value is None:
            raise RowError(f"{column} is empty")
        return value

    def integer(self, column: str) -> int | None:
        value = self.values[column]
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise RowError(f"{column} {value!r} is not a whole number") from None

    def decimal(self, column: str) -> Decimal | None:
        """Parse the value as the GraphQL Decimal scalar does, without range checks."""
        value = self.values[column]
        if not value:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise RowError(f"{column} {value!r} is not a number") from None

    def date(self, column: str) -> date | None:
        """Parse the value as the GraphQL Date scalar does, without range checks.

        Both use `date.fromisoformat`, which on Python 3.11 also reads ISO 8601
        forms such as 20161020.
        """
        value = self.values[column]
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise RowError(
                f"{column} {value!r} is not an ISO 8601 date such as 2016-10-20"
            ) from None


def read_csv(
    folder: Path, file: str, columns: tuple[str, ...], skipped: list[SkippedRow]
) -> list[CsvRow]:
    """Read `folder/file`, checking that its header names every one of `columns`.

    Blank lines are left out, and a row with more or fewer fields than the header,
    or with a NUL character, goes to `skipped`. Values are stripped of surrounding
    whitespace.
    """
    path = folder / file
    if not path.is_file():
        raise ValidationFailed(f"{path} is missing; add it to the folder {folder}.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = [name.strip() for name in next(reader, [])]
            missing = [column for column in columns if column not in header]
            if missing:
                raise ValidationFailed(
                    f"{path} has no column {missing[0]!r}; its header must name "
                    f"{', '.join(columns)}."
                )
            rows = []
            for fields in reader:
                if not any(value.strip() for value in fields):
                    continue
                if len(fields) != len(header):
                    reason = f"has {len(fields)} fields, the header {len(header)}"
                    skipped.append(SkippedRow(file, reader.line_num, reason))
                    continue
                if any("\x00" in value for value in fields):
                    # PostgreSQL cannot store NUL in text, and the API refuses it.
                    reason = "contains a NUL character; remove it"
                    skipped.append(SkippedRow(file, reader.line_num, reason))
                    continue
                values = dict(zip(header, (v.strip() for v in fields), strict=True))
                rows.append(CsvRow(file, reader.line_num, values))
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path} is not UTF-8 text.") from None
    except csv.Error as error:
        raise ValidationFailed(f"{path} is not valid CSV: {error}.") from None
    return rows
