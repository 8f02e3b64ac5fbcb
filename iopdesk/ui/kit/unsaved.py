"""Typed text the database has not taken yet: kept, said calmly, tried again, never dropped.

A save that fails because of the database (busy, the disk full, read-only, an
I/O error, the file gone: kernel/errors.py) is neither a bug nor a clinic
rule saying no. The text stays where it was typed (in memory and on screen),
a banner says "Not saved yet: <why>" and the save is tried again by itself:
soon at first, then less often (``Retry``), and not at all while the database
file is gone (then only when asked: Ctrl+S, or "Try again now"). The banner
also offers to write the text to a file the person chooses, so nothing is
lost when the program must close. Closing, locking or switching user with
such text asks first (kit/unsaved_prompt.py).

A screen with typed text answers ``unsaved_work()`` with an ``UnsavedWork``
per piece still unsaved; ``Screen.save_state`` tries to store it first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from iopdesk.domain.kernel.errors import DomainError, StoreBusy, StoreDamaged, StoreError, StoreGone

# What a domain call may answer instead of doing the work: a clinic rule refused it (DomainError),
# or the database could not take it (StoreError). Neither is a crash; both leave the typing as it is.
REFUSED = (DomainError, StoreError)

# Waits before each automatic try after a failed save; the last one repeats. Another workstation's
# save ends in seconds; a full disk or a lost connection takes someone to fix.
RETRY_MS = (2_000, 5_000, 15_000, 30_000)


def tr(text: str) -> str:
    return QCoreApplication.translate("unsaved", text)


def stops_saving(exc: BaseException) -> bool:
    """The database file is gone or damaged: trying again by itself would only fail again."""
    return isinstance(exc, (StoreGone, StoreDamaged))


def not_saved_text(exc: StoreError, retry_ms: int | None) -> str:
    """The banner's words: why the text is not stored yet, that it is kept, and what happens next."""
    if retry_ms is None:
        return tr(
            "Not saved: {reason} IOPdesk has stopped saving; your text is kept here while IOPdesk "
            "stays open. Save it to a file before you close IOPdesk."
        ).format(reason=exc)
    seconds = max(1, round(retry_ms / 1000))
    if isinstance(exc, StoreBusy):
        return tr(
            "Not saved yet: the database is busy (another workstation is saving). Trying again in "
            "{seconds} s; your text is kept here."
        ).format(seconds=seconds)
    return tr("Not saved yet: {reason} Trying again in {seconds} s; your text is kept here.").format(
        reason=exc, seconds=seconds
    )


@dataclass(frozen=True)
class UnsavedWork:
    """One piece of typing not yet in the database."""

    where: str  # what it belongs to, for the person who typed it ("the note for Alex R., …")
    reason: str  # why it is not stored yet
    text: str  # the typing itself, as plain text (written to a file on request)


def works_as_text(works: Iterable[UnsavedWork]) -> str:
    """Everything unsaved as one plain-text file, each piece under a heading saying what it is."""
    blocks = []
    for work in works:
        blocks.append(f"== {work.where} ==\n\n{work.text.strip()}\n")
    return "\n".join(blocks)


class Retry(QObject):
    """When to try a failed save again; ``attempt`` is called by a single-shot timer (no waiting loop)."""

    def __init__(self, attempt: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tries = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(attempt)

    def after_failure(self, exc: StoreError) -> int | None:
        """Plan the next try; the wait in ms, or None when the file is gone (no try by itself)."""
        if stops_saving(exc):
            self.timer.stop()
            return None
        delay = RETRY_MS[min(self.tries, len(RETRY_MS) - 1)]
        self.tries += 1
        self.timer.start(delay)
        return delay

    def reset(self) -> None:
        """It landed (or there is nothing left to save): the next failure starts again from soon."""
        self.tries = 0
        self.timer.stop()

    def pending(self) -> bool:
        return self.timer.isActive()


class UnsavedBanner(QFrame):
    """A calm line over typed text the database has not taken yet, with what the person can do."""

    retry_requested = Signal()
    """"Try again now" was pressed."""
    export_requested = Signal()
    """"Save the text to a file…" was pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.retry_button = QPushButton(tr("Try again now"))
        self.retry_button.setToolTip(tr("Ctrl+S also tries again"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.export_button = QPushButton(tr("Save the text to a file…"))
        self.export_button.clicked.connect(self.export_requested)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.export_button)
        self.hide()

    def show_problem(self, text: str) -> None:
        """Say why the text is not saved yet; "" hides the banner (everything landed)."""
        self.label.setText(text)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""
