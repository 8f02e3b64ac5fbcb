"""Chart numbers: how one is written (``normalize_chart``) and the next one IOPdesk makes up when the
clinic has no scheme of its own (``next_chart_number``: the clinic's "C-000123", or on a satellite
laptop one with the laptop's own mark)."""

from __future__ import annotations

from peewee import fn

from iopdesk.domain.kernel import audit
from iopdesk.store.models import Client
from iopdesk.store.sync_models import SyncPeer

CHART_PREFIX = "C-"
CHART_DIGITS = 6


def normalize_chart(text: str) -> str:
    """Chart numbers are identifiers: case and stray spaces must not make two of one."""
    return " ".join(str(text).split()).upper()


def next_chart_number(reserved: set[str] | frozenset[str] = frozenset()) -> str:
    """The next free "C-000123"-style number, skipping any in ``reserved`` (e.g. an import file's).

    On a satellite laptop the number carries the laptop's own mark, "C-7F3A-0001": two places
    numbering their new clients apart between two syncs must not both give out C-000123 (the second
    client to reach the other place would collide with the first and wait for a person)."""
    prefix, digits = _chart_form()
    width = len(prefix) + digits
    rows = (
        Client.select(Client.chart_number)
        .where(
            (fn.LENGTH(Client.chart_number) == width)
            & Client.chart_number.between(prefix + "0" * digits, prefix + "9" * digits)
        )
        .order_by(Client.chart_number.desc())
        .limit(50)
    )
    highest = 0
    for (chart,) in rows.tuples():
        tail = chart[len(prefix) :]
        if tail.isdigit():
            highest = int(tail)
            break
    n = highest + 1
    while True:
        candidate = f"{prefix}{n:0{digits}d}"
        if candidate not in reserved and not Client.select().where(Client.chart_number == candidate).exists():
            return candidate
        n += 1


SATELLITE_DIGITS = 4


def _chart_form() -> tuple[str, int]:
    """(prefix, digits) of new chart numbers here: the clinic's, or a satellite laptop's own."""
    if not SyncPeer.select().where(SyncPeer.is_hub == True).exists():  # noqa: E712 - peewee builds SQL
        return CHART_PREFIX, CHART_DIGITS
    mark = audit.this_device().hex[:4].upper()
    return f"{CHART_PREFIX}{mark}-", SATELLITE_DIGITS
