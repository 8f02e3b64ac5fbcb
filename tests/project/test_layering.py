"""Dependencies point one way: ui → domain → store, and no Qt below ui."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "iopdesk"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_and_store_import_no_qt():
    offenders = []
    for layer in ("domain", "store"):
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in imported_modules(path):
                if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt6", "PyQt5"):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders


def test_store_does_not_import_domain_or_ui_and_domain_not_ui():
    offenders = []
    for layer, forbidden in (("store", ("iopdesk.domain", "iopdesk.ui")), ("domain", ("iopdesk.ui",))):
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in imported_modules(path):
                if name.startswith(forbidden):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_domain_does_not_load_qt():
    code = (
        "import sys, iopdesk.domain.clinic.setup, iopdesk.store.database, iopdesk.cli;"
        " print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_render_draws_without_widgets():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "render").rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(("PySide6.QtWidgets", "iopdesk.ui"))
    ]
    assert not offenders
