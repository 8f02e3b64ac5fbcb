"""The audit table's columns: when (the viewer's site time), who, where, what, about whom, what changed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.overviews.audit_trail import AuditEntry
from iopdesk.render.text import clock_text
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
    ("sign", "Signed"),
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
    """ "2025-03-04 5:42 pm": sortable date, readable time."""
    local = at.replace(tzinfo=dt.UTC).astimezone(zone)
    return f"{local:%Y-%m-%d} {clock_text(local.time())}"


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes_text(changes: Mapping[str, Any]) -> str:
    """Compact: "status: active → discharged; room: 2 → 3"; other details as "rows: 40"."""
    parts = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            old, new = value
            parts.append(f"{key}: {_value(new)}" if old is None else f"{key}: {_value(old)} → {_value(new)}")
        else:
            parts.append(f"{key}: {_value(value)}")
    text = "; ".join(parts)
    return text if len(text) <= CHANGES_MAX else text[: CHANGES_MAX - 1] + "…"


def changes_tooltip(entry: AuditEntry) -> str:
    try:
        return json.dumps(json.loads(entry.changes_json), indent=1, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return entry.changes_json


def record_text(entry: AuditEntry, staff: Mapping[UUID, str]) -> str:
    """ "Account: Dana Co" for a staff account; otherwise the record's kind and the start of its id."""
    if not entry.record_type:
        return ""
    if entry.record_type == "staff":
        try:
            subject = UUID(entry.record_id)
        except ValueError:
            subject = None
        if subject is not None and subject == entry.staff_id:
            return tr("Own account")
        if subject is not None and subject in staff:
            return tr("Account: {name}").format(name=staff[subject])
    return f"{entry.record_type} {entry.record_id[:8]}".strip()


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
        Column(
            tr("Who"),
            lambda e: e.staff_name.rsplit(" (", 1)[0] if e.staff_name else tr("(unknown user name)"),
            tooltip=lambda e: e.staff_name,  # with the user name
        ),
        Column(tr("Workstation"), lambda e: e.workstation),
        Column(tr("Site"), lambda e: sites.get(e.site_id, "") if e.site_id else ""),
        Column(tr("Action"), lambda e: action_text(e.action), tooltip=lambda e: e.action),
        Column(tr("Client"), lambda e: e.client_label),
        Column(
            tr("Record"), lambda e: record_text(e, staff), tooltip=lambda e: f"{e.record_type} {e.record_id}"
        ),
        Column(tr("What changed"), lambda e: changes_text(e.changes), tooltip=changes_tooltip),
    ]


RECORD_COLUMN, CHANGES_COLUMN = 6, 7
