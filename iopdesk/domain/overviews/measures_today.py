"""Today's measures: the open safety alerts and the instruments due, for the clients in the acting
staff member's reach (their caseload, treatment teams included; a supervisor's site).

Roles that may not read measures (front desk, an administrator who is not clinical) get an empty
read-model that says so, rather than a refusal: Today is everyone's first screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.measures.alerts import SafetyAlertView, open_alerts
from iopdesk.domain.measures.schedule import DueItem, due_list


@dataclass(frozen=True)
class MeasuresToday:
    allowed: bool  # False: the role does not see measures (both lists are empty)
    alerts: tuple[SafetyAlertView, ...]  # open, oldest first
    due: tuple[DueItem, ...]  # soonest first; overdue ones first among them


def measures_today(actor: Actor, day: dt.date) -> MeasuresToday:
    if not permissions.can(actor, permissions.MEASURE_READ):
        return MeasuresToday(False, (), ())
    return MeasuresToday(True, open_alerts(actor), due_list(actor, today=day))
