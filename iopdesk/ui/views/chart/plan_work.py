"""What the plan dialogs ask of the domain: read a client's plan, change a draft, sign, co-sign.

One domain call each; a refusal comes back as the message to show (methods return ``(value,
None)`` or ``(None, message)``), so the dialogs never see an exception. The first read is
audited as opening the plan; the re-reads after each change are refreshes (not audited again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from iopdesk.domain.access import accounts
from iopdesk.domain.care import chart, plan_content, plans, reviews
from iopdesk.domain.care import team as team_rules
from iopdesk.domain.care.chart import ChartHeader, PlanSection
from iopdesk.domain.care.plan_content import PlanContent
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.reviews import ReviewView
from iopdesk.domain.care.team import TeamView
from iopdesk.domain.clinic.setup import identity
from iopdesk.domain.kernel import clock, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError

T = TypeVar("T")
Outcome = tuple[T | None, str | None]


def attempt(call: Callable[[], T]) -> Outcome[T]:
    try:
        return call(), None
    except DomainError as exc:
        return None, str(exc)


class PlanWork:
    def __init__(self, actor: Actor, client_id: UUID) -> None:
        self.actor = actor
        self.client_id = client_id
        self.section: PlanSection | None = None
        self.header: ChartHeader | None = None
        self.team: TeamView | None = None
        self._read_once = False
        self._signer = ""
        self._allowed: dict[tuple[str, UUID | None], bool] = {}  # asked once per reading

    # --- reading ---------------------------------------------------------------------------
    def load(self) -> str | None:
        """(Re)read the plan, its team and who it is about; the message when it cannot be read."""
        audited = not self._read_once
        self._allowed.clear()
        try:
            self.section = chart.plan_section(self.actor, self.client_id, audited=audited)
            if self.header is None:
                self.header = chart.chart_header(self.actor, self.client_id, audited=False)
            self.team = team_rules.team(self.actor, self.client_id, audited=False)
        except DomainError as exc:
            return str(exc)
        self._read_once = True
        return None

    def today(self) -> dt.date:
        return clock.site_today(self.actor.site_id)

    @property
    def signer(self) -> str:
        if not self._signer:
            self._signer = identity(self.actor).staff_name
        return self._signer

    @property
    def client_name(self) -> str:
        return self.header.name if self.header is not None else ""

    def versions(self) -> tuple[PlanVersionView, ...]:
        return self.section.versions if self.section is not None else ()

    def version(self, plan_id: UUID | None) -> PlanVersionView | None:
        return next((v for v in self.versions() if v.id == plan_id), None)

    def team_members(self) -> list[tuple[UUID, str]]:
        """Who may be made responsible for an intervention: the team today, "Name (role)"."""
        if self.team is None:
            return []
        return [
            (m.staff_id, f"{m.name} ({vocab.TEAM_ROLES.get(m.role, m.role).lower()})")
            for m in self.team.current
            if m.active
        ]

    # --- what the actor may do ---------------------------------------------------------------
    def _can(self, action: str, author_id: UUID | None = None) -> bool:
        # The caseload rule costs a few queries; the buttons ask after every key.
        key = (action, author_id)
        if key not in self._allowed:
            self._allowed[key] = permissions.can(
                self.actor, action, client_id=self.client_id, author_id=author_id
            )
        return self._allowed[key]

    def may_write(self) -> bool:
        return self._can(permissions.CARE_WRITE)

    def editable(self, view: PlanVersionView | None) -> bool:
        return (
            view is not None and view.editable and view.author_id == self.actor.staff_id and self.may_write()
        )

    def may_start(self) -> bool:
        """A new version may be started: admitted, nothing being written or waiting, allowed."""
        section = self.section
        if section is None or not self.may_write() or section.working is not None:
            return False
        if any(v.status == "pending_cosign" for v in section.versions):
            return False
        return (
            self.header is not None
            and self.header.episode_number is not None
            and self.header.discharged_on is None
        )

    def may_cosign(self, view: PlanVersionView | None) -> bool:
        return (
            view is not None
            and view.status == "pending_cosign"
            and self._can(permissions.CARE_COSIGN, view.author_id)
        )

    def needs_password(self) -> bool:
        return accounts.accounts_have_passwords()

    def confirm_identity(self, password: str | None) -> str | None:
        if password is None:
            return None
        return attempt(lambda: accounts.confirm_password(self.actor, password))[1]

    # --- changing the plan ---------------------------------------------------------------------
    def start(self) -> Outcome[PlanVersionView]:
        return attempt(lambda: plans.start_plan(self.actor, self.client_id))

    def save(self, view: PlanVersionView, content: PlanContent) -> Outcome[PlanVersionView]:
        return attempt(lambda: plans.save_plan(self.actor, view.id, content, expected_version=view.version))

    def sign_problem(self, view: PlanVersionView) -> str | None:
        """What stops this version from being signed (before any password is asked), or None."""
        team = {staff_id for staff_id, _name in self.team_members()}
        try:
            plan_content.check(view.content, team=team, for_signing=True, today=self.today())
        except DomainError as exc:
            return str(exc)
        return None

    def sign(self, view: PlanVersionView, agreed: bool, how: str) -> Outcome[PlanVersionView]:
        def call() -> PlanVersionView:
            saved = plans.save_plan(
                self.actor, view.id, client_agreed=agreed, client_agreement=how, expected_version=view.version
            )
            return plans.sign_plan(self.actor, view.id, True, expected_version=saved.version)

        return attempt(call)

    def cosign(self, view: PlanVersionView) -> Outcome[PlanVersionView]:
        return attempt(lambda: plans.cosign_plan(self.actor, view.id))

    def return_plan(self, view: PlanVersionView, comment: str) -> Outcome[PlanVersionView]:
        return attempt(lambda: plans.return_plan(self.actor, view.id, comment))

    # --- reviews ---------------------------------------------------------------------------------
    def plan_reviews(self) -> tuple[ReviewView, ...]:
        return self.section.reviews if self.section is not None else ()

    def start_review(self, plan_id: UUID, on: dt.date | None) -> Outcome[ReviewView]:
        return attempt(lambda: reviews.start_review(self.actor, plan_id, on))
