"""Admitting by keys (the population from the birth date, the other one only with a reason), changing
the terms (the hours floor follows), and setting up the treatment team: add someone, end their place
(issue 15)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from iopdesk.domain.care import episodes, team
from iopdesk.domain.clients.clients import get_client
from iopdesk.ui.views import chart as chart_screen
from iopdesk.ui.views.chart.admission_dialogs import AdmitDialog, ChangeTermsDialog
from iopdesk.ui.views.chart.team_dialogs import AddMemberDialog, EndMemberDialog
from tests.support.care_factories import admitted, person, screened
from tests.support.factories import TODAY
from tests.support.roster_support import open_view
from tests.ui.chart.keys import ALT, CTRL, CTRL_SHIFT, focused, open_client, press, tab, type_text


def test_admitting_a_seventeen_year_old_as_an_adult_needs_a_reason(qtbot, clinic, prompts):
    kim = person(clinic.admin, "Kim", "Young", age=17)
    signed = screened(clinic.casey, kim.id)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "young")
    assert screen.view.overview.empty.isVisible()  # not admitted yet
    assert screen.commands.a_admit.text() == "&Admit…" and not screen.commands.a_terms.isEnabled()

    def admit(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AdmitDialog)
        assert focused() is dialog.admitted.edit and dialog.admitted.date_or_none() == TODAY
        assert dialog.screening.currentData() == signed.id  # on the latest signed screening
        assert dialog.population.currentText() == "As the birth date gives: Adolescent"
        assert not dialog.population_reason.isVisibleTo(dialog)
        tab(qtbot, 3)
        assert focused() is dialog.population
        press(qtbot, "a")  # Adult
        assert dialog.population.currentData() == "adult" and dialog.population_reason.isVisibleTo(dialog)
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert "say why they are treated as adult" in dialog.field_errors["population_reason"].text()
        assert focused() is dialog.population_reason
        type_text(qtbot, "Lives on their own; the court placed them in the adult program.")
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(admit)
    press(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert not prompts.steps
    (episode,) = episodes.episodes(clinic.casey, kim.id)
    assert episode.terms.population == "adult" and episode.terms.population_reason.startswith("Lives on")
    assert episode.screening_id == signed.id and episode.terms.level_of_care == "2.1"
    assert get_client(clinic.casey, kim.id).status == "active"
    assert screen.view.notice.message() == f"Admitted from {TODAY:%b} {TODAY.day}, {TODAY.year}: episode 1."
    overview = screen.view.overview
    assert overview.values["population"].text().startswith("Adult  (not as the birth date gives: Lives on")
    assert overview.values["counselor"].text() == "Casey Counselor"
    assert screen.commands.a_admit.isEnabled() is False  # in care: no second admission


def test_changing_the_terms_from_a_date_with_the_reason(qtbot, clinic, prompts):
    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=14))
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")

    def change(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ChangeTermsDialog)
        assert focused() is dialog.level
        press(qtbot, Qt.Key.Key_Up)  # from 2.1 up to "Level 1: Outpatient"
        assert dialog.level.currentData() == "1", dialog.level.currentText()
        press(qtbot, Qt.Key.Key_Return)
        assert "reason" in dialog.field_errors["reason"].text().lower()
        type_text(qtbot, "Stepped down after the review.")
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(change)
    press(qtbot, Qt.Key.Key_F2)
    assert not prompts.steps
    (episode,) = episodes.episodes(clinic.casey, clinic.robin.id)
    assert [t.level_of_care for t in episode.history] == ["2.1", "1"]
    assert episode.history[-1].reason == "Stepped down after the review."
    assert get_client(clinic.casey, clinic.robin.id)  # the client row is in step (the hours floor reads it)
    assert screen.view.overview.terms_model.rowCount() == 2
    assert screen.view.overview.values["level"].text() == "Level 1: Outpatient"


def _came_of_age(clinic):  # type: ignore[no-untyped-def]
    """A client admitted at 17 whose 18th birthday was ten days ago."""
    birthday = TODAY - dt.timedelta(days=10)
    sam = person(clinic.admin, "Sam", "Edge", born=birthday.replace(year=birthday.year - 18))
    admitted(clinic.casey, sam.id, on=TODAY - dt.timedelta(days=30))
    return sam, birthday


def test_an_adult_from_the_18th_birthday_needs_no_override_reason(qtbot, clinic, prompts):
    sam, birthday = _came_of_age(clinic)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "edge")

    def change(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ChangeTermsDialog)
        assert dialog.population.currentData() == "adolescent"  # the population in force stays chosen
        press(qtbot, Qt.Key.Key_Backtab)
        assert focused() is dialog.since.edit
        press(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, birthday.isoformat())
        tab(qtbot, 2)
        assert focused() is dialog.population
        assert dialog.population.itemText(0) == "As the birth date gives: Adult"  # on the From date
        press(qtbot, "a")  # "As the birth date gives: Adult"
        assert dialog.population.currentIndex() == 0
        assert not dialog.population_reason.isVisibleTo(dialog)
        press(qtbot, Qt.Key.Key_H, ALT)
        type_text(qtbot, "Turned 18.")
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(change)
    press(qtbot, Qt.Key.Key_F2)
    assert not prompts.steps
    (episode,) = episodes.episodes(clinic.casey, sam.id)
    assert [(t.effective_on, t.population) for t in episode.history][-1] == (birthday, "adult")
    assert not episode.terms.population_overridden


def test_changing_only_the_level_keeps_the_population_of_a_client_who_came_of_age(qtbot, clinic, prompts):
    sam, _birthday = _came_of_age(clinic)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "edge")

    def change(dialog):  # type: ignore[no-untyped-def]
        press(qtbot, Qt.Key.Key_Up)  # Level 1
        press(qtbot, Qt.Key.Key_H, ALT)
        type_text(qtbot, "Stepped down.")
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(change)
    press(qtbot, Qt.Key.Key_F2)
    assert not prompts.steps
    (episode,) = episodes.episodes(clinic.casey, sam.id)
    assert [(t.level_of_care, t.population) for t in episode.history] == [
        ("2.1", "adolescent"),
        ("1", "adolescent"),
    ]


def test_the_team_is_set_up_and_a_place_ended_by_keys(qtbot, clinic, prompts):
    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=14))
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")
    press(qtbot, Qt.Key.Key_4, ALT)  # the Team section
    assert screen.view.section_key() == "team"
    assert [m.name for m in screen.view.team.current_model.rows] == ["Casey Counselor"]

    def add(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AddMemberDialog)
        assert focused() is dialog.staff
        press(qtbot, "s")  # Sam Supervisor
        tab(qtbot)
        type_text(qtbot, "cl")  # Clinical supervisor
        assert dialog.role.currentData() == "supervisor", dialog.role.currentText()
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(add)
    press(qtbot, Qt.Key.Key_T, CTRL_SHIFT)
    assert screen.view.notice.message() == "Sam Supervisor joined the team as clinical supervisor."
    rows = screen.view.team.current_model.rows
    assert [(m.name, m.role) for m in rows] == [
        ("Casey Counselor", "primary_counselor"),
        ("Sam Supervisor", "supervisor"),
    ]
    table = screen.view.team.current_table
    table.setFocus()
    table.selectRow(0)
    assert not screen.commands.a_end.isEnabled()  # the primary counselor's place follows the admission
    press(qtbot, Qt.Key.Key_Down)
    assert screen.commands.a_end.isEnabled()

    def end(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, EndMemberDialog)
        assert focused() is dialog.last.edit
        tab(qtbot)
        type_text(qtbot, "Moved to the north site.")
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(end)
    press(qtbot, Qt.Key.Key_E, ALT)  # End team place
    qtbot.waitUntil(lambda: not prompts.steps)
    qtbot.waitUntil(lambda: "leaves the team" in screen.view.notice.message())
    sam = next(m for m in team.team(clinic.casey, clinic.robin.id).current if m.name == "Sam Supervisor")
    assert sam.end_on == TODAY and sam.end_reason == "Moved to the north site."


def test_the_overview_warns_of_a_group_kept_for_the_other_population(qtbot, clinic, prompts):
    from iopdesk.domain.enrollment.enrollment import enroll
    from tests.support.roster_helpers import make_group

    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=14))
    teens = make_group(clinic.admin, "Teen Skills", population="adolescent")
    enroll(clinic.admin, clinic.robin.id, teens.id, TODAY, acknowledge_warnings=True, today=TODAY)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")
    warning = screen.view.overview.warning
    assert warning.isVisible()
    assert warning.text() == "Teen Skills is a group for adolescents, and the client is treated as adult."
