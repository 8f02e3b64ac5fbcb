"""Two texts of one part after a save conflict: choose or merge, field by field. Nothing is lost.

"In the note now" is what someone else (or another window) stored first;
"Yours" is what this screen tried to store. The result box starts with yours
and can be edited freely; "Decide later" keeps the note as it is now, and the
domain keeps your text aside (the editor offers it again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.kit.actions import EnterPresses, ctrl_enter_presses
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.views.notes.models import tr


def differing(mine: Mapping[str, str], theirs: Mapping[str, str]) -> list[str]:
    return [key for key, text in mine.items() if text != theirs.get(key, "")]


def _box(text: str, *, read_only: bool) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setReadOnly(read_only)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(90)
    return edit


class ConflictDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        *,
        title: str,
        labels: Mapping[str, str],
        mine: Mapping[str, str],
        theirs: Mapping[str, str],
        submit: Callable[[dict[str, str]], str | None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Two versions of this note"))
        least_size(self, 820, 520)
        self.submit = submit
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        explanation = QLabel(
            tr(
                "Someone saved this note while you were typing. Both texts are kept. For each field below, "
                "choose yours, theirs or both, or edit the result; then save. “Decide later” leaves the note "
                "as it is now and keeps your text aside."
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        body = QWidget()
        column = QVBoxLayout(body)
        self.results: dict[str, QPlainTextEdit] = {}
        self.keys = differing(mine, theirs)
        for key in self.keys:
            column.addWidget(self._field(key, labels.get(key, key), mine[key], theirs.get(key, "")))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(tr("Your text and the saved text, field by field"))
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            tr("&Save this text"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("primary")
        self.later_button = self.buttons.addButton(
            tr("Decide &later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        ctrl_enter_presses(self, self.save_button)  # from a result box, where Enter starts a line
        if self.keys:
            self.results[self.keys[0]].setFocus()

    def _field(self, key: str, label: str, mine: str, theirs: str) -> QGroupBox:
        box = QGroupBox(label)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(tr("In the note now")), 0, 0)
        grid.addWidget(QLabel(tr("Yours (not saved)")), 0, 1)
        grid.addWidget(_box(theirs, read_only=True), 1, 0)
        grid.addWidget(_box(mine, read_only=True), 1, 1)
        result = _box(mine, read_only=False)
        result.setAccessibleName(tr("Result for {field}").format(field=label))
        self.results[key] = result
        choices = QHBoxLayout()
        choices.addWidget(QLabel(tr("Result:")))
        for text, value in (
            (tr("Use yours"), mine),
            (tr("Use theirs"), theirs),
            (tr("Use both"), f"{theirs}\n\n{mine}" if theirs.strip() else mine),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, v=value, r=result: r.setPlainText(v))
            # Enter on "Use theirs" chooses theirs (the dialog's Save took it before: yours saved).
            EnterPresses(button)
            choices.addWidget(button)
        choices.addStretch(1)
        grid.addLayout(choices, 2, 0, 1, 2)
        grid.addWidget(result, 3, 0, 1, 2)
        return box

    def merged(self) -> dict[str, str]:
        return {key: edit.toPlainText() for key, edit in self.results.items()}

    def accept(self) -> None:
        problem = self.submit(self.merged())
        if problem is not None:
            self.message.setText(problem)
            self.message.show()
            return
        super().accept()
