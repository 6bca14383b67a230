"""Plugin `assigned_only`: a user may change only records they are assigned to.

"Assigned" means holding any object role on the record, not only the one being
changed. The plugin applies when it is enabled for any user role of the caller, even if
another of their roles is not restricted. This works like Casbin's deny-override
effect, where a deny rule wins over allow rules. So give users who must change any
record only unrestricted roles.
"""

from models import Assignment, RecordType
from policy.actions import Action
from policy.decision import Decision
from policy.rules import RuleRequest, rule
from policy.snapshot import AccountPolicy
from steward.global_ids import record_global_id


@rule(
    Action.CHANGE_ASSIGNEE,
    plugin="assigned_only",
    description="Users may change only records they hold an object role on.",
)
async def assigned_only(
    policy: AccountPolicy, request: RuleRequest, decision: Decision
) -> None:
    """Refuse every requested record on which the caller has no object role.

    Runs one query for the whole set, whatever its size: the caller's assignments
    between the smallest and largest requested id, intersected with the ids here.
    A request without record ids, such as creating a record, is not restricted.
    """
    if not request.record_ids:
        return
    wanted = set(request.record_ids)
    assigned = set(
        await Assignment.filter(
            account_id=request.account_id,
            record_type=RecordType(request.record_type),
            user_id=request.user_id,
            record_id__gte=min(wanted),
            record_id__lte=max(wanted),
        )
        .distinct()
        .values_list("record_id", flat=True)
    )
    for record_id in sorted(wanted - assigned):
        record = record_global_id(request.record_type, record_id)
        decision.refused_records[record_id] = (
            f"You may change only records you are assigned to, and "
            f"{request.record_type} {record!r} is not one of them; ask one of its "
            "users or an admin to change it."
        )
