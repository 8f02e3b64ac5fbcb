"""Command-line tasks; each returns an exit status. Qt-free (a PDF export loads Qt only when it runs)."""

from __future__ import annotations

import argparse

from iopdesk.commands import account_cmds, export_cmds, notes_cmds, roster_cmds, score_cmd, store_cmds

EXPORTS = {"roster": roster_cmds.export_roster, "notes": notes_cmds.export_notes}


def dispatch(command: str, args: argparse.Namespace) -> int:
    handlers = {
        "demo": store_cmds.demo,
        "check": store_cmds.check,
        "backup": store_cmds.backup,
        "restore": store_cmds.restore,
        "encrypt": store_cmds.encrypt,
        "import-roster": roster_cmds.import_roster,
        "export": lambda a: EXPORTS.get(a.report, export_cmds.export)(a),
        "setup": account_cmds.setup,
        "staff": account_cmds.staff,
        "audit": account_cmds.audit,
        "password": account_cmds.password,
        "recover": account_cmds.recover,
        "score": score_cmd.run,
    }
    return handlers[command](args)
