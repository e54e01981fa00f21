"""Home: the plans in the data directory, and what can be done with them.

- ``screen``: :class:`HomeScreen`, the screen (its keys, the filter, the empty view); it asks
  the app to open a plan with a message and never reaches into the app.
- ``plan_list``: the plans it lists (read through the store, filtered) and the names a plan
  may take.
- ``plan_table``: the table of plans, one or two lines per plan by the window's width.
- ``plan_files``: new, rename, duplicate, new from, delete: each a flow that asks in a dialog,
  then acts through the store.
"""

from __future__ import annotations

from pilot2prod.tui.screens.home.screen import HomeScreen

__all__ = ["HomeScreen"]
