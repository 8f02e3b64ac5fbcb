"""setup, staff, password, recover and audit: the clinic's first administrator, staff accounts and
the audit trail.

New passwords come from $IOPDESK_NEW_PASSWORD or are asked for twice on the
terminal; the acting administrator signs in as every command does
(--user / $IOPDESK_USER, $IOPDESK_PASSWORD or a prompt).
"""

from __future__ import annotations

import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from iopdesk import front_door
from iopdesk.commands.common import (
    Options,
    Parsers,
    UsageError,
    check_output,
    new_password,
    optional_date,
    recovery_key,
    write_text,
)
from iopdesk.store.errors import StoreError

ROLES = ("administrator", "supervisor", "counselor", "frontdesk", "auditor")


@dataclass(frozen=True)
class NewAccount:
    """``staff add``'s values."""

    username: str
    name: str
    role: str
    site: str | None = None
    supervisor: str | None = None
    credentials: str = ""
    needs_cosign: bool = False
    also_clinical: bool = False


@dataclass(frozen=True)
class AuditFilter:
    """``audit export``'s choices of entries, as typed."""

    client: str | None = None
    staff: str | None = None
    action: str | None = None
    start: str | None = None
    end: str | None = None


def register(parsers: Parsers) -> None:
    setup_parser = parsers.command(
        "setup",
        lambda a: setup(Options.of(a), a.clinic, a.site, a.timezone, a.admin, a.name),
        help="first run: name the clinic and its site, create the first administrator",
    )
    setup_parser.add_argument("--clinic", required=True, help="the clinic's name")
    setup_parser.add_argument("--site", required=True, help="the first site's name")
    setup_parser.add_argument("--timezone", required=True, help="the site's time zone, e.g. America/New_York")
    setup_parser.add_argument(
        "--admin", required=True, metavar="USERNAME", help="the administrator's user name"
    )
    setup_parser.add_argument("--name", required=True, help="the administrator's full name")

    _register_staff(parsers)

    parsers.command(
        "password",
        lambda a: password(Options.of(a)),
        help="change your own password (the new one from $IOPDESK_NEW_PASSWORD or a prompt)",
    )
    parsers.command(
        "recover",
        lambda a: recover(Options.of(a)),
        help="every administrator password lost: with the recovery key ($IOPDESK_RECOVERY_KEY or a "
        "prompt), set a new password for the administrator named by --user",
    )

    trail = parsers.command("audit", None, help="the audit trail: check it, or export it")
    checks = trail.add_subparsers(dest="task", metavar="TASK", required=True)
    verify = checks.add_parser("verify", help="check the trail's hash chain (exit 1 at the first bad entry)")
    verify.set_defaults(handler=lambda a: audit_verify(Options.of(a), a.against))
    verify.add_argument(
        "--against",
        metavar="BACKUP.keys",
        help="also check that the trail still holds the last entry a backup's key file recorded",
    )
    export = checks.add_parser("export", help="entries as CSV (supervisors and auditors)")
    export.set_defaults(
        handler=lambda a: audit_export(
            Options.of(a), a.output, AuditFilter(a.client, a.staff, a.action, a.start, a.end)
        )
    )
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help='the file to write ("-": the terminal)'
    )
    export.add_argument("--client", metavar="CHART", help="one client's entries, by chart number")
    export.add_argument("--staff", metavar="USERNAME", help="one staff member's entries")
    export.add_argument("--action", help="e.g. view, change, export, sign_in")
    export.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")


def _register_staff(parsers: Parsers) -> None:
    staff = parsers.command("staff", None, help="staff accounts (administrators)")
    tasks = staff.add_subparsers(dest="task", metavar="TASK", required=True)
    tasks.add_parser("list", help="every account: role, active, locked").set_defaults(
        handler=lambda a: staff_list(Options.of(a))
    )
    add = tasks.add_parser("add", help="a new account; its first password must be changed at sign-in")
    add.set_defaults(
        handler=lambda a: staff_add(
            Options.of(a),
            NewAccount(
                a.username,
                a.name,
                a.role,
                a.site,
                a.supervisor,
                a.credentials,
                a.needs_cosign,
                a.also_clinical,
            ),
        )
    )
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument("--role", required=True, choices=ROLES)
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
        change = tasks.add_parser(task, help=text)
        change.add_argument("username")
        change.set_defaults(handler=lambda a: staff_change(Options.of(a), a.task, a.username))


def recover(options: Options) -> int:
    """Set an administrator's password with the recovery key; on an encrypted clinic the key opens it."""
    if not options.user:
        raise UsageError("Name the administrator account with --user (or IOPDESK_USER).")
    key = recovery_key()
    new = new_password("The administrator's new password")
    with options.open(act=False, stay_locked=True) as clinic:
        front_door.recover(clinic, key, options.user, new)
    print(
        f"The password of {options.user.strip().lower()} is set, and the account unlocked; sign in with it."
    )
    return 0


