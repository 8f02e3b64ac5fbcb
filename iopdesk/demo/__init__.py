"""The demo clinic: an invented, deterministic clinic for trying IOPdesk and for measuring it.

Everything in it is synthetic. ``build_demo`` fills an open, empty database.
Every account's password is DEMO_PASSWORD ("iopdesk-demo").
"""

from __future__ import annotations

from iopdesk.demo.build import BUILD_MARKER, DemoSummary, build_demo
from iopdesk.demo.catalog import PROFILES
from iopdesk.domain.clinic.setup import DEMO_PASSWORD

SIZES = tuple(PROFILES)

__all__ = ["BUILD_MARKER", "DEMO_PASSWORD", "SIZES", "DemoSummary", "build_demo"]
