"""Who is acting: every domain call takes one of these first."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID


def _this_computer() -> str:
    import socket  # here: the sign-in screen is drawn before anyone acts (and socket loads slowly)

    return socket.gethostname()


@dataclass(frozen=True)
class Actor:
    staff_id: UUID
    site_id: UUID
    role: str
    workstation: str = field(default_factory=_this_computer)
    # An administrator who also does clinical work (Staff.also_clinical): may work with notes.
    also_clinical: bool = False

    @property
    def is_clinical(self) -> bool:
        return self.role in ("supervisor", "counselor") or self.also_clinical
