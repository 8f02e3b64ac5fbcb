"""One clinic setting on screen: its editor, what it allows (and its default), and what is wrong.

The editor never clamps what is typed: a value outside the range is refused by
the domain, in its own words, under the field (so a person learns the range
rather than seeing their number silently changed). Minutes are also said in
hours as they are typed ("= 9 h 30 min").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.hours import format_minutes
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.settings import SettingInfo
from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.views.settings.sections import tr

WIDE = 1_000_000  # a spin box's own range: wide, so the domain (not the box) says what is allowed
# Weekly and daily figures in minutes: the arrow keys step a quarter of an hour.
QUARTER_HOUR_STEPS = frozenset(
    {
        "adult_weekly_floor_minutes",
        "adolescent_weekly_floor_minutes",
        "php_weekly_minutes",
        "program_min_minutes_per_day",
    }
)
# What a list's summary shows of each entry.
LIST_SUMMARY = {"screening_criteria": "label", "levels_of_care": "code"}


def shown(value: Any, key: str) -> str:
    """A value as a person reads it (a minutes figure also in hours)."""
    if isinstance(value, int) and key.endswith("_minutes") and value >= 60:
        return f"{value} ({format_minutes(value)})"
    return str(value)


def list_summary(key: str, value: Any) -> str:
    entries = value if isinstance(value, list) else []
    part = LIST_SUMMARY.get(key, "")
    names = [str(e.get(part) or "") for e in entries if isinstance(e, dict)]
    text = "; ".join(n for n in names if n)
    count = tr("{n} entries").format(n=len(entries)) if len(entries) != 1 else tr("1 entry")
    return f"{count}: {text}" if text else count


def readable(text: str) -> str:
    """A refusal as the command line words it ("absence_limit (Absences allowed …) must be …"), with
    each setting named by its title alone, as the dialog shows it."""
    for key in sorted(settings.DECLARED, key=len, reverse=True):
        title = settings.DECLARED[key].title
        text = text.replace(f"{key} ({title})", title).replace(key, title)
    return text


class SettingField(QWidget):
    changed = Signal(str)
    """The value on screen changed; carries the setting's key."""
    edit_list_requested = Signal(str)
    """A list's own editor was asked for; carries the setting's key."""

    def __init__(self, info: SettingInfo, refusal: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.editable = refusal is None
        declared = settings.DECLARED[info.key]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        self.hint = QLabel()  # "= 9 h", beside a minutes figure
        self.hint.setObjectName("viewSubtitle")
        self.editor: QWidget
        if info.kind == "int":
            spin = QSpinBox()
            spin.setRange(-WIDE, WIDE)
            spin.setSingleStep(15 if info.key in QUARTER_HOUR_STEPS else 1)
            spin.setValue(int(info.value))
            spin.setMinimumWidth(110)
            spin.valueChanged.connect(self._changed)
            self.editor = spin
        elif declared.choices:
            box = QComboBox()
            box.addItems(list(declared.choices))
            box.setCurrentText(str(info.value))
            box.currentTextChanged.connect(self._changed)
            self.editor = box
        elif info.kind == "list":
            self.summary = QLabel(list_summary(info.key, info.value))
            self.summary.setWordWrap(True)
            words = {"screening_criteria": tr("Edit crit&eria…"), "levels_of_care": tr("Edit le&vels…")}
            self.editor = QPushButton(words.get(info.key, tr("Edit…")))
            self.editor.clicked.connect(lambda: self.edit_list_requested.emit(info.key))
            row.addWidget(self.summary, 1)
        elif declared.max_length > 200:
            text = QPlainTextEdit(str(info.value))
            text.setTabChangesFocus(True)  # Tab leaves the box, as in every form
            text.setMinimumHeight(260)
            text.textChanged.connect(self._changed)
            self.editor = text
            # The shipped text back in one press (a clinic that edited it and wants the rule's own).
            self.restore = QPushButton(tr("Use the &shipped text"))
            self.restore.setAutoDefault(False)
            EnterPresses(self.restore)  # Enter on it restores (the dialog's Save took it before)
            self.restore.clicked.connect(lambda: text.setPlainText(str(info.default)))
            self.restore.setEnabled(refusal is None)
        else:
            line = QLineEdit(str(info.value))
            line.textChanged.connect(self._changed)
            self.editor = line
        self.editor.setAccessibleName(tr(info.title))
        self.editor.setEnabled(self.editable)
        if refusal is not None:
            self.editor.setToolTip(refusal)
        stretches = isinstance(self.editor, (QLineEdit, QPlainTextEdit))
        row.addWidget(self.editor, 1 if stretches else 0)
        row.addWidget(self.hint)
        if not stretches and info.kind != "list":
            row.addStretch(1)
        column.addLayout(row)
        if hasattr(self, "restore"):
            column.addWidget(self.restore, 0, Qt.AlignmentFlag.AlignLeft)
        self.allowed = QLabel()
        self.allowed.setObjectName("viewSubtitle")
        self.allowed.setWordWrap(True)
        column.addWidget(self.allowed)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        column.addWidget(self.error)
        self.setFocusProxy(self.editor)
        self._describe()
        self._update_hint()

    def _describe(self) -> None:
        info = self.info
        if info.kind == "list":
            self.allowed.setText(tr("Saved from its own window, when you press Save there."))
            return
        default = (
            tr("the text IOPdesk ships with") if info.key == "part2_notice" else shown(info.default, info.key)
        )
        self.allowed.setText(
            tr("Allowed: {allowed}. Default: {default}.").format(allowed=tr(info.allowed), default=default)
        )

    # --- the value ------------------------------------------------------------------------
    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return self.info.value  # a list: saved by its own window

    def is_changed(self) -> bool:
        if not self.editable or self.info.kind == "list":
            return False
        value = self.value()
        if isinstance(value, str) and not settings.DECLARED[self.info.key].choices:
            return value.strip() != str(self.info.value)
        return bool(value != self.info.value)

    def set_info(self, info: SettingInfo) -> None:
        """The stored value changed (a save, a list's own window): show it as current."""
        self.info = info
        if info.kind == "list":
            self.summary.setText(list_summary(info.key, info.value))

    # --- what is wrong ----------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error.setText(readable(text))
        self.error.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def _changed(self, *_args: object) -> None:
        self.show_error("")  # what was wrong was about the value before
        self._update_hint()
        self.changed.emit(self.info.key)

    def _update_hint(self) -> None:
        value = self.value()
        minutes = isinstance(value, int) and self.info.key.endswith("_minutes") and value >= 60
        self.hint.setText("= " + format_minutes(value) if minutes else "")
        self.hint.setVisible(minutes)
