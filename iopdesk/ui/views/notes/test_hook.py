"""A hidden hook for the end-to-end recovery test (tests/e2e/test_notes_recovery.py).

With IOPDESK_TEST_TYPE_DRAFT=SESSION_ID:TEXT in the environment, the Notes
view opens that session's note once the window is up and types TEXT into the
first field of the first member's part, exactly as a person would; autosave
then stores it. Nothing happens without the variable.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from iopdesk.ui.views.notes.view import NotesView

VARIABLE = "IOPDESK_TEST_TYPE_DRAFT"
log = logging.getLogger(__name__)


def install(view: NotesView) -> None:
    value = os.environ.get(VARIABLE, "")
    if not value:
        return
    session_text, _, text = value.partition(":")
    try:
        session_id = UUID(session_text)
    except ValueError:
        log.warning("%s is not SESSION_ID:TEXT; ignored", VARIABLE)
        return
    QTimer.singleShot(0, lambda: _type(view, session_id, text))


def _type(view: NotesView, session_id: UUID, text: str) -> None:
    view.open_session(session_id)
    editor = view.editor
    member = next((r for r in editor.model.rows if r.note is not None and not r.is_shared), None)
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
