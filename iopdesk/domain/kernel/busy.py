"""How long a save waits for another workstation's write lock: a retry the window makes by itself
waits little (``waiting_at_most``), so a busy database never freezes it for long."""

from __future__ import annotations

from iopdesk.store import waiting_at_most  # noqa: F401
