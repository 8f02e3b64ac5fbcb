"""Clinic settings…: every clinic setting on its tab, each with what it allows; Save keeps them all.

Save judges the values typed together (``settings.problems``: so the PHP figure
and a floor may be lowered at once) and keeps nothing while one is wrong: each
wrong value says why under its field, and the first one's tab is shown with the
keyboard in it. Then each change goes through ``settings.set_value`` (which
checks permission and range again and audits it), in the order the domain gives.

Who may: administrators and supervisors; the sign-in and lock settings are the
administrator's alone (shown to a supervisor, unavailable, with the reason).
Keys: Enter saves (Ctrl+Enter from the notice's text box), Escape closes without
saving, Alt+letter or Ctrl+Page Down moves between the tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from iopdesk.domain.kernel import permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.permitted import refusal
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.settings.field import SettingField
from iopdesk.ui.views.settings.lists import LIST_DIALOGS
from iopdesk.ui.views.settings.sections import Section, arranged, tr


class ClinicSettingsDialog(SubmitDialog):
    saved = Signal(object)
    """Settings were changed and kept; carries the tuple of their keys."""

    def __init__(self, parent: QWidget, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(parent, tr("Clinic settings"), tr("Save settings"), min_width=780)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.fields: dict[str, SettingField] = {}
        self.tab_of: dict[str, int] = {}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.layout_.insertWidget(0, self.tabs, 1)
        listing = {info.key: info for info in settings.listing()}
        for section in arranged(list(listing)):
            self.tabs.addTab(self._page(section, listing), section.title)
        first_size(self, 860, 600)
        self.tabs.setCurrentIndex(0)
        self._focus_first(0)

    def _page(self, section: Section, listing: dict[str, settings.SettingInfo]) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        intro = QLabel(section.intro)
        intro.setObjectName("viewSubtitle")
        intro.setWordWrap(True)
        column.addWidget(intro)
        security = any(listing[k].security for k in section.settings)
        why_not = refusal(self.actor, permissions.SECURITY_EDIT) if security else None
        if why_not:
            notice = QLabel(why_not)
            notice.setObjectName("notice")
            notice.setWordWrap(True)
            column.addWidget(notice)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        for key in section.settings:
            info = listing[key]
            field = SettingField(
                info, refusal(self.actor, permissions.SECURITY_EDIT) if info.security else None
            )
            field.edit_list_requested.connect(self.edit_list)
            label = QLabel(tr(info.title))
            label.setWordWrap(True)
            label.setMinimumWidth(220)
            label.setMaximumWidth(280)
            label.setBuddy(field.editor)
            form.addRow(label, field)
            self.fields[key] = field
            self.tab_of[key] = self.tabs.count()
        column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(tr("Settings on this page"))
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    def _focus_first(self, tab: int) -> None:
        first = next((f for k, f in self.fields.items() if self.tab_of[k] == tab and f.editable), None)
        if first is not None:
            first.editor.setFocus()

    # --- what changed, and saving it ---------------------------------------------------------
    def changes(self) -> dict[str, object]:
        return {key: field.value() for key, field in self.fields.items() if field.is_changed()}

    def errors(self) -> dict[str, str]:
        """The messages under the fields now (for tests and screen readers)."""
        return {key: f.error_text() for key, f in self.fields.items() if f.error_text()}

    def attempt(self) -> str | None:
        for field in self.fields.values():
            field.show_error("")
        changes = self.changes()
        if not changes:
            return None
        wrong = settings.problems(changes)
        if wrong:
            self._show_wrong(wrong)
            return (
                tr("Nothing was saved: {n} of the values need changing (said under each).").format(
                    n=len(wrong)
                )
                if len(wrong) > 1
                else tr("Nothing was saved: one value needs changing (said under it).")
            )
        kept: list[str] = []
        for key in settings.in_order(changes):
            try:
                settings.set_value(self.actor, key, changes[key], based_on=self.fields[key].info.value)
            except DomainError as exc:
                self._show_wrong({key: str(exc)})
                self._reload()
                return tr("{kept} saved; this one was not: {why}").format(kept=len(kept), why=str(exc))
            kept.append(key)
        self._reload()
        self.saved.emit(tuple(kept))
        return None

    def _show_wrong(self, wrong: dict[str, str]) -> None:
        for key, text in wrong.items():
            if key in self.fields:
                self.fields[key].show_error(text)
        first = next(key for key in self.fields if key in wrong)
        self.tabs.setCurrentIndex(self.tab_of[first])
        self.fields[first].editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reload(self) -> None:
        for info in settings.listing():
            if info.key in self.fields:
                self.fields[info.key].set_info(info)

    # --- the lists -------------------------------------------------------------------------
    def edit_list(self, key: str) -> None:
        make = LIST_DIALOGS.get(key)
        if make is None:
            return
        dialog = make(self, self.actor)
        try:
            if self.prompts.run(dialog):
                self._reload()
                self.saved.emit((key,))
        finally:
            dialog.deleteLater()
        self.fields[key].editor.setFocus()
