"""Intake screening: does an intensive outpatient program suit this person?

A screening answers the clinic's suitability criteria (REFERENCE §3: the program brief's five
conditions by default, clinic-editable: ``set_criteria``), each met / not met / not known with a
note, and rates the six ASAM dimensions 0-4, each with a short reason. From those the program
computes a recommendation (``recommend``); the clinician may settle on another one only with a
written reason. It is signed like a note, and co-signed where the author needs it.

A screening applies the clinic's own admission policy; it is not a diagnosis and not an ASAM
level-of-care determination (``NOTICE``, which every screen and printout showing one carries).
The criteria and the recommendation rule: iopdesk.domain.care.suitability.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.care import sealing
from iopdesk.domain.care.common import (
    SHORT_MAX,
    canonical,
    check_date,
    clean_long_text,
    load_client,
    load_row,
    parse_json,
    require,
    staff_names,
    today_for,
    trail,
)
from iopdesk.domain.care.suitability import CriterionAnswer, DimensionRating, criteria, recommend
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store import transaction
from iopdesk.store.care_models import Screening

NOTICE = (
    "This screening applies the clinic's own admission policy for its intensive outpatient program. "
    "It is not a diagnosis, and not an ASAM level-of-care determination."
)


@dataclass(frozen=True)
class ScreeningView:
    id: UUID
    client_id: UUID
    screened_on: dt.date
    author_id: UUID
    author_name: str
    answers: tuple[CriterionAnswer, ...]
    ratings: tuple[DimensionRating, ...]
    computed: str  # the program's recommendation; "" until complete
    recommendation: str  # what the clinician settled on ("" while not chosen: the computed one holds)
    override_reason: str
    summary: str
    status: str
    signed_by_name: str
    signed_at: dt.datetime | None  # UTC
    cosigned_by_name: str
    cosigned_at: dt.datetime | None
    return_comment: str
    content_hash: str | None
    version: int
    missing: tuple[str, ...]  # what signing still needs, in words
    notice: str = NOTICE

    @property
    def final_recommendation(self) -> str:
        return self.recommendation or self.computed

    @property
    def recommendation_label(self) -> str:
        return vocab.SCREENING_RECOMMENDATIONS.get(self.final_recommendation, "No recommendation yet")

    @property
    def overridden(self) -> bool:
        return bool(self.recommendation) and bool(self.computed) and self.recommendation != self.computed

    @property
    def status_label(self) -> str:
        return vocab.CARE_RECORD_STATUSES.get(self.status, self.status)


# --- reading ---------------------------------------------------------------------------------


def _answers(row: Screening) -> tuple[CriterionAnswer, ...]:
    out = []
    for item in parse_json(row.answers, []):
        if isinstance(item, dict):
            out.append(
                CriterionAnswer(
                    str(item.get("key", "")),
                    str(item.get("label", "")),
                    str(item.get("answer", "")),
                    str(item.get("note", "")),
                )
            )
    return tuple(out)


def _ratings(row: Screening) -> tuple[DimensionRating, ...]:
    stored = {
        str(item.get("dimension")): item for item in parse_json(row.ratings, []) if isinstance(item, dict)
    }
    out = []
    for key in vocab.ASAM_DIMENSIONS:
        item = stored.get(key, {})
        rating = item.get("rating")
        out.append(
            DimensionRating(key, rating if isinstance(rating, int) else None, str(item.get("reason", "")))
        )
    return tuple(out)


def content_of(row: Screening) -> dict[str, Any]:
    """What the seal covers."""
    return {
        "client": row.client_id,
        "screened_on": row.screened_on,
        "answers": parse_json(row.answers, []),
        "ratings": parse_json(row.ratings, []),
        "computed": row.computed,
        "recommendation": row.recommendation,
        "override_reason": row.override_reason,
        "summary": row.summary,
    }


def _missing(
    answers: Sequence[CriterionAnswer], ratings: Sequence[DimensionRating], row: Screening
) -> list[str]:
    out = []
    for a in answers:
        if a.answer not in vocab.CRITERION_ANSWERS:
            out.append(f"Answer “{a.label}”.")
        elif not a.note.strip():
            out.append(f"Add a note to “{a.label}”.")
    for r in ratings:
        if r.rating is None:
            out.append(f"Rate dimension {r.label}.")
        elif not r.reason.strip():
            out.append(f"Give the reason for the rating of dimension {r.label}.")
    computed = recommend(answers, ratings)
    if computed and row.recommendation and row.recommendation != computed and not row.override_reason.strip():
        out.append("Say why the recommendation differs from the program's.")
    return out


def views(rows: Sequence[Screening]) -> list[ScreeningView]:
    names = staff_names(n for r in rows for n in (r.author_id, r.signed_by_id, r.cosigned_by_id))
    out = []
    for row in rows:
        answers, ratings = _answers(row), _ratings(row)
        out.append(
            ScreeningView(
                id=row.id,
                client_id=row.client_id,
                screened_on=row.screened_on,
                author_id=row.author_id,
                author_name=names.get(row.author_id, ""),
                answers=answers,
                ratings=ratings,
                computed=row.computed,
                recommendation=row.recommendation,
                override_reason=row.override_reason,
                summary=row.summary,
                status=row.status,
                signed_by_name=names.get(row.signed_by_id, "") if row.signed_by_id else "",
                signed_at=row.signed_at,
                cosigned_by_name=names.get(row.cosigned_by_id, "") if row.cosigned_by_id else "",
                cosigned_at=row.cosigned_at,
                return_comment=row.return_comment,
                content_hash=row.content_hash,
                version=row.version,
                missing=tuple(_missing(answers, ratings, row)),
            )
        )
    return out


def screenings(actor: Actor, client_id: UUID, *, audited: bool = True) -> tuple[ScreeningView, ...]:
    """The client's screenings, newest first."""
    require(actor, permissions.CARE_READ, client_id, "care_screening")
    with transaction():
        load_client(client_id)
        rows = list(
            Screening.select()
            .where((Screening.client == client_id) & Screening.retired_at.is_null())
            .order_by(Screening.screened_on.desc(), Screening.created_at.desc())
        )
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="care_screening",
                record_id="list",
                changes={"screenings": len(rows)},
            )
    return tuple(views(rows))


