"""One signing-in through the sign-in screen, timed from the inside (a fresh process per sample).

``python -m tests.benchmarks.signin_run DB`` starts the way the program does for an encrypted clinic
(the front door hands it back locked, the sign-in screen is drawn from its key file), then plays the
person at the keyboard: once the screen is painted it "types" for as long as loading the rest of the
program and Qt's first uses take (ui/warm_up.py, ui/first_uses.py: a person typing a password takes a
second or more, longer than that),
fills in the demo counselor's name and password and presses Sign in. It prints, on the monotonic
clock, when the password was submitted; the real ``run_session`` prints when the main window, with
Today filled, became idle. Then, in the same process:

- the first visit to Groups, Attendance and Notes in a new main window (what the window does once
  idle is done: their modules loaded in the background, their widgets made, ui/build_ahead.py), each
  timed from the click (``show_view``) until its first paint is done;
- the key derivation alone: argon2id with the counselor's own salt and cost, what the sign-in's
  worker thread spends most of its time on.

It prints one ``bench:`` line of JSON with those figures.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from tests.benchmarks.clinic import PASSWORD, USERNAME

SUBMITTED = "bench: submitted at monotonic_ns="
FIRST_VISITS = ("groups", "attendance", "notes")


def main(db: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop

    from iopdesk.front_door import open_clinic, prepare
    from iopdesk.ui import first_uses, warm_up
    from iopdesk.ui.application import IopApplication, after_first_paint, ui_settings
    from iopdesk.ui.signin import flow
    from iopdesk.ui.signin.door import Door
    from iopdesk.ui.signin.sign_in_dialog import SignInDialog

    paths = prepare()
    with open_clinic(str(db), stay_locked=True, paths=paths) as opened:
        if not opened.locked:
            raise SystemExit(f"{db} is not an encrypted clinic: nothing to sign in to")
        app = IopApplication(sys.argv[:1])
        settings = ui_settings(paths.config_dir)
        dialog = SignInDialog(None, settings=settings, door=Door(opened))

        checked_at: list[int] = []  # when the derivation's result reached the GUI thread
        finish = dialog.door.finish

        def timed_finish(*args: object) -> object:
            checked_at.append(time.monotonic_ns())
            return finish(*args)  # type: ignore[arg-type]

        dialog.door.finish = timed_finish  # type: ignore[method-assign]

        def type_and_submit() -> None:
            # The person types meanwhile: the rest of the program loads in the background, then
            # Qt's first uses are paid and the Today page made (ui/first_uses.py), as the sign-in
            # screen does once it is painted (ui/signin/flow.py).
            warm_up.start()
            first_uses.start(dialog, lambda: dialog.isVisible() and not dialog.signing_in)
            while not first_uses.done():
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            dialog.username.setText(USERNAME)
            dialog.password.setText(PASSWORD)
            print(f"{SUBMITTED}{time.monotonic_ns()}", flush=True)
            dialog.sign_in_button.click()

        after_first_paint(dialog, type_and_submit)
        if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.actor is None:
            raise SystemExit(f"signing in failed: {dialog.shown_error()}")
        actor = dialog.actor
        flow.run_session(app, opened, actor, settings, exit_after_startup=True)  # prints when idle
        app.processEvents()
        figures = {
            "first_visit_ms": first_visits(app, opened, actor, settings),
            "derive_ms": derivation(db),
            "checked_at_ns": checked_at[0],
        }
        print("bench: " + json.dumps(figures), flush=True)
    return 0


def first_visits(app, opened, actor, settings) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from iopdesk.ui import build_ahead
    from iopdesk.ui.main_window import MainWindow

    window = MainWindow(actor, opened.target.describe(), settings)
    window.show()
    app.processEvents()
    # What the window does once idle, before anyone clicks: load the next pages' modules and make
    # their widgets (ui/build_ahead.py); a person's first click comes later than that.
    from PySide6.QtCore import QEventLoop

    # Not a nested QEventLoop: run_session's app.quit() makes any new one return at once.
    done: list[bool] = []
    ahead = build_ahead.BuildAhead(window)
    ahead.finished.connect(lambda: done.append(True))
    ahead.start()
    while not done:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    app.processEvents()
    out: dict[str, float] = {}
    for key in FIRST_VISITS:
        if key not in window.views:
            continue
        started = time.perf_counter()
        window.show_view(key)
        window.repaint()  # its first paint, as the click's would be
        out[key] = (time.perf_counter() - started) * 1000
        app.processEvents()
    window.show_view("today")  # the view the next sample's window opens on (kept per staff member)
    window.close()
    return out


def derivation(db: Path) -> float:
    from iopdesk.store import cipher, keyring

    keys = keyring.load(keyring.keys_path(db))
    wrapped = keys.accounts[keys.tag(USERNAME)].wrapped
    started = time.perf_counter()
    cipher.derive(PASSWORD, wrapped.salt, wrapped.profile)
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
