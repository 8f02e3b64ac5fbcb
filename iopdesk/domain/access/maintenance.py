"""Who may back up or restore the clinic database, and the audit entries those leave.

Once accounts have passwords, only an administrator may do either (REFERENCE §7:
backups hold every client's record). A clinic without passwords has no sign-in
to check against, so there the action is only recorded.
"""

from __future__ import annotations

from iopdesk.domain.access.accounts import accounts_have_passwords
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.permissions import BACKUP_RUN, require
from iopdesk.store import transaction


def authorize(actor: Actor, action: str) -> None:
    """Refuse (and audit the refusal) unless ``actor`` may run a backup or restore."""
    if accounts_have_passwords():
        require(actor, BACKUP_RUN, record_type="database", record_id=action)


def record_backup(actor: Actor, destination: str, rows: int) -> None:
    with transaction():
        audit.record(actor, audit.BACKUP, record_type="database", changes={"to": destination, "rows": rows})


def record_restore(actor: Actor, source: str, kept: str) -> None:
    """Written into the restored database, so its own trail says where it came back from."""
    with transaction():
        audit.record(actor, audit.RESTORE, record_type="database", changes={"from": source, "kept_as": kept})