def get_screening(actor: Actor, screening_id: UUID) -> ScreeningView:
    row = load_row(Screening, screening_id, "screening")
    sealing.require_reader(actor, row)
    with transaction():
        trail(actor, audit.VIEW, row)
    return views([row])[0]


# --- writing -----------------------------------------------------------------------------------


def start_screening(
    actor: Actor, client_id: UUID, screened_on: dt.date | None = None, *, today: dt.date | None = None
) -> ScreeningView:
    """A new draft with the clinic's criteria, every answer and rating still open."""
    permissions.require(actor, permissions.CARE_INTAKE, client_id=client_id, record_type="care_screening")
    day = check_date(screened_on or today_for(actor, today), field="screened_on", label="The screening date")
    if day > today_for(actor, today):
        raise ValidationError("A screening cannot be dated in the future.", field="screened_on")
    with transaction():
        client = load_client(client_id)
        if day < client.date_of_birth:
            raise ValidationError("The screening date is before the date of birth.", field="screened_on")
        answers = [{"key": c.key, "label": c.label, "answer": "", "note": ""} for c in criteria()]
        row = Screening.create(
            origin_site=actor.site_id,
            client=client_id,
            author=actor.staff_id,
            screened_on=day,
            answers=canonical(answers),
            ratings="[]",
        )
        trail(actor, audit.CREATE, row, screened_on=day, criteria=[c["key"] for c in answers])
    return views([row])[0]


