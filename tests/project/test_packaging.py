"""What a wheel of IOPdesk carries: every package, the migrations and the resources."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "iopdesk").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert "iopdesk.resources" in listed


def test_resources_are_found_from_a_checkout():
    from iopdesk.paths import resource

    for name in ("style.qss", "icons/app.svg", "note_templates/DAP.json"):
        assert resource(name).is_file(), name
