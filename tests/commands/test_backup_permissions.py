"""Backups hold every client's record: only an administrator may take or restore one, and both are audited."""

from iopdesk.cli import main
from iopdesk.store.models import AuditEvent
from tests.support.keys_support import keyed_database


def test_backup_is_for_administrators_and_is_audited(tmp_path, monkeypatch, capsys):
    db = tmp_path / "clinic.sqlite3"
    assert main(["--db", str(db), "demo"]) == 0
    backup = tmp_path / "copy.sqlite3"
    monkeypatch.setenv("IOPDESK_PASSWORD", "iopdesk-demo")

    monkeypatch.setenv("IOPDESK_USER", "counselor")
    capsys.readouterr()
    assert main(["--db", str(db), "backup", str(backup)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert not backup.exists()

    monkeypatch.setenv("IOPDESK_USER", "admin")
    assert main(["--db", str(db), "backup", str(backup)]) == 0
    assert backup.exists()

    assert main(["--db", str(db), "restore", str(backup)]) == 0
    # The demo is encrypted: read its trail with the key (not by signing in, which would add an entry).
    with keyed_database(db, "admin", "iopdesk-demo"):
        actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.seq)]
    assert "permission.denied" in actions
    assert actions[-1] == "restore"
