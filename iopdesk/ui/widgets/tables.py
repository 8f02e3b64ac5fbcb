"""Column sizing shared by the views' tables."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView


def fit_columns(table: QTableView, stretch: int, fixed: dict[int, int] | None = None) -> None:
    """Columns follow their contents as rows change; ``stretch`` takes the spare width.

    Set once: the header keeps them fitted (calling resizeColumnsToContents after
    the table is shown would stop the stretching).
    """
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (fixed or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, width)
