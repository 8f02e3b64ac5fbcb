"""Asking before the window goes while typed text is not saved: close, sign out, switch user, lock.

``UnsavedGuard.settle(doing)`` asks every screen to save (``save_state``),
then, if some typing is still not in the database, asks the person what to
do. The default (Enter) tries saving again and goes ahead only if that
worked; Escape keeps working. Nothing is ever dropped by default: the text
can be written to a file first, and losing it is a button of its own.

Locking never loses the text (it stays in memory behind the lock screen), so
the lock only offers to try saving again. Over the lock screen (switching
user) whoever is at the keyboard may not be the person who typed: the
question names no client and offers neither the file nor losing the text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from iopdesk.domain.kernel import audit, disclosures
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import os_reason
from iopdesk.ui.kit.files import write_private
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.unsaved import REFUSED, UnsavedWork, tr, works_as_text

log = logging.getLogger(__name__)

SAVE, FILE, KEEP, LOSE = "save", "file", "keep", "lose"


@dataclass(frozen=True)
class Doing:
    """What the person asked for, as the question's buttons say it."""

    save: str  # the default: try saving again, then go ahead
    lose: str | None  # go ahead without the text (never the default); None: not offered
    keeps_text: bool = False  # the text stays in memory anyway (the lock)


def doings() -> dict[str, Doing]:
    return {
        "close": Doing(tr("Save and close"), tr("Close and lose the text")),
        "sign_out": Doing(tr("Save and sign out"), tr("Sign out and lose the text")),
        "switch": Doing(tr("Save and switch user"), None),
        "lock": Doing(tr("Save and lock"), None, keeps_text=True),
    }


class UnsavedDialog(QMessageBox):
    """The question itself; ``choice`` is SAVE, FILE, KEEP or LOSE once a button was pressed."""

    def __init__(
        self, parent: QWidget, works: list[UnsavedWork], doing: Doing, *, private: bool = False
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(tr("Not saved yet"))
        if private:
            self.setText(
                tr(
                    "Some typing on this workstation is not saved yet: the database could not take it. "
                    "It is kept while this window stays open. The person signed in can unlock to save "
                    "it, or to write it to a file."
                )
            )
        else:
            lines = "\n".join(
                tr("• {where}: {reason}").format(where=w.where, reason=w.reason) for w in works
            )
            kept = (
                tr("It stays here, behind the lock screen, until it is saved.")
                if doing.keeps_text
                else tr("It is kept only while IOPdesk stays open.")
            )
            self.setText(tr("Some of your typing is not saved yet:") + "\n" + lines + "\n\n" + kept)
        self.choices: dict[str, Any] = {}
        self.choices[SAVE] = self.addButton(doing.save, QMessageBox.ButtonRole.AcceptRole)
        if not private and not doing.keeps_text:
            self.choices[FILE] = self.addButton(
                tr("Save the text to a file…"), QMessageBox.ButtonRole.ActionRole
            )
        self.choices[KEEP] = self.addButton(
            tr("Stay locked") if private else tr("Keep working"), QMessageBox.ButtonRole.RejectRole
        )
        if not private and doing.lose is not None:
            # Set apart from the others (the reset role's place), never next to the default.
            self.choices[LOSE] = self.addButton(doing.lose, QMessageBox.ButtonRole.ResetRole)
        self.setDefaultButton(self.choices[SAVE])
        self.setEscapeButton(self.choices[KEEP])

    @property
    def choice(self) -> str:
        clicked = self.clickedButton()
        return next((key for key, button in self.choices.items() if button is clicked), KEEP)


class UnsavedGuard:
    """The window's question before it goes; ``screens`` gives the screens built so far."""

    def __init__(
        self,
        window: QWidget,
        screens: Callable[[], Iterable[Any]],
        actor: Actor | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        self.window = window
        self.screens = screens
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.released = False  # the person chose to go without the text (written to a file, or not)
        # The lock screen while the window is locked: questions then go over it and name no one.
        self.over_lock: QWidget | None = None

    def save_all(self) -> list[UnsavedWork]:
        """Every screen stores what it can now; what is still not stored."""
        for screen in self.screens():
            try:
                screen.save_state()
            except Exception as exc:  # the window must still close or lock whatever one view does
                log.warning("a view could not save its state (%s)", type(exc).__name__)
        return self.unsaved()

    def unsaved(self) -> list[UnsavedWork]:
        """What is not stored, without trying again."""
        works: list[UnsavedWork] = []
        for screen in self.screens():
            finder = getattr(screen, "unsaved_work", None)
            if callable(finder):
                works += finder()
        return works

    def settle(
        self,
        doing: str,
        *,
        private: bool = False,
        parent: QWidget | None = None,
        prompts: Prompts | None = None,
    ) -> bool:
        """Save everything; with typing left unsaved, ask. True: go ahead with ``doing``."""
        if self.released:
            return True
        if self.over_lock is not None:
            private, parent = True, self.over_lock
        what = doings()[doing]
        ask = prompts or self.prompts
        while True:
            works = self.save_all()
            if not works:
                return True
            dialog = UnsavedDialog(parent or self.window, works, what, private=private)
            ask.run(dialog)
            choice = dialog.choice
            log.info("unsaved typing before %s: %d piece(s), chose %s", doing, len(works), choice)
            if choice == KEEP:
                return False
            if choice == SAVE and what.keeps_text:
                self.save_all()
                return True  # locked anyway: whatever is still unsaved waits behind the lock
            if choice == LOSE:
                self.released = True
                return True
            if choice == FILE and self.write_to_file(works, ask):
                self.released = True
                return True
            # SAVE: tried again at the top; still unsaved, the question comes back with the reason.

    def write_to_file(self, works: list[UnsavedWork], prompts: Prompts | None = None) -> bool:
        """Ask where, and write the typing there (private, whole or not at all); True when written."""
        ask = prompts or self.prompts
        path = ask.save_file(
            self.window, tr("Save the unsaved text"), "iopdesk-unsaved-text.txt", tr("Text files (*.txt)")
        )
        if not path:
            return False
        self._record(len(works))
        try:
            # Taken out of the program: a disclosure, with the Part 2 notice as every export ends.
            text = f"{works_as_text(works)}\n\n{disclosures.notice()}\n"
            write_private(path, text.encode("utf-8"))
        except OSError as exc:
            ask.inform(
                self.window,
                tr("Not written"),
                tr("The text could not be written to {path}: {why}. It is still kept here.").format(
                    path=path, why=os_reason(exc)
                ),
            )
            return False
        log.info("unsaved typing written to a file chosen by the user: %d piece(s)", len(works))
        return True

    def _record(self, pieces: int) -> None:
        """Typing taken out of the program is a disclosure: written down when the database allows.
        (It is failing, which is why the text is unsaved: the text must not be lost for it.)"""
        if self.actor is None:
            return
        try:
            disclosures.disclosed(self.actor, audit.EXPORT, "unsaved_text", format="txt", pieces=pieces)
        except REFUSED as exc:
            log.info("the export of unsaved typing could not be written down (%s)", type(exc).__name__)


def write_unsaved(window: QWidget, works: list[UnsavedWork], actor: Actor | None, prompts: Prompts) -> bool:
    """The banner's "Save the text to a file…": the same as the question's, for one screen."""
    return UnsavedGuard(window, lambda: (), actor, prompts).write_to_file(works)
