"""A discharge as it is read: its aftercare items, the frozen view a screen or the printed chart
shows, and the stored record behind them (the summary's sections, the aftercare plan, what signing
seals).

Apart from discharge.py (starting, saving and signing a discharge, and what signing ends); these are
found there too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.care.common import parse_json, staff_names
from iopdesk.domain.care.discharge_summary import SUMMARY_SECTIONS
from iopdesk.domain.kernel import vocab
from iopdesk.store.care_models import Discharge


@dataclass(frozen=True)
class AftercareItem:
    kind: str  # vocab.AFTERCARE_KINDS
    what: str  # "Alumni group, Tuesdays 6 pm", "Dr. Reyes, psychiatry"
    when: dt.date | None = None
    contact: str = ""

    @property
    def kind_label(self) -> str:
        return vocab.AFTERCARE_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class DischargeView:
    id: UUID
    client_id: UUID
    episode_id: UUID
    reason: str
    discharged_on: dt.date
    summary: tuple[tuple[str, str, str], ...]  # (section key, title, text) in order
    aftercare: tuple[AftercareItem, ...]
    status: str
    author_id: UUID
    author_name: str
    signed_by_name: str
    signed_at: dt.datetime | None
    cosigned_by_name: str
    cosigned_at: dt.datetime | None
    return_comment: str
    content_hash: str | None
    version: int

    @property
    def reason_label(self) -> str:
        return vocab.DISCHARGE_REASONS.get(self.reason, self.reason)

    @property
    def status_label(self) -> str:
        return vocab.CARE_RECORD_STATUSES.get(self.status, self.status)


def summary_of(row: Discharge) -> dict[str, str]:
    stored = parse_json(row.summary, {})
    return {key: str(stored.get(key, "")) for key in SUMMARY_SECTIONS}


def aftercare_of(row: Discharge) -> tuple[AftercareItem, ...]:
    out = []
    for item in parse_json(row.aftercare, []):
        if isinstance(item, dict):
            when = item.get("when")
            try:
                day = dt.date.fromisoformat(when) if isinstance(when, str) and when else None
            except ValueError:
                day = None
            out.append(
                AftercareItem(
                    str(item.get("kind", "")), str(item.get("what", "")), day, str(item.get("contact", ""))
                )
            )
    return tuple(out)


def content_of(row: Discharge) -> dict[str, Any]:
    return {
        "client": row.client_id,
        "episode": row.episode_id,
        "reason": row.reason,
        "discharged_on": row.discharged_on,
        "summary": parse_json(row.summary, {}),
        "aftercare": parse_json(row.aftercare, []),
    }


def views(rows: Sequence[Discharge]) -> list[DischargeView]:
    names = staff_names(n for r in rows for n in (r.author_id, r.signed_by_id, r.cosigned_by_id))
    out = []
    for r in rows:
        summary = summary_of(r)
        out.append(
            DischargeView(
                id=r.id,
                client_id=r.client_id,
                episode_id=r.episode_id,
                reason=r.reason,
                discharged_on=r.discharged_on,
                summary=tuple((k, title, summary[k]) for k, title in SUMMARY_SECTIONS.items()),
                aftercare=aftercare_of(r),
                status=r.status,
                author_id=r.author_id,
                author_name=names.get(r.author_id, ""),
                signed_by_name=names.get(r.signed_by_id, "") if r.signed_by_id else "",
                signed_at=r.signed_at,
                cosigned_by_name=names.get(r.cosigned_by_id, "") if r.cosigned_by_id else "",
                cosigned_at=r.cosigned_at,
                return_comment=r.return_comment,
                content_hash=r.content_hash,
                version=r.version,
            )
        )
    return out


def discharge_row(episode_id: UUID) -> Discharge | None:
    return (
        Discharge.select()
        .where((Discharge.episode == episode_id) & Discharge.retired_at.is_null())
        .order_by(Discharge.created_at.desc())
        .first()
    )
