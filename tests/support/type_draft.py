"""Runs IOPdesk as main.py does, with a test hook for the end-to-end recovery test.

    python tests/support/type_draft.py [the program's arguments]

With IOPDESK_TEST_TYPE_DRAFT=SESSION_ID:TEXT in the environment, the Notes
screen, once built, opens that session's note and types TEXT into the first
field of the first member's part, exactly as a person would; autosave then
stores it (tests/e2e/test_notes_recovery.py). The hook lives with the tests:
the program itself knows nothing of it.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

VARIABLE = "IOPDESK_TEST_TYPE_DRAFT"
log = logging.getLogger("tests.type_draft")


def install() -> None:
    """Wrap the Notes screen's factory so the text is typed once the screen exists."""
    value = os.environ.get(VARIABLE, "")
    if not value:
        return
    session_text, _, text = value.partition(":")
    try:
        session_id = UUID(session_text)
    except ValueError:
        log.warning("%s is not SESSION_ID:TEXT; ignored", VARIABLE)
        return
    from PySide6.QtCore import QTimer

    from iopdesk.ui.views import notes

    build = notes.build

    def build_then_type(actor: Any) -> Any:
        screen = build(actor)
        QTimer.singleShot(0, lambda: _type(screen, session_id, text))
        return screen

    notes.build = build_then_type  # the main window looks the factory up when it builds the screen


def _type(screen: Any, session_id: UUID, text: str) -> None:
    screen.open_session(session_id)
    editor = screen.editor
    member = next((r for r in editor.view.model.rows if r.note is not None and not r.is_shared), None)
    if member is None:
        log.warning("test hook: session %s has no member part to type into", session_id)
        return
    editor.select_key(member.key)
    part = editor.current_part()
    if part is None:
        return
    edit = next(iter(part.edits.values()))
    edit.setFocus()
    edit.insertPlainText(text)
    log.info("test hook: typed into note=%s", part.note.id)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, as for main.py
    install()
    from iopdesk.cli import main

    sys.exit(main())
