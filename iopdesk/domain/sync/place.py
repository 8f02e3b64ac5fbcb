"""Where this copy stands in sync, read when the main window opens: the server a satellite laptop
syncs with, and when it last exchanged changes. Kept apart from the sync itself (hub.py,
service.py), which loads only when someone syncs."""

from __future__ import annotations

import datetime as dt
import json

from peewee import fn

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.permissions import SYNC_WITH_HUB, require
from iopdesk.store.models import Setting
from iopdesk.store.sync_models import SyncPeer

HUB_URL_KEY = "sync_hub_url"  # setting on a server's satellite: where `iopdesk sync` finds its hub


def hub_url(actor: Actor) -> str | None:
    """The server this laptop syncs with (kept at the copy, without a password), or None."""
    require(actor, SYNC_WITH_HUB)
    row = Setting.get_or_none(Setting.key == HUB_URL_KEY)
    return str(json.loads(row.value)) if row is not None else None


def last_synced(actor: Actor) -> dt.datetime | None:
    """When this copy last exchanged changes with any other place (UTC), for the status bar: every
    staff member who may sync a laptop sees it (SYNC_WITH_HUB), not only administrators."""
    require(actor, SYNC_WITH_HUB)
    return SyncPeer.select(fn.MAX(SyncPeer.last_synced_at)).scalar()
