"""Invented people: staff accounts and clients, from seeded name pools.

Faker is seeded once and asked for a few hundred names; every person is then
drawn from those pools with the build's own random stream. That keeps the
large build fast and the output identical for the same seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from iopdesk.demo.catalog import SITES, Profile
from iopdesk.demo.ids import IdMaker
from iopdesk.domain.clients.chart_numbers import CHART_DIGITS, CHART_PREFIX
from iopdesk.domain.clients.clients import search_text_for


@dataclass(frozen=True)
class NamePools:
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]

    def first(self, rng: random.Random) -> str:
        return rng.choice(self.female if rng.random() < 0.5 else self.male)


def name_pools(seed: int) -> NamePools:
    fake = Faker("en_US")
    fake.seed_instance(seed)

    def unique(make, n: int) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
        return tuple(dict.fromkeys(make() for _ in range(n)))

    return NamePools(
        unique(fake.first_name_female, 300), unique(fake.first_name_male, 300), unique(fake.last_name, 600)
    )


def fictional_phone(rng: random.Random) -> str:
    # 555-0100 … 555-0199 are reserved for fiction in the North American plan.
    return f"({rng.randint(201, 989)}) 555-{rng.randint(100, 199):04d}"


@dataclass
class StaffPlan:
    id: str
    username: str
    display_name: str
    role: str
    credentials: str
    site: int
    needs_cosign: bool = False
    supervisor: str | None = None

    @property
    def clinical(self) -> bool:
        return self.role in ("supervisor", "counselor")


CREDENTIALS = ("LCSW", "LPC", "LCADC", "CADC-II", "LMFT", "LMHC")
TRAINEE_CREDENTIALS = ("CADC-T", "LPC-A", "MSW intern")


def make_staff(profile: Profile, pools: NamePools, ids: IdMaker, rng: random.Random) -> list[StaffPlan]:
    """Named accounts for every role, a supervisor per site, counselors and trainees.

    Supervisors come first so a bulk insert never points at a supervisor not yet written.
    """
    used: set[str] = set()

    def person() -> tuple[str, str]:
        while True:
            first, last = pools.first(rng), rng.choice(pools.last)
            if f"{first} {last}" not in used:
                used.add(f"{first} {last}")
                return first, last

    def username(first: str, last: str) -> str:
        base = "".join(ch for ch in (first[0] + last).lower() if ch.isalnum())
        name, n = base, 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        return name

    taken = {"admin", "supervisor", "counselor", "frontdesk", "auditor"}
    staff: list[StaffPlan] = []

    def add(
        role: str,
        site: int,
        user: str | None = None,
        creds: str = "",
        trainee: bool = False,
        supervisor: str | None = None,
    ) -> StaffPlan:
        first, last = person()
        plan = StaffPlan(
            ids.new(),
            user or username(first, last),
            f"{first} {last}",
            role,
            creds,
            site,
            trainee,
            supervisor,
        )
        staff.append(plan)
        return plan

    supervisors = [add("supervisor", 0, "supervisor", "LCSW, LCADC")]
    for site in range(1, len(SITES)):
        supervisors.append(add("supervisor", site, creds=rng.choice(CREDENTIALS)))
    add("administrator", 0, "admin")
    add("counselor", 0, "counselor", rng.choice(CREDENTIALS))
    add("frontdesk", 0, "frontdesk")
    add("auditor", 0, "auditor")
    for site in range(1, len(SITES)):
        add("frontdesk", site)
    for site in range(len(SITES)):
        for _ in range(profile.extra_counselors_per_site):
            add("counselor", site, creds=rng.choice(CREDENTIALS))
        for _ in range(profile.trainees_per_site):
            add(
                "counselor",
                site,
                creds=rng.choice(TRAINEE_CREDENTIALS),
                trainee=True,
                supervisor=supervisors[site].id,
            )
    return staff


@dataclass(slots=True)
class ClientPlan:
    idx: int
    id: str
    first: str
    last: str
    preferred: str
    dob: dt.date
    chart: str
    phone: str
    contact_name: str
    contact_phone: str
    site: int
    population: str
    slot: str  # day / evening / teen: which groups fit the client's week
    counselor: str
    referred: dt.date
    reliability: float  # chance of attending any one session
    struggling: bool
    status: str = "referred"
    admission: dt.date | None = None
    discharge: dt.date | None = None
    updated: dt.date | None = None
    family_sessions: list[dt.date] = field(default_factory=list)
    level: str = "2.1"  # the admission terms in force now (iopdesk.demo.care_rows decides them)
    weekly_target: int | None = None

    @property
    def search_text(self) -> str:
        return search_text_for(self.first, self.last, self.preferred, self.chart)


def make_clients(
    profile: Profile,
    pools: NamePools,
    ids: IdMaker,
    rng: random.Random,
    referrals: list[dt.date],
    counselors_by_site: dict[int, list[str]],
    sites_with_teens: set[int],
) -> list[ClientPlan]:
    """One client per referral date (sorted), so chart numbers grow with time."""
    out = []
    for idx, referred in enumerate(referrals):
        site = 0 if rng.random() < 0.5 else 1
        teen = site in sites_with_teens and rng.random() < 0.1
        age = rng.randint(13, 17) if teen else int(rng.triangular(19, 66, 31))
        # A teen's 18th birthday stays well after the admission (the population follows the birth date).
        dob = referred - dt.timedelta(days=age * 365 + rng.randint(0, 240 if teen else 364))
        first, last = pools.first(rng), rng.choice(pools.last)
        preferred = ""
        if rng.random() < 0.2:
            preferred = first[:3] if len(first) > 5 and rng.random() < 0.5 else pools.first(rng)
        struggling = rng.random() < 0.2
        reliability = rng.uniform(0.65, 0.88) if struggling else rng.uniform(0.9, 0.99)
        slot = "teen" if teen else ("day" if rng.random() < 0.55 else "evening")
        contact = f"{pools.first(rng)} {last if rng.random() < 0.6 else rng.choice(pools.last)}"
        out.append(
            ClientPlan(
                idx=idx,
                id=ids.new(),
                first=first,
                last=last,
                preferred=preferred,
                dob=dob,
                chart=f"{CHART_PREFIX}{idx + 1:0{CHART_DIGITS}d}",
                phone=fictional_phone(rng),
                contact_name=contact,
                contact_phone=fictional_phone(rng),
                site=site,
                population="adolescent" if teen else "adult",
                slot=slot,
                counselor=rng.choice(counselors_by_site[site]),
                referred=referred,
                reliability=reliability,
                struggling=struggling,
            )
        )
    return out


RELATIONSHIPS = ("Spouse", "Partner", "Mother", "Father", "Sibling", "Adult child", "Grandparent", "Aunt")
TEEN_RELATIONSHIPS = ("Mother", "Father", "Stepparent", "Grandparent", "Guardian", "Sibling")


def family_members(client: ClientPlan, pools: NamePools, rng: random.Random) -> list[tuple[str, str]]:
    kinds = TEEN_RELATIONSHIPS if client.population == "adolescent" else RELATIONSHIPS
    n = 1 if rng.random() < 0.6 else 2
    return [
        (
            f"{pools.first(rng)} {client.last if rng.random() < 0.7 else rng.choice(pools.last)}",
            rng.choice(kinds),
        )
        for _ in range(n)
    ]
