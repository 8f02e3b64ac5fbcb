"""The linters pass: ``ruff check iopdesk tests`` and ``mypy iopdesk`` (config in pyproject.toml).

Both run from the test venv (the ``test`` extra installs them), in the project
root so that pyproject.toml, mypy's plugin in .dev/ and the excluded first
migration are found. mypy keeps its default cache (.mypy_cache, gitignored):
a fresh checkout pays the cold run once, later runs take a fraction of a second.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tool(name: str) -> str:
    """The executable installed next to this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = run(tool("ruff"), "check", "--no-fix", "iopdesk", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run(tool("mypy"), "iopdesk")
    assert result.returncode == 0, result.stdout + result.stderr
