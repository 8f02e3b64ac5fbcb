"""The words of the sync screens: when this copy last synced, and a conflict's time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.sync.counts import Counts
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import date_text


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


def moment_text(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    """A stored UTC time on the site's clock, the date as every screen writes it: "Mar 4, 2025 5:42 pm"."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return f"{date_text(local.date())} {clock_text(local.time())}"


def last_synced_text(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    if moment is None:
        return tr("Last synced: never")
    return tr("Last synced: {when}").format(when=moment_text(moment, zone))


def short_result(sent: int, received: Counts) -> str:
    """What a sync did, short enough for the status bar beside its permanent labels (the whole
    summary is the last-sync label's tooltip)."""
    text = tr("Synced: sent {sent} changed records, received {got}.").format(
        sent=sent, got=received.rows_applied
    )
    return text + kept_text(received)


def imported_result(received: Counts) -> str:
    text = tr("Change file imported: {n} records applied.").format(n=received.rows_applied)
    return text + kept_text(received)


def kept_text(received: Counts) -> str:
    if not received.conflicts_kept:
        return ""
    return " " + tr("{n} kept for a person to see (Sync conflicts).").format(n=received.conflicts_kept)
