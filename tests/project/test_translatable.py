"""Every visible string in the screens goes through Qt's tr (issue 18): a literal handed straight to a
label, a button, a window title or a tooltip in iopdesk/ui fails here, so a new one is caught before a
translator misses it. Markup, symbols and numbers are not words; ALLOWED names the few literals that
are samples, not sentences."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "iopdesk" / "ui"
WIDGETS = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton"}
SETTERS = {
    "setText", "setWindowTitle", "setPlaceholderText", "setToolTip", "setTitle", "setStatusTip",
    "setAccessibleName", "setAccessibleDescription", "addTab", "addMenu", "showMessage", "addItem", "addRow",
    "addButton",
}  # fmt: skip
ALLOWED = {
    ("signin/recover_dialog.py", "ABCD-EFGH-…"),  # the shape of a recovery key, not words
}


def words(text: str) -> bool:
    return any(ch.isalpha() for ch in re.sub(r"<[^>]*>", "", text))


def literal_words(node: ast.expr) -> str:
    """The words a literal argument shows as is ("" for tr(...), a variable, or markup)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and words(node.value):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        return "".join(parts) if words("".join(parts)) else ""
    return ""


def untranslated(path: Path, source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in WIDGETS and not (isinstance(func, ast.Attribute) and name in SETTERS):
            continue
        shown = node.args[1:2] if name == "addTab" else node.args[:1]
        for arg in shown:
            text = literal_words(arg)
            if text and (path.relative_to(UI).as_posix(), text) not in ALLOWED:
                found.append(f"{path.relative_to(UI)}:{node.lineno}: {name}({text!r})")
    return found


def test_no_visible_literal_bypasses_tr() -> None:
    found = [line for path in sorted(UI.rglob("*.py")) for line in untranslated(path, path.read_text())]
    assert not found, "wrap these in tr() (or self.tr()):\n" + "\n".join(found)


def test_the_check_catches_a_bare_literal() -> None:
    source = (
        "label = QLabel('Members')\n"
        "button.setText(f'Save {name}')\n"
        "ok = QLabel(self.tr('Members'))\n"
        "tabs.addTab(page, tr('&Notes'))\n"
        "mark = QLabel('—')\n"
        "html.setText(f'<b>{text}</b>')\n"
    )
    found = untranslated(UI / "example.py", source)
    assert [line.split(": ", 1)[1] for line in found] == ["QLabel('Members')", "setText('Save ')"]
