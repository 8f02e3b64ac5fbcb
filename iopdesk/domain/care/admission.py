"""Admitting a client and changing the admission terms (iopdesk.domain.care.episodes has the rules).

``admit`` opens an episode (the next one after a discharge) with its terms; the population is
derived from the birth date on the admission date unless overridden with a reason; the primary
counselor joins the team. ``change_terms`` records a change from the date it takes effect, with
why, and keeps the client row (which the hours rules read) in step.

The checks every term passes (a known level of care, the population, the weekly target, a clinician
as primary counselor, a corrected admission date) are in admission_checks.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from iopdesk.domain.care import team as team_rules
from iopdesk.domain.care.admission_checks import (
    check_corrected_admission,
    check_counselor,
    check_level,
    check_population,
    check_weekly_target,
)
from iopdesk.domain.care.common import (
    SHORT_MAX,
    check_date,
    clean_long_text,
    clean_text,
    levels,
    load_client,
    load_episode,
    load_row,
    open_episode,
    require,
    require_open,
    today_for,
    trail,
)
from iopdesk.domain.care.episodes import (
    TERMS,
    EpisodeView,
    client_episodes,
    episode_views,
    history_rows,
)
from iopdesk.domain.kernel import audit, permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store import transaction
from iopdesk.store.care_models import AdmissionChange, CareEpisode, Screening
from iopdesk.store.models import Client

# --- admitting ----------------------------------------------------------------------------------


def admit(
    actor: Actor,
    client_id: UUID,
    admitted_on: dt.date | None = None,
    *,
    level_of_care: str = "2.1",
    population: str | None = None,
    population_reason: str = "",
    weekly_target_minutes: int | None = None,
    referral_source: str = "",
    primary_counselor_id: UUID | None = None,
    screening_id: UUID | None = None,
    today: dt.date | None = None,
) -> EpisodeView:
    """Admit the client: a new episode (the next one after a discharge) with its terms; the primary
    counselor joins the team. ``population`` None: derived from the birth date on ``admitted_on``."""
    permissions.require(actor, permissions.CARE_INTAKE, client_id=client_id, record_type="care_episode")
    day = today_for(actor, today)
    with transaction():
        client = load_client(client_id)
        row = open_admission(
            actor,
            client,
            check_date(admitted_on or day, field="admitted_on", label="The admission date"),
            level_of_care=level_of_care,
            population=population,
            population_reason=population_reason,
            weekly_target_minutes=weekly_target_minutes,
            referral_source=referral_source,
            primary_counselor_id=primary_counselor_id,
            screening_id=screening_id,
            today=day,
        )
        view = episode_views(client, [row], day)[0]
    return view


def open_admission(
    actor: Actor,
    client: Client,
    admitted_on: dt.date,
    *,
    level_of_care: str,
    population: str | None,
    population_reason: str,
    weekly_target_minutes: int | None,
    referral_source: str,
    primary_counselor_id: UUID | None,
    screening_id: UUID | None,
    today: dt.date,
) -> CareEpisode:
    """The work of ``admit`` without its permission check (the roster import makes its own)."""
    if admitted_on > today:
        raise ValidationError("The admission date cannot be in the future.", field="admitted_on")
    if admitted_on < client.date_of_birth:
        raise ValidationError("The admission date is before the date of birth.", field="admitted_on")
    current = open_episode(client.id)
    if current is not None and client.status == "discharged" and client.discharge_date is not None:
        _close_stale(actor, current, client.discharge_date)
        current = None
    if current is not None:
        raise DomainError(
            f"The client has been admitted since {current.admitted_on:%Y-%m-%d}; change that admission "
            "instead, or discharge the client first."
        )
    earlier = client_episodes(client.id)
    if earlier and earlier[-1].discharged_on is not None and admitted_on <= earlier[-1].discharged_on:
        raise ValidationError(
            f"The last episode ended on {earlier[-1].discharged_on:%Y-%m-%d}; a re-admission starts later.",
            field="admitted_on",
        )
    if screening_id is not None:
        screening = load_row(Screening, screening_id, "screening")
        if screening.client_id != client.id:
            raise ValidationError("That screening is of another client.", field="screening_id")
        if screening.status not in ("signed", "pending_cosign"):
            raise ValidationError("Sign the screening before admitting on it.", field="screening_id")
    pop, pop_reason = check_population(client, admitted_on, population, population_reason)
    terms: dict[str, Any] = {
        "admitted_on": admitted_on,
        "level_of_care": check_level(level_of_care),
        "population": pop,
        "population_reason": pop_reason,
        "weekly_target_minutes": check_weekly_target(weekly_target_minutes),
        "referral_source": clean_text(
            referral_source, field="referral_source", label="The referral source", max_len=120
        ),
        "primary_counselor": check_counselor(primary_counselor_id),
    }
    row = CareEpisode.create(
        origin_site=actor.site_id,
        client=client.id,
        number=(earlier[-1].number + 1) if earlier else 1,
        screening=screening_id,
        **terms,
    )
    AdmissionChange.create(
        origin_site=actor.site_id,
        episode=row.id,
        client=client.id,
        effective_on=admitted_on,
        changed_by=actor.staff_id,
        **terms,
    )
    trail(actor, audit.CREATE, row, number=row.number, screening=screening_id, **terms)
    if terms["primary_counselor"] is not None:
        team_rules.join(actor, row, terms["primary_counselor"], "primary_counselor", admitted_on)
    _client_in_step(actor, client, row, admitted=True)
    return row


def _close_stale(actor: Actor, episode: CareEpisode, discharged: dt.date) -> None:
    """An episode left open by a discharge made on the client's record (no discharge summary): it
    ends on that discharge date, with its team places, before the re-admission opens the next."""
    on = max(discharged, episode.admitted_on)
    save_changes(episode, {"discharged_on": on}, actor=actor, client_id=episode.client_id)
    for member in team_rules.team_rows(episode.id):
        if member.end_on is None or member.end_on > on:
            team_rules.leave(actor, member, on, "Discharged on the client's record.")


def _client_in_step(actor: Actor, client: Client, episode: CareEpisode, *, admitted: bool = False) -> None:
    """The client row holds the terms in force now (the hours rules read them there)."""
    changes: dict[str, Any] = {
        "admission_date": episode.admitted_on,
        "level_of_care": episode.level_of_care,
        "population": episode.population,
        "weekly_target_minutes": episode.weekly_target_minutes,
        "primary_counselor": episode.primary_counselor_id,
    }
    if admitted:
        changes.update(status="active", discharge_date=None)
    save_changes(client, changes, actor=actor)


# --- changing the terms --------------------------------------------------------------------------


def set_levels(
    actor: Actor, items: list[tuple[str, str]], *, based_on: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The clinic's levels of care, code → label (ASAM 4th edition re-cut some levels: codes are
    data). A code in use by an open episode stays. ``based_on``: the levels the person saw when they
    began (``levels()``); changed since at another workstation, the list is refused, not replaced."""
    permissions.require(actor, permissions.SETTINGS_EDIT, record_type="setting", record_id="levels_of_care")
    out: dict[str, str] = {}
    for number, (code, label) in enumerate(items, start=1):
        code = " ".join(str(code or "").split())
        label = " ".join(str(label or "").split())
        if not code or len(code) > 10:
            raise ValidationError(
                f"Level {number} needs a code of at most 10 characters.", field="levels_of_care"
            )
        if code in out:
            raise ValidationError(f"Two levels use the code {code}.", field="levels_of_care")
        out[code] = label or f"Level {code}"
    if not out:
        raise ValidationError("Keep at least one level of care.", field="levels_of_care")
    with transaction():  # the list and the levels in use as they are when it is replaced
        if based_on is not None and dict(based_on) != levels() and out != levels():
            raise settings.changed_meanwhile("levels_of_care")
        _keep_levels_in_use(out)
        settings.set_value(actor, "levels_of_care", [{"code": c, "label": label} for c, label in out.items()])
    return out


