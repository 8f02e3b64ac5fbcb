"""Discharge: how an episode ends, the summary of the stay, and what comes after.

The program assembles the summary (``assemble``): the dates and length of the stay, sessions
attended and hours, the plan's goals and how far each got (from the latest review), and
instrument results once IOPdesk records them; the counselor edits it, writes the client's
condition and the recommendations, adds the aftercare plan (referrals, mutual-help meetings,
follow-up appointments) and signs. Signing discharges the client from that date forward only:
enrollments and wait-list places end (or never begin), team places end, the episode closes and the
client's status becomes "discharged"; what was recorded before stays exactly as it was.
A re-admission opens a new episode (iopdesk.domain.care.admission.admit).

The discharge as it is read (its view, the aftercare items, what signing seals) is in
discharge_views.py; those names are found here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.care import sealing
from iopdesk.domain.care import team as team_rules
from iopdesk.domain.care.common import (
    SHORT_MAX,
    canonical,
    check_date,
    clean_long_text,
    load_episode,
    load_row,
    require,
    require_open,
    today_for,
    trail,
)
from iopdesk.domain.care.discharge_summary import SUMMARY_SECTIONS, WRITTEN, StayFacts, assemble, stay_facts
from iopdesk.domain.care.discharge_views import (
    AftercareItem,
    DischargeView,
    aftercare_of,
    content_of,
    discharge_row,
    summary_of,
    views,
)
from iopdesk.domain.enrollment.enrollment import close_enrollment
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import check_choice, save_changes
from iopdesk.store import transaction
from iopdesk.store.care_models import AdmissionChange, CareEpisode, Discharge, TeamMember
from iopdesk.store.models import Attendance, Client, Enrollment

# Reasons after which the client is expected to go somewhere: signing needs an aftercare item.
NEEDS_AFTERCARE = ("completed", "stepped_down", "stepped_up", "transferred")
# How a discharge ends the client's group enrollments (vocab.END_REASONS).
ENROLLMENT_END = {"completed": "completed", "stepped_down": "completed", "left_against_advice": "withdrawn"}
MAX_AFTERCARE = 30


# --- reading -------------------------------------------------------------------------------------


def get_discharge(actor: Actor, episode_id: UUID, *, audited: bool = True) -> DischargeView | None:
    """The discharge (being written or signed) of an episode, if there is one."""
    episode = load_episode(episode_id)
    row = discharge_row(episode.id)
    if row is not None:
        sealing.require_reader(actor, row)  # the chart's readers, and its author
    else:
        require(actor, permissions.CARE_READ, episode.client_id, "care_discharge", episode.id)
    with transaction():
        if audited and row is not None:
            trail(actor, audit.VIEW, row)
    return views([row])[0] if row is not None else None


# --- writing ---------------------------------------------------------------------------------


def start_discharge(
    actor: Actor,
    episode_id: UUID,
    reason: str,
    discharged_on: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> DischargeView:
    """A draft discharge with the summary the program assembled (nothing changes until it is signed)."""
    day = today_for(actor, today)
    check_choice(reason, vocab.DISCHARGE_REASONS, field="reason", label="The reason for discharge")
    with transaction():
        episode = load_episode(episode_id)
        require(actor, permissions.CARE_WRITE, episode.client_id, "care_discharge", episode.id)
        require_open(episode)
        if discharge_row(episode.id) is not None:
            raise DomainError("A discharge of this episode is already being written; open it instead.")
        on = _date(episode, discharged_on or day, day)
        row = Discharge.create(
            origin_site=actor.site_id,
            episode=episode.id,
            client=episode.client_id,
            author=actor.staff_id,
            reason=reason,
            discharged_on=on,
            summary=canonical(assemble(episode, on)),
        )
        trail(actor, audit.CREATE, row, reason=reason, discharged_on=on)
    return views([row])[0]


def _date(episode: CareEpisode, value: Any, today: dt.date) -> dt.date:
    day = check_date(value, field="discharged_on", label="The discharge date")
    if day > today:
        raise ValidationError("The discharge date cannot be in the future.", field="discharged_on")
    if day < episode.admitted_on:
        raise ValidationError(
            f"The client was admitted on {episode.admitted_on:%Y-%m-%d}.", field="discharged_on"
        )
    attended = (
        Attendance.select(fn.MAX(Attendance.date))
        .where(
            (Attendance.client == episode.client_id)
            & Attendance.status.in_(vocab.ATTENDED_STATUSES)
            & Attendance.retired_at.is_null()
        )
        .scalar()
    )
    # The episode's own dated records must fall inside it too: a terms change in force after the
    # end, or a team place that began after it (which signing would silently retire), would not.
    changed = (
        AdmissionChange.select(fn.MAX(AdmissionChange.effective_on))
        .where((AdmissionChange.episode == episode.id) & AdmissionChange.retired_at.is_null())
        .scalar()
    )
    joined = (
        TeamMember.select(fn.MAX(TeamMember.start_on))
        .where(
            (TeamMember.episode == episode.id)
            & TeamMember.retired_at.is_null()
            & (TeamMember.start_on <= today)
        )
        .scalar()
    )
    _not_before(day, attended, "The client attended a session on {on}")
    _not_before(day, changed, "The admission terms changed from {on}")
    retire = " (retire that team place first if it was a mistake)"
    _not_before(day, joined, "Someone joined the treatment team on {on}", retire)
    return day


def _not_before(day: dt.date, latest: Any, what: str, advice: str = "") -> None:
    """Refuse a discharge ``day`` before ``latest`` (a MAX over the stay's records, or None)."""
    on = _as_date(latest)
    if on is not None and day < on:
        raise ValidationError(
            f"{what.format(on=f'{on:%Y-%m-%d}')}; the discharge date cannot be earlier{advice}.",
            field="discharged_on",
        )


def _as_date(value: Any) -> dt.date | None:
    """An aggregate's date (SQLite hands it back as stored text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def save_discharge(
    actor: Actor,
    discharge_id: UUID,
    *,
    reason: str | None = None,
    discharged_on: dt.date | None = None,
    summary: Mapping[str, str] | None = None,
    aftercare: Sequence[AftercareItem] | None = None,
    reassemble: bool = False,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> DischargeView:
    """Save a discharge being written. ``summary``: {section: text} for the sections given;
    ``reassemble``: the program writes its sections again (the counselor's own two are kept)."""
    day = today_for(actor, today)
    with transaction():
        row = load_row(Discharge, discharge_id, "discharge")
        sealing.require_author(actor, row)
        sealing.refuse_if_locked(row)
        sealing.check_version(row, expected_version)
        episode = load_episode(row.episode_id)
        in_effect = _in_effect(row, episode)
        changes: dict[str, Any] = {}
        if reason is not None:
            changes["reason"] = check_choice(
                reason, vocab.DISCHARGE_REASONS, field="reason", label="The reason for discharge"
            )
        if discharged_on is not None and discharged_on != row.discharged_on:
            if in_effect:
                raise DomainError(
                    f"The client was discharged on {row.discharged_on:%Y-%m-%d}; that date stays."
                )
            changes["discharged_on"] = _date(episode, discharged_on, day)
        text = summary_of(row)
        if reassemble:
            fresh = assemble(episode, changes.get("discharged_on", row.discharged_on))
            text.update({k: v for k, v in fresh.items() if k not in WRITTEN})
        if summary is not None:
            for key, value in summary.items():
                if key not in SUMMARY_SECTIONS:
                    raise ValidationError(f"A discharge summary has no section {key!r}.", field="summary")
                text[key] = clean_long_text(value, field=key, label=SUMMARY_SECTIONS[key])
        if reassemble or summary is not None:
            changes["summary"] = canonical(text)
        if aftercare is not None:
            changes["aftercare"] = canonical([_item(i, n) for n, i in enumerate(aftercare, 1)])
        save_changes(row, changes)
        trail(
            actor,
            audit.CHANGE,
            row,
            **{
                k: (audit.text_digest(str(v)) if k in ("summary", "aftercare") else v)
                for k, v in changes.items()
            },
        )
    return views([row])[0]


def _item(item: AftercareItem, number: int) -> dict[str, Any]:
    if number > MAX_AFTERCARE:
        raise ValidationError(f"At most {MAX_AFTERCARE} aftercare items.", field="aftercare")
    where = f"Aftercare item {number}"
    if item.kind not in vocab.AFTERCARE_KINDS:
        raise ValidationError(f"{where}: choose referral, meeting or appointment.", field="aftercare")
    what = clean_long_text(
        item.what, field="aftercare", label=f"{where}'s description", required=True, max_len=SHORT_MAX
    )
    if item.when is not None:
        check_date(item.when, field="aftercare", label=f"{where}'s date")
    contact = clean_long_text(item.contact, field="aftercare", label=f"{where}'s contact", max_len=200)
    return {"kind": item.kind, "what": what, "when": item.when, "contact": contact}


def sign_discharge(
    actor: Actor,
    discharge_id: UUID,
    confirm: bool,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> DischargeView:
    """Seal the discharge and discharge the client from its date forward (see the module's docstring)."""
    day = today_for(actor, today)
    with transaction():
        row = load_row(Discharge, discharge_id, "discharge")
        sealing.require_confirm(confirm, row)
        sealing.check_version(row, expected_version)
        sealing.require_signer(actor, row)
        episode = load_episode(row.episode_id)
        in_effect = _in_effect(row, episode)
        on = row.discharged_on if in_effect else _date(episode, row.discharged_on, day)
        summary = summary_of(row)
        for key in WRITTEN:
            if not summary[key].strip():
                raise ValidationError(f"Write the “{SUMMARY_SECTIONS[key]}” part before signing.", field=key)
        if row.reason in NEEDS_AFTERCARE and not aftercare_of(row):
            raise ValidationError(
                "Add the aftercare plan (a referral, meeting or appointment) before signing.",
                field="aftercare",
            )
        sealing.seal(actor, row, content_of(row))
        if not in_effect:
            _discharge(actor, episode, row.reason, on)
    return views([row])[0]


def _in_effect(row: Discharge, episode: CareEpisode) -> bool:
    """Signed once already (returned for changes since): the client stays discharged, only the text
    reopens. Otherwise the episode must still be open."""
    if episode.discharged_on is not None and row.status == "returned":
        return True
    require_open(episode)
    return False


def _discharge(actor: Actor, episode: CareEpisode, reason: str, on: dt.date) -> None:
    """From ``on`` forward: the episode closes, enrollments and team places end, the client is discharged."""
    label = vocab.DISCHARGE_REASONS[reason]
    save_changes(episode, {"discharged_on": on}, actor=actor, client_id=episode.client_id)
    end_reason = ENROLLMENT_END.get(reason, "discharged")
    for enrollment in Enrollment.select().where(
        (Enrollment.client == episode.client_id)
        & Enrollment.status.in_(("wait_listed",) + vocab.CURRENT_ENROLLMENT)
        & Enrollment.retired_at.is_null()
    ):
        if enrollment.status == "wait_listed" or enrollment.start_date is None:
            changes = {
                "status": "withdrawn" if end_reason == "withdrawn" else "discharged",
                "end_reason": end_reason,
                "waitlist_position": None,
                "end_comment": f"Left the wait list at discharge ({label}).",
            }
            save_changes(enrollment, changes, actor=actor)
        elif enrollment.start_date > on:
            changes = {
                "status": "discharged",
                "end_reason": end_reason,
                "end_comment": f"Discharged before this enrollment began ({label}).",
            }
            save_changes(enrollment, changes, actor=actor)
        elif enrollment.end_date is None or enrollment.end_date > on:
            close_enrollment(enrollment, on, end_reason, f"Discharged: {label}.", actor)
    for member in team_rules.team_rows(episode.id):
        if member.end_on is None or member.end_on > on:
            team_rules.leave(actor, member, on, f"Discharged: {label}.")
    client = Client.get_by_id(episode.client_id)
    save_changes(client, {"status": "discharged", "discharge_date": on}, actor=actor)


def cosign_discharge(actor: Actor, discharge_id: UUID) -> DischargeView:
    with transaction():
        row = load_row(Discharge, discharge_id, "discharge")
        sealing.cosign(actor, row, content_of(row))
    return views([row])[0]


def return_discharge(actor: Actor, discharge_id: UUID, comment: str) -> DischargeView:
    """A discharge returned for changes stays in effect (the client left); only its text reopens."""
    with transaction():
        row = load_row(Discharge, discharge_id, "discharge")
        sealing.return_for_changes(actor, row, comment)
    return views([row])[0]


__all__ = [
    "SUMMARY_SECTIONS",
    "AftercareItem",
    "DischargeView",
    "StayFacts",
    "assemble",
    "cosign_discharge",
    "get_discharge",
    "return_discharge",
    "save_discharge",
    "sign_discharge",
    "start_discharge",
    "stay_facts",
]
