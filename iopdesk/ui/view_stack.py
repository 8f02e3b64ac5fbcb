"""The main window's views, each built the first time it is shown.

Start-up pays only for the view that opens first: the others (and the modules
they import) wait until someone goes to them. The navigation and the View menu
need only a view's key, title and icon, which a ``ViewSpec`` carries without
importing the view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import QStackedWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import View

ViewFactory = Callable[[Actor], View]
BuiltCallback = Callable[[str, View], None]


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    icon_name: str
    factory: ViewFactory


class Views(Mapping[str, View]):
    """Views by key, in navigation order. Looking one up builds it (once) and adds it to the stack."""

    def __init__(self, actor: Actor, stack: QStackedWidget) -> None:
        self.actor = actor
        self.stack = stack
        self.specs: dict[str, ViewSpec] = {}
        self._built: dict[str, View] = {}
        self._callbacks: list[BuiltCallback] = []

    def add(self, spec: ViewSpec, view: View | None = None) -> None:
        """Register a view; pass ``view`` when it is already built."""
        self.specs[spec.key] = spec
        if view is not None:
            self._adopt(spec.key, view)

    def when_built(self, callback: BuiltCallback) -> None:
        """Call ``callback(key, view)`` for every view built so far and every one built later."""
        self._callbacks.append(callback)
        for key, view in list(self._built.items()):
            callback(key, view)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def built(self) -> dict[str, View]:
        """The views built so far (closing the window asks only these to save their state)."""
        return dict(self._built)

    def key_of(self, widget: object) -> str | None:
        return next((k for k, v in self._built.items() if v is widget), None)

    def title(self, key: str) -> str:
        view = self._built.get(key)
        return view.title if view is not None else self.specs[key].title

    def __getitem__(self, key: str) -> View:
        view = self._built.get(key)
        if view is None:
            spec = self.specs[key]  # KeyError for an unknown key, as a dict would
            view = spec.factory(self.actor)
            self._adopt(key, view)
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def __contains__(self, key: object) -> bool:
        return key in self.specs

    def _adopt(self, key: str, view: View) -> None:
        self._built[key] = view
        self.stack.addWidget(view)
        for callback in self._callbacks:
            callback(key, view)
