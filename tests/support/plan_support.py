"""Shared pieces of the plan dialogs' tests: a counselor's admitted client, a window, shown dialogs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from iopdesk.domain.clients.clients import ClientInfo
from iopdesk.domain.kernel.actor import Actor
from tests.support import care_factories as cf
from tests.support.factories import TODAY
from tests.support.windows import host_window, shown_active

DAY = dt.timedelta(days=1)


@dataclass
class Setting:
    counselor: Actor
    client: ClientInfo


def admitted_client(actor: Actor) -> Setting:
    """A counselor and a client admitted a week ago, the counselor their primary counselor (so on
    their team)."""
    counselor = cf.clinician(actor, "Casey Counselor")
    person = cf.person(actor)
    cf.admitted(actor, person.id, on=TODAY - 7 * DAY, counselor=counselor)
    return Setting(counselor, person)


def window(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    """A main-window-sized widget to open dialogs over."""
    return host_window(qtbot, 1280, 800)


show = shown_active  # a dialog shown non-modally and active, as a person would see it


def key(qtbot, widget: QWidget, name: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """One key pressed where the keyboard is (the widget with the focus in ``widget``'s window)."""
    target = widget.window().focusWidget() or widget
    qtbot.keyClick(target, name, modifiers)


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Typed where the keyboard is."""
    target = widget.window().focusWidget() or widget
    qtbot.keyClicks(target, text)
