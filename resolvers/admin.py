"""User deletion and ownership statistics."""

import strawberry
from strawberry.types import Info

from models import Account, RecordType, User
from resolvers.records import record_filter, user_pk
from schema import admin_types, bulk_types, types
from steward import stats, user_deletion
from steward.errors import ValidationFailed


def _targets(transfer: admin_types.TransferInput) -> dict[RecordType, int]:
    """Map each record type to its receiving user, rejecting contradictory input."""
    mode = transfer.mode
    if mode != admin_types.TransferMode.TO_USER:
        for field, value in [
            ("toUserId", transfer.to_user_id),
            ("perRecordType", transfer.per_record_type),
        ]:
            if value is not None:
                raise ValidationFailed(
                    f"'{field}' is only allowed with mode TO_USER, but the mode is "
                    f"{mode.name}; leave it out or use TO_USER.",
                    field=field,
                )
        return {}
    if transfer.to_user_id is not None and transfer.per_record_type is not None:
        raise ValidationFailed(
            "Give either 'toUserId' (one user receives every record type) or "
            "'perRecordType' (a user per record type), not both.",
            field="perRecordType",
        )
    if transfer.to_user_id is not None:
        target = user_pk(transfer.to_user_id)
        return {record_type: target for record_type in RecordType}
    targets: dict[RecordType, int] = {}
    for item in transfer.per_record_type or []:
        record_type = RecordType(item.record_type.value)
        if record_type in targets:
            raise ValidationFailed(
                f"'perRecordType' lists {item.record_type.name} more than once; "
                "give one user per record type.",
                field="perRecordType",
            )
        targets[record_type] = user_pk(item.user_id)
    return targets


async def delete_user(
    info: Info,
    user_id: strawberry.ID,
    transfer: admin_types.TransferInput | None = None,
) -> admin_types.DeleteUserResult:
    transfer = transfer or admin_types.TransferInput()
    outcome = await user_deletion.delete_user(
        info.context.services.policy,
        info.context.viewer,
        user_pk(user_id),
        user_deletion.TransferMode(transfer.mode.value),
        _targets(transfer),
    )
    return admin_types.DeleteUserResult(
        user=types.User.from_model(outcome.user),
        transferred=outcome.transferred,
        freed=outcome.freed,
        kept=outcome.kept,
        batch_id=strawberry.ID(str(outcome.batch_id)) if outcome.batch_id else None,
    )


async def delete_user_preview(
    info: Info, user_id: strawberry.ID
) -> list[admin_types.HeldRecords]:
    held = await user_deletion.preview_deletion(
        info.context.services.policy, info.context.viewer, user_pk(user_id)
    )
    return [
        admin_types.HeldRecords(
            record_type=types.RecordType(h.record_type.value),
            object_role=types.ObjectRole.from_model(h.object_role),
            records=h.records,
        )
        for h in held
    ]


async def restore_user(info: Info, user_id: strawberry.ID) -> types.User:
    user: User = await user_deletion.restore_user(
        info.context.services.policy, info.context.viewer, user_pk(user_id)
    )
    return types.User.from_model(user)


async def ownership_stats(
    info: Info,
    record_type: types.RecordType,
    object_role: str | None = None,
    filter: bulk_types.RecordFilter | None = None,
) -> list[admin_types.AssigneeStats]:
    viewer = info.context.viewer
    account = await Account.get(id=viewer.account_id)
    rows = await stats.ownership_stats(
        account,
        RecordType(record_type.value),
        object_role,
        record_filter(info, filter) if filter else None,
    )
    return [
        admin_types.AssigneeStats(
            records=row.records,
            open_deals=row.open_deals,
            won_deals=row.won_deals,
            won_value=row.won_value,
            lost_deals=row.lost_deals,
            lost_value=row.lost_value,
            user_pk=row.user_id,
        )
        for row in rows
    ]
