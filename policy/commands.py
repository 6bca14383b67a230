"""The `steward policy export` and `steward policy import` commands.

Both run with the database connected (see steward.cli) and return the exit code.
"""

import argparse
import logging

from redis.exceptions import RedisError

from policy.engine import PolicyEngine
from policy.transfer import export_to_file, import_from_file
from policy.watcher import publish_change
from steward.config import Settings
from steward.redis_server import command_redis_url

logger = logging.getLogger(__name__)

EXIT_OK = 0


async def run_export(args: argparse.Namespace, settings: Settings) -> int:
    lines = await export_to_file(PolicyEngine(), args.account, args.file)
    print(f"exported {lines} policy lines of account {args.account} to {args.file}")
    return EXIT_OK


async def run_import(args: argparse.Namespace, settings: Settings) -> int:
    policy = PolicyEngine()
    outcome = await import_from_file(policy, args.account, args.file)
    if not outcome.changed:
        print(
            f"the policy of account {args.account} already has the {outcome.lines} "
            f"lines of {args.file}; nothing changed"
        )
        return EXIT_OK
    print(f"imported {outcome.lines} policy lines into account {args.account}")
    if outcome.defined_roles:
        print(f"defined user roles: {', '.join(outcome.defined_roles)}")
    await notify_policy_change(settings, args.account, outcome.account_id)
    return EXIT_OK


async def notify_policy_change(settings: Settings, slug: str, account_id: int) -> None:
    """Tell running API processes and workers to reload the account's policy.

    The Redis is REDIS_URL's, or else that of a `steward run` on the data folder.
    """
    redis_url = command_redis_url(settings)
    if not redis_url:
        logger.warning(
            "REDIS_URL is not set and no 'steward run' runs on this data folder, "
            "so running API processes and workers use the old policy of account "
            "%s until they restart",
            slug,
        )
        return
    try:
        await publish_change(redis_url, account_id)
    except (RedisError, OSError) as error:
        logger.warning(
            "could not publish the new policy of account %s: %s; running API "
            "processes and workers load it when they reconnect to Redis or restart",
            slug,
            error,
        )
