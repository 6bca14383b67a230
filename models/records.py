"""The CRM records that users own: persons, companies and deals."""

import unicodedata
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.name_keys import KeyedByName


class RecordType(StrEnum):
    PERSON = "person"
    COMPANY = "company"
    DEAL = "deal"


class DealStage(StrEnum):
    PROSPECTING = "Prospecting"
    ENGAGING = "Engaging"
    WON = "Won"
    LOST = "Lost"

    @property
    def is_open(self) -> bool:
        return self in (DealStage.PROSPECTING, DealStage.ENGAGING)


# One index per sort the lists offer, in the order a page reads: the account's
# rows by the sort column and then by id.
SORT_INDEXES = (
    ("account", "name", "id"),
    ("account", "created_at", "id"),
    ("account", "updated_at", "id"),
)


class RecordModel(Model):
    """Columns that every owned record has."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=200)
    created_by = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    account_id: int
    created_by_id: int | None
    record_type: RecordType

    class Meta:
        abstract = True


def company_name_key(name: str) -> str:
    """Return the key that two companies of one account must not share.

    Names that differ only in letter case (full Unicode case folding, so "STRASSE"
    matches "Straße"), in canonically equivalent Unicode forms, or in the length
    and kind of their whitespace runs have the same key. Compatibility forms, such
    as fullwidth letters, keep keys of their own.
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())
    return " ".join(folded.split())


class Company(KeyedByName, RecordModel):
    """A customer organisation; `parent` is the company it is a subsidiary of."""

    key_field = "name_key"
    fold_name = staticmethod(company_name_key)

    # company_name_key(name), which `save` and `bulk_create` set. Case folding
    # turns one character into at most three ("ﬃ" into "ffi"), hence three
    # times the name's length. It is NULL only on companies that the migration
    # adding this column found sharing a key with an older company of their
    # account, until their name changes.
    name_key = fields.CharField(max_length=600, null=True)
    sector = fields.CharField(max_length=100, null=True)
    year_established = fields.IntField(null=True)
    revenue = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    employees = fields.IntField(null=True)
    office_location = fields.CharField(max_length=100, null=True)
    parent = fields.ForeignKeyField(
        "models.Company",
        null=True,
        on_delete=fields.SET_NULL,
        related_name="subsidiaries",
    )

    parent_id: int | None
    record_type = RecordType.COMPANY

    class Meta:
        table = "company"
        # The (account, name) constraint is implied by (account, name_key), and
        # stays because SQLite cannot drop a constraint without copying the table.
        unique_together = (("account", "name"), ("account", "name_key"))
        indexes = SORT_INDEXES


class Person(RecordModel):
    """A contact, optionally working for a company."""

    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=50, null=True)
    title = fields.CharField(max_length=100, null=True)
    company = fields.ForeignKeyField(
        "models.Company", null=True, on_delete=fields.SET_NULL, related_name="persons"
    )

    company_id: int | None
    record_type = RecordType.PERSON

    class Meta:
        table = "person"
        indexes = (*SORT_INDEXES, ("account", "company"))


class Deal(RecordModel):
    """A sales opportunity; `value` is the closed value and is empty while open."""

    external_id = fields.CharField(max_length=64, null=True)
    product = fields.CharField(max_length=100, null=True)
    stage = fields.CharEnumField(
        DealStage, max_length=20, default=DealStage.PROSPECTING
    )
    value = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    engage_date = fields.DateField(null=True)
    close_date = fields.DateField(null=True)
    company = fields.ForeignKeyField(
        "models.Company", null=True, on_delete=fields.SET_NULL, related_name="deals"
    )

    company_id: int | None
    record_type = RecordType.DEAL

    class Meta:
        table = "deal"
        unique_together = (("account", "external_id"),)
        indexes = (
            *SORT_INDEXES,
            ("account", "value", "id"),
            ("account", "close_date", "id"),
            ("account", "stage"),
            ("account", "company"),
        )


RECORD_MODELS: dict[RecordType, type[RecordModel]] = {
    RecordType.PERSON: Person,
    RecordType.COMPANY: Company,
    RecordType.DEAL: Deal,
}
