"""Every text colour IOPdesk names (resources/style.qss's ``@name@`` colours and the screens' own,
iopdesk/ui/look.py) reads on what it is drawn over at WCAG AA, 4.5 : 1, in the light, dark and
high-contrast looks; a control's edge at 3 : 1. Two did not: the main button's label on its hover
colour in dark (white on the light teal, 2.7 : 1: the word went pale under the mouse) and the DEMO
badge's white on amber (4.3 : 1)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from iopdesk.ui import look
from tests.support.contrast import contrast

Role = look.Role
PALETTES = {"light": look.LIGHT, "dark": look.DARK, "high_contrast": look.HIGH_CONTRAST}


def colour(text: str, over: QColor) -> QColor:
    """``text`` (#rrggbb, #aarrggbb or rgba(r, g, b, a)) as it shows over ``over``."""
    if text.startswith("rgba("):
        red, green, blue, alpha = (float(part) for part in text[5:-1].split(","))
        drawn = QColor(round(red), round(green), round(blue))
        drawn.setAlphaF(alpha)
    else:
        drawn = QColor(text)
    a = drawn.alphaF()
    return QColor(
        round(drawn.red() * a + over.red() * (1 - a)),
        round(drawn.green() * a + over.green() * (1 - a)),
        round(drawn.blue() * a + over.blue() * (1 - a)),
    )


def pairs(kind: str) -> dict[str, tuple[QColor, QColor, float]]:
    """What is drawn on what, and the least contrast it needs."""
    palette, named, screens = PALETTES[kind], look.TOKENS[kind], look.TEXT_COLOURS[kind]
    window, base = QColor(palette[Role.Window]), QColor(palette[Role.Base])
    text = QColor(palette[Role.Text])

    def on(fg: str, bg: QColor, least: float = 4.5) -> tuple[QColor, QColor, float]:
        return colour(fg, bg), bg, least

    primary = QColor(named["accent_strong"])
    return {
        "text on base": on(palette[Role.Text], base),
        "window text on window": on(palette[Role.WindowText], window),
        "a hint (placeholder colour) on base": on(palette[Role.PlaceholderText], base),
        "a subtitle (placeholder colour) on window": on(palette[Role.PlaceholderText], window),
        "selected text on the highlight": on(palette[Role.HighlightedText], QColor(palette[Role.Highlight])),
        "the main button's label": on(named["on_accent"], primary),
        "the main button's label under the mouse": on(named["on_accent"], QColor(named["primary_hover"])),
        "the DEMO badge": on(named["on_badge"], QColor(named["badge"])),
        "a link on window": on(named["link"], window),
        "a field's problem on window": on(named["warn_text"], window),
        "a form's problem on its tint": on(named["warn_text"], colour(named["warn_tint"], window)),
        "a safety alert on its tint": on(named["danger_text"], colour(named["danger_tint"], base)),
        "the chosen page in the navigation": (text, colour(named["accent_tint"], base), 4.5),
        "a signed part (green) on base": on(screens["ok_text"], base),
        "a required field's words on window": on(screens["warn_text"], window),
        "a check box's edge on window": on(named["box_edge"], window, 3.0),
        "a check box's edge on base": on(named["box_edge"], base, 3.0),
    }


@pytest.mark.parametrize("kind", list(PALETTES))
def test_named_colours_read_on_what_they_are_drawn_over(kind: str) -> None:
    low = [
        f"{name}: {contrast(fg, bg):.2f} : 1 (needs {least})"
        for name, (fg, bg, least) in pairs(kind).items()
        if contrast(fg, bg) < least
    ]
    assert not low, "\n".join(low)


def test_the_contrast_is_computed_as_wcag_says() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)
