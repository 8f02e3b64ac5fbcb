"""The Audit view: filters, the chain check and the CSV export, for supervisors and auditors only."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.clients.clients import ClientDraft, add_client, search_clients
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.kit.formatting import to_qdate
from iopdesk.ui.kit.rows import ROW_ROLE
from iopdesk.ui.views import default_views
from iopdesk.ui.views.audit import AuditView
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


def shown(view: AuditView) -> list:  # type: ignore[type-arg]
    proxy = view.proxy
    return [proxy.index(row, 0).data(ROW_ROLE) for row in range(proxy.rowCount())]


@pytest.fixture
def trail(qtbot, actor):  # type: ignore[no-untyped-def]
    other = ensure_local_setup("other")
    add_client(actor, ClientDraft("Ona", "Auditfield", dt.date(1985, 2, 3)))
    add_client(other, ClientDraft("Ezra", "Otherbrook", dt.date(1979, 7, 8)))
    view = AuditView(actor)
    qtbot.addWidget(view)
    view.show()
    view.activated()
    return view, actor, other


def test_only_supervisors_and_auditors_get_the_audit_view(actor):
    def keys(role: str) -> list[str]:
        return [spec.key for spec in default_views(Actor(actor.staff_id, actor.site_id, role))]

    assert "audit" in keys("supervisor") and "audit" in keys("auditor")
    for role in ("counselor", "frontdesk", "administrator"):
        assert "audit" not in keys(role)


def test_the_trail_lists_entries_newest_first(trail, qtmodeltester):
    view, _actor, _other = trail
    entries = shown(view)
    assert entries and [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)
    assert "newest first" in view.count_label.text()
    qtmodeltester.check(view.model)


def test_filters_by_action_staff_client_and_dates(trail):
    view, actor, other = trail
    view.action_combo.setCurrentIndex(view.action_combo.findData("create"))
    assert shown(view) and {e.action for e in shown(view)} == {"create"}

    view.staff_combo.setCurrentIndex(view.staff_combo.findData(str(other.staff_id)))
    assert shown(view) and {e.staff_id for e in shown(view)} == {other.staff_id}
    assert {e.client_name for e in shown(view)} == {"Ezra Otherbrook"}

    view.staff_combo.setCurrentIndex(0)
    client = search_clients(actor, "Auditfield")[0]
    view.controller.set_client(client)
    assert {e.client_id for e in shown(view)} == {client.id}
    assert "Auditfield" in view.client_label.text() and view.clear_client_button.isVisibleTo(view)
    view.clear_client_button.click()
    assert len({e.client_id for e in shown(view)}) == 2

    today = site_today(actor)
    view.end_edit.setDate(to_qdate(today - dt.timedelta(days=3)))
    assert not shown(view) and view.list.currentWidget() is view.list.empty
    view.start_edit.setDate(to_qdate(today))
    assert "first day is after the last day" in view.error_label.text()


def test_verify_chain_says_the_trail_is_intact(trail):
    view, _actor, _other = trail
    view.verify_button.click()
    assert "intact" in view.verify_label.text() and view.verify_label.isVisibleTo(view)


def test_export_writes_the_filtered_entries_with_the_part2_notice(trail, tmp_path):
    view, _actor, _other = trail
    prompts = ScriptedPrompts()
    view.controller.prompts = prompts
    target = tmp_path / "audit.csv"
    prompts.paths.append(str(target))
    view.action_combo.setCurrentIndex(view.action_combo.findData("create"))
    view.export_button.click()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Entry,When (UTC)") and "42 CFR part 2" in text
    assert "Otherbrook" in text and "sign_in" not in text
    assert str(target) in view.count_label.text()
