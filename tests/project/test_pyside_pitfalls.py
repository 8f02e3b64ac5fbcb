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
