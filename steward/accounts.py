"""Creating accounts and users with their built-in object role, settings and policy."""

import logging

from tortoise.transactions import in_transaction

from models import Account, ObjectRole, OwnershipSetting, RecordType, User
from models.ownership import OWNER_ROLE_KEY
from policy import PolicyEngine
from steward.auth import hash_password
from steward.errors import ValidationFailed

logger = logging.getLogger(__name__)


async def create_account(policy: PolicyEngine, name: str, slug: str) -> Account:
    """Create an account with the Owner object role, required on every record type."""
    if await Account.exists(slug=slug):
        raise ValidationFailed(f"An account with slug {slug!r} exists; choose another.")
    async with in_transaction():
        account = await Account.create(name=name, slug=slug)
        owner = await ObjectRole.create(
            account=account,
            key=OWNER_ROLE_KEY,
            name="Owner",
            record_types=[t.value for t in RecordType],
            builtin=True,
        )
        await OwnershipSetting.bulk_create(
            [
                OwnershipSetting(
                    account=account, record_type=t, object_role=owner, required=True
                )
                for t in RecordType
            ]
        )
    await policy.install_defaults(account.id)
    logger.info("created account %s (%s)", account.id, slug)
    return account


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def create_user(
    policy: PolicyEngine,
    account: Account,
    *,
    name: str,
    email: str,
    password: str,
    roles: list[str],
    manager: User | None = None,
    regional_office: str | None = None,
) -> User:
    email = normalize_email(email)
    if await User.exists(account_id=account.id, email=email):
        raise ValidationFailed(f"A user with email {email!r} exists in this account.")
    user = await User.create(
        account=account,
        name=name,
        email=email,
        password_hash=hash_password(password),
        manager=manager,
        regional_office=regional_office,
    )
    await policy.set_user_roles(account.id, user.id, roles)
    return user
