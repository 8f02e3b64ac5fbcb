"""What an admission, or a change of its terms, is checked for: a level of care the clinic lists,
the population (derived from the birth date, or overridden with a reason), a weekly target within a
week, a clinician as primary counselor, and a corrected admission date that fits the episodes
before it and the client's group enrollments.

Apart from admission.py (admitting and changing the terms), which calls these inside its writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from iopdesk.domain.care.common import SHORT_MAX, active_staff, check_date, clean_long_text, levels
from iopdesk.domain.care.episodes import WEEK_MINUTES, client_episodes
from iopdesk.domain.clients.population import population_for
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store.care_models import CareEpisode
from iopdesk.store.models import Client, Enrollment


def check_level(code: Any) -> str:
    text = str(code or "").strip()
    known = levels()
    if text not in known:
        raise ValidationError(
            f"{text or 'No level'} is not one of the clinic's levels of care ({', '.join(known)}).",
            field="level_of_care",
        )
    return text


def check_population(client: Client, on_day: dt.date, population: str | None, reason: str) -> tuple[str, str]:
    """(population, reason): derived from the birth date unless overridden with a reason."""
    derived = population_for(client.date_of_birth, on_day)
    if population is None or population == derived:
        return derived, ""
    if population not in vocab.POPULATIONS:
        raise ValidationError(
            f"{population!r} is not a population (adult or adolescent).", field="population"
        )
    text = clean_long_text(reason, field="population_reason", label="The reason", max_len=SHORT_MAX)
    if not text:
        raise ValidationError(
            f"By the birth date the client is {vocab.POPULATIONS[derived].lower()} on "
            f"{on_day:%Y-%m-%d}; say why they are treated as {vocab.POPULATIONS[population].lower()}.",
            field="population_reason",
        )
    return population, text


def check_weekly_target(minutes: Any) -> int | None:
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= WEEK_MINUTES:
        raise ValidationError(
            "The weekly target must be a number of minutes in a week.", field="weekly_target_minutes"
        )
    return minutes


def check_counselor(staff_id: UUID | None) -> UUID | None:
    if staff_id is None:
        return None
    staff = active_staff(staff_id, field="primary_counselor_id", label="The primary counselor")
    if staff.role not in ("counselor", "supervisor") and not staff.also_clinical:
        raise ValidationError("The primary counselor must be a clinician.", field="primary_counselor_id")
    return staff.id


def check_corrected_admission(client: Client, episode: CareEpisode, value: Any, today: dt.date) -> dt.date:
    day = check_date(value, field="admitted_on", label="The admission date")
    if day > today or day < client.date_of_birth:
        raise ValidationError(
            "The admission date must be between the birth date and today.", field="admitted_on"
        )
    earlier = [e for e in client_episodes(client.id) if e.number < episode.number]
    if earlier and earlier[-1].discharged_on is not None and day <= earlier[-1].discharged_on:
        raise ValidationError(
            f"The previous episode ended on {earlier[-1].discharged_on:%Y-%m-%d}.", field="admitted_on"
        )
    since = earlier[-1].discharged_on if earlier and earlier[-1].discharged_on else None
    starts = Enrollment.select(Enrollment.start_date).where(
        (Enrollment.client == client.id)
        & Enrollment.start_date.is_null(False)
        & Enrollment.retired_at.is_null()
    )
    if since is not None:
        starts = starts.where(Enrollment.start_date > since)
    first = min((s for (s,) in starts.tuples()), default=None)
    if first is not None and first < day:
        raise ValidationError(
            f"The client is in a group from {first:%Y-%m-%d}; the admission date cannot be later than that.",
            field="admitted_on",
        )
    return day
