"""IOPdesk's modules are named to PySide6's import hook beforehand (ui/pyside_scan.py), with the
answer its own search of each file would give under the layers' rule."""

from __future__ import annotations

from pathlib import Path

from shibokensupport import feature  # type: ignore[import-not-found]

from iopdesk.ui import pyside_scan


def test_module_names_are_every_source_file_by_dotted_name(tmp_path: Path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    for name in ("__init__.py", "one.py", "sub/__init__.py", "sub/two.py", "__pycache__/x.py", "notes.txt"):
        (package / name).write_text("")
    assert sorted(pyside_scan.module_names(package, "pkg")) == ["pkg", "pkg.one", "pkg.sub", "pkg.sub.two"]


def test_the_ui_selects_the_default_features_and_the_lower_layers_are_ignored():
    pyside_scan.name_modules()  # again: names already known are left as they are
    known = feature.pyside_feature_dict
    assert known["iopdesk.ui.main_window"] == pyside_scan.DEFAULT_FEATURES
    assert known["iopdesk.ui.views.today.view"] == pyside_scan.DEFAULT_FEATURES
    assert known["iopdesk.domain.kernel.clock"] == pyside_scan.IGNORED
    assert known["iopdesk.store.models"] == pyside_scan.IGNORED
    # What PySide6's own search says of a ui module agrees.
    import iopdesk.ui.main_window as window_module

    assert feature._mod_uses_pyside(window_module)
