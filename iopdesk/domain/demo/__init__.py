"""The demo clinic: an invented, deterministic clinic for trying IOPdesk and for measuring it.

Everything in it is synthetic. ``build_demo`` fills an open, empty database.
"""

from __future__ import annotations

from iopdesk.domain.demo.build import BUILD_MARKER, DemoSummary, build_demo
from iopdesk.domain.demo.catalog import PROFILES

SIZES = tuple(PROFILES)

__all__ = ["BUILD_MARKER", "SIZES", "DemoSummary", "build_demo"]
