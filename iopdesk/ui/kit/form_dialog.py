"""A form dialog that hands its values to a domain call and shows what went wrong, next to the field.

The dialog stays open when the call is refused: a ValidationError naming a
field puts its message under that field and moves the focus there; any other
DomainError, or the database failing (StoreError: busy, the disk full…),
shows in a calm line above the buttons. Nothing is lost; OK tries again.

Escape, Cancel or closing the window after something was typed or changed asks
first (kit/keep_typing.py): the fields are remembered as the dialog first shows
them, after the subclass filled them in, so an untouched dialog closes at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel.errors import DomainError, StoreError, ValidationError
from iopdesk.ui.kit import screen_fit
from iopdesk.ui.kit.about import about_heading
from iopdesk.ui.kit.actions import ctrl_enter_presses
from iopdesk.ui.kit.feedback import grow_to_fit
from iopdesk.ui.kit.focus import buttons_as_drawn, hand_focus_to
from iopdesk.ui.kit.keep_typing import Remembered, fields_in, may_close
from iopdesk.ui.kit.naming import plain
from iopdesk.ui.kit.prompts import Prompts

W = TypeVar("W", bound=QWidget)
FEWEST_LINES = 160  # the least height the fields keep when the screen is short, in pixels


class FieldsArea(QScrollArea):
    """The fields, at the size they ask for while the screen has room for it; on a screen too short
    for them (large text on a laptop) only as tall as the screen leaves, and they scroll, instead
    of the dialog going past the screen's edge or its rows squeezed on top of each other."""

    def __init__(self, fields: QWidget, rest: QVBoxLayout) -> None:
        super().__init__()
        self.rest = rest  # the dialog's own column: what is under and over the fields takes room too
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, scrolling to each
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(fields)
        self.fields = fields

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._within_screen(self.fields.sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # As tall as the fields ask (wrapped lines included): they scroll only for want of screen.
        fields = self.fields
        return self._within_screen(QSize(fields.minimumSizeHint().width(), fields.sizeHint().height()))

    def _within_screen(self, wanted: QSize) -> QSize:
        margins = self.rest.contentsMargins()
        items = [self.rest.itemAt(i) for i in range(self.rest.count())]
        others = sum(
            item.sizeHint().height() + self.rest.spacing()
            for item in items
            if item is not None and item.widget() is not self and not item.isEmpty()
        )
        free = screen_fit.room(self).height() - others - margins.top() - margins.bottom()
        if wanted.height() <= free:
            return wanted
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(wanted.width() + bar, max(free, FEWEST_LINES))


class FormDialog(QDialog):
    saved = Signal(object)
    """The domain call succeeded; carries what it returned."""

    def __init__(self, parent: QWidget, title: str, *, about: str = "") -> None:
        """``about``: whom the dialog is about (a client), shown as its heading, never in ``title``
        (kit/about.py)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.submit: Callable[[], object] | None = None
        self.result_value: object = None
        self.field_widgets: dict[str, QWidget] = {}
        self.field_errors: dict[str, QLabel] = {}
        self.field_rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        self.prompts = Prompts()  # a subclass may hand its screen's own; a test scripts it
        self.kept = Remembered()
        self._remembered = False

        self.outer = QVBoxLayout(self)
        self.outer.setSpacing(10)
        if about:
            self.outer.addWidget(about_heading(about))
        self.columns = QHBoxLayout()
        self.columns.setSpacing(24)
        self.form = self._new_form()
        self.columns.addLayout(self.form, 1)
        fields = QWidget()
        fields.setLayout(self.columns)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.fields_area = FieldsArea(fields, self.outer)
        self.outer.addWidget(self.fields_area, 1)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("primary")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # Remembered on the first showing only: by then the subclass has filled the fields in
        # (a client's details, today's date), and shown again after hiding, the typing counts.
        if not self._remembered:
            self._remembered = True
            self.kept.remember(fields_in(self))
            buttons_as_drawn(self.buttons)  # OK before Cancel where OK is drawn first, after it where not
        super().showEvent(event)

    def reject(self) -> None:
        if not may_close(self, self.prompts, self.kept):
            return  # the default answer: the typing stays, the dialog stays
        super().reject()

    @staticmethod
    def _new_form() -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)
        return form

    def second_column(self) -> QFormLayout:
        """A form beside the first one, for dialogs too tall for a laptop screen in one column."""
        form = self._new_form()
        self.columns.addLayout(form, 1)
        return form

    def finish_layout(self, ok_text: str) -> None:
        """Call once the fields are added: the error line and buttons go last. Two columns wider
        than the screen (large text on a laptop) go one under the other, and scroll."""
        self.ok_button.setText(ok_text)
        if self.columns.count() > 1 and self.columns.minimumSize().width() > screen_fit.room(self).width():
            self.columns.setDirection(QBoxLayout.Direction.TopToBottom)
        self.outer.addWidget(self.error_label)
        self.outer.addWidget(self.buttons)
        # Only now is the button inside the dialog, so the dialog learns it is its main default.
        # Marked before, the dialog never knew: Tab passing over Cancel made Cancel the default,
        # and Enter in a field then closed the form with everything typed in it lost.
        self.ok_button.setDefault(True)
        ctrl_enter_presses(self, self.ok_button)  # from a text box (a group's description) too

    def add_field(
        self, label: str, widget: W, field: str | None = None, form: QFormLayout | None = None
    ) -> W:
        """A labelled row; with ``field``, errors the domain reports for it appear under it."""
        form = form or self.form
        if field is None:
            form.addRow(label, widget)
            return widget
        if not widget.accessibleName():  # the label names the holder; a screen reader meets the field
            widget.setAccessibleName(plain(label))
        holder = QWidget()
        hand_focus_to(holder, widget)  # the label's Alt+letter lands in the field, not on its holder
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        form.addRow(label, holder)
        self.field_widgets[field] = widget
        self.field_errors[field] = error
        self.field_rows[field] = (form, holder)
        return widget

    def set_field_visible(self, field: str, visible: bool) -> None:
        """Show or hide a named field's whole row: its label, the widget and its error line."""
        form, holder = self.field_rows[field]
        form.setRowVisible(holder, visible)

    def clear_errors(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        for field, label in self.field_errors.items():
            label.hide()
            label.clear()
            self.field_widgets[field].setAccessibleDescription("")

    def show_error(self, exc: Exception) -> None:
        field = exc.field if isinstance(exc, ValidationError) else None
        if field in self.field_errors:
            label = self.field_errors[field]
            label.setText(str(exc))
            label.show()
            self.field_widgets[field].setAccessibleDescription(str(exc))  # read out with the field
            self.field_widgets[field].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.error_label.setText(str(exc))
            self.error_label.show()
        grow_to_fit(self)  # the whole message shows, wrapped, never cut to its first line

    def shown_errors(self) -> list[str]:
        """The messages on screen now (for tests and screen readers)."""
        texts = [label.text() for label in self.field_errors.values() if not label.isHidden()]
        if not self.error_label.isHidden():
            texts.append(self.error_label.text())
        return texts

    def try_accept(self) -> None:
        self.clear_errors()
        if self.submit is None:
            self.accept()
            return
        try:
            value = self.submit()
        except (DomainError, StoreError) as exc:
            self.show_error(exc)
            return
        if value is None:  # the user stepped back (e.g. declined a keep-apart warning)
            return
        self.result_value = value
        self.saved.emit(value)
        self.accept()
