"""Is a path on a network file system? SQLite must not live there.

SQLite relies on POSIX/Windows byte-range locks, which SMB, CIFS and NFS
implement unreliably; two workstations writing one file over a share can
corrupt it. We refuse such paths up front.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS_TYPES = frozenset(
    {
        "cifs", "smb", "smbfs", "smb2", "smb3", "nfs", "nfs4", "afs", "ncpfs", "9p",
        "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "webdav", "glusterfs", "ceph",
        "fuse.rclone", "fuse.s3fs",
    }
)


def _unescape_mount(field: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, fs type) pairs from the text of /proc/mounts."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((_unescape_mount(parts[1]), parts[2].lower()))
    return mounts


def _read_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            return parse_mounts(fh.read())
    except OSError:
        return []


def network_share_reason(path: Path, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """A short description of the share if ``path`` is on one, else None."""
    raw = os.fspath(path)
    if raw.startswith("\\\\") or raw.startswith("//"):
        return "a UNC network path"
    if sys.platform == "win32":
        return _windows_drive_reason(path)
    if mounts is None:
        mounts = _read_mounts()
    if not mounts:
        return None
    resolved = _existing_ancestor(path)
    best: tuple[str, str] | None = None
    for point, fstype in mounts:
        if _is_under(resolved, point) and (best is None or len(point) > len(best[0])):
            best = (point, fstype)
    if best and best[1] in NETWORK_FS_TYPES:
        return f"a {best[1]} mount at {best[0]}"
    return None


def _existing_ancestor(path: Path) -> str:
    """The real path of ``path``: links resolved where folders exist, the rest kept as written."""
    current = Path(os.path.normpath(path.expanduser().absolute()))
    rest: list[str] = []
    while not current.exists() and current != current.parent:
        rest.insert(0, current.name)
        current = current.parent
    return os.path.join(os.path.realpath(current), *rest)


def _is_under(path: str, point: str) -> bool:
    if point == "/":
        return True
    return path == point or path.startswith(point.rstrip("/") + "/")


def _windows_drive_reason(path: Path) -> str | None:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(path))[0]
    if not drive:
        return None
    DRIVE_REMOTE = 4
    if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE:  # type: ignore[attr-defined]
        return f"the mapped network drive {drive}"
    return None
