"""setup, staff and audit: the clinic's first administrator, staff accounts and the audit trail.

New passwords come from $IOPDESK_NEW_PASSWORD or are asked for twice on the
terminal; the acting administrator signs in as every command does
(--user / $IOPDESK_USER, $IOPDESK_PASSWORD or a prompt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys

from iopdesk.cli import UsageError
from iopdesk.startup import acting_user, open_for_reading, open_store, prepare, target_for

NEW_PASSWORD_VARIABLE = "IOPDESK_NEW_PASSWORD"
RECOVERY_KEY_VARIABLE = "IOPDESK_RECOVERY_KEY"


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    setup = sub.add_parser(
        "setup", help="first run: name the clinic and its site, create the first administrator"
    )
    setup.add_argument("--clinic", required=True, help="the clinic's name")
    setup.add_argument("--site", required=True, help="the first site's name")
    setup.add_argument("--timezone", required=True, help="the site's time zone, e.g. America/New_York")
    setup.add_argument("--admin", required=True, metavar="USERNAME", help="the administrator's user name")
    setup.add_argument("--name", required=True, help="the administrator's full name")

    staff = sub.add_parser("staff", help="staff accounts (administrators)")
    tasks = staff.add_subparsers(dest="task", metavar="TASK", required=True)
    tasks.add_parser("list", help="every account: role, active, locked")
    add = tasks.add_parser("add", help="a new account; its first password must be changed at sign-in")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument(
        "--role", required=True, choices=("administrator", "supervisor", "counselor", "frontdesk", "auditor")
    )
    add.add_argument("--site", help="home site's name (default: yours)")
    add.add_argument("--supervisor", metavar="USERNAME", help="their supervisor")
    add.add_argument("--credentials", default="", help="e.g. LCSW, CADC-I")
    add.add_argument(
        "--needs-cosign", action="store_true", help="their notes need a supervisor's co-signature"
    )
    add.add_argument(
        "--also-clinical", action="store_true", help="an administrator who also does clinical work"
    )
    for task, text in (
        ("unlock", "lift the lock after failed sign-ins"),
        ("reset-password", "set a temporary password (to be changed at sign-in); also unlocks"),
        ("deactivate", "the account can no longer sign in"),
        ("reactivate", "the account can sign in again"),
    ):
        tasks.add_parser(task, help=text).add_argument("username")

    sub.add_parser(
        "password", help="change your own password (the new one from $IOPDESK_NEW_PASSWORD or a prompt)"
    )
    sub.add_parser(
        "recover",
        help="every administrator password lost: with the recovery key ($IOPDESK_RECOVERY_KEY or a "
        "prompt), set a new password for the administrator named by --user",
    )

    trail = sub.add_parser("audit", help="the audit trail: check it, or export it")
    checks = trail.add_subparsers(dest="task", metavar="TASK", required=True)
    checks.add_parser("verify", help="check every entry's hash chain (exit 1 at the first bad entry)")
    export = checks.add_parser("export", help="entries as CSV (supervisors and auditors)")
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help='the file to write ("-": the terminal)'
    )
    export.add_argument("--client", metavar="CHART", help="one client's entries, by chart number")
    export.add_argument("--staff", metavar="USERNAME", help="one staff member's entries")
    export.add_argument("--action", help="e.g. view, change, export, sign_in")
    export.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")


def _secret(variable: str, what: str) -> str | None:
    """A secret from the environment, or None to ask for it; refused when there is no terminal."""
    text = os.environ.get(variable)
    if text is None and (not sys.stdin or not sys.stdin.isatty()):
        raise UsageError(f"Give the {what} in {variable}, or run the command from a terminal.")
    return text


def new_password(prompt: str = "New password") -> str:
    text = _secret(NEW_PASSWORD_VARIABLE, "new password")
    if text is not None:
        return text
    first = getpass.getpass(f"{prompt} (at least 12 characters): ")
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passwords differ; nothing was changed.")
    return first


def recovery_key() -> str:
    text = _secret(RECOVERY_KEY_VARIABLE, "recovery key")
    return text if text is not None else getpass.getpass("Recovery key: ")


def recover(args: argparse.Namespace) -> int:
    """Set an administrator's password with the recovery key; on an encrypted clinic the key opens it."""
    from iopdesk.domain.access import unlock
    from iopdesk.domain.access.accounts import recover_with_key

    if not args.user:
        raise UsageError("Name the administrator account with --user (or IOPDESK_USER).")
    paths = prepare(args)
    target = target_for(args, paths, demo=args.demo)
    key = recovery_key()
    password = new_password("The administrator's new password")
    if unlock.needs_unlock(target):
        db = unlock.recover(target, key, args.user, password)
    else:
        db = open_store(args, paths, demo=args.demo, create=False, sign_in_now=False).database
        try:
            recover_with_key(key, args.user, password)
        except BaseException:
            db.close()
            raise
    db.close()
    print(f"The password of {args.user.strip().lower()} is set, and the account unlocked; sign in with it.")
    return 0


