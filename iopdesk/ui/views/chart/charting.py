"""What the chart's actions (``ChartCommands``) may use of the chart's controller.

The controller owns its commands; they see it only through this, so no helper imports the
controller (and no import goes round in a loop).
"""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from iopdesk.domain.care.chart import ChartHeader, PlanSection
from iopdesk.domain.care.discharge import DischargeView
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.team import TeamMemberView
from iopdesk.domain.clients.clients import ClientInfo
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.views.chart.view import ChartView


class Charting(Protocol):
    actor: Actor
    prompts: Prompts
    view: ChartView
    client_id: UUID | None
    header: ChartHeader | None  # None: no client, or out of reach
    info: ClientInfo | None  # who the client is when the chart is out of reach
    episodes: tuple[EpisodeView, ...]
    episode: EpisodeView | None  # the episode shown
    plan: PlanSection | None
    discharge: DischargeView | None
    client_open_requested: Any  # a signal: carries the client id

    def client_name(self) -> str: ...

    def current_screening(self) -> ScreeningView | None: ...

    def current_member(self) -> TeamMemberView | None: ...

    def ensure_screenings(self) -> list[ScreeningView]: ...

    def load_section(self, key: str) -> None: ...

    def reload(self, *, audited: bool = False) -> None: ...

    def changed(self, text: str, section: str | None = None) -> None: ...

    def choose_client(self) -> None: ...

    def open_note(self) -> None: ...

    def say(self, text: str) -> None: ...

    def done(self, text: str) -> None: ...
