"""Rows that moved are left where they were: a repro for Textual (8.2.8 here).

A scroll and a layout in the same tick: the compositor's lazy ``full_map`` is rebuilt after
the scroll (something asks where a widget is), so the layout that follows compares with a map
that already has the rows in their new places, finds nothing moved and marks nothing to draw.
The terminal keeps the rows of the scroll before.

Run with ``pip install textual==8.2.8 pyte`` then ``python textual_stale_rows.py``: every frame
the app writes is fed to a pyte screen, which then shows a mix of the old rows and the new
(expected: ``top`` then ``row 0`` to ``row 8``).
"""

import asyncio
import io

import pyte
from rich.console import Console
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

WIDTH, HEIGHT = 30, 10


class Rows(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("top")
        with VerticalScroll(id="rows"):
            for index in range(40):
                yield Static(f"row {index}", id=f"row{index}")


async def main() -> None:
    app = Rows()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        terminal = pyte.Screen(WIDTH, HEIGHT)
        stream = pyte.Stream(terminal)
        display = app._display

        def fed(screen, update):  # every frame, as a terminal would get it
            out = io.StringIO()
            Console(file=out, width=WIDTH, height=HEIGHT, force_terminal=True).print(update, end="")
            stream.feed(out.getvalue())
            return display(screen, update)

        app._display = fed
        rows = app.query_one("#rows")
        app.screen.refresh()
        await pilot.pause()
        rows.scroll_to(y=5, animate=False, immediate=True)
        await pilot.pause()
        # A scroll back and a layout asked for in the same tick:
        rows.scroll_to(y=0, animate=False, immediate=True)
        app.query_one("#row1").refresh(layout=True)
        await pilot.pause()
        await pilot.pause()
        shown = [line.rstrip() for line in terminal.display]
        print("\n".join(shown))
        expected = ["top", *(f"row {i}" for i in range(HEIGHT - 1))]
        print("as expected" if [s.rstrip(" ▇▁") for s in shown] == expected else "STALE ROWS")


asyncio.run(main())
