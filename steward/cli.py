"""The `steward` command line: migrations, imports, the service and the worker.

Each subcommand is one `add_*` function that registers its parser and sets
`handler`, an async function of the parsed arguments and the settings that returns
the exit code. Handlers of commands with `uses_database` run with the database
connected. Only `migrate`, `import`, `run` and `worker` may create a SQLite
database. The policy commands fail when its file does not exist.
"""

import argparse
import asyncio
import logging
import logging.config
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from tortoise.exceptions import OperationalError

from models import Account
from policy import PolicyEngine
from policy import commands as policy_commands
from steward import db
from steward.config import Settings
from steward.errors import StewardError, ValidationFailed
from steward.gc_freeze import freeze_startup_objects
from steward.importer import (
    DATA_SET_NAME,
    DEFAULT_ACCOUNT_NAME,
    DEFAULT_ACCOUNT_SLUG,
    DEMO_PASSWORD,
    ImportOptions,
    ImportReport,
    import_crm_sales_opportunities,
)
from steward.logs import WORKER_LOG_CONFIG, log_config
from steward.runner import add_run
from workers.run import WorkerRunner

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
ADMIN_PASSWORD_ENV = "STEWARD_ADMIN_PASSWORD"
USER_PASSWORD_ENV = "STEWARD_USER_PASSWORD"

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]
Subparsers = argparse._SubParsersAction  # argparse exposes no public name for it


