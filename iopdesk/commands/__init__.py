"""Command-line tasks; each returns an exit status. Qt-free."""

from __future__ import annotations

import argparse

from iopdesk.commands import store_cmds


def dispatch(command: str, args: argparse.Namespace) -> int:
    handlers = {
        "demo": store_cmds.demo,
        "check": store_cmds.check,
        "backup": store_cmds.backup,
        "restore": store_cmds.restore,
    }
    return handlers[command](args)
