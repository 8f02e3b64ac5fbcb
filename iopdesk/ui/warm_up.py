"""The rest of the program, loaded while someone types their password.

The sign-in screen of an encrypted clinic is drawn from its key file alone;
everything else (peewee and the models, the domain, the main window, the
Today view) is imported here on a thread of its own once that screen is up,
so that signing in finds it loaded. Importing holds Python's GIL only in
short slices, so the screen stays responsive meanwhile; a module that fails
to load here is loaded again, and its failure reported, where it is used.

Nothing but imports happens on this thread (Qt widgets belong to the GUI
thread), and the building of a few PySide6 classes: PySide6 makes a class's
Python side (its enums) when it is first used, and "module:Class" builds one
that the first window uses without naming it where it is imported. Whoever
needs these modules first calls ``wait()``, so that no two threads import the
same modules at once.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

# What signing in and the first window need, in the order they are needed.
MODULES = (
    # What checking the password runs on its worker thread: argon2id derives the key that
    # AES-GCM unwraps the database key with (store/cipher.py imports both only when used).
    "argon2.low_level",
    "cryptography.hazmat.primitives.ciphers.aead",
    "logging.handlers",  # the log file's, made at the first record (iopdesk/logs.py)
    "iopdesk.ui.crash_dialogs",  # ready before anything can go wrong after the sign-in screen
    "iopdesk.domain.access.unlock",
    "iopdesk.domain.access.accounts",
    "iopdesk.domain.clinic.workstation",
    "iopdesk.ui.main_window",
    # The window's first paint asks for its style (about 5 ms to build QStyle's enums); the
    # sign-in screen is drawn without it (ui/application.py).
    "PySide6.QtWidgets:QStyle",
    "iopdesk.ui.views.attendance.reports_menu",  # the window's Reports menu
    "iopdesk.ui.lock.controller",
    "iopdesk.ui.views.today.controller",
    "iopdesk.ui.views.today.view",
)
# The views most visited after Today (each package's view and controller: what its ``build``
# imports): loaded once the window is idle, so that a first visit imports nothing.
LATER = tuple(
    f"iopdesk.ui.views.{view}.{part}"
    for view in ("groups", "attendance", "notes", "clients", "chart")
    for part in ("view", "controller")
) + (
    # What Today's lists open on a click, and File → Sync (on a satellite laptop): left out of the
    # window's start-up, ready before anyone reaches for them.
    "iopdesk.ui.views.measures.alert_dialogs",
    "iopdesk.ui.views.measures.give_dialog",
    "iopdesk.ui.sync.hub_run",
)

_lock = threading.Lock()
_threads: list[threading.Thread] = []


def start(modules: tuple[str, ...] = MODULES) -> None:
    """Begin importing ``modules`` on a background thread (after any import begun before)."""
    with _lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        before = list(_threads)
        thread = threading.Thread(target=_load, args=(before, modules), name="iopdesk-warm-up", daemon=True)
        thread.start()  # under the lock: ``wait`` never finds a thread not yet started
        _threads.append(thread)


def wait() -> None:
    """Return once every import begun with ``start`` is done (at once if none was)."""
    with _lock:
        pending = list(_threads)
    for thread in pending:
        if thread is not threading.current_thread():
            thread.join()


def pending() -> bool:
    """Whether an import begun with ``start`` is still running (``wait`` would block)."""
    with _lock:
        return any(t.is_alive() and t is not threading.current_thread() for t in _threads)


def _load(before: list[threading.Thread], modules: tuple[str, ...]) -> None:
    for thread in before:
        thread.join()
    for name in modules:
        module, _, attribute = name.partition(":")
        try:
            loaded = importlib.import_module(module)
            if attribute:
                getattr(loaded, attribute)
        except Exception:  # loaded again where it is used, which reports the failure
            log.debug("warm-up stopped at %s", name, exc_info=True)
            return
