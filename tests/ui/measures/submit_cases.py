"""The measures dialogs' cases for tests/ui/kit/test_submit_dialogs.py (every SubmitDialog driven with
the keys a person presses): how to open each over that test's clinic, and the keys before Enter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt

from iopdesk.domain.measures import alerts, detox, results
from iopdesk.store.measures_models import DetoxEpisode, DetoxObservation, DrugScreen
from iopdesk.ui.views.measures.alert_dialogs import FollowUpDialog, SafetyAlertDialog
from iopdesk.ui.views.measures.detox_dialogs import EndDetoxDialog, RatingDialog, StartDetoxDialog
from iopdesk.ui.views.measures.screen_dialog import DrugScreenDialog
from tests.support.measures_factories import phq9


def client_of(world: Any) -> UUID:
    return UUID(str(world.clinic.setup.members[0].id))


def _alert(world: Any) -> UUID:
    given = results.give(world.actor, client_of(world), "phq9", phq9(*[0] * 8, 1))
    assert given.alert_id is not None
    world.alert_id = given.alert_id
    return given.alert_id


def _detox(world: Any) -> detox.DetoxView:
    return detox.start(world.actor, client_of(world), "alcohol", "Per the prescriber's taper.")


def cases(case: Callable[..., Any], type_text: Callable[..., None], press: Callable[..., None]) -> list[Any]:
    """One Case per measures dialog (``case`` is the test's Case class)."""

    def follow_up_keys(world: Any, _dialog: Any) -> None:
        press(world.qtbot, Qt.Key.Key_Down)  # the outcome: the first one
        press(world.qtbot, Qt.Key.Key_Tab)
        type_text(world.qtbot, "Safety plan reviewed with the client.")

    def plan_keys(world: Any, dialog: Any) -> None:
        dialog.plan.setFocus()
        type_text(world.qtbot, "Chlordiazepoxide taper per Dr. Lee.")

    def rating_keys(world: Any, _dialog: Any) -> None:
        type_text(world.qtbot, "1111111110")  # ten ratings by keys; then the pulse has the keyboard
        type_text(world.qtbot, "92")

    return [
        case(
            "safety alert",
            SafetyAlertDialog,
            lambda w: SafetyAlertDialog(w.parent, alerts.get_alert(w.actor, _alert(w))),
            ok_text="Record follow-up…",
            ran=lambda w, _d: alerts.get_alert(w.actor, w.alert_id).open,  # the prompt itself changes nothing
        ),
        case(
            "safety follow-up",
            FollowUpDialog,
            lambda w: FollowUpDialog(w.parent, w.actor, alerts.get_alert(w.actor, _alert(w))),
            follow_up_keys,
            ok_text="Record follow-up",
            ran=lambda w, _d: not alerts.get_alert(w.actor, w.alert_id).open,
        ),
        case(
            "start detox",
            StartDetoxDialog,
            lambda w: StartDetoxDialog(w.parent, w.actor, client_of(w)),
            plan_keys,
            ok_text="Start",
            ran=lambda _w, _d: DetoxEpisode.select().count() == 1,
        ),
        case(
            "detox rating",
            RatingDialog,
            lambda w: RatingDialog(w.parent, w.actor, _detox(w)),
            rating_keys,
            ok_text="Save rating",
            ran=lambda _w, _d: DetoxObservation.select().count() == 1,
        ),
        case(
            "end detox",
            EndDetoxDialog,
            lambda w: EndDetoxDialog(w.parent, w.actor, _detox(w)),
            ok_text="End",
            ran=lambda _w, _d: DetoxEpisode.select().where(DetoxEpisode.ended_at.is_null(False)).count() == 1,
        ),
        case(
            "drug screen",
            DrugScreenDialog,
            lambda w: DrugScreenDialog(w.parent, w.actor, client_of(w)),
            lambda w, _d: type_text(w.qtbot, "n"),  # the panel has the keyboard: alcohol negative
            ok_text="Save screen",
            ran=lambda _w, _d: DrugScreen.select().count() == 1,
        ),
    ]