def setup(args: argparse.Namespace) -> int:
    from iopdesk.domain.access.accounts import first_run_setup

    paths = prepare(args)
    password = new_password("The administrator's password")
    opened = open_store(args, paths, demo=args.demo)
    try:
        actor, key = first_run_setup(args.clinic, args.site, args.timezone, args.admin, args.name, password)
    finally:
        opened.db.close()
    print(f"The clinic is set up; sign in as {args.admin.strip().lower()}.")
    print(f"Recovery key: {key}")
    print("Write the recovery key down and keep it somewhere safe: it is shown only this once, and it")
    print("is the only way back in if every administrator password is lost.")
    del actor
    return 0


def staff(args: argparse.Namespace) -> int:
    from iopdesk.domain.access import staff_accounts as accounts

    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    try:
        actor = acting_user(args, opened)
        if args.task == "list":
            for a in accounts.list_accounts(actor):
                state = "active" if a.active else "deactivated"
                if a.locked:
                    state += ", locked"
                if not a.has_password:
                    state += ", no password"
                print(f"{a.username:<20} {a.display_name:<28} {a.role_label:<14} {state}")
            return 0
        if args.task == "add":
            site_id = accounts.site_by_name(args.site) if args.site else None
            supervisor_id = accounts.find_account(actor, args.supervisor).id if args.supervisor else None
            made = accounts.create_staff(
                actor,
                args.username,
                args.name,
                args.role,
                new_password("Their first password"),
                home_site_id=site_id,
                supervisor_id=supervisor_id,
                needs_cosign=args.needs_cosign,
                credentials=args.credentials,
                also_clinical=args.also_clinical,
            )
            print(f"Account {made.username} created; they choose their own password at first sign-in.")
            return 0
        target = accounts.find_account(actor, args.username)
        if args.task == "unlock":
            accounts.unlock_account(actor, target.id)
            print(f"{target.username} is unlocked.")
        elif args.task == "reset-password":
            accounts.reset_password(
                actor, target.id, new_password(f"Temporary password for {target.username}")
            )
            print(f"{target.username}'s password is reset (and unlocked); they must change it at sign-in.")
        elif args.task == "deactivate":
            accounts.deactivate_staff(actor, target.id)
            print(f"{target.username} is deactivated.")
        else:
            accounts.reactivate_staff(actor, target.id)
            print(f"{target.username} is active again.")
        return 0
    finally:
        opened.db.close()


def password(args: argparse.Namespace) -> int:
    from iopdesk.domain.access.accounts import change_password, sign_in
    from iopdesk.domain.access.unlock import needs_unlock
    from iopdesk.startup import credentials

    paths = prepare(args)
    target = target_for(args, paths, demo=args.demo)
    locked = needs_unlock(target)
    given = credentials(args, target if locked else None)
    opened = open_store(args, paths, demo=args.demo, create=False, given=given)
    try:
        username, old = given
        actor = opened.actor or sign_in(username, old)
        change_password(actor, old, new_password())
    finally:
        opened.db.close()
    print("Your password is changed.")
    return 0


def audit(args: argparse.Namespace) -> int:
    if args.task == "verify":
        return _verify(args)
    return _export(args)


def _verify(args: argparse.Namespace) -> int:
    from iopdesk.domain.kernel.audit import verify_chain

    paths = prepare(args)
    opened = open_for_reading(args, paths, demo=args.demo)  # only reads
    target, db = opened.target, opened.database
    try:
        if "audit_event" not in db.get_tables():
            print(
                f"iopdesk: {target.describe()} has no audit trail yet; "
                "open it once with this IOPdesk to upgrade it.",
                file=sys.stderr,
            )
            return 1
        report = verify_chain()
    finally:
        db.close()
    if report.ok:
        print(report.message)
        if report.head_hash:
            print(f"head: {report.head_seq} {report.head_hash}")
        return 0
    print(f"iopdesk: {report.message}", file=sys.stderr)
    return 1


def _export(args: argparse.Namespace) -> int:
    from iopdesk.commands.export_cmds import write
    from iopdesk.domain.overviews.audit_trail import export_audit_csv, filter_ids

    start = _date(args.start, "--from")
    end = _date(args.end, "--to")
    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    try:
        actor = acting_user(args, opened)
        client_id, staff_id = filter_ids(args.client, args.staff)
        text = export_audit_csv(actor, client_id, staff_id, args.action, start, end)
    finally:
        opened.db.close()
    return write(args.output, text)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD.") from None
