"""The note editor's list of parts: the shared part, each member's part, and members with none.

Each line tells where its part stands at a glance (empty, written, required
fields still blank, flagged names, signed), so a counselor sees whose part
is left to write and never mistakes one member's part for another's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from iopdesk.domain.attendance.marking import AttendanceRow
from iopdesk.domain.kernel import vocab
from iopdesk.domain.notes import GroupNoteView, NoteView
from iopdesk.domain.notes.readiness import missing_required
from iopdesk.ui.kit.rows import Column, Index, RowsModel
from iopdesk.ui.look import text_colour
from iopdesk.ui.views.notes.models import FLAG_COLOUR, plural, tr

SIGNED_COLOUR = "ok_text"  # the seal line's green, as it reads on the palette in use (ui/look.py)


@dataclass(frozen=True)
class PartRow:
    """One line of the editor's list: the shared part, a member's part, or a member with none."""

    key: str
    client_id: UUID | None
    name: str
    attendance: str  # vocab status key ("" when unknown)
    attending: bool
    note: NoteView | None
    flags: int = 0  # places the confidentiality check found (0: none or not checked)
    written: bool = False  # some field holds text (as typed, saved or not)
    missing: tuple[str, ...] = ()  # labels of the fields the format requires that are still blank

    @property
    def is_shared(self) -> bool:
        return self.client_id is None

    @property
    def has_part(self) -> bool:
        return self.note is not None

    @property
    def no_longer_attending(self) -> bool:
        """A part written for a member whose attendance now says they were not there."""
        return (
            self.note is not None
            and not self.is_shared
            and not self.attending
            and self.attendance not in ("", "not_recorded")
        )


def part_rows(
    view: GroupNoteView,
    flags: Mapping[UUID, int],
    without_part: Iterable[AttendanceRow],
    bodies: Mapping[UUID, Mapping[str, str]] | None = None,
) -> list[PartRow]:
    """The shared part, each member's part (kept ones too), then members with no part, greyed.

    ``bodies``: the text on screen now, by note (typed, perhaps not saved yet); else the note's own.
    """
    bodies = bodies or {}

    def text_state(note: NoteView) -> dict[str, Any]:
        body = bodies.get(note.id, note.body)
        missing = missing_required(view.template, note.is_shared, body)
        return {
            "flags": flags.get(note.id, 0),
            "written": any(str(v or "").strip() for v in body.values()),
            "missing": tuple(f.label for f in missing),
        }

    rows = []
    if view.shared is not None:
        rows.append(PartRow("shared", None, "", "", True, view.shared, **text_state(view.shared)))
    for m in view.members:
        if m.note is None:
            rows.append(
                PartRow(f"client:{m.client_id}", m.client_id, m.display_name, m.attendance_status,
                        m.attending, None)
            )
            continue
        rows.append(
            PartRow(str(m.note.id), m.client_id, m.display_name, m.attendance_status, m.attending, m.note,
                    **text_state(m.note))
        )
    for r in without_part:
        rows.append(PartRow(f"absent:{r.client_id}", r.client_id, r.display_name, r.status, False, None))
    return rows


def no_part_text(row: PartRow | None) -> str:
    """What shows in place of the fields when the chosen line has no part."""
    if row is None:
        return tr("Choose a part on the left.")
    if row.attending:
        return tr("{name}'s part is not shown: they are not in your caseload.").format(name=row.name)
    if row.attendance == "not_recorded":
        return tr(
            "{name}: attendance not marked yet, so no note. Mark them present, late or left early "
            "in Attendance and their part appears here."
        ).format(name=row.name)
    return tr("{name} was absent — no note.").format(name=row.name)


def part_state(row: PartRow) -> str:
    """Where a part stands, told apart at a glance: empty, written, missing fields, flagged, signed."""
    if row.note is None:
        if row.attending:
            return tr("no part (not in your caseload)")
        if row.attendance in ("", "not_recorded"):
            return tr("not marked yet — no note")
        return tr("absent — no note")
    status = row.note.status
    if status == "signed":
        text = tr("✓ Signed")
    elif status == "pending_cosign":
        text = tr("✓ Signed · awaiting co-signature")
    else:
        text = tr("Returned · ") if status == "returned" else ""
        if not row.written:
            text += tr("Empty")
        elif row.missing:
            text += plural(
                len(row.missing), tr("Written · 1 required empty"), tr("Written · {n} required empty")
            )
        else:
            text += tr("Written, not signed")
    if row.no_longer_attending:
        text = tr("{status} · no longer attending").format(status=text)
    if row.flags:
        text += "  " + plural(row.flags, tr("⚑ 1 name"), tr("⚑ {n} names"))
    return text


def part_tip(row: PartRow) -> str:
    """The state in full, for the tooltip: which required fields are still blank."""
    if row.note is None or row.note.locked:
        return ""
    bits = []
    if row.missing:
        bits.append(tr("Required and still empty: {fields}.").format(fields=", ".join(row.missing)))
    if row.flags:
        bits.append(tr("The names check marked words that may identify another member."))
    return "\n".join(bits)


def part_colour(row: PartRow) -> str | None:
    if row.note is None or row.note.locked:
        return None
    return FLAG_COLOUR if row.flags or (row.written and row.missing) else None


def attendance_word(row: PartRow) -> str:
    if row.is_shared:
        return ""
    if not row.attendance:
        return ""
    return tr(vocab.ATTENDANCE_STATUSES.get(row.attendance, (row.attendance, ""))[0])


NAME_COLUMN, ATTENDANCE_COLUMN, STATE_COLUMN = range(3)


def part_columns() -> list[Column[PartRow]]:
    return [
        Column(tr("Part"), lambda r: tr("Shared part") if r.is_shared else r.name),
        Column(tr("Attendance"), attendance_word),
        Column(tr("Note"), part_state, colour=part_colour, tooltip=part_tip),
    ]


class PartsModel(RowsModel[PartRow]):
    """Members with no part (absent) and parts of members no longer attending read greyed;
    an empty part reads quiet, a signed one green, so the eye finds what is left to write."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is not None and role == Qt.ItemDataRole.ForegroundRole:
            palette = QApplication.palette()
            if row.note is None or row.no_longer_attending:
                return QBrush(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            if index.column() == STATE_COLUMN and row.note.locked:
                return QBrush(text_colour(SIGNED_COLOUR))
            if index.column() == STATE_COLUMN and not row.written:
                return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        if row is not None and role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            if row.is_shared:
                font.setBold(True)
            elif row.note is None:
                font.setItalic(True)
            return font
        return super().data(index, role)


def parts_model(parent=None) -> PartsModel:  # type: ignore[no-untyped-def]
    return PartsModel(part_columns(), lambda r: r.key, parent)
