"""PySide calls that look harmless and are not, kept out of the program by reading its source."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = (ROOT / "iopdesk" / "ui", ROOT / "tests")  # a test that does it can crash the suite too


def screen_calls(path: Path) -> list[int]:
    """Lines calling ``something.screen()``: PySide makes the QScreen it returns a child of that
    object's Python wrapper, and collecting the wrapper can delete the screen itself (the next
    window made crashes). ``kit/screen_fit.screen_of`` finds the screen without that tie."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "screen"
        and not node.args
    ]


def test_no_widget_or_window_is_asked_for_its_screen():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in CHECKED
        for path in folder.rglob("*.py")
        for line in screen_calls(path)
    ]
    assert not offenders, f"use kit/screen_fit.screen_of instead: {offenders}"


def test_the_check_sees_such_a_call(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(w):\n    return w.screen().availableGeometry()\n", encoding="utf-8")
    assert screen_calls(sample) == [2]


STATIC_BOXES = {
    ("QMessageBox", name) for name in ("warning", "information", "critical", "question", "about")
} | {("QFileDialog", name) for name in ("getSaveFileName", "getOpenFileName", "getExistingDirectory")}


def exec_calls(path: Path) -> list[int]:
    """Lines running a modal loop of their own: ``x.exec()``, or a QMessageBox / QFileDialog static
    helper (each runs ``exec()`` inside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        if node.func.attr == "exec" and not node.args:
            found.append(node.lineno)
        elif isinstance(owner, ast.Name) and (owner.id, node.func.attr) in STATIC_BOXES:
            found.append(node.lineno)
    return found


def test_dialogs_in_a_session_are_run_by_run_modal():
    """A dialog's own ``exec()`` ends as if cancelled when the lock hides it, and what was typed in
    it is lost; ``kit/parking.run_modal`` keeps it for after unlocking. Only the sign-in (before
    any session, so before any lock) and the application's own loop call ``exec()``."""
    ui = ROOT / "iopdesk" / "ui"
    allowed = {ui / "kit" / "parking.py", *(ui / "signin").rglob("*.py")}
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in ui.rglob("*.py")
        if path not in allowed
        for line in exec_calls(path)
    ]
    assert not offenders, f"run these with kit/parking.run_modal: {offenders}"


def test_the_modal_check_sees_a_static_message_box(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(w):\n    QMessageBox.warning(w, 't', 'x')\n    w.exec()\n", encoding="utf-8")
    assert exec_calls(sample) == [2, 3]
