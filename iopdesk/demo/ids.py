"""Deterministic ids: the same seed gives the same UUIDs, so two demo builds compare equal."""

from __future__ import annotations

import random
import uuid


class IdMaker:
    def __init__(self, seed: int) -> None:
        # A private stream: drawing ids never shifts the content generators' randomness.
        self._rng = random.Random(f"iopdesk-demo-ids:{seed}")

    def new(self) -> str:
        """A version-4 UUID as the 32-digit hex text the store keeps."""
        return uuid.UUID(int=self._rng.getrandbits(128), version=4).hex
