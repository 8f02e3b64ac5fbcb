"""sync: satellite laptops that work offline and merge with the clinic (issue 14).

``iopdesk --db LAPTOP sync --hub postgresql://…`` makes a satellite laptop's database from the
clinic's server (when LAPTOP does not exist yet); ``iopdesk --db LAPTOP sync`` then sends what the
laptop recorded and brings back what changed at the clinic, over the network.
``iopdesk sync export -o FILE [--for DEVICE]`` writes a change file (encrypted and authenticated
with the clinic's sync key) holding what the other place has not acknowledged yet (a satellite's
default: its hub; with no peer known: everything). ``iopdesk sync import FILE`` applies one made at
another copy of this clinic: all of it or nothing, idempotently. ``iopdesk sync satellite DEST``
makes a satellite laptop's database from this one (the hub; a SQLite file or a server).
``iopdesk sync conflicts`` lists what lost a merge and waits for a person; ``iopdesk sync resolve
ID`` marks one as settled. Syncing with the server: any staff account; the rest: administrators.
Every sync is in the audit trail. Exit 1 with one line when refused.
"""

from __future__ import annotations

import sys
from pathlib import Path
from uuid import UUID

from iopdesk.commands.common import Options, Parsers, UsageError, check_output


def register(parsers: Parsers) -> None:
    command = parsers.command("sync", None, help="exchange changes with the clinic or a satellite laptop")
    command.add_argument(
        "--hub",
        metavar="URL",
        help="the clinic's server (postgresql://user@host/dbname); with no database at --db yet, "
        "make this laptop's copy from it",
    )
    command.set_defaults(handler=lambda a: with_hub(Options.of(a), a.hub))
    sub = command.add_subparsers(dest="sync_command", metavar="ACTION", required=False)
    out = sub.add_parser("export", help="write a change file for another copy of this clinic")
    out.add_argument("-o", "--output", required=True, metavar="FILE")
    out.add_argument("--for", dest="for_device", metavar="DEVICE", help="the other place's device id")
    out.set_defaults(handler=lambda a: export(Options.of(a), Path(a.output), a.for_device))
    into = sub.add_parser("import", help="apply a change file made at another copy of this clinic")
    into.add_argument("file", metavar="FILE")
    into.set_defaults(handler=lambda a: import_(Options.of(a), Path(a.file)))
    copy = sub.add_parser("satellite", help="make a satellite laptop's database from this one")
    copy.add_argument("dest", metavar="DEST")
    copy.set_defaults(handler=lambda a: satellite(Options.of(a), Path(a.dest)))
    listing = sub.add_parser("conflicts", help="changes that lost a merge, waiting for a person")
    listing.add_argument("--all", action="store_true", help="settled ones too")
    listing.set_defaults(handler=lambda a: list_conflicts(Options.of(a), a.all))
    settle = sub.add_parser("resolve", help="mark a sync conflict as settled")
    settle.add_argument("conflict", metavar="ID")
    settle.set_defaults(handler=lambda a: resolve(Options.of(a), a.conflict))


def _uuid(text: str, what: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a {what} (a UUID).") from None


def export(options: Options, dest: Path, for_device: str | None) -> int:
    from iopdesk.domain.sync import service

    peer = _uuid(for_device, "device id") if for_device else None
    with options.open() as clinic:
        summary = service.export_changes(clinic.acting, dest, peer)
    print(f"{summary.message} -> {dest}")
    return 0


def import_(options: Options, src: Path) -> int:
    from iopdesk.domain.sync import service

    with options.open() as clinic:
        summary = service.import_changes(clinic.acting, src)
    print(summary.message)
    return 0


def satellite(options: Options, dest: Path, hub_url: str | None = None) -> int:
    from iopdesk.domain.sync import service

    check_output(str(dest), "laptop.sqlite3")  # a folder not there: one line, before anything is read
    with options.open() as clinic:
        made = service.make_satellite(clinic.acting, dest, hub_url)
    print(
        f"Satellite copy written to {dest} (device {made.device}); keep {dest.name}.keys with it. "
        + made.message
    )
    return 0


def with_hub(options: Options, url: str | None) -> int:
    """``iopdesk [--db LAPTOP] sync [--hub URL]``: make the laptop's copy from the server when there is
    no database at LAPTOP yet, else sync the laptop with its server (the one it was copied from)."""
    from iopdesk.front_door import locate, prepare

    laptop = locate(options.db, prepare(), demo=options.demo)
    if laptop.path is None:
        raise UsageError(
            "Sync runs on a satellite laptop: give its database file with --db (the server with --hub)."
        )
    if not laptop.path.exists():
        if url is None:
            raise UsageError(
                f"There is no database at {laptop.path} yet: give the clinic's server with --hub "
                "postgresql://… to make this laptop's copy from it."
            )
        return satellite(Options(url, options.user, False), laptop.path, url)
    from iopdesk.domain.sync import hub

    with options.open() as clinic:
        done = hub.sync_with_hub(clinic.acting, url, progress=lambda text: print(text, file=sys.stderr))
    print(done.message)
    return 0


def list_conflicts(options: Options, include_resolved: bool) -> int:
    from iopdesk.domain.sync import service
    from iopdesk.domain.sync.conflict_texts import kind_of

    with options.open() as clinic:
        rows = service.conflicts(clinic.acting, include_resolved=include_resolved)
    if not rows:
        print("No sync conflicts.")
        return 0
    # What each is in words ("Attendance mark", not the table "attendance"; a clinic setting by its
    # title, not its key) and the client's chart number to find them by: a name never goes to a
    # terminal that may be shared or logged.
    records = [row.record or kind_of(row.table) for row in rows]
    wide = max(28, *(len(record) for record in records))
    print(f"{'ID':36}  {'STATE':7}  {'RECORD':{wide}}  {'CHART':10}  KEPT SINCE (UTC)")
    for row, record in zip(rows, records, strict=True):
        state = "settled" if row.resolved_at else "open"
        when = row.created_at.isoformat(sep=" ", timespec="minutes") if row.created_at else ""
        print(f"{row.id}  {state:7}  {record:{wide}}  {row.client_chart or '-':10}  {when}")
    return 0


def resolve(options: Options, conflict: str) -> int:
    from iopdesk.domain.sync import service

    with options.open() as clinic:
        service.resolve(clinic.acting, _uuid(conflict, "sync conflict id"))
    print("Marked as settled.")
    return 0
