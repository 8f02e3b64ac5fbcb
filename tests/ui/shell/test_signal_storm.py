"""Guards the PySide6 pin: 6.12.0 aborts on Python 3.11 after a few hundred emits."""

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    ticked = Signal(bool)
    """A tick carrying a bool (the case that crashed)."""


def test_many_thousand_signal_emits_do_not_abort():
    emitter = Emitter()
    seen = []
    emitter.ticked.connect(seen.append)
    for i in range(20_000):
        emitter.ticked.emit(i % 2 == 0)
    assert len(seen) == 20_000
    assert seen[:2] == [True, False]
