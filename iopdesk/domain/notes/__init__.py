"""Session notes: writing, autosave, the confidentiality guard, signing, co-signature, search.

One import for the screens and the command line; each concern lives in its own module:

- opening   a session's note: shared part + one part per attending member (lazy)
- drafts    autosave with conflict keeping, "start from my last note"
- guard     names of other clients in a part, and replacing them with "a peer"; the name index and
            how text is scanned (guard_names), the rules of judgement (guard_rules), what the words
            around a name say (guard_context), their word lists (guard_words) and the nickname
            table (nicknames)
- signing   sealing (hash, signer, time), group signing, addenda
- cosign    the supervisor's queue, co-sign and return
- lists     my unsigned notes, a client's chart, a chart for printing
- search    full-text search (the index is in iopdesk.store.fulltext)
- templates the clinic's note formats; snippets: reusable text
- body      what a note's body is: the fields of each format, its canonical form for signing
"""

from iopdesk.domain.notes.cosign import CosignItem, cosign, cosign_queue, cosign_session, return_note
from iopdesk.domain.notes.drafts import (
    ConflictInfo,
    ConflictView,
    CopyResult,
    SaveResult,
    copy_from_last,
    note_conflicts,
    resolve_conflict,
    save_draft,
)
from iopdesk.domain.notes.guard import Flag, apply_peer_replacement, check_confidentiality
from iopdesk.domain.notes.lists import (
    ChartEntry,
    PrintClient,
    PrintPacket,
    UnsignedNote,
    client_notes,
    my_unsigned_notes,
    notes_for_print,
)
from iopdesk.domain.notes.opening import (
    FamilyPresent,
    GroupNoteView,
    MemberPart,
    open_group_note,
    open_session_note,
)
from iopdesk.domain.notes.search import SearchHit, search_notes
from iopdesk.domain.notes.signing import (
    GroupSignResult,
    add_addendum,
    sign_group_note,
    sign_note,
    verify_note,
)
from iopdesk.domain.notes.snippets import (
    SnippetView,
    add_snippet,
    delete_snippet,
    list_snippets,
    update_snippet,
)
from iopdesk.domain.notes.templates import (
    TemplateInfo,
    list_templates,
    new_field_key,
    part_fields,
    reset_template,
    save_template,
    template_for,
)
from iopdesk.domain.notes.views import AddendumView, NoteView, SessionHeader

__all__ = [
    "AddendumView",
    "ChartEntry",
    "ConflictInfo",
    "ConflictView",
    "CopyResult",
    "CosignItem",
    "FamilyPresent",
    "Flag",
    "GroupNoteView",
    "GroupSignResult",
    "MemberPart",
    "NoteView",
    "PrintClient",
    "PrintPacket",
    "SaveResult",
    "SearchHit",
    "SessionHeader",
    "SnippetView",
    "TemplateInfo",
    "UnsignedNote",
    "add_addendum",
    "add_snippet",
    "apply_peer_replacement",
    "check_confidentiality",
    "client_notes",
    "copy_from_last",
    "cosign",
    "cosign_queue",
    "cosign_session",
    "delete_snippet",
    "list_snippets",
    "list_templates",
    "my_unsigned_notes",
    "new_field_key",
    "note_conflicts",
    "notes_for_print",
    "open_group_note",
    "open_session_note",
    "part_fields",
    "reset_template",
    "resolve_conflict",
    "return_note",
    "save_draft",
    "save_template",
    "search_notes",
    "sign_group_note",
    "sign_note",
    "template_for",
    "update_snippet",
    "verify_note",
]
