"""Age and population (adult / adolescent) from the date of birth, with the clinic's age cut-off.

The weekly hours floor differs for adults and adolescents (REFERENCE §2), so who counts as an
adolescent is decided here, once: younger than the setting ``adolescent_age_cutoff`` (18 by
default) on the day that matters (usually the admission date). A clinician may override the
derived population with a reason (iopdesk.domain.care.episodes); enrolling someone in a group
of the other population asks first (iopdesk.domain.enrollment.placement).
"""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.kernel import settings, vocab


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Whole years on ``day`` (a birthday counts from the day itself; 29 February turns over on
    1 March in common years)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def age_cutoff() -> int:
    return int(settings.get("adolescent_age_cutoff"))


def population_for(date_of_birth: dt.date, day: dt.date, cutoff: int | None = None) -> str:
    """ "adolescent" for someone younger than the cut-off on ``day``, else "adult"."""
    limit = age_cutoff() if cutoff is None else cutoff
    return "adolescent" if age_on(date_of_birth, day) < limit else "adult"


def population_label(population: str | None) -> str:
    if not population:
        return "Anyone"
    return vocab.POPULATIONS.get(population, population)


def mismatch(client_population: str, group_population: str | None) -> bool:
    """A group kept for one population, and a client of the other."""
    return bool(group_population) and group_population != client_population
