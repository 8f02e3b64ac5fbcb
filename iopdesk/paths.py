"""Where IOPdesk keeps its files.

Everything follows the platform's conventions (platformdirs). ``IOPDESK_HOME``
moves every folder under one directory: tests and portable installs use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from iopdesk import APP_NAME


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / "clinic.sqlite3"

    @property
    def demo_db(self) -> Path:
        return self.data_dir / "demo-clinic.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure(self) -> Paths:
        for folder in (self.data_dir, self.log_dir, self.config_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths() -> Paths:
    home = os.environ.get("IOPDESK_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(root / "data", root / "logs", root / "config")
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def resource_dir() -> Path:
    """The resources folder, from a checkout, an installed wheel or a frozen bundle."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("IOPdesk's resources folder is missing from this installation")


def resource(name: str) -> Path:
    return resource_dir() / name
