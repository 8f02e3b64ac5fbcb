"""How an attendance status looks on screen: always a letter and a word, colour only as a help.

Colours carry an alpha channel (#aarrggbb) so they tint the row on a light or a
dark palette alike, and the text keeps the palette's own colour.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.kernel import vocab

STATUS_COLOURS = {
    "present": "#552e7d32",
    "late": "#66f9a825",
    "left_early": "#66ef6c00",
    "absent_excused": "#55607d8b",
    "absent_unexcused": "#66c62828",
    "cancelled_client": "#557b1fa2",
    "cancelled_clinic": "#40757575",
}

# The keys that set a status while taking attendance: the letters of vocab, "?" left out.
STATUS_KEYS = {letter: key for key, (_word, letter) in vocab.ATTENDANCE_STATUSES.items() if letter != "?"}


def tr(text: str) -> str:
    return QCoreApplication.translate("attendance", text)


def status_word(status: str) -> str:
    return tr(vocab.ATTENDANCE_STATUSES.get(status, (status, "?"))[0])


def status_letter(status: str) -> str:
    return vocab.ATTENDANCE_STATUSES.get(status, (status, "?"))[1]


def status_text(status: str) -> str:
    """'P  Present' — the letter first, so a column of them reads at a glance."""
    if status == "not_recorded":
        return tr("–  Not recorded")
    return f"{status_letter(status)}  {status_word(status)}"


def status_colour(status: str | None) -> str | None:
    return STATUS_COLOURS.get(status or "")


def legend() -> str:
    parts = [f"{letter} {status_word(key)}" for letter, key in STATUS_KEYS.items()]
    return " · ".join(parts)
