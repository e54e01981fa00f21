"""What the workshop record's screens share: where a row leads, and the highlighted row."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

Target = tuple[str, str | None]


def highlighted_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the table's cursor (None for an empty table)."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
