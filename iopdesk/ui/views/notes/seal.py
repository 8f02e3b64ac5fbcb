"""What a part says about itself: who signed it and when, its seal, its addenda, an override."""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.notes import NoteView
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.notes.models import plural, tr


def local_text(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    """A stored UTC time as the site reads it: 'Nov 25, 2026 at 4:10 pm'."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return tr("{day} at {time}").format(day=date_text(local.date()), time=clock_text(local.time()))


def grouped(digest: str, size: int = 8) -> str:
    """A seal in groups of eight, as fingerprints are shown: read by eye in pieces, and a line can
    break between them (64 characters in one word made the page scroll sideways at large text)."""
    return " ".join(digest[i : i + size] for i in range(0, len(digest), size))


def seal_text(note: NoteView, zone: dt.tzinfo, editable: bool = True) -> str:
    signer = note.signed_by_name or note.author_name
    if note.status in ("draft", "returned") and not editable:
        return tr("Draft by {name}; not signed yet. Only its author can change it.").format(
            name=note.author_name
        )
    if note.status == "pending_cosign" and note.signed_at is None:  # submitted before seals were kept
        return tr("Written by {name}; waiting for a supervisor's co-signature. The text is locked.").format(
            name=signer
        )
    if note.status == "signed":
        if note.signed_at is None:  # data older than issue 19: say so, never "on ."
            text = tr("Signed by {name} (time not recorded).").format(name=signer)
        else:
            when = local_text(note.signed_at, zone)
            text = tr("Signed by {name} on {when}.").format(name=signer, when=when)
        if note.cosigned_by_name:
            text += " " + tr("Co-signed by {name} on {when}.").format(
                name=note.cosigned_by_name, when=local_text(note.cosigned_at, zone)
            )
    elif note.status == "pending_cosign":
        text = tr(
            "Signed by {name} on {when}; waiting for a supervisor's co-signature. The text is locked."
        ).format(name=note.signed_by_name, when=local_text(note.signed_at, zone))
    else:
        return ""
    if note.content_hash:
        text += "\n" + tr("Seal (SHA-256): {hash}").format(hash=grouped(note.content_hash))
    if note.addenda:
        text += "\n" + plural(
            len(note.addenda), tr("1 addendum below the note."), tr("{n} addenda below the note.")
        )
    if note.guard_overridden:
        text += "\n" + tr("Signed although the names check flagged words in it (override recorded).")
    return text
