"""What IOPdesk runs on, for ``iopdesk --version`` and Help → About: the SQLite library actually
loaded (SQLCipher from the ``sqlcipher3`` package, with its crypto provider) and Qt with PySide6.

Asked only when shown: naming the SQLite library opens an in-memory connection, and naming Qt
loads QtCore.
"""

from __future__ import annotations

import platform
from importlib import metadata

from iopdesk import APP_NAME, __version__


def _package(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # a bundle built without the package's metadata
        return None


def database_library() -> str:
    """e.g. "SQLite 3.53.4, SQLCipher 4.19.0, OpenSSL 3.6.0, from sqlcipher3 0.6.4"."""
    from iopdesk.store import driver

    text = driver.library()
    if driver.HAS_CIPHER:
        package = _package("sqlcipher3")
        if package:
            text += f", from sqlcipher3 {package}"
    return text


def qt_library() -> str:
    """e.g. "Qt 6.11.3, PySide6 6.11.3": the Qt loaded at run time, and its Python binding."""
    try:
        import PySide6
        from PySide6 import QtCore
    except ImportError:
        return "no Qt"
    return f"Qt {QtCore.qVersion()}, PySide6 {PySide6.__version__}"


def version_line() -> str:
    """The one line ``iopdesk --version`` prints."""
    return f"{APP_NAME} {__version__} ({database_library()}; {qt_library()})"


def python_version() -> str:
    return f"Python {platform.python_version()}"
