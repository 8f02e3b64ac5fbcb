"""Every SubmitDialog in the program, driven with the keys a person presses.

Enter in a one-line field runs the dialog's action (Sign, Co-sign, Sign and
add, Save snippet, Save, Write PDF, Export…) or shows the dialog's own
refusal; it never closes the dialog silently with nothing done (it once
cancelled a signature without a word: issue 19). In a text box Enter starts a
new line and Ctrl+Enter runs the action. Escape cancels and does nothing.

The cases are found by looking for every subclass in the program, so a new
dialog without a case here fails ``test_every_submit_dialog_has_a_case``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QWidget

import iopdesk.ui
from iopdesk.domain.attendance import marking
from iopdesk.domain.calendar import sessions
from iopdesk.domain.care.plan_content import Intervention, Problem
from iopdesk.domain.groups import groups
from iopdesk.domain.kernel import settings
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.attendance import reports
from iopdesk.ui.views.attendance.client_session_dialog import ClientSessionDialog
from iopdesk.ui.views.attendance.dialogs import CommentDialog, TimesDialog
from iopdesk.ui.views.attendance.family_members import FamilyMembersDialog
from iopdesk.ui.views.attendance.reason_prompt import DocumentedReasonDialog
from iopdesk.ui.views.attendance.reports import AttendanceExportDialog, ExportDialog, HoursExportDialog
from iopdesk.ui.views.attendance.session_dialogs import AddSessionDialog, RescheduleDialog
from iopdesk.ui.views.attendance.walk_in import WalkInDialog
from iopdesk.ui.views.chart import plan_sign
from iopdesk.ui.views.chart.discharge_dialogs import AftercareDialog, DischargeDialog
from iopdesk.ui.views.chart.plan_item_forms import PlanItemForm
from iopdesk.ui.views.chart.print_dialog import PrintChartDialog
from iopdesk.ui.views.chart.screening_dialog import ScreeningDialog
from iopdesk.ui.views.chart.sign_dialog import CareSignDialog, ReturnDialog
from iopdesk.ui.views.notes.dialogs import FamilyDialog, SignDialog, SnippetDialog, TextDialog
from iopdesk.ui.views.notes.print_dialog import PrintNotesDialog
from iopdesk.ui.views.settings.dialog import ClinicSettingsDialog
from iopdesk.ui.views.settings.lists import EntriesModel, ListDialog
from tests.support import note_factories as nf
from tests.support import notes_support as ns
from tests.ui.measures.submit_cases import cases as measures_cases

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

# Built only through their subclasses (the attendance and hours exports).
BASES = {ExportDialog}


@dataclass
class World:
    """What the dialogs are opened over: a clinic with a group session, and what each action received."""

    qtbot: Any
    parent: QWidget
    clinic: ns.NotesClinic
    tmp: Path
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def record(self, *args: Any) -> None:
        self.calls.append(args)

    @property
    def actor(self):  # type: ignore[no-untyped-def]
        return self.clinic.supervisor

    @property
    def chart(self) -> str:
        return str(self.clinic.setup.members[0].chart_number)

    def session(self):  # type: ignore[no-untyped-def]
        return sessions.get_session(self.actor, self.clinic.session_id)

    def attendance_row(self):  # type: ignore[no-untyped-def]
        return marking.session_attendance(self.actor, self.clinic.session_id).rows[0]


def recorder(world: World) -> Callable[..., None]:
    def submit(*args: Any) -> None:  # None: the action ran and the dialog may close
        world.record(*args)

    return submit


# --- typing, as a person does ----------------------------------------------------------------
def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focused(), text)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), key, modifier)


def choose_client(qtbot, world: World, picker) -> None:  # type: ignore[no-untyped-def]
    """Type the chart number in a client search and press Enter (Enter picks, it does not submit)."""
    picker.search_edit.setFocus()
    qtbot.keyClicks(picker.search_edit, world.chart)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.current() is not None)


def retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


# --- one case per dialog: how to open it, and the keys before Enter ----------------------------
@dataclass(frozen=True)
class Case:
    name: str
    kind: type[SubmitDialog]
    make: Callable[[World], SubmitDialog]
    before_enter: Callable[[World, Any], None] = lambda _w, _d: None
    ok_text: str = ""  # the main button's words, where the dialog names its own
    ran: Callable[[World, Any], bool] = lambda w, _d: bool(w.calls)  # the action was done
    received: tuple[Any, ...] | None = None  # what the action got, where the keys decide it


def _sign(world: World, cosign: bool = False) -> SignDialog:
    return SignDialog(
        world.parent, signer="Sky Supervisor", what="the note for Alex R.", flagged=0,
        ask_password=True, submit=lambda password, reason: world.record(password, reason), cosign=cosign,
    )


def _times(world: World) -> TimesDialog:
    return TimesDialog(world.parent, world.session(), world.attendance_row(), "late", recorder(world))


def _add_session(world: World) -> AddSessionDialog:
    return AddSessionDialog(world.parent, groups.list_groups(world.actor), nf.DAY, recorder(world))


def _export(kind: type[ExportDialog]) -> Callable[[World], SubmitDialog]:
    def make(world: World) -> SubmitDialog:
        return kind(world.parent, world.actor, lambda title, _make, path, _saver: world.record(title, path))  # type: ignore[arg-type]

    return make


def _walk_in_keys(world: World, dialog: WalkInDialog) -> None:
    qtbot = world.qtbot
    type_text(qtbot, world.chart)  # the search box has the keyboard when the dialog opens
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    press(qtbot, Qt.Key.Key_Return)  # Enter walks down the dialog: to the match…
    assert focused() is dialog.results
    press(qtbot, Qt.Key.Key_Return)  # …to the reason…
    assert focused() is dialog.reason
    type_text(qtbot, "make-up session agreed")  # …and Enter there adds the walk-in


def _client_session_keys(world: World, dialog: ClientSessionDialog) -> None:
    choose_client(world.qtbot, world, dialog.picker)
    assert focused() is dialog.kind  # Enter on the search chose the client and moved on
    retype(world.qtbot, dialog.start, "10:00")


def _print_keys(world: World, dialog: PrintNotesDialog) -> None:
    choose_client(world.qtbot, world, dialog.picker)
    retype(world.qtbot, dialog.path, str(world.tmp / "notes.pdf"))


def _another_line(world: World, text: str) -> None:
    press(world.qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    press(world.qtbot, Qt.Key.Key_Return)
    type_text(world.qtbot, text)


def _family_members_keys(world: World, dialog: FamilyMembersDialog) -> None:
    qtbot = world.qtbot
    dialog.editor.add_person()  # the cell for the name is open
    type_text(qtbot, "Maria Lopez")
    press(qtbot, Qt.Key.Key_Tab)  # Tab keeps the name and moves on
    type_text(qtbot, "mother")
    press(qtbot, Qt.Key.Key_Return)  # Enter in a cell keeps it; the next Enter saves the list
    qtbot.waitUntil(lambda: focused() is dialog.editor.table)  # Qt closes the cell a moment later
    assert dialog.isVisible() and not world.calls


def _levels_list(world: World) -> ListDialog:
    model = EntriesModel(("Code", "Level of care"), False, "")
    model.set_entries([("2.1", "Intensive outpatient")])
    return ListDialog(world.parent, "Levels of care", "The levels.", model, recorder(world), 0)


def _plan_item(kind: type) -> Callable[[World], SubmitDialog]:
    def make(world: World) -> SubmitDialog:
        team = [(world.clinic.counselor.staff_id, "Casey Counselor (primary counselor)")]
        return PlanItemForm(world.parent, kind, None, team=team, today=nf.DAY, submit=recorder(world))

    return make


def _sign_plan(world: World) -> SubmitDialog:
    return plan_sign.SignDialog(
        world.parent, title="Sign the treatment plan", statement="I, Sky Supervisor, sign version 1.",
        meaning="Once signed, it never changes.", ask_password=True, submit=recorder(world),
        agreement=(False, ""),
    )


def _sign_plan_keys(world: World, _dialog: Any) -> None:
    press(world.qtbot, Qt.Key.Key_Space)  # the client agreed
    press(world.qtbot, Qt.Key.Key_Tab)
    type_text(world.qtbot, "Read it together; the client signed it.")
    press(world.qtbot, Qt.Key.Key_Tab)
    type_text(world.qtbot, "my password")
def _care_sign(world: World) -> CareSignDialog:
    return CareSignDialog(
        world.parent, title="Sign", ok_text="Sign", statement="I, Sky Supervisor, sign this screening.",
        explanation="Once signed it cannot change.", ask_password=True, submit=recorder(world),
    )


def _name(client: Any) -> str:
    return f"{client.legal_first} {client.legal_last}"


def _screening(world: World) -> ScreeningDialog:
    from iopdesk.domain.care.screening import start_screening

    client = world.clinic.setup.members[0]
    view = start_screening(world.actor, client.id)
    return ScreeningDialog(world.parent, world.actor, Prompts(), view, _name(client))


def _discharge(world: World) -> DischargeDialog:
    import datetime as dt

    from iopdesk.domain.care import admission, discharge
    from iopdesk.domain.kernel.records import site_today

    client = world.clinic.setup.members[0]
    today = site_today(world.actor)
    episode = admission.admit(world.actor, client.id, today - dt.timedelta(days=60))
    draft = discharge.start_discharge(world.actor, episode.id, "completed", today)
    return DischargeDialog(world.parent, world.actor, Prompts(), draft, _name(client), in_effect=False)


def _print_chart(world: World) -> PrintChartDialog:
    client = world.clinic.setup.members[0]
    return PrintChartDialog(world.parent, world.actor, Prompts(), client.id, _name(client), world.chart)


CASES = [
    Case("sign", SignDialog, _sign, lambda w, _d: type_text(w.qtbot, "my password"), "Sign"),
    Case("co-sign", SignDialog, lambda w: _sign(w, cosign=True),
         lambda w, _d: type_text(w.qtbot, "my password"), "Co-sign"),
    Case("addendum", TextDialog,
         lambda w: TextDialog(w.parent, "Add addendum", "Sign and add", "Dated now.", recorder(w)),
         lambda w, _d: type_text(w.qtbot, "Client called after group."), "Sign and add"),
    Case("return", TextDialog,
         lambda w: TextDialog(w.parent, "Return with comment", "Return to author", "Say what.", recorder(w)),
         lambda w, _d: type_text(w.qtbot, "Add the goal addressed."), "Return to author"),
    Case("snippet", SnippetDialog,
         lambda w: SnippetDialog(w.parent, "Engaged and on topic.", recorder(w)),
         lambda w, _d: type_text(w.qtbot, "Engaged"), "Save snippet"),
    Case("family (notes)", FamilyDialog,
         lambda w: FamilyDialog(w.parent, [("Maria Lopez", "mother")], recorder(w)),
         lambda w, _d: _another_line(w, "Jo Lopez, brother"), "Save"),
    Case("print notes", PrintNotesDialog, lambda w: PrintNotesDialog(w.parent, w.actor),
         _print_keys, "Write PDF",  # type: ignore[arg-type]
         ran=lambda w, d: bool(d.written) and (w.tmp / "notes.pdf").stat().st_size > 0),
    Case("walk-in", WalkInDialog, lambda w: WalkInDialog(w.parent, w.actor, recorder(w)),
         _walk_in_keys),  # type: ignore[arg-type]
    Case("client session", ClientSessionDialog,
         lambda w: ClientSessionDialog(w.parent, w.actor, nf.DAY, recorder(w)),
         _client_session_keys),  # type: ignore[arg-type]
    Case("reschedule", RescheduleDialog, lambda w: RescheduleDialog(w.parent, w.session(), recorder(w))),
    Case("add session", AddSessionDialog, _add_session, lambda w, d: retype(w.qtbot, d.start, "9:00")),
    Case("times", TimesDialog, _times, lambda w, _d: type_text(w.qtbot, "9:20")),
    Case("comment", CommentDialog, lambda w: CommentDialog(w.parent, w.attendance_row(), recorder(w)),
         lambda w, _d: type_text(w.qtbot, "called ahead")),
    Case("family members (attendance)", FamilyMembersDialog,
         lambda w: FamilyMembersDialog(w.parent, "Family session", [], recorder(w)),
         _family_members_keys,  # type: ignore[arg-type]
         received=([("Maria Lopez", "mother")],)),
    Case("attendance export", AttendanceExportDialog, _export(AttendanceExportDialog)),
    Case("hours export", HoursExportDialog, _export(HoursExportDialog)),
    Case("signed note's mark", DocumentedReasonDialog,
         lambda w: DocumentedReasonDialog(w.parent, "Alex R.'s note for this session is signed."),
         lambda w, _d: type_text(w.qtbot, "Left at 10:30."), "Change the mark",
         ran=lambda _w, d: d.text() == "Left at 10:30."),
    Case("a settings list", ListDialog, _levels_list, ok_text="Save the list",
         received=([("2.1", "Intensive outpatient")],)),
    Case("clinic settings", ClinicSettingsDialog, lambda w: ClinicSettingsDialog(w.parent, w.actor),
         lambda w, d: retype(w.qtbot, d.fields["adult_weekly_floor_minutes"].editor, "600"),
         "Save settings", ran=lambda _w, _d: settings.get("adult_weekly_floor_minutes") == 600),
    Case("plan item", PlanItemForm, _plan_item(Problem),
         lambda w, _d: type_text(w.qtbot, "Drinking daily"), "Add"),
    Case("plan intervention", PlanItemForm, _plan_item(Intervention), ok_text="Add"),  # Enter on its list
    Case("sign plan", plan_sign.SignDialog, _sign_plan, _sign_plan_keys, "Sign",
         received=("my password", True, "Read it together; the client signed it.")),
    Case("return plan", plan_sign.CommentDialog,
         lambda w: plan_sign.CommentDialog(w.parent, "Return the plan for changes", recorder(w)),
         lambda w, _d: type_text(w.qtbot, "Give objective 2 a target date."), "Return"),
]
CASES += measures_cases(Case, type_text, press)  # tests/ui/measures/submit_cases.py
# The treatment chart's dialogs (issue 15).
CASES += [
    Case("care sign", CareSignDialog, _care_sign, lambda w, _d: type_text(w.qtbot, "my password"), "Sign",
         received=("my password",)),
    Case("care return", ReturnDialog,
         lambda w: ReturnDialog(w.parent, "screening", recorder(w)),
         lambda w, _d: type_text(w.qtbot, "Rate dimension 3 again."), "Return",
         received=("Rate dimension 3 again.",)),
    Case("aftercare", AftercareDialog, lambda w: AftercareDialog(w.parent, w.actor),
         lambda w, _d: (press(w.qtbot, Qt.Key.Key_Tab), type_text(w.qtbot, "Alumni group, Tuesdays")),
         "OK", ran=lambda _w, d: d.item is not None and d.item.what == "Alumni group, Tuesdays"),
    Case("screening", ScreeningDialog, _screening, ok_text="Save draft",
         ran=lambda _w, d: d.view.version > 1),  # Enter on the first answer saves the draft
    Case("discharge", DischargeDialog, _discharge, ok_text="Save draft",
         ran=lambda _w, d: d.view.version > 1),
    Case("print chart", PrintChartDialog, _print_chart,
         lambda w, d: retype(w.qtbot, d.path, str(w.tmp / "chart.pdf")), "Write PDF",
         ran=lambda w, d: bool(d.written) and (w.tmp / "chart.pdf").stat().st_size > 0),
]


def every_submit_dialog() -> set[type[SubmitDialog]]:
    for module in pkgutil.walk_packages(iopdesk.ui.__path__, "iopdesk.ui."):
        importlib.import_module(module.name)

    def below(kind: type) -> Iterator[type]:
        for sub in kind.__subclasses__():
            yield sub
            yield from below(sub)

    return {k for k in below(SubmitDialog) if k.__module__.startswith("iopdesk.")}


def test_every_submit_dialog_has_a_case() -> None:
    found = every_submit_dialog() - BASES
    covered = {case.kind for case in CASES}
    assert found - covered == set(), "a SubmitDialog without a keyboard case here"
    assert covered <= found


@pytest.fixture
def world(qtbot, actor, tmp_path, monkeypatch) -> World:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reports, "choose_path", lambda _parent, _title, name: str(tmp_path / name))
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(900, 700)
    parent.show()
    qtbot.waitExposed(parent)
    return World(qtbot, parent, ns.build(actor, 2), tmp_path)


def opened(world: World, case: Case) -> SubmitDialog:
    dialog = case.make(world)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.open()
    world.qtbot.waitUntil(lambda: dialog.isVisible())
    dialog.activateWindow()
    world.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_enter_does_the_dialogs_action_never_a_silent_cancel(qtbot, world: World, case: Case) -> None:
    dialog = opened(world, case)
    assert dialog.ok_button.isDefault(), "the main button, not Cancel, answers Enter"
    if case.ok_text:
        assert dialog.ok_button.text() == case.ok_text
    case.before_enter(world, dialog)
    box = focused()
    if isinstance(box, QPlainTextEdit):
        press(qtbot, Qt.Key.Key_Return)  # in a text box Enter starts a new line…
        assert dialog.isVisible() and not world.calls
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # …Ctrl+Enter acts
    else:
        press(qtbot, Qt.Key.Key_Return)
    if dialog.isVisible():
        assert dialog.message.isVisible() and dialog.message.text(), "open: the dialog must say why"
    else:
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert case.ran(world, dialog), "closed by Enter: the action must have run"
    if case.received is not None:
        assert world.calls == [case.received]


def test_a_refusal_keeps_the_dialog_open_and_says_so(qtbot, world: World) -> None:
    dialog = opened(world, CASES[0])  # signing, with no password typed
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.message.text() == "Type your password to sign."
    assert not world.calls and focused() is dialog.password  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_escape_cancels_and_does_nothing(qtbot, world: World, case: Case) -> None:
    dialog = opened(world, case)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected and not world.calls


def test_ctrl_enter_acts_from_any_field(qtbot, world: World) -> None:
    dialog = opened(world, CASES[4])  # the snippet: title, then its text
    type_text(qtbot, "Engaged")
    dialog.text.setFocus()  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.calls == [("Engaged", "Engaged and on topic.")]


def test_ctrl_enter_in_a_list_cell_keeps_what_was_typed_in_it(qtbot, world: World) -> None:
    dialog = opened(world, next(c for c in CASES if c.kind is FamilyMembersDialog))
    dialog.editor.add_person()  # type: ignore[attr-defined]
    type_text(qtbot, "Maria Lopez")  # the cell is still open for typing…
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # …when the list is saved
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.calls == [([("Maria Lopez", "")],)]


def test_the_main_button_stays_default_after_the_dialog_moves_the_focus(qtbot, world: World) -> None:
    dialog = opened(world, CASES[0])
    dialog.ok_button.setFocus()
    dialog.password.setFocus()  # type: ignore[attr-defined]
    type_text(qtbot, "pw")
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter too
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.calls == [("pw", "")]
