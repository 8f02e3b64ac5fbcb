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
from iopdesk.ui.views import audit as audit_screen
from iopdesk.ui.views import default_views
from iopdesk.ui.views.audit.controller import AuditController
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


def shown(audit: AuditController) -> list:  # type: ignore[type-arg]
    proxy = audit.view.proxy
    return [proxy.index(row, 0).data(ROW_ROLE) for row in range(proxy.rowCount())]


@pytest.fixture
def trail(qtbot, actor):  # type: ignore[no-untyped-def]
    other = ensure_local_setup("other")
    add_client(actor, ClientDraft("Ona", "Auditfield", dt.date(1985, 2, 3)))
    add_client(other, ClientDraft("Ezra", "Otherbrook", dt.date(1979, 7, 8)))
    audit = audit_screen.build(actor, ScriptedPrompts())
    qtbot.addWidget(audit.view)
    audit.view.show()
    audit.activated()
    return audit, actor, other


def test_only_supervisors_and_auditors_get_the_audit_view(actor):
    def keys(role: str) -> list[str]:
        return [spec.key for spec in default_views(Actor(actor.staff_id, actor.site_id, role))]

    assert "audit" in keys("supervisor") and "audit" in keys("auditor")
    for role in ("counselor", "frontdesk", "administrator"):
        assert "audit" not in keys(role)


def test_the_trail_lists_entries_newest_first(trail, qtmodeltester):
    audit, _actor, _other = trail
    entries = shown(audit)
    assert entries and [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)
    assert "newest first" in audit.view.count_label.text()
    qtmodeltester.check(audit.view.model)


def test_filters_by_action_staff_client_and_dates(trail):
    audit, actor, other = trail
    audit.view.action_combo.setCurrentIndex(audit.view.action_combo.findData("create"))
    assert shown(audit) and {e.action for e in shown(audit)} == {"create"}

    audit.view.staff_combo.setCurrentIndex(audit.view.staff_combo.findData(str(other.staff_id)))
    assert shown(audit) and {e.staff_id for e in shown(audit)} == {other.staff_id}
    assert {e.client_name for e in shown(audit)} == {"Ezra Otherbrook"}

    audit.view.staff_combo.setCurrentIndex(0)
    client = search_clients(actor, "Auditfield")[0]
    audit.set_client(client)
    assert {e.client_id for e in shown(audit)} == {client.id}
    assert "Auditfield" in audit.view.client_label.text()
    assert audit.view.clear_client_button.isVisibleTo(audit.view)
    audit.view.clear_client_button.click()
    assert len({e.client_id for e in shown(audit)}) == 2

    today = site_today(actor)
    audit.view.end_edit.setDate(to_qdate(today - dt.timedelta(days=3)))
    assert not shown(audit) and audit.view.list.currentWidget() is audit.view.list.empty
    audit.view.start_edit.setDate(to_qdate(today))
    assert "first day is after the last day" in audit.view.error_label.text()


def test_verify_chain_says_the_trail_is_intact(trail):
    audit, _actor, _other = trail
    audit.view.verify_button.click()
    assert "intact" in audit.view.verify_label.text() and audit.view.verify_label.isVisibleTo(audit.view)


def test_export_writes_the_filtered_entries_with_the_part2_notice(trail, tmp_path):
    audit, _actor, _other = trail
    prompts = audit.prompts
    target = tmp_path / "audit.csv"
    prompts.paths.append(str(target))
    audit.view.action_combo.setCurrentIndex(audit.view.action_combo.findData("create"))
    audit.view.export_button.click()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Entry,When (UTC)") and "42 CFR part 2" in text
    assert "Otherbrook" in text and "sign_in" not in text
    assert str(target) in audit.view.count_label.text()
