"""Qt's first uses, paid while someone types their password.

Much of what the main window costs the first time is not IOPdesk's work but Qt's and PySide6's
first use of each kind of thing: an enum type turned into a Python class on first touch, the first
date field (the locale's calendar), the first table and header, the style sheet's rules matched
against each widget class, the navigation icons read from their SVG files, the fonts' glyphs drawn
at each size. Paid once per process, it is paid here, on the GUI thread, while the sign-in screen
waits for the password: a throwaway window of the same kinds (the navigation, an empty Today page
in its scroller, a menu bar and a status bar) is made and drawn into an image, then let go. It
holds no record and reads no database: the Today page is made without its controller, on the
computer's clock. That page is kept: the main window takes it (ui/views/today/prepared.py), and its controller
sets it to the site's clock and fills it, so signing in does not make it again.

It runs once the background imports (ui/warm_up.py) are done, in a few short steps between the
screen's events so typing is never held up for long, and stops as soon as signing in begins (it
would then only delay the window). ``start`` is called once the sign-in screen is painted;
``done`` says whether it has finished.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow, QScrollArea, QStackedWidget, QWidget

from iopdesk.ui import warm_up

log = logging.getLogger(__name__)

POLL_MS = 25  # how often to look whether the background imports are done
SIZE = (1100, 720)


class FirstUses(QObject):
    """The steps, one per timer tick; ``wanted()`` false (signing in has begun) stops them."""

    def __init__(self, wanted: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wanted = wanted
        self.window: QMainWindow | None = None
        self.stack: QStackedWidget | None = None
        self.page: QScrollArea | None = None
        self.steps = [self._shell, self._today, self._draw, self._settle]
        self.finished = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.timer.start(0)

    def _tick(self) -> None:
        if not self.wanted():
            self._let_go()
            return
        if warm_up.pending():  # never import on two threads at once: wait for the background
            self.timer.start(POLL_MS)
            return
        try:
            self.steps.pop(0)()
        except Exception:  # a first use that fails here fails again, and is reported, where it is used
            log.debug("first uses stopped", exc_info=True)
            self.steps.clear()
        if self.steps:
            self.timer.start(0)
        else:
            self._let_go()

    def _shell(self) -> None:
        from iopdesk.ui.nav import NavBar
        from iopdesk.ui.views import default_views

        window = QMainWindow()
        self.stack = QStackedWidget()
        nav = NavBar()
        for spec in default_views(None):
            nav.add(spec.key, spec.title, spec.icon_name)
        window.setCentralWidget(nav.wrap(self.stack))
        window.menuBar().addMenu(window.tr("&File"))
        window.statusBar().showMessage(window.tr("Ready"))
        window.resize(*SIZE)
        self.window = window

    def _today(self) -> None:
        from iopdesk.ui.view_stack import scroller
        from iopdesk.ui.views.today import measures_lists
        from iopdesk.ui.views.today.view import TodayView

        assert self.stack is not None
        view = TodayView(dt.date.today)
        # The measures lists too (bound, or let go, once the role is known).
        measures_lists.add_to(view, measures_lists.MeasuresLists(view))
        self.page = scroller(view)
        self.stack.addWidget(self.page)

    def _draw(self) -> None:
        assert self.window is not None
        image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
        self.window.render(image)
        assert self.page is not None and self.stack is not None
        # Out of the throwaway window, which goes, in its scroller: moving a page between parents
        # matches the style sheet against every widget in it again, so the main window moves it
        # only once more (into its stack).
        from iopdesk.ui.views.today import prepared

        self.stack.removeWidget(self.page)
        self.page.setParent(None)
        prepared.offer(self.page)

    def _settle(self) -> None:
        # What was loaded and made while the person typed lives as long as the program, like what
        # start-up made (ui/application.py collect_again): out of the collector's sight, so the
        # collections during signing in do not walk it (one walked it for 10 ms in the middle of
        # making the window).
        gc.collect()
        gc.freeze()

    def _let_go(self) -> None:
        self.finished = True
        window, self.window, self.stack, self.page = self.window, None, None, None
        if window is not None:
            window.deleteLater()


_current: list[FirstUses] = []


def start(screen: QWidget, wanted: Callable[[], bool]) -> None:
    """Pay the first uses while ``screen`` (the sign-in dialog) waits, as long as ``wanted()``."""
    uses = FirstUses(wanted, screen)
    _current[:] = [uses]
    uses.start()


def done() -> bool:
    """Whether the last ``start`` has finished (or was never called)."""
    return all(uses.finished for uses in _current)
