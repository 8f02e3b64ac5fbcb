"""Two administrators at two workstations with the same staff account's form open.

Interleaving: A opens the form, B opens the form, A changes the role and saves, B corrects the
name and saves. B's save changes what B changed: it does not put back the role B's form was filled
with (a promotion, a demotion or a supervisor taken away would otherwise be undone without a word).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from iopdesk.domain.access.staff_accounts import find_account
from iopdesk.ui.admin.staff_form import StaffFormDialog
from tests.support.signin_support import add_staff

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


def test_the_second_save_keeps_what_the_first_changed(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    add_staff(admin, "casey", name="Casey Counselor")
    parent = QWidget()
    qtbot.addWidget(parent)
    account = find_account(admin, "casey")
    at_a = StaffFormDialog(parent, admin, account)
    at_b = StaffFormDialog(parent, admin, account)

    at_a.role.setCurrentIndex(at_a.role.findData("supervisor"))
    at_a.try_accept()
    assert at_a.result_value is not None, at_a.shown_errors()
    at_b.display_name.setText("Casey Q. Counselor")
    at_b.try_accept()
    assert at_b.result_value is not None, at_b.shown_errors()

    now = find_account(admin, "casey")
    assert (now.role, now.display_name) == ("supervisor", "Casey Q. Counselor")
