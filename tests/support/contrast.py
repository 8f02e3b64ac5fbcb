"""WCAG 2 contrast between colours, and the strongest contrast a drawn area shows against a colour:
how the look tests tell a thing a person can see from one drawn in (nearly) its background's colour."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2.x)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio, 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def strongest_contrast(image: QImage, area: QRect, against: QColor) -> float:
    """The highest contrast any pixel of ``area`` in ``image`` has with ``against``: below 3 (WCAG's
    floor for the parts of a control) nothing drawn there stands out from that colour."""
    area = area.intersected(image.rect())
    return max(
        (
            contrast(image.pixelColor(x, y), against)
            for x in range(area.left(), area.right() + 1)
            for y in range(area.top(), area.bottom() + 1)
        ),
        default=1.0,
    )
