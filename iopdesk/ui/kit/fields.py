"""Small pieces the account dialogs share: password fields, the rule line, headings, a wait cursor.

The sign-in screen is drawn with these before anything else in the program uses PySide6's ``Qt``
namespace, whose first use builds every one of its Python enums (about 10 ms on a quiet machine):
so nothing here touches ``Qt`` until it is called for, and ``set_by_name`` sets a Qt enum property
from its C++ names instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit


def tr(text: str) -> str:
    # The sign-in dialogs' translation context: these texts were theirs first.
    return QCoreApplication.translate("signin", text)


def password_edit(accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(1024)
    edit.setAccessibleName(accessible_name)
    return edit


def rule_label() -> QLabel:
    """The one password rule, said plainly (length is what makes a password strong)."""
    # Here, not at the top: the sign-in screen uses this module and is drawn before argon2 loads.
    from iopdesk.domain.access.passwords import MIN_LENGTH

    label = QLabel(
        tr(
            "At least {n} characters. Spaces count: a few unrelated words make a strong password "
            "that is easy to remember."
        ).format(n=MIN_LENGTH)
    )
    label.setObjectName("viewSubtitle")
    label.setWordWrap(True)
    label.setMinimumWidth(320)
    return label


def heading(text: str, name: str = "viewTitle") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(name != "viewTitle")  # a wrapped title gets a tall, gappy box
    return label


def set_by_name(target: QObject, name: str, value: str) -> None:
    """Set an enum or flags property by its C++ names, as a .ui file does (``"AlignRight|AlignVCenter"``
    for ``Qt::AlignRight | Qt::AlignVCenter``), through Qt's property system. ValueError if Qt does
    not take it (no such property, or a name it does not know): never a silent no-op."""
    if not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__} refused {name} = {value!r}")


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while a password is checked (argon2 takes a moment on purpose)."""
    from PySide6.QtCore import Qt

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
