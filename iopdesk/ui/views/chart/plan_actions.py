"""What the plan editor's keys and buttons do: add, edit, delete and move items, sign, start a new
version, co-sign or return, and open the review.

Insert (or Ctrl+N) adds an item under the chosen one (a goal under a problem, …; with nothing
chosen, a problem), Ctrl+Shift+N one beside it; Enter or F2 edits it, Delete removes it (asking
first when items lie under it), Alt+Up / Alt+Down move it among its siblings. Each change is
stored at once; a refusal is shown and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence

from iopdesk.domain.care.plan_content import Intervention, Problem
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.ui.kit.actions import EnterOpens, EnterPresses, action_button, make_action
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.chart import plan_edits as edits
from iopdesk.ui.views.chart.plan_editing import PlanEditing
from iopdesk.ui.views.chart.plan_edits import CHILD_KIND, Item
from iopdesk.ui.views.chart.plan_item_forms import PlanItemForm
from iopdesk.ui.views.chart.plan_sign import CommentDialog, SignDialog
from iopdesk.ui.views.chart.plan_tree import item_title, kind_name, tr

KEYS = {
    "add": ("Ins", "Ctrl+N"),
    "beside": ("Ctrl+Shift+N",),
    "edit": ("F2",),
    "delete": ("Del",),
    "up": ("Alt+Up",),
    "down": ("Alt+Down",),
    "sign": ("Ctrl+Return", "Ctrl+Enter"),
    "new": ("Ctrl+Shift+V",),
    "review": ("Ctrl+Shift+R",),
}


class PlanActions(QObject):
    def __init__(self, dialog: PlanEditing) -> None:
        super().__init__(dialog.as_parent())
        self.d = dialog
        self.w = dialog.work
        tree = dialog.tree

        def act(name: str, text: str, slot, owner=tree):  # type: ignore[no-untyped-def]
            action = make_action(owner, text, None, slot)
            action.setShortcuts([QKeySequence(k) for k in KEYS[name]])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return action

        self.add_action = act("add", tr("Add under"), self.add)
        self.beside_action = act("beside", tr("Add beside"), self.add_beside)
        self.edit_action = act("edit", tr("Edit"), self.edit)
        self.delete_action = act("delete", tr("Delete"), self.delete)
        self.up_action = act("up", tr("Move up"), lambda: self.move(-1))
        self.down_action = act("down", tr("Move down"), lambda: self.move(1))
        self.sign_action = act("sign", tr("Sign plan…"), self.sign, dialog.as_parent())
        self.new_action = act("new", tr("New version"), self.new_version, dialog.as_parent())
        self.review_action = act("review", tr("Review…"), self.review, dialog.as_parent())
        EnterOpens(tree, self.edit)
        self.add_button = action_button(self.add_action)
        self.add_beside_button = action_button(self.beside_action)
        self.edit_button = action_button(self.edit_action)
        self.delete_button = action_button(self.delete_action)
        self.up_button = action_button(self.up_action)
        self.down_button = action_button(self.down_action)
        self.sign_button = action_button(self.sign_action, primary=True)
        self.new_button = action_button(self.new_action)
        self.review_button = action_button(self.review_action)
        self.cosign_button = action_button(make_action(dialog.as_parent(), tr("Co-sign…"), None, self.cosign))
        self.return_button = action_button(
            make_action(dialog.as_parent(), tr("Return for changes…"), None, self.return_plan)
        )
        buttons = (self.add_button, self.add_beside_button, self.edit_button, self.delete_button,
                   self.up_button, self.down_button, self.sign_button, self.new_button,
                   self.review_button, self.cosign_button, self.return_button)  # fmt: skip
        for button in buttons:
            button.setAutoDefault(False)  # Enter belongs to the tree (edit), never to a button by chance
        EnterPresses(*buttons)  # …unless Tab reached the button: then Enter presses it

    # --- what may be done now ------------------------------------------------------------------
    def editable(self) -> bool:
        return self.w.editable(self.d.shown)

    def may_add(self) -> bool:
        return self.editable()

    def current(self) -> Item | None:
        return self.d.model.item_at(self.d.tree.currentIndex())

    def update(self) -> None:
        editable, item = self.editable(), self.current()
        shown, section = self.d.shown, self.w.section
        # The keys stay live, so a key pressed on a signed version says why nothing changes; the
        # buttons show only on a draft of one's own, greyed where nothing is chosen.
        for button in (self.add_button, self.add_beside_button, self.edit_button, self.delete_button,
                       self.up_button, self.down_button, self.sign_button):  # fmt: skip
            button.setVisible(editable)
        for button in (self.edit_button, self.delete_button, self.up_button, self.down_button):
            button.setEnabled(item is not None)
        working = section.working if section is not None else None
        if working is not None and (shown is None or shown.id != working.id):
            self.new_action.setText(tr("Open the draft (version {n})").format(n=working.number))
            self.new_action.setEnabled(True)
        else:
            self.new_action.setText(tr("New version") if shown is not None else tr("Start the plan"))
            self.new_action.setEnabled(self.w.may_start())
        self.new_button.setText(self.new_action.text())
        self.new_button.setVisible(self.new_action.isEnabled())
        self.review_action.setEnabled(shown is not None and shown.in_force and self.w.may_write())
        self.review_button.setVisible(self.review_action.isEnabled())
        cosign = self.w.may_cosign(shown)
        self.cosign_button.setVisible(cosign)
        self.return_button.setVisible(cosign)
        self.d.keys.setText(self._keys_text(editable))

    @staticmethod
    def _keys_text(editable: bool) -> str:
        if editable:
            return tr(
                "Insert or Ctrl+N add under · Ctrl+Shift+N add beside · Enter or F2 edit · Delete · "
                "Alt+Up / Alt+Down move · Ctrl+Enter sign · Esc close (every change is saved at once)"
            )
        return tr("Arrows move through the plan · Ctrl+Shift+V new version · Ctrl+Shift+R review · Esc close")

    # --- changing items ------------------------------------------------------------------------
    def _refuse_read_only(self) -> bool:
        if self.editable():
            return False
        shown = self.d.shown
        if shown is None:
            start = tr("There is no plan yet: press Ctrl+Shift+V to start it.")
            self.d.say(start if self.w.may_start() else tr("There is no plan yet."))
        elif shown.editable:
            self.d.say(tr("Only its author can change this draft."))
        else:
            self.d.say(
                tr("This version is signed and can no longer change: press Ctrl+Shift+V for a new version.")
            )
        return True

    def add(self) -> None:
        if self._refuse_read_only():
            return
        item = self.current()
        if isinstance(item, Intervention):
            self.add_beside()  # nothing goes under an intervention
            return
        kind = CHILD_KIND[type(item) if item is not None else None]
        parent_id = item.id if item is not None else None
        where = tr("Under {title}").format(title=item_title(item, self._number())) if item is not None else ""
        self._form(kind, None, lambda new: edits.add_child(self._content(), parent_id, new), where)

    def add_beside(self) -> None:
        if self._refuse_read_only():
            return
        item = self.current()
        if item is None:
            self._form(Problem, None, lambda new: edits.add_child(self._content(), None, new))
            return
        parent = self.d.model.parent_item(self.d.tree.currentIndex())
        where = tr("Under {title}").format(title=item_title(parent, self._parent_number())) if parent else ""
        self._form(type(item), None, lambda new: edits.add_after(self._content(), item.id, new), where)

    def edit(self) -> None:
        item = self.current()
        if item is None or self._refuse_read_only():
            return
        self._form(
            type(item),
            item,
            lambda new: edits.replace_item(self._content(), edits.with_children_of(new, item)),
        )

    def _form(self, kind: type, item: Item | None, change, where: str = "") -> None:  # type: ignore[no-untyped-def]
        def submit(new: Item) -> str | None:
            return self._store(change(new), new.id)

        form = PlanItemForm(
            self.d.as_parent(),
            kind,
            item,
            team=self.w.team_members(),
            today=self.w.today(),
            submit=submit,
            where=where,
        )
        self.d.prompts.run(form)
        self.d.tree.setFocus()

    def delete(self) -> None:
        item = self.current()
        if item is None or self._refuse_read_only():
            return
        content = self._content()
        under = edits.count_under(item, content)
        if under:
            question = (
                tr("Delete {what} and the 1 item under it?")
                if under == 1
                else tr("Delete {what} and the {n} items under it?")
            ).format(n=under, what=item_title(item, self._number()))
            if not self.d.prompts.confirm(
                self.d.as_parent(), tr("Delete from the plan"), question, tr("Delete")
            ):
                return
        index = self.d.tree.currentIndex()
        neighbour = (
            index.sibling(index.row() + 1, 0)
            if index.sibling(index.row() + 1, 0).isValid()
            else (index.sibling(index.row() - 1, 0) if index.row() > 0 else index.parent())
        )
        after = self.d.model.item_at(neighbour)
        if self._store(edits.remove(content, item.id), after.id if after is not None else None) is None:
            self.d.say(tr("Deleted {what}.").format(what=kind_name(item)), done=True)

    def move(self, delta: int) -> None:
        item = self.current()
        if item is None or self._refuse_read_only():
            return
        content = self._content()
        moved = edits.move(content, item.id, delta)
        if moved != content:
            self._store(moved, item.id)

    def _store(self, content, select) -> str | None:  # type: ignore[no-untyped-def]
        shown = self.d.shown
        assert shown is not None
        saved, problem = self.w.save(shown, content)
        if saved is None:
            self.d.say(problem or "")
            return problem or ""
        self.d.feedback.clear()
        self.d.show_content(saved, select)
        return None

    def _content(self):  # type: ignore[no-untyped-def]
        assert self.d.shown is not None
        return self.d.model.content

    def _number(self) -> int:
        return self.d.tree.currentIndex().row() + 1

    def _parent_number(self) -> int:
        return self.d.tree.currentIndex().parent().row() + 1

    # --- versions, signing ---------------------------------------------------------------------
    def new_version(self) -> None:
        section, shown = self.w.section, self.d.shown
        working = section.working if section is not None else None
        if working is not None and (shown is None or shown.id != working.id):
            self.d.show_version(working)
            return
        if not self.w.may_start():
            return
        started, problem = self.w.start()
        if started is None:
            self.d.say(problem or "")
            return
        self._reload(started.id)
        if started.based_on_id is not None:
            before = self.w.version(started.based_on_id)
            self.d.say(
                tr(
                    "Version {n} started as a copy of version {m}, "
                    "which stays in force until this one is signed."
                ).format(n=started.number, m=before.number if before else started.number - 1),
                done=True,
            )
        else:
            self.d.say(tr("Version 1 started: press Insert to add the first problem."), done=True)

    def _reload(self, plan_id, select=None) -> None:  # type: ignore[no-untyped-def]
        problem = self.w.load()
        self.d.refresh(plan_id, select)
        if problem:
            self.d.say(problem)

    def sign(self) -> None:
        shown = self.d.shown
        if shown is None or self._refuse_read_only():
            return
        problem = self.w.sign_problem(shown)
        if problem:
            target = edits.locate(shown.content, problem)
            if target is not None:
                self.d.tree.setCurrentIndex(self.d.model.index_of(target))
            self.d.say(tr("Not signed yet: {problem}").format(problem=problem))
            return

        def submit(password: str | None, agreed: bool, how: str) -> str | None:
            refused = self.w.confirm_identity(password)
            if refused:
                return refused
            current = self.d.shown
            assert current is not None
            signed, refused = self.w.sign(current, agreed, how)
            if signed is None:
                return refused or ""
            self._signed(signed)
            return None

        dialog = SignDialog(
            self.d.as_parent(),
            title=tr("Sign the treatment plan"),
            statement=tr("I, {name}, sign version {n} of the treatment plan for {client}.").format(
                name=self.w.signer, n=shown.number, client=self.w.client_name
            ),
            meaning=tr(
                "Once signed, this version can never change; changes are made in a new version. "
                "It is reviewed every {days} days."
            ).format(days=shown.review_days),
            ask_password=self.w.needs_password(),
            submit=submit,
            agreement=(shown.client_agreed, shown.client_agreement),
        )
        if not self.d.prompts.run(dialog):
            self.d.say(tr("Not signed: the signing was cancelled. The plan is still a draft."))

    def _signed(self, signed: PlanVersionView) -> None:
        self._reload(signed.id)
        section = self.w.section
        due = section.next_review_due if section is not None else None
        text = (
            tr("Signed; it waits for your supervisor's co-signature and is in force meanwhile.")
            if signed.status == "pending_cosign"
            else tr("Signed: version {n} is in force.").format(n=signed.number)
        )
        if due is not None:
            text += " " + tr("The next review is due {day}.").format(day=date_text(due))
        self.d.say(text, done=True)

    def cosign(self) -> None:
        shown = self.d.shown
        if shown is None or not self.w.may_cosign(shown):
            return

        def submit(password: str | None, _agreed: bool, _how: str) -> str | None:
            refused = self.w.confirm_identity(password)
            if refused:
                return refused
            done, refused = self.w.cosign(shown)
            if done is None:
                return refused or ""
            self._reload(done.id)
            self.d.say(tr("Co-signed."), done=True)
            return None

        self.d.prompts.run(
            SignDialog(
                self.d.as_parent(),
                title=tr("Co-sign the treatment plan"),
                statement=tr("I, {name}, co-sign version {n} of the treatment plan for {client}.").format(
                    name=self.w.signer, n=shown.number, client=self.w.client_name
                ),
                meaning=tr("Co-signing makes this version final."),
                ask_password=self.w.needs_password(),
                submit=submit,
                ok_text=tr("Co-sign"),
            )
        )

    def return_plan(self) -> None:
        shown = self.d.shown
        if shown is None or not self.w.may_cosign(shown):
            return

        def submit(comment: str) -> str | None:
            done, refused = self.w.return_plan(shown, comment)
            if done is None:
                return refused or ""
            self._reload(done.id)
            self.d.say(tr("Returned to its author for changes."), done=True)
            return None

        self.d.prompts.run(CommentDialog(self.d.as_parent(), tr("Return the plan for changes"), submit))

    def review(self) -> None:
        shown = self.d.shown
        if shown is None or not shown.in_force:
            return
        from iopdesk.ui.views.chart.plan_review import PlanReviewDialog

        self.d.prompts.run(
            PlanReviewDialog(self.d.as_parent(), self.w.actor, self.w.client_id, self.d.prompts)
        )
        item = self.current()
        self._reload(shown.id, item.id if item is not None else None)
