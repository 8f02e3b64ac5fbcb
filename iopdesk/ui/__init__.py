"""The Qt layer: windows, views, table models and dialogs. Calls iopdesk.domain, never the store."""

import shiboken6  # noqa: F401  (loads PySide6's import hook, which the next line informs)

from iopdesk.ui.pyside_scan import name_modules

name_modules()
