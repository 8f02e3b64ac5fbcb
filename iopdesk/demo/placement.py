"""Who was in which group when: a day-by-day simulation of seats.

Each referral waits a few days for intake, then takes a seat in a core group
that suits the client's week (delayed a week at a time while groups are
full), perhaps adds an adjunct group and the multi-family group, and leaves
completed, withdrawn, discharged or transferred. Closed groups run in
cohorts, so late comers wait for the next one. Whoever has no seat by
"today" is on a wait list.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from iopdesk.demo.catalog import COHORT_WEEKS, UPCOMING_DAYS, GroupSpec
from iopdesk.demo.ids import IdMaker
from iopdesk.demo.people import ClientPlan

DAY = dt.timedelta(days=1)
GIVE_UP_DAYS = 35  # a referral waits this long for a seat, then goes elsewhere

END_COMMENTS = {
    "completed": (
        "Completed IOP; stepped down to standard outpatient.",
        "Met treatment-plan goals; continuing with aftercare group.",
        "Completed program; referred to alumni group and mutual-help meetings.",
    ),
    "withdrawn": (
        "Stopped attending; several outreach calls unanswered.",
        "Client chose to leave the program (work schedule).",
        "Withdrew; transportation problems. Re-admission welcome.",
    ),
    "discharged": (
        "Referred to a higher level of care (PHP).",
        "Administrative discharge after repeated no-shows.",
        "Referred to residential treatment after return to use.",
    ),
    "transferred": (
        "Moved to another group to fit a new work schedule.",
        "Transferred to the other schedule at the client's request.",
    ),
}


@dataclass(slots=True)
class EnrollmentPlan:
    id: str
    client: ClientPlan
    group: int
    status: str
    start: dt.date | None
    end: dt.date | None
    end_reason: str | None
    end_comment: str
    waitlisted_at: dt.datetime | None
    attend_until: dt.date | None  # last day attendance can exist
    fading_from: dt.date | None  # attendance falls off from here (before a withdrawal)
    created_by: str
    updated: dt.date
    waitlist_position: float | None = None


class Placement:
    def __init__(
        self,
        groups: list[GroupSpec],
        window_start: dt.date,
        today: dt.date,
        rng: random.Random,
        ids: IdMaker,
        intake_staff: list[str],
    ) -> None:
        self.groups = groups
        self.w0 = window_start
        self.today = today
        self.rng = rng
        self.ids = ids
        self.intake_staff = intake_staff
        self.last_day = today + dt.timedelta(days=UPCOMING_DAYS - 1)
        span = (self.last_day - window_start).days + 1
        self.occupancy = [[0] * span for _ in groups]
        self.cohort_size: dict[tuple[int, int], int] = {}
        self.enrollments: list[EnrollmentPlan] = []

    # seats -----------------------------------------------------------------

    def _span(self, start: dt.date, end: dt.date | None) -> tuple[int, int]:
        last = self.last_day if end is None or end > self.last_day else end
        return (start - self.w0).days, (last - self.w0).days

    def _fits(self, g: int, start: dt.date, end: dt.date | None) -> bool:
        a, b = self._span(start, end)
        return max(self.occupancy[g][a : b + 1]) < self.groups[g].max_size

    def _take(self, g: int, start: dt.date, end: dt.date | None) -> None:
        a, b = self._span(start, end)
        seats = self.occupancy[g]
        for i in range(a, b + 1):
            seats[i] += 1

    def _enroll(
        self,
        client: ClientPlan,
        g: int,
        start: dt.date,
        end: dt.date,
        outcome: str,
        waited_since: dt.date | None,
    ) -> EnrollmentPlan:
        """An enrollment from ``start`` to ``end``; still active if ``end`` is not yet past."""
        active = end >= self.today
        fading = None
        if outcome in ("withdrawn", "discharged") and not active:
            fading = max(start, end - dt.timedelta(days=13))
        plan = EnrollmentPlan(
            id=self.ids.new(),
            client=client,
            group=g,
            status="active" if active else outcome,
            start=start,
            end=None if active else end,
            end_reason=None if active else outcome,
            end_comment="" if active else self.rng.choice(END_COMMENTS[outcome]),
            waitlisted_at=_at(waited_since, 10) if waited_since else None,
            attend_until=self.today - DAY if active else end,
            fading_from=fading,
            created_by=self.rng.choice(self.intake_staff),
            updated=start if active else end + DAY,
        )
        self._take(g, start, plan.end)
        self.enrollments.append(plan)
        return plan

    def _wait(self, client: ClientPlan, g: int, since: dt.date) -> EnrollmentPlan:
        plan = EnrollmentPlan(
            id=self.ids.new(),
            client=client,
            group=g,
            status="wait_listed",
            start=None,
            end=None,
            end_reason=None,
            end_comment="",
            waitlisted_at=_at(since, 10 + self.rng.random() * 6),
            attend_until=None,
            fading_from=None,
            created_by=self.rng.choice(self.intake_staff),
            updated=since,
        )
        self.enrollments.append(plan)
        return plan

    # one client ------------------------------------------------------------

    def _cores(self, client: ClientPlan) -> list[int]:
        fits = [
            i
            for i, g in enumerate(self.groups)
            if g.role == "core" and g.site == client.site and g.slot == client.slot
        ]
        if not fits:  # no group for this slot at the site: any adult core group there
            fits = [
                i
                for i, g in enumerate(self.groups)
                if g.role == "core" and g.site == client.site and g.population == client.population
            ]
        self.rng.shuffle(fits)
        return fits

    def _outcome(self) -> tuple[str, int]:
        """How the stay ends and how many weeks it lasts."""
        r = self.rng.random()
        if r < 0.62:
            return "completed", self.rng.randint(10, 17)
        if r < 0.80:
            return "withdrawn", self.rng.randint(2, 6)
        if r < 0.90:
            return "discharged", self.rng.randint(3, 10)
        return "transferred", self.rng.randint(10, 17)

    def place(self, client: ClientPlan) -> None:
        rng = self.rng
        first = client.referred + dt.timedelta(days=rng.randint(3, 10))
        first = max(first, self.w0 + dt.timedelta(days=rng.randint(0, 4)))
        start = first
        preferred = self._cores(client)
        outcome, weeks = self._outcome()
        while start < self.today:
            if (start - first).days > GIVE_UP_DAYS:
                self._give_up(client, preferred[0], start)
                return
            # After a week of waiting the client takes whichever schedule has a seat.
            cores = (
                preferred
                if start == first
                else preferred + [g for g in self._all_cores(client) if g not in preferred]
            )
            end = start + dt.timedelta(days=weeks * 7 - 1 + rng.randint(-2, 2))
            for g in cores:
                if self._fits(g, start, end if end < self.today else None):
                    self._place_stay(client, g, start, end, outcome)
                    return
            start += dt.timedelta(days=7)
        self._wait(client, preferred[0], client.referred)

    def _give_up(self, client: ClientPlan, g: int, day: dt.date) -> None:
        """Waited too long: the referral went elsewhere, the wait-list entry is closed."""
        plan = self._wait(client, g, client.referred)
        # As waitlist.leave_waitlist does: a place never taken gets a reason but no end date.
        plan.status, plan.end_reason, plan.updated = "withdrawn", "withdrawn", day
        plan.end_comment = "Left the wait list: started treatment at another program."
        client.discharge = day

    def _place_stay(self, client: ClientPlan, g: int, start: dt.date, end: dt.date, outcome: str) -> None:
        rng = self.rng
        waited = client.referred
        if outcome == "transferred":
            moved = start + dt.timedelta(days=7 * rng.randint(2, 5))
            others = [o for o in self._all_cores(client) if o != g]
            if moved < self.today and moved < end and others:
                target = rng.choice(others)
                if self._fits(target, moved, end if end < self.today else None):
                    first = self._enroll(client, g, start, moved - DAY, "transferred", waited)
                    self._adjuncts(client, first, transferred=True)
                    second = self._enroll(client, target, moved, end, "completed", None)
                    second.created_by = first.created_by
                    return
            outcome = "completed"
        core = self._enroll(client, g, start, end, outcome, waited)
        if core.status == "active" and start < self.today - dt.timedelta(days=21) and rng.random() < 0.05:
            self._hold(core)
        self._adjuncts(client, core)

    def _all_cores(self, client: ClientPlan) -> list[int]:
        return [
            i
            for i, g in enumerate(self.groups)
            if g.role == "core" and g.site == client.site and g.population == client.population
        ]

    def _hold(self, plan: EnrollmentPlan) -> None:
        """Put an active stay on hold a few days ago (illness, family emergency)."""
        held = self.today - dt.timedelta(days=self.rng.randint(3, 14))
        plan.status = "on_hold"
        plan.attend_until = held - DAY
        plan.updated = held
        plan.end_comment = ""

    def _adjuncts(self, client: ClientPlan, core: EnrollmentPlan, transferred: bool = False) -> None:
        rng = self.rng
        assert core.start is not None
        core_end = core.end  # None while active
        site_groups = [(i, g) for i, g in enumerate(self.groups) if g.site == client.site]
        # Adjuncts of one slot never overlap in time, so a client may take more than one.
        options = [i for i, g in site_groups if g.role == "adjunct" and g.slot == client.slot]
        rng.shuffle(options)
        for n, g in enumerate(options):
            if rng.random() >= (0.85 if n == 0 else 0.45):
                break
            if self.groups[g].mode == "closed":
                self._join_cohort(client, g, core)
            else:
                start = core.start + dt.timedelta(days=rng.randint(0, 7))
                self._follow(client, g, core, start, core_end, transferred)
        if rng.random() < (0.4 if client.slot == "teen" else 0.3):
            family = [i for i, g in site_groups if g.role == "family"]
            if family:
                start = core.start + dt.timedelta(days=rng.randint(14, 28))
                end = start + dt.timedelta(days=7 * rng.randint(4, 6) - 1)
                if core_end is not None and end >= core_end:
                    end = core_end
                self._follow(client, family[0], core, start, end, transferred)

    def _follow(
        self,
        client: ClientPlan,
        g: int,
        core: EnrollmentPlan,
        start: dt.date,
        end: dt.date | None,
        transferred: bool,
    ) -> None:
        """An added group that ends with the core stay (or on its own date)."""
        if start >= self.today or (core.end is not None and start > core.end):
            return
        if end is not None and end < start:
            return
        if not self._fits(g, start, end if end is not None and end < self.today else None):
            return
        if end is None or end >= self.today:
            plan = self._enroll(client, g, start, self.today, "completed", None)
            if core.status == "on_hold":
                plan.status, plan.attend_until, plan.updated = "on_hold", core.attend_until, core.updated
            return
        ends_with_core = core.end is not None and end == core.end
        outcome = core.status if ends_with_core and core.status != "transferred" else "completed"
        plan = self._enroll(client, g, start, end, outcome, None)
        if transferred and end == core.end:
            # End reason "other" has the status "ended" (enrollment.placement.status_for_reason).
            plan.status, plan.end_reason = "ended", "other"
            plan.end_comment = "Left when moving to another group's schedule."

    def _join_cohort(self, client: ClientPlan, g: int, core: EnrollmentPlan) -> None:
        """Closed group: join the cohort starting next (or this week); leave with the core stay."""
        assert core.start is not None
        cycle = COHORT_WEEKS * 7
        k, into = divmod((core.start - self.w0).days, cycle)
        if into >= 7:  # a closed group takes newcomers only in a cohort's first week
            k += 1
        cohort_start = self.w0 + dt.timedelta(days=k * cycle)
        cohort_end = cohort_start + dt.timedelta(days=cycle - 1)
        if core.end is not None and core.end - cohort_start < dt.timedelta(weeks=3):
            return
        if cohort_start >= self.today:
            if core.status == "active":
                self._wait(client, g, core.start)
            return
        if self.cohort_size.get((g, k), 0) >= self.groups[g].max_size:
            return
        self.cohort_size[(g, k)] = self.cohort_size.get((g, k), 0) + 1
        start = max(core.start, cohort_start)
        if core.end is not None and core.end < cohort_end:
            moved = core.status == "transferred"
            plan = self._enroll(client, g, start, core.end, "completed" if moved else core.status, None)
            if moved:
                plan.status, plan.end_reason = "ended", "other"
                plan.end_comment = "Left when moving to another group's schedule."
        else:
            plan = self._enroll(client, g, start, cohort_end, "completed", None)
        if core.status == "on_hold" and plan.status == "active":
            plan.status, plan.attend_until, plan.updated = "on_hold", core.attend_until, core.updated

    # afterwards ------------------------------------------------------------

    def finish(self) -> None:
        """Number the wait lists and settle each client's status from their enrollments."""
        waiting: dict[int, list[EnrollmentPlan]] = {}
        by_client: dict[str, list[EnrollmentPlan]] = {}
        for e in self.enrollments:
            by_client.setdefault(e.client.id, []).append(e)
            if e.status == "wait_listed":
                waiting.setdefault(e.group, []).append(e)
        for plans in waiting.values():
            plans.sort(key=lambda e: e.waitlisted_at or dt.datetime.min)
            for pos, e in enumerate(plans, 1):
                e.waitlist_position = float(pos)
        for plans in by_client.values():
            client = plans[0].client
            seated = [e for e in plans if e.start is not None]
            client.updated = max(e.updated for e in plans)
            if seated:
                client.admission = min(e.start for e in seated if e.start is not None)
            statuses = {e.status for e in plans}
            if "active" in statuses:
                client.status = "active"
            elif "on_hold" in statuses:
                client.status = "on_hold"
            elif seated:
                client.status = "discharged"
                client.discharge = max(e.end for e in seated if e.end is not None)
            elif client.discharge is not None:  # the referral left the wait list
                client.status = "discharged"
            else:
                client.status = "referred"


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour)
