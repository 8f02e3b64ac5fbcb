"""What one export or import of a change set counted: shown to the person, logged, and audited with
the sync (its own module: building, applying rows and applying audit entries all add to it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Counts:
    rows_sent: int = 0
    entries_sent: int = 0
    rows_applied: int = 0  # rows written here (new, newer, or merged)
    rows_unchanged: int = 0  # already here, or older than what is here
    merged: int = 0  # both places had changed the row: the merge rules decided
    conflicts_kept: int = 0  # rows that keep what lost (note conflicts, sync conflicts), new here
    entries_added: int = 0
    entries_known: int = 0
    tables: dict[str, int] = field(default_factory=dict)  # rows written here, by table
    merged_tables: dict[str, int] = field(default_factory=dict)  # rows merged, by table

    def applied(self, table: str) -> None:
        self.rows_applied += 1
        self.tables[table] = self.tables.get(table, 0) + 1
