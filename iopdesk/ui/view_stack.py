"""The main window's pages, each built the first time it is shown.

Start-up pays only for the page that opens first: the others (and the modules
they import) wait until someone goes to them. The navigation and the View menu
need only a page's key, title and icon, which a ``ViewSpec`` carries without
importing the page. Each page is a ``Screen``: the controller that owns the
page's view, which is what the stack shows.

A page whose spec can lay out its view alone (``layout``: widgets, no data) may
have its widgets made ahead (``prepare``, ui/build_ahead.py, while the window
waits for its first click); the first visit then only makes the controller over
them (``assemble``), which reads the page's data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QStackedWidget, QWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import Screen, View

ViewFactory = Callable[[Actor], Screen]
BuiltCallback = Callable[[str, Screen], None]
ViewLayout = Callable[[Actor], View]
ViewAssembly = Callable[[Actor, View], Screen]


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    icon_name: str
    factory: ViewFactory
    layout: ViewLayout | None = None
    """The page's view alone, reading nothing from the database (so it can be made ahead)."""
    assemble: ViewAssembly | None = None
    """The controller over a view ``layout`` made: ``factory`` is ``assemble(actor, layout(actor))``."""


class Views(Mapping[str, Screen]):
    """Screens by key, in navigation order. Looking one up builds it (once) and adds its view to the stack."""

    def __init__(self, actor: Actor, stack: QStackedWidget) -> None:
        self.actor = actor
        self.stack = stack
        self.specs: dict[str, ViewSpec] = {}
        self._built: dict[str, Screen] = {}
        self._pages: dict[str, QScrollArea] = {}
        self._prepared: dict[str, View] = {}  # views made ahead, no controller yet
        self._callbacks: list[BuiltCallback] = []

    def add(self, spec: ViewSpec, screen: Screen | None = None) -> None:
        """Register a page; pass ``screen`` when it is already built."""
        self.specs[spec.key] = spec
        if screen is not None:
            self._adopt(spec.key, screen)

    def when_built(self, callback: BuiltCallback) -> None:
        """Call ``callback(key, screen)`` for every page built so far and every one built later."""
        self._callbacks.append(callback)
        for key, screen in list(self._built.items()):
            callback(key, screen)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def can_prepare(self, key: str) -> bool:
        """Whether ``prepare`` would make anything for ``key``."""
        spec = self.specs.get(key)
        ready = key in self._built or key in self._prepared
        return spec is not None and not ready and spec.layout is not None and spec.assemble is not None

    def prepare(self, key: str) -> bool:
        """Make the view of a page not built yet, styled, and nothing else: no controller, no
        database read. The first visit then makes the controller over it and puts it in the
        stack. False if there was nothing to make."""
        if not self.can_prepare(key):
            return False
        make_view = self.specs[key].layout
        assert make_view is not None
        view = make_view(self.actor)
        # The style sheet's fonts and sizes, done now while nobody waits. Not the layout (nor the
        # scroller, which lays its widget out): the controller still hides what this person may not
        # use, and widgets laid out before that keep their room (a page wider than the window).
        view.ensurePolished()
        self._prepared[key] = view
        return True

    def built(self) -> dict[str, Screen]:
        """The pages built so far (closing the window asks only these to save their state)."""
        return dict(self._built)

    def key_of(self, widget: object) -> str | None:
        """The key of the page whose view (or the page holding it in the stack) is ``widget``."""
        return next((k for k, s in self._built.items() if widget in (s.view, self._pages.get(k))), None)

    def page(self, key: str) -> QWidget:
        """What the stack shows for ``key``: its view, in a scroller of its own (building it if needed)."""
        self[key]
        return self._pages[key]

    def screen_of(self, widget: object) -> Screen | None:
        key = self.key_of(widget)
        return self._built[key] if key is not None else None

    def title(self, key: str) -> str:
        screen = self._built.get(key)
        return screen.title if screen is not None else self.specs[key].title

    def __getitem__(self, key: str) -> Screen:
        screen = self._built.get(key)
        if screen is None:
            spec = self.specs[key]  # KeyError for an unknown key, as a dict would
            prepared = self._prepared.pop(key, None)
            if prepared is not None and spec.assemble is not None:
                screen = spec.assemble(self.actor, prepared)
            else:
                screen = spec.factory(self.actor)
            self._adopt(key, screen)
        return screen

    def __iter__(self) -> Iterator[str]:
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def __contains__(self, key: object) -> bool:
        return key in self.specs

    def _adopt(self, key: str, screen: Screen) -> None:
        self._built[key] = screen
        self._pages[key] = page = scroller(screen.view)
        self.stack.addWidget(page)
        for callback in self._callbacks:
            callback(key, screen)


def scroller(view: QWidget) -> QScrollArea:
    """A page that scrolls rather than squeezes: with room to spare the view fills it exactly; with
    large text on a small screen it keeps the size it needs (nothing overlaps or is cut) and
    scroll bars appear. The focus never stops on the scroller itself. A view already made in its
    scroller (ui/first_uses.py) keeps that one."""
    viewport = view.parentWidget()
    held = viewport.parentWidget() if viewport is not None else None
    if isinstance(held, QScrollArea) and held.widget() is view:
        return held
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(view)
    _FocusInView(area)
    return area


class _FocusInView(QObject):
    """The keyboard's place stays on screen: when the focus goes to a widget of the page that
    cannot be seen at all, the page scrolls to it. Qt does this only for Tab; a tab chosen by its
    Alt key while the page was scrolled down (Notes at 150 %: Search chosen from a note's last
    field) put the keyboard in a search box above the top edge, and the typing went nowhere to be
    seen. A widget partly in sight is left alone, so a click never makes the page jump."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.follow)

    def follow(self, _old: QWidget | None, now: QWidget | None) -> None:
        if not shiboken6.isValid(self.area):  # the page is being taken down: its focused child goes first
            return
        view = self.area.widget()
        if now is None or view is None or not view.isAncestorOf(now):
            return
        seen = QRect(-view.pos(), self.area.viewport().size())
        if not seen.intersects(QRect(now.mapTo(view, QPoint(0, 0)), now.size())):
            self.area.ensureWidgetVisible(now)