def add_migrate(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("migrate", help="apply pending database migrations")
    parser.set_defaults(handler=run_migrate, uses_database=False)


async def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    applied = await db.migrate(settings.database_url)
    print(f"applied {len(applied)} migrations" if applied else "no pending migrations")
    return EXIT_OK


def add_import(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("import", help="load a data set into an account")
    data_sets = parser.add_subparsers(
        dest="data_set", metavar="DATA_SET", required=True
    )
    crm = data_sets.add_parser(
        DATA_SET_NAME,
        help="Maven Analytics' CRM Sales Opportunities CSV files",
        description=(
            "Load companies, sales agents, managers and deals from the folder's "
            "accounts.csv, products.csv, sales_teams.csv and sales_pipeline.csv. "
            "Rerunning creates only what is missing."
        ),
    )
    crm.add_argument("folder", metavar="DIR", type=Path, help="folder of the CSV files")
    crm.add_argument(
        "--account-slug",
        "--account",
        metavar="SLUG",
        default=DEFAULT_ACCOUNT_SLUG,
        help="slug of the account to load into, created if missing "
        f"(default: {DEFAULT_ACCOUNT_SLUG}); users get emails at <slug>.steward.test",
    )
    crm.add_argument(
        "--account-name",
        metavar="NAME",
        default=DEFAULT_ACCOUNT_NAME,
        help=f"name of a new account (default: {DEFAULT_ACCOUNT_NAME})",
    )
    crm.add_argument(
        "--admin-email",
        metavar="EMAIL",
        help="email of the admin user (default: admin@<slug>.steward.test)",
    )
    add_password_options(crm, "admin", "the admin user", ADMIN_PASSWORD_ENV)
    add_password_options(
        crm, "user", "every sales agent and manager", USER_PASSWORD_ENV
    )
    crm.set_defaults(handler=run_import_crm, uses_database=True, creates_database=True)


def add_password_options(
    parser: argparse.ArgumentParser, name: str, whose: str, env: str
) -> None:
    """Add --NAME-password and --NAME-password-file, of which one may be given."""
    options = parser.add_mutually_exclusive_group()
    options.add_argument(
        f"--{name}-password",
        dest=f"{name}_password",
        metavar="PASSWORD",
        help=f"password of {whose} (default: the environment variable {env} if "
        f"set, else {DEMO_PASSWORD}). Other users of the machine can read this "
        f"option in the process list, so prefer {env} or --{name}-password-file",
    )
    options.add_argument(
        f"--{name}-password-file",
        dest=f"{name}_password",
        metavar="FILE",
        type=read_password_file,
        help=f"read the password of {whose} from the first line of FILE",
    )


def read_password_file(path: str) -> str:
    """Return the first line of the file at `path`, without its line ending.

    A UTF-8 byte order mark at the start, as Notepad writes, is not part of it.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        raise argparse.ArgumentTypeError(
            f"cannot read the password file {path}: {error.strerror or error}"
        ) from None
    except UnicodeDecodeError:
        raise argparse.ArgumentTypeError(
            f"the password file {path} is not UTF-8 text"
        ) from None
    if not lines or not lines[0]:
        raise argparse.ArgumentTypeError(
            f"the first line of the password file {path} is empty; write the "
            "password there"
        )
    return lines[0]


def password_or_env(argument: str | None, env: str) -> str:
    """Return the password of an option or file, else of `env`, else the demo one."""
    if argument is not None:
        return argument
    password = os.environ.get(env)
    if password is None:
        return DEMO_PASSWORD
    if not password:
        raise ValidationFailed(f"{env} is empty; set it to a password or unset it.")
    return password


async def run_import_crm(args: argparse.Namespace, settings: Settings) -> int:
    options = ImportOptions(
        account_slug=args.account_slug,
        account_name=args.account_name,
        admin_email=args.admin_email,
        admin_password=password_or_env(args.admin_password, ADMIN_PASSWORD_ENV),
        user_password=password_or_env(args.user_password, USER_PASSWORD_ENV),
    )
    report = await import_crm_sales_opportunities(PolicyEngine(), args.folder, options)
    print(format_import_report(report))
    if report.users.created and not report.account_created:
        account = await Account.get(slug=report.account_slug)
        await policy_commands.notify_policy_change(
            settings, report.account_slug, account.id
        )
    return EXIT_OK


def format_import_report(report: ImportReport) -> str:
    state = "created" if report.account_created else "existing"
    lines = [
        f"account {report.account_slug} ({state})",
        f"companies: {report.companies.created} created, "
        f"{report.companies.existing} existing",
        f"users: {report.users.created} created, {report.users.existing} existing",
        f"deals: {report.deals.created} created, {report.deals.existing} existing",
    ]
    for (spelling, product), count in sorted(report.renamed_products.items()):
        lines.append(f"product {spelling!r} loaded as {product!r} on {count} deals")
    if report.companies_owned:
        lines.append(
            f"company owners: {report.companies_owned} given to the agent of most "
            "of their deals"
        )
    if report.companies_without_owner:
        lines.append(
            f"companies without an owner: {report.companies_without_owner}; give "
            "them owners with changeOwner or bulkChangeOwner"
        )
    if report.deals.created or report.companies_owned:
        lines.append(f"ownership history batch: {report.batch_id}")
    lines.append(f"skipped rows: {len(report.skipped)}")
    for row in report.skipped:
        lines.append(f"  {row.file} line {row.line}: {row.reason}")
    return "\n".join(lines)


def add_policy(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "policy", help="export or import an account's access policy"
    )
    actions = parser.add_subparsers(
        dest="policy_action", metavar="ACTION", required=True
    )
    for name, handler, help_text in (
        ("export", policy_commands.run_export, "write the policy to FILE"),
        (
            "import",
            policy_commands.run_import,
            "replace the policy with FILE, after checking every line",
        ),
    ):
        action = actions.add_parser(
            name,
            help=help_text,
            description="FILE contains Casbin CSV lines: 'p, role:<name>, "
            "account:<id>, <record type>, <object role>, <action>' grants and "
            "'g, user:<id>, role:<name>, account:<id>' user roles. On import, the "
            "domain column is replaced by the account named with --account.",
        )
        action.add_argument("file", metavar="FILE", type=Path)
        action.add_argument(
            "--account", required=True, metavar="SLUG", help="slug of the account"
        )
        action.set_defaults(
            handler=handler,
            uses_database=True,
            creates_database=False,
            check_input=check_readable_file if name == "import" else None,
        )


def check_readable_file(args: argparse.Namespace) -> None:
    """Raise ValidationFailed unless the FILE of `args` can be opened for reading."""
    path: Path = args.file
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise ValidationFailed(f"Reading {path} failed: {error.strerror}.") from None


def add_worker(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="run the arq worker of queued and timed jobs, started again after "
        "each loss of Redis; needs REDIS_URL",
    )
    parser.set_defaults(handler=run_worker, uses_database=False)


async def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Run the worker until SIGINT or SIGTERM; see workers/run.py."""
    logging.config.dictConfig(WORKER_LOG_CONFIG)
    try:
        # workers.settings reads REDIS_URL when it is imported.
        from workers.settings import WorkerSettings
    except (RuntimeError, ValueError) as error:
        print(f"steward worker: invalid setting: {error}", file=sys.stderr)
        return EXIT_INVALID
    freeze_startup_objects()
    return await WorkerRunner(WorkerSettings).run_until_stopped()


COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    add_migrate,
    add_import,
    add_run,
    add_worker,
    add_policy,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steward",
        description="Manage a Steward installation. Settings come from the "
        "environment (DATABASE_URL, STEWARD_DATA_DIR, REDIS_URL).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_command in COMMANDS:
        add_command(subparsers)
    return parser


async def run(args: argparse.Namespace, settings: Settings) -> int:
    handler: Handler = args.handler
    if not args.uses_database:
        return await handler(args, settings)
    # Input files are checked first, so that a missing one is reported as such.
    check_input: Callable[[argparse.Namespace], None] | None = getattr(
        args, "check_input", None
    )
    if check_input is not None:
        check_input(args)
    if not args.creates_database:
        db.check_database_exists(settings.database_url)
    await db.connect(settings.database_url)
    try:
        return await handler(args, settings)
    finally:
        await db.disconnect()


def configure_logging() -> None:
    """Log at INFO to stderr, unless the host process has configured logging."""
    if not logging.getLogger().handlers:
        logging.config.dictConfig(log_config("cli"))


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging()
    args = build_parser().parse_args(argv)
    try:
        settings = db.checked_settings()
    except ValueError as error:
        print(f"steward: invalid setting: {error}", file=sys.stderr)
        return EXIT_INVALID
    try:
        return asyncio.run(run(args, settings))
    except StewardError as error:
        print(f"steward {args.command}: {error.message}", file=sys.stderr)
        return EXIT_INVALID
    except (db.DatabaseMissing, db.DatabaseUnusable) as error:
        print(f"steward {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except db.DatabaseUnreachable as error:
        logger.error(
            "steward %s: cannot connect to the database: %s. Check DATABASE_URL "
            "and that the server is running.",
            args.command,
            error,
        )
        return EXIT_FAILED
    except OSError as error:
        # Such as a Redis server that failed to start, or a file that can't be read.
        logger.error("steward %s failed: %s", args.command, error)
        return EXIT_FAILED
    except OperationalError as error:
        print(
            f"steward {args.command}: database error: {error}. If the database is "
            "new, run 'steward migrate' first.",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
