"""Who is acting: every domain call takes one of these first."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from uuid import UUID


@dataclass(frozen=True)
class Actor:
    staff_id: UUID
    site_id: UUID
    role: str
    workstation: str = field(default_factory=socket.gethostname)

    @property
    def is_clinical(self) -> bool:
        return self.role in ("supervisor", "counselor")
