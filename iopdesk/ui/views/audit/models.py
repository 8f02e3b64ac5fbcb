"""The audit table's columns: when (the viewer's site time), who, where, what, about whom, what changed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from uuid import UUID

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.overviews.audit_trail import AuditEntry
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.rows import Column


def tr(text: str) -> str:
    return QCoreApplication.translate("audit", text)


# The trail's vocabulary, as a person reads it. Filters use the key ("sign_in" covers both outcomes).
ACTIONS: dict[str, str] = {
    "sign_in.success": "Signed in",
    "sign_in.failure": "Sign-in refused",
    "sign_out": "Signed out",
    "screen.lock": "Screen locked",
    "lock": "Account locked",
    "unlock": "Account unlocked",
    "view": "Viewed",
    "create": "Created",
    "change": "Changed",
    "sign": "Signed",
    "addendum": "Addendum",
    "print": "Printed",
    "export": "Exported",
    "import": "Imported",
    "backup": "Backup",
    "restore": "Restore",
    "permission.denied": "Refused: no permission",
}
FILTER_ACTIONS: tuple[tuple[str, str], ...] = (
    ("sign_in", "Sign-ins (both outcomes)"),
    ("sign_in.failure", "Refused sign-ins"),
    ("sign_out", "Signed out"),
    ("screen.lock", "Screen locked"),
    ("lock", "Account locked"),
    ("unlock", "Account unlocked"),
    ("view", "Viewed"),
    ("create", "Created"),
    ("change", "Changed"),
    ("sign", "Signed or co-signed"),
    ("addendum", "Addendum"),
    ("print", "Printed"),
    ("export", "Exported"),
    ("import", "Imported"),
    ("backup", "Backup"),
    ("restore", "Restore"),
    ("permission.denied", "Refused: no permission"),
)
CHANGES_MAX = 140


def action_text(action: str) -> str:
    return tr(ACTIONS[action]) if action in ACTIONS else action


def when_text(at: dt.datetime, zone: dt.tzinfo) -> str:
    """ "Mar 4, 2025 5:42 pm": the date as every screen writes it (the column sorts by entry)."""
    local = at.replace(tzinfo=dt.UTC).astimezone(zone)
    return f"{date_text(local.date())} {clock_text(local.time())}"


def changes_tooltip(entry: AuditEntry) -> str:
    """The changes in words, then the entry as stored (for the curious and for the record)."""
    try:
        raw = json.dumps(json.loads(entry.changes_json), indent=1, ensure_ascii=False, sort_keys=True)
    except ValueError:
        raw = entry.changes_json
    return f"{entry.details}\n\n{raw}" if entry.details else raw


def record_text(entry: AuditEntry, staff: Mapping[UUID, str]) -> str:
    """Which record, in words (the domain's), e.g. "note on Relapse Prevention, Mar 3, 2026"."""
    return entry.record_label


def clipped(text: str) -> str:
    return text if len(text) <= CHANGES_MAX else text[: CHANGES_MAX - 1] + "…"


def audit_columns(
    zone: dt.tzinfo, sites: Mapping[UUID, str], staff: Mapping[UUID, str]
) -> list[Column[AuditEntry]]:
    return [
        Column(
            tr("When"),
            lambda e: when_text(e.at, zone),
            sort=lambda e: e.seq,
            tooltip=lambda e: tr("Entry {seq}; {utc} UTC").format(seq=e.seq, utc=f"{e.at:%Y-%m-%d %H:%M:%S}"),
        ),
        # Where it happened (workstation, site) is in the Who tooltip and the CSV: the columns a person
        # scans (who, what, which client and record, what changed) keep the width at 1280×800.
        Column(
            tr("Who"),
            lambda e: e.staff_name.rsplit(" (", 1)[0] if e.staff_name else tr("(unknown user name)"),
            tooltip=lambda e: where_text(e, sites),
        ),
        Column(
            tr("What"), lambda e: tr(e.what) if e.what else action_text(e.action), tooltip=lambda e: e.action
        ),
        Column(tr("Client"), lambda e: e.client_label),
        Column(
            tr("Record"),
            lambda e: record_text(e, staff),
            tooltip=lambda e: f"{e.record_label}\n{e.record_type} {e.record_id}".strip(),
        ),
        Column(tr("What changed"), lambda e: clipped(e.details), tooltip=changes_tooltip),
    ]


RECORD_COLUMN, CHANGES_COLUMN = 4, 5


def where_text(entry: AuditEntry, sites: Mapping[UUID, str]) -> str:
    """ "Jamie Koch (jkoch) · workstation desk-3 · Harbor Street"."""
    parts = [entry.staff_name or tr("(unknown user name)")]
    if entry.workstation:
        parts.append(tr("workstation {name}").format(name=entry.workstation))
    if entry.site_id in sites:
        parts.append(sites[entry.site_id])  # type: ignore[index]
    return " · ".join(parts)
