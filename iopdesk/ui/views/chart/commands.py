"""The chart's actions: their keys and buttons, when each is offered, and running each one.

Each action is offered by the permission matrix (``offer``: shown unavailable, with the domain's
reason, to a role that may not take it) and by what the chart shows (an episode in progress, a
draft of one's own, a record awaiting a co-signature). Dialogs run through the screen's prompts;
after a change the chart is read again and the line under the heading says what happened.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from iopdesk.domain.care import discharge as discharges
from iopdesk.domain.care import screening
from iopdesk.domain.care.discharge import DischargeView
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.sealing import EDITABLE
from iopdesk.domain.care.team import TeamMemberView
from iopdesk.domain.kernel import permissions as p
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.actions import action_button, make_action
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.permitted import offer
from iopdesk.ui.views.chart.admission_dialogs import AdmitDialog, ChangeTermsDialog
from iopdesk.ui.views.chart.charting import Charting
from iopdesk.ui.views.chart.discharge_dialogs import DischargeDialog, StartDischargeDialog
from iopdesk.ui.views.chart.models import tr
from iopdesk.ui.views.chart.screening_dialog import ScreeningDialog
from iopdesk.ui.views.chart.sign_dialog import ReturnDialog, sign_with_password
from iopdesk.ui.views.chart.team_dialogs import AddMemberDialog, EndMemberDialog, RetireMemberDialog

PLAN_DIALOGS = "iopdesk.ui.views.chart.plan_dialogs"  # the plan editor and reviews (issue 15, part B)


class ChartCommands(QObject):
    def __init__(self, chart: Charting, parent: QObject) -> None:
        super().__init__(parent)
        self.chart = chart
        self.actor = chart.actor
        self.prompts = chart.prompts
        v, actor = chart.view, chart.actor
        self.buttons: dict[QAction, list[QPushButton]] = {}
        self.permitted: dict[QAction, bool] = {}

        def act(text: str, keys: str | None, slot, *needs: str) -> QAction:  # type: ignore[no-untyped-def]
            action = make_action(v, text, keys, slot)
            self.permitted[action] = offer(action, actor, *needs)
            self.buttons[action] = []
            return action

        self.a_find = act(tr("&Find client…"), "Ctrl+F", chart.choose_client)
        self.a_page = act(tr("Client pa&ge"), None, self.client_page, p.CLIENT_VIEW)
        self.a_print = act(
            tr("&Print chart…"), "Ctrl+P", self.print_chart, p.CARE_READ, p.REPORT_EXPORT, p.NOTE_READ
        )
        self.a_refresh = act(tr("Refresh"), "F5", chart.reload)
        self.a_screen = act(tr("&Screen client…"), "Ctrl+Shift+S", self.screen_client, p.CARE_INTAKE)
        self.a_continue = act(tr("Co&ntinue screening…"), None, self.open_screening, p.CARE_WRITE)
        self.a_cosign_s = act(tr("C&o-sign…"), None, self.cosign_screening, p.CARE_COSIGN)
        self.a_return_s = act(tr("&Return for changes…"), None, self.return_screening, p.CARE_COSIGN)
        self.a_admit = act(tr("&Admit…"), "Ctrl+Shift+A", self.admit, p.CARE_INTAKE)
        self.a_terms = act(tr("&Change admission terms…"), "F2", self.change_terms, p.CARE_WRITE)
        self.a_add = act(tr("&Add to team…"), "Ctrl+Shift+T", self.add_member, p.CARE_WRITE)
        self.a_end = act(tr("&End team place…"), None, self.end_member, p.CARE_WRITE)
        self.a_retire = act(tr("Re&move (entered by mistake)…"), None, self.retire_member, p.CARE_WRITE)
        self.a_edit_plan = act(tr("&Edit plan…"), "Ctrl+Shift+P", self.edit_plan, p.CARE_WRITE)
        self.a_review = act(tr("&Review plan…"), "Ctrl+Shift+R", self.review_plan, p.CARE_WRITE)
        self.a_discharge = act(tr("&Discharge…"), "Ctrl+Shift+D", self.discharge, p.CARE_WRITE)
        self.a_cosign_d = act(tr("C&o-sign…"), None, self.cosign_discharge, p.CARE_COSIGN)
        self.a_return_d = act(tr("&Return for changes…"), None, self.return_discharge, p.CARE_COSIGN)
        self.a_note = act(tr("&Open in Notes"), None, chart.open_note, p.NOTE_READ)

        self._place(v.top_buttons, self.a_find, self.a_page, self.a_print, stretch=False)
        self._place(v.overview.buttons, self.a_admit, self.a_terms)
        self._place(v.screening.buttons, self.a_screen, self.a_continue, self.a_cosign_s, self.a_return_s)
        self._place(v.plan.buttons, self.a_edit_plan, self.a_review)
        self._place(v.team.buttons, self.a_add, self.a_end, self.a_retire)
        self._place(v.notes.buttons, self.a_note)
        self._place(v.discharge.buttons, self.a_discharge, self.a_admit, self.a_cosign_d, self.a_return_d)
        self._place(v.intake_buttons, self.a_screen, self.a_admit)

    def _place(self, row, *actions: QAction, stretch: bool = True) -> None:  # type: ignore[no-untyped-def]
        for action in actions:
            button = action_button(action)
            if not self.permitted[action]:
                offer(button, self.actor, *self._needs(action))
            self.buttons[action].append(button)
            row.addWidget(button)
        if stretch:
            row.addStretch(1)

    def _needs(self, action: QAction) -> tuple[str, ...]:
        """The permissions an action was offered by (its tooltip already says why not)."""
        needs = {
            self.a_print: (p.CARE_READ, p.REPORT_EXPORT, p.NOTE_READ),
            self.a_screen: (p.CARE_INTAKE,),
            self.a_admit: (p.CARE_INTAKE,),
            self.a_cosign_s: (p.CARE_COSIGN,),
            self.a_return_s: (p.CARE_COSIGN,),
            self.a_cosign_d: (p.CARE_COSIGN,),
            self.a_return_d: (p.CARE_COSIGN,),
            self.a_note: (p.NOTE_READ,),
        }
        return needs.get(action, (p.CARE_WRITE,))

    def _set(self, action: QAction, on: bool, text: str | None = None) -> None:
        action.setEnabled(self.permitted[action] and on)
        if text is not None and text != action.text():
            action.setText(text)
            for button in self.buttons[action]:
                button.setText(text)

    # --- what is offered now -------------------------------------------------------------------------
    def update(self) -> None:
        c, me = self.chart, self.actor.staff_id
        has = c.client_id is not None and c.view.pages.currentWidget() is c.view.chart
        readable = has and c.header is not None
        shown = c.episode if readable else None
        open_shown = shown is not None and shown.is_open
        in_care = any(e.is_open for e in c.episodes)
        s = c.current_screening() if readable else None
        d = c.discharge if readable else None
        member = c.current_member() if readable else None
        self._set(self.a_page, has)
        self._set(self.a_print, readable)
        self._set(self.a_refresh, has)
        self._set(self.a_screen, has)
        self._set(self.a_continue, s is not None and s.status in EDITABLE and s.author_id == me)
        waiting = s is not None and s.status == "pending_cosign" and s.author_id != me
        self._set(self.a_cosign_s, waiting)
        self._set(self.a_return_s, waiting)
        self._set(self.a_admit, has and not in_care, tr("Re-&admit…") if c.episodes else tr("&Admit…"))
        self._set(self.a_terms, open_shown)
        self._set(self.a_add, open_shown)
        place = member is not None and member.role != "primary_counselor" and member.end_on is None
        self._set(self.a_end, open_shown and place)
        self._set(self.a_retire, open_shown and place)
        self._set(self.a_edit_plan, open_shown)
        self._set(self.a_review, open_shown and (c.plan is None or c.plan.in_force is not None))
        mine = d is not None and d.status in EDITABLE and d.author_id == me
        self._set(
            self.a_discharge,
            open_shown or mine,
            tr("Continue &discharge…") if mine else tr("&Discharge…"),
        )
        waiting = d is not None and d.status == "pending_cosign" and d.author_id != me
        self._set(self.a_cosign_d, waiting)
        self._set(self.a_return_d, waiting)
        self._set(self.a_note, readable and c.view.notes.model.rowCount() > 0)

    # --- screening --------------------------------------------------------------------------------
    def screen_client(self) -> None:
        c = self.chart
        if c.client_id is None or not self.a_screen.isEnabled():
            return
        me = self.actor.staff_id
        draft = next(
            (
                s
                for s in (c.ensure_screenings() if c.header else [])
                if s.author_id == me and s.status in EDITABLE
            ),
            None,
        )
        try:
            view = draft or screening.start_screening(self.actor, c.client_id)
        except DomainError as exc:
            c.say(str(exc))
            return
        self._run_screening(view, started=draft is None)

    def open_screening(self) -> None:
        chosen = self.chart.current_screening()
        if chosen is not None and self.a_continue.isEnabled():
            self._run_screening(chosen, started=False)

    def _run_screening(self, view: ScreeningView, *, started: bool) -> None:
        c = self.chart
        dialog = ScreeningDialog(c.view, self.actor, self.prompts, view, c.client_name())
        accepted = self.prompts.run(dialog)
        signed = dialog.signed
        if signed is not None:
            text = (
                tr("Screening signed; it now waits for a supervisor's co-signature.")
                if signed.status == "pending_cosign"
                else tr("Screening signed: {what}.").format(what=tr(signed.recommendation_label))
            )
            c.changed(text, "screening")
        elif accepted:
            c.changed(tr("Screening saved as a draft: Continue screening… finishes it."), "screening")
        else:
            c.reload()
            c.view.show_section("screening")
            if started:
                c.done(tr("The new screening was kept as a draft: Continue screening… finishes it."))

    def cosign_screening(self) -> None:
        chosen = self.chart.current_screening()
        if chosen is None or not self.a_cosign_s.isEnabled():
            return
        if sign_with_password(
            self.prompts,
            self.chart.view,
            self.actor,
            what=tr("the screening by {name}").format(name=chosen.author_name),
            explanation=tr("Co-signing makes the screening final."),
            sign=lambda: screening.cosign_screening(self.actor, chosen.id),
            cosign=True,
        ):
            self.chart.changed(tr("Screening co-signed."), "screening")

    def return_screening(self) -> None:
        chosen = self.chart.current_screening()
        if chosen is None or not self.a_return_s.isEnabled():
            return
        self._return(
            tr("screening"), lambda text: screening.return_screening(self.actor, chosen.id, text), "screening"
        )

    def _return(self, what: str, call, section: str) -> None:  # type: ignore[no-untyped-def]
        def submit(text: str) -> str | None:
            try:
                call(text)
            except DomainError as exc:
                return str(exc)
            return None

        if self.prompts.run(ReturnDialog(self.chart.view, what, submit)):
            self.chart.changed(tr("Returned to its author for changes."), section)

    # --- admission and team ---------------------------------------------------------------------------
    def admit(self) -> None:
        c = self.chart
        if c.client_id is None or not self.a_admit.isEnabled():
            return
        known = c.header or c.info
        if known is None:
            return
        born = known.date_of_birth
        screenings = c.ensure_screenings() if c.header is not None else []
        dialog = AdmitDialog(
            c.view, self.actor, c.client_id, c.client_name(), born, screenings, again=bool(c.episodes)
        )
        if self.prompts.run(dialog) and isinstance(dialog.result_value, EpisodeView):
            e = dialog.result_value
            c.episode = None  # show the new episode
            c.changed(
                tr("Admitted from {day}: episode {n}.").format(day=date_text(e.admitted_on), n=e.number),
                "overview",
            )

    def change_terms(self) -> None:
        c = self.chart
        if c.episode is None or c.header is None or not self.a_terms.isEnabled():
            return
        dialog = ChangeTermsDialog(c.view, self.actor, c.episode, c.header.date_of_birth)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, EpisodeView):
            since = dialog.result_value.terms.effective_on
            c.changed(tr("Admission terms changed from {day}.").format(day=date_text(since)), "overview")

    def add_member(self) -> None:
        c = self.chart
        if c.client_id is None or not self.a_add.isEnabled():
            return
        dialog = AddMemberDialog(c.view, self.actor, c.client_id, c.client_name())
        if self.prompts.run(dialog) and isinstance(dialog.result_value, TeamMemberView):
            m = dialog.result_value
            c.changed(
                tr("{name} joined the team as {role}.").format(name=m.name, role=tr(m.role_label).lower()),
                "team",
            )

    def end_member(self) -> None:
        member = self.chart.current_member()
        if member is None or not self.a_end.isEnabled():
            return
        if self.prompts.run(EndMemberDialog(self.chart.view, self.actor, member)):
            self.chart.changed(tr("{name} leaves the team.").format(name=member.name), "team")

    def retire_member(self) -> None:
        member = self.chart.current_member()
        if member is None or not self.a_retire.isEnabled():
            return
        if self.prompts.run(RetireMemberDialog(self.chart.view, self.actor, member)):
            self.chart.changed(tr("The team place was removed (kept in the record)."), "team")

    # --- the plan (its editor and reviews are their own module) -----------------------------------------
    def edit_plan(self) -> None:
        if self.a_edit_plan.isEnabled():
            self._plan("open_plan_editor")

    def review_plan(self) -> None:
        if self.a_review.isEnabled():
            self._plan("open_plan_review")

    def _plan(self, name: str) -> None:
        c = self.chart
        if c.client_id is None:
            return
        dialogs = importlib.import_module(PLAN_DIALOGS)  # loaded when first asked for
        getattr(dialogs, name)(c.view, self.actor, c.client_id, self.prompts)
        c.reload()
        c.view.show_section("plan")

    # --- discharge ------------------------------------------------------------------------------------
    def discharge(self) -> None:
        c = self.chart
        if c.episode is None or not self.a_discharge.isEnabled():
            return
        c.load_section("discharge")
        found, started = c.discharge, False
        if found is None:
            start = StartDischargeDialog(c.view, self.actor, c.episode, c.client_name())
            if not self.prompts.run(start) or not isinstance(start.result_value, DischargeView):
                return
            found, started = start.result_value, True
        if found.author_id != self.actor.staff_id or found.status not in EDITABLE:
            c.view.show_section("discharge")
            c.say(
                tr("{name} is writing this discharge; only they can change it before it is signed.").format(
                    name=found.author_name
                )
                if found.status in EDITABLE
                else tr("This discharge is signed already.")
            )
            return
        dialog = DischargeDialog(
            c.view, self.actor, self.prompts, found, c.client_name(), in_effect=not c.episode.is_open
        )
        accepted = self.prompts.run(dialog)
        if dialog.signed is not None:
            text = tr("Discharged from {day}: {why}.").format(
                day=date_text(dialog.signed.discharged_on), why=tr(dialog.signed.reason_label)
            )
            if dialog.signed.status == "pending_cosign":
                text += " " + tr("The summary waits for a supervisor's co-signature.")
            c.changed(text, "discharge")
        elif accepted:
            c.changed(tr("Discharge summary saved as a draft; nothing has changed yet."), "discharge")
        else:
            c.reload()
            c.view.show_section("discharge")
            if started:
                c.done(tr("The discharge summary was kept as a draft; nothing has changed yet."))

    def cosign_discharge(self) -> None:
        d = self.chart.discharge
        if d is None or not self.a_cosign_d.isEnabled():
            return
        if sign_with_password(
            self.prompts,
            self.chart.view,
            self.actor,
            what=tr("the discharge summary by {name}").format(name=d.author_name),
            explanation=tr("Co-signing makes the discharge summary final."),
            sign=lambda: discharges.cosign_discharge(self.actor, d.id),
            cosign=True,
        ):
            self.chart.changed(tr("Discharge summary co-signed."), "discharge")

    def return_discharge(self) -> None:
        d = self.chart.discharge
        if d is None or not self.a_return_d.isEnabled():
            return
        self._return(
            tr("discharge summary"),
            lambda text: discharges.return_discharge(self.actor, d.id, text),
            "discharge",
        )

    # --- leaving the chart: the client's page, a printout ------------------------------------------------
    def client_page(self) -> None:
        if self.chart.client_id is not None:
            self.chart.client_open_requested.emit(self.chart.client_id)

    def print_chart(self) -> None:
        c = self.chart
        if c.client_id is None or c.header is None or not self.a_print.isEnabled():
            return
        from iopdesk.ui.views.chart.print_dialog import PrintChartDialog  # the PDF code, when first asked for

        dialog = PrintChartDialog(
            c.view, self.actor, self.prompts, c.client_id, c.header.name, c.header.chart_number
        )
        if self.prompts.run(dialog) and dialog.written:
            c.done(dialog.written)
