"""What ``--db`` named: a SQLite file or a server URL (no database library needed to say which)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(text: str) -> bool:
    return text.lower().startswith(SCHEMES)


def describe(url: str) -> str:
    """A server URL without user or password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{host}{port}{parts.path}"


@dataclass(frozen=True)
class Target:
    """What ``--db`` named: a SQLite file, or a server URL."""

    url: str | None = None
    path: Path | None = None

    @classmethod
    def parse(cls, text: str | os.PathLike[str]) -> Target:
        raw = os.fspath(text)
        if "://" in raw and not raw.lower().startswith("file://"):
            return cls(url=raw)
        if raw.lower().startswith("file://"):
            raw = raw[len("file://") :]
        return cls(path=Path(raw).expanduser())

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def is_server(self) -> bool:
        return self.url is not None and is_server_url(self.url)

    def describe(self) -> str:
        if self.path is not None:
            return str(self.path)
        # Never show a password (or a user name) from a URL.
        assert self.url is not None
        if self.is_server:
            return describe(self.url)
        scheme, _, rest = self.url.partition("://")
        host = rest.rsplit("@", 1)[-1]
        return f"{scheme}://{host}"