def _keep_levels_in_use(out: Mapping[str, str]) -> None:
    in_use = {
        code
        for (code,) in CareEpisode.select(CareEpisode.level_of_care)
        .where(CareEpisode.discharged_on.is_null() & CareEpisode.retired_at.is_null())
        .distinct()
        .tuples()
    }
    missing = sorted(in_use - set(out))
    if missing:
        raise ValidationError(
            f"Level {missing[0]} is the level of clients in care now; keep it in the list.",
            field="levels_of_care",
        )


def change_terms(
    actor: Actor,
    episode_id: UUID,
    reason: str,
    effective_on: dt.date | None = None,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
    **changes: Any,
) -> EpisodeView:
    """Change admission terms from ``effective_on`` (default today), saying why.

    ``changes``: any of admitted_on (a correction), level_of_care, population (with
    population_reason when it differs from what the birth date gives on ``effective_on``),
    weekly_target_minutes, referral_source, primary_counselor_id. The hours floor follows from that day on.
    """
    allowed = set(TERMS) - {"primary_counselor"} | {"primary_counselor_id"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError(f"Admission terms have no field {unknown[0]!r}.", field=unknown[0])
    day = today_for(actor, today)
    with transaction():
        episode = load_episode(episode_id)
        require(actor, permissions.CARE_WRITE, episode.client_id, "care_episode", episode.id)
        require_open(episode)
        if expected_version is not None and expected_version != episode.version:
            raise DomainError("Someone else changed this admission a moment ago; reopen it and try again.")
        why = clean_long_text(
            reason, field="reason", label="The reason for the change", required=True, max_len=SHORT_MAX
        )
        client = load_client(episode.client_id)
        history = history_rows([episode.id])[episode.id]
        latest = history[-1] if history else None
        since = check_date(effective_on or day, field="effective_on", label="The date it takes effect")
        if since > day:
            raise ValidationError("A change takes effect today at the latest.", field="effective_on")
        if latest is not None and since < latest.effective_on:
            raise ValidationError(
                f"The last change took effect on {latest.effective_on:%Y-%m-%d}; "
                "a new one cannot take effect earlier.",
                field="effective_on",
            )
        new = {
            name: getattr(episode, name if name != "primary_counselor" else "primary_counselor_id")
            for name in TERMS
        }
        if "admitted_on" in changes:
            new["admitted_on"] = check_corrected_admission(client, episode, changes["admitted_on"], day)
        if since < new["admitted_on"]:
            raise ValidationError(
                "A change cannot take effect before the admission date.", field="effective_on"
            )
        if "level_of_care" in changes:
            new["level_of_care"] = check_level(changes["level_of_care"])
        if "population" in changes or "population_reason" in changes:
            # Derived on the day the change takes effect: an adolescent who turns 18 during the
            # stay is an adult from the birthday on without an override reason.
            new["population"], new["population_reason"] = check_population(
                client,
                since,
                changes.get("population", episode.population),
                changes.get("population_reason", episode.population_reason),
            )
        if "weekly_target_minutes" in changes:
            new["weekly_target_minutes"] = check_weekly_target(changes["weekly_target_minutes"])
        if "referral_source" in changes:
            new["referral_source"] = clean_text(
                changes["referral_source"], field="referral_source", label="The referral source", max_len=120
            )
        if "primary_counselor_id" in changes:
            new["primary_counselor"] = check_counselor(changes["primary_counselor_id"])
        old_counselor = episode.primary_counselor_id
        before = {
            name: getattr(episode, name if name != "primary_counselor" else "primary_counselor_id")
            for name in TERMS
        }
        if audit.diff(before, new) == {}:
            raise ValidationError("Nothing was changed.", field="changes")
        AdmissionChange.create(
            origin_site=actor.site_id,
            episode=episode.id,
            client=client.id,
            effective_on=since,
            reason=why,
            changed_by=actor.staff_id,
            **new,
        )
        save_changes(episode, new, actor=actor, client_id=client.id)
        if new["primary_counselor"] != old_counselor:
            _new_primary(actor, episode, old_counselor, new["primary_counselor"], since)
        _client_in_step(actor, client, episode)
        view = episode_views(client, [episode], day)[0]
    return view


def _new_primary(
    actor: Actor, episode: CareEpisode, old: UUID | None, new: UUID | None, since: dt.date
) -> None:
    """The primary counselor's team place moves with the admission terms."""
    if old is not None:
        for row in team_rules.team_rows(episode.id):
            if row.role == "primary_counselor" and row.staff_id == old and row.end_on is None:
                team_rules.leave(actor, row, since - dt.timedelta(days=1), "No longer the primary counselor.")
    if new is not None:
        team_rules.join(actor, episode, new, "primary_counselor", since)