def save_screening(
    actor: Actor,
    screening_id: UUID,
    *,
    answers: Mapping[str, tuple[str, str]] | None = None,
    ratings: Mapping[str, tuple[int | None, str]] | None = None,
    recommendation: str | None = None,
    override_reason: str | None = None,
    summary: str | None = None,
    screened_on: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ScreeningView:
    """Change any part of a draft; parts not given stay as they are.

    ``answers``: {criterion key: (answer, note)}; ``ratings``: {dimension: (0-4 or None, reason)};
    ``recommendation``: a vocab.SCREENING_RECOMMENDATIONS key, or "" to take the program's.
    """
    with transaction():
        row = load_row(Screening, screening_id, "screening")
        sealing.require_author(actor, row)
        sealing.refuse_if_locked(row)
        sealing.check_version(row, expected_version)
        changes: dict[str, Any] = {}
        current_answers = [dict(item) for item in parse_json(row.answers, []) if isinstance(item, dict)]
        if answers is not None:
            by_key = {a["key"]: a for a in current_answers}
            for key, given in answers.items():
                if key not in by_key:
                    raise ValidationError(f"This screening has no criterion {key!r}.", field="answers")
                answer, note = given
                answer = (answer or "").strip()
                if answer and answer not in vocab.CRITERION_ANSWERS:
                    raise ValidationError(
                        f"Answer “{by_key[key]['label']}” with met, not met or not known.", field=key
                    )
                by_key[key]["answer"] = answer
                by_key[key]["note"] = clean_long_text(note, field=key, label="The note", max_len=SHORT_MAX)
            changes["answers"] = canonical(current_answers)
        current_ratings = {r.dimension: r for r in _ratings(row)}
        if ratings is not None:
            for key, (rating, reason) in ratings.items():
                if key not in vocab.ASAM_DIMENSIONS:
                    raise ValidationError(f"{key!r} is not one of the six ASAM dimensions.", field="ratings")
                if rating is not None and (isinstance(rating, bool) or rating not in vocab.ASAM_RATINGS):
                    raise ValidationError(f"Rate {vocab.ASAM_DIMENSIONS[key]} from 0 to 4.", field=key)
                text = clean_long_text(reason, field=key, label="The reason", max_len=SHORT_MAX)
                current_ratings[key] = DimensionRating(key, rating, text)
            changes["ratings"] = canonical(
                [
                    {"dimension": r.dimension, "rating": r.rating, "reason": r.reason}
                    for r in current_ratings.values()
                    if r.rating is not None or r.reason
                ]
            )
        if recommendation is not None:
            if recommendation and recommendation not in vocab.SCREENING_RECOMMENDATIONS:
                raise ValidationError(f"{recommendation!r} is not a recommendation.", field="recommendation")
            changes["recommendation"] = recommendation
        if override_reason is not None:
            changes["override_reason"] = clean_long_text(
                override_reason,
                field="override_reason",
                label="The reason for the override",
                max_len=SHORT_MAX,
            )
        if summary is not None:
            changes["summary"] = clean_long_text(summary, field="summary", label="The summary")
        if screened_on is not None:
            day = check_date(screened_on, field="screened_on", label="The screening date")
            if day > today_for(actor, today) or day < load_client(row.client_id).date_of_birth:
                raise ValidationError(
                    "The screening date must be between the birth date and today.", field="screened_on"
                )
            changes["screened_on"] = day
        answers_now = _answers_from(changes.get("answers", row.answers))
        ratings_now = tuple(current_ratings.values())
        changes["computed"] = recommend(answers_now, ratings_now)
        save_changes(row, changes)
        trail(actor, audit.CHANGE, row, **_audit_digest(changes))
    return views([row])[0]


def _answers_from(text: str) -> tuple[CriterionAnswer, ...]:
    probe = Screening(answers=text)
    return _answers(probe)


def _audit_digest(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The trail gets what changed, with free text as a digest (like a note's)."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in ("answers", "ratings", "summary", "override_reason"):
            out[key] = audit.text_digest(str(value))
        else:
            out[key] = value
    return out


def sign_screening(
    actor: Actor, screening_id: UUID, confirm: bool, *, expected_version: int | None = None
) -> ScreeningView:
    """Seal a complete screening: every criterion answered with a note, every dimension rated with
    a reason, and a recommendation (the program's, or another with the reason for it)."""
    with transaction():
        row = load_row(Screening, screening_id, "screening")
        sealing.require_confirm(confirm, row)
        sealing.check_version(row, expected_version)
        sealing.require_signer(actor, row)
        missing = _missing(_answers(row), _ratings(row), row)
        if missing:
            raise ValidationError("The screening is not complete: " + " ".join(missing))
        if not row.recommendation or row.recommendation == row.computed:
            save_changes(row, {"recommendation": row.computed, "override_reason": ""})
        sealing.seal(actor, row, content_of(row))
    return views([row])[0]


def cosign_screening(actor: Actor, screening_id: UUID) -> ScreeningView:
    with transaction():
        row = load_row(Screening, screening_id, "screening")
        sealing.cosign(actor, row, content_of(row))
    return views([row])[0]


def return_screening(actor: Actor, screening_id: UUID, comment: str) -> ScreeningView:
    with transaction():
        row = load_row(Screening, screening_id, "screening")
        sealing.return_for_changes(actor, row, comment)
    return views([row])[0]


def verify_screening(actor: Actor, screening_id: UUID) -> bool:
    row = load_row(Screening, screening_id, "screening")
    require(actor, permissions.CARE_READ, row.client_id, "care_screening", row.id)
    return sealing.verify(row, content_of(row))