def setup(options: Options, clinic_name: str, site: str, timezone: str, admin: str, name: str) -> int:
    from iopdesk.domain.access import locked
    from iopdesk.domain.access.accounts import first_run_setup
    from iopdesk.domain.kernel.errors import DomainError
    from iopdesk.front_door import locate, prepare

    paths = prepare()
    target = locate(options.db, paths, demo=options.demo)
    state = locked.locked(target) if target.path is not None else None
    if state is not None and state.setup_complete:  # else it would ask who signs in
        raise DomainError("This clinic is already set up; sign in instead.")
    first = new_password("The administrator's password")
    try:
        with options.open(act=False, create=True, paths=paths):
            _actor, key = first_run_setup(clinic_name, site, timezone, admin, name, first)
    except BaseException:
        # Refused (a time zone misspelt, a short password) or interrupted: the new file and its
        # key file go again, as they came, rather than wait as a first run that did not finish.
        with suppress(OSError, StoreError):  # the reason it failed is what to say
            locked.discard_unfinished(target)
        raise
    print(f"The clinic is set up; sign in as {admin.strip().lower()}.")
    print(f"Recovery key: {key}")
    print("Write the recovery key down and keep it somewhere safe: it is shown only this once, and it")
    print("is the only way back in if every administrator password is lost.")
    return 0


def staff_list(options: Options) -> int:
    from iopdesk.domain.access import staff_accounts as accounts

    with options.open() as clinic:
        for a in accounts.list_accounts(clinic.acting):
            state = "active" if a.active else "deactivated"
            if a.locked:
                state += ", locked"
            if not a.has_password:
                state += ", no password"
            print(f"{a.username:<20} {a.display_name:<28} {a.role_label:<14} {state}")
    return 0


def staff_add(options: Options, new: NewAccount) -> int:
    from iopdesk.domain.access import staff_accounts as accounts

    with options.open() as clinic:
        actor = clinic.acting
        site_id = accounts.site_by_name(new.site) if new.site else None
        supervisor_id = accounts.find_account(actor, new.supervisor).id if new.supervisor else None
        made = accounts.create_staff(
            actor,
            new.username,
            new.name,
            new.role,
            new_password("Their first password"),
            home_site_id=site_id,
            supervisor_id=supervisor_id,
            needs_cosign=new.needs_cosign,
            credentials=new.credentials,
            also_clinical=new.also_clinical,
        )
    print(f"Account {made.username} created; they choose their own password at first sign-in.")
    return 0


def staff_change(options: Options, task: str, username: str) -> int:
    """unlock, reset-password, deactivate or reactivate one account."""
    from iopdesk.domain.access import staff_accounts as accounts

    with options.open() as clinic:
        actor = clinic.acting
        target = accounts.find_account(actor, username)
        if task == "unlock":
            accounts.unlock_account(actor, target.id)
            print(f"{target.username} is unlocked.")
        elif task == "reset-password":
            accounts.reset_password(
                actor, target.id, new_password(f"Temporary password for {target.username}")
            )
            print(f"{target.username}'s password is reset (and unlocked); they must change it at sign-in.")
        elif task == "deactivate":
            accounts.deactivate_staff(actor, target.id)
            print(f"{target.username} is deactivated.")
        else:
            accounts.reactivate_staff(actor, target.id)
            print(f"{target.username} is active again.")
    return 0


def password(options: Options) -> int:
    from iopdesk.domain.access.accounts import change_password, sign_in
    from iopdesk.domain.clinic.setup import is_demo

    credentials = options.credentials()  # signs in (an encrypted clinic opens with it), then kept
    with options.open(act=False, credentials=credentials) as clinic:
        username, old = credentials(demo=is_demo())
        actor = clinic.actor or sign_in(username, old)
        change_password(actor, old, new_password())
    print("Your password is changed.")
    return 0


def audit_verify(options: Options, against: str | None = None) -> int:
    """Check the trail before anything is written to it: opened to be read only, so signing in
    (an encrypted clinic needs it) adds no entry that could paper over a cut end. The trail must
    also reach the entry anchored in the key file, and in ``against`` (a backup's key file)."""
    from iopdesk.domain.kernel.audit import verify_chain
    from iopdesk.store.keyring import load

    anchors = []
    if against is not None:
        keys = Path(against).expanduser()
        if not keys.exists():  # load() would speak of a database beside it
            raise StoreError(f"There is no key file at {against}; give the backup's key file (BACKUP.keys).")
        anchor = load(keys).audit_anchor
        if anchor is None:
            raise UsageError(f"{against} records no audit trail entry to check against.")
        anchors.append((int(str(anchor["seq"])), str(anchor["hash"])))
    with options.open(act=False, write=False) as clinic:
        if "audit_event" not in clinic.database.get_tables():
            print(
                f"iopdesk: {clinic.target.describe()} has no audit trail yet; "
                "open it once with this IOPdesk to upgrade it.",
                file=sys.stderr,
            )
            return 1
        reports = [verify_chain()] + [verify_chain(anchor) for anchor in anchors]
    bad = next((r for r in reports if not r.ok), None)
    if bad is None:
        report = reports[0]
        print(report.message)
        if report.head_hash:
            print(f"head: {report.head_seq} {report.head_hash}")
        return 0
    print(f"iopdesk: {bad.message}", file=sys.stderr)
    return 1


def audit_export(options: Options, output: str, chosen: AuditFilter) -> int:
    from iopdesk.domain.overviews.audit_trail import export_audit_csv, filter_ids

    start = optional_date(chosen.start, "--from")
    end = optional_date(chosen.end, "--to")
    if start is not None and end is not None and end < start:
        raise UsageError("--to is before --from.")
    check_output(output, "audit.csv")
    with options.open() as clinic:
        client_id, staff_id = filter_ids(chosen.client, chosen.staff)
        text = export_audit_csv(clinic.acting, client_id, staff_id, chosen.action, start, end)
    return write_text(output, text)
