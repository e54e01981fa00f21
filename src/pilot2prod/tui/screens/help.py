"""F1: the keys, and how the tool works, in a few lines."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Markdown, Static

from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain

INTRO = """\
# pilot2prod

Answer the questions step by step. **Every answer is saved as you type** — there is nothing to
click. Plans are TOML files in the data directory (`pilot2prod path` shows where).
"""

ABOUT = """\
## How it works

Most AI pilots never make it to production. The way through is to treat the pilot as the first
stage of production rather than an experiment: plan and budget for the whole road from the start,
build for scale, and invest in the people and processes early. The steps follow that road.

The dashboard (F2) rates each of the six reasons pilots stall as LOW, MEDIUM or HIGH from the
warning signs and the rest of the plan (unanswered counts as unknown, not safe), scores readiness
from the checklist (the weakest group counts), checks the budget against 2 to 5 times the pilot
cost, and gives a go / no-go verdict.
"""
"""After the keys: the keys are what people open the help for, so they come first."""

NOTES = {
    "In the wizard": """\
In a table (repeatable list), **typing starts a new row** with what you type in its first
column: **Tab** and **Shift+Tab** move between the row's columns, **Enter** saves the row and
comes back to the table, where typing starts the next one and Tab goes on to the next question.
**Enter** or **Space** edits the highlighted row, **Insert** adds an empty one, **Delete** removes
one (it asks first). On a choice, a letter moves to the next option starting with it (Space or
Enter chooses). After a step's last question, Tab stops on **Next step ›**: Enter (or PgDn) goes
on; Tab never wraps back to the first question. **Ctrl+L** selects a whole answer, so what you
type replaces it. In a checklist item, the owner and the evidence are saved as you type, with or
without a status.

A plan can be open in two windows at once: their answers are merged as they are saved. An
answer changed in both keeps the later one; the other is listed under **Conflicts** (Ctrl+P,
then Conflicts), where you can pick. If saving fails, leaving or quitting asks what to do.

Keys that arrive together (fast typing, a slow connection) are handled in order, each in the
field the keys before it moved to. A paste is always text: control characters are dropped, and
lines pasted into a one-line field are joined.
""",
    "In the presenter view": """\
For the room: `pilot2prod present NAME` in a second window (on the projector) shows the step
the scribe is on, with its answers, and the headline figures in big digits, within about a
second of each save. It only reads: it takes no lock and the scribe's window never notices it.
F9 in the wizard shows the same view in place.
""",
}
"""Words under a section's table of keys."""

NUMBERS = """\
## Numbers, amounts, percentages and dates

Type them the way people say them; the field shows what it understood (`= GBP 250,000`).

| Kind | Accepted |
|---|---|
| Amount | `250000`, `250,000`, `2 500 000`, `250k`, `1.5m`, `£180,000`, `180,000 GBP` |
| Number | `4000`, `4,000`, `4 000`, `4k` |
| Percentage | `12`, `12%`, `12.5 %` |
| Date | `2026-03-14`, `14 March 2026`, `March 14, 2026`, `14/03/2026` |
| From today | `tomorrow`, `Friday`, `next Friday`, `in 2 weeks`, `3 days ago`, `15 Jan`, `Jan 15` |
| | `today`, `yesterday`, `end of month`, `end of March` |
| Month | `2027-02`, `Feb 2027`, `February 2027`, `next month`, `March` |

Amounts are in the plan's currency (Plan basics); an amount in another currency is refused, never
converted.

A date field shows the day it understood with its weekday (`= Fri 4 Dec 2026`) and stores the
date itself. `Friday` is the coming one (today on a Friday), `next Friday` the one after. A day or
month without its year (`15 Jan`, `Jan 27` is 27 January, `March`) is the nearest one, past or
future; an action's due date is the next one. A quarter (`Q3 2027`) waits for a month.

Text that cannot be read, or that could mean two things (`1.234,50`, `03/04/2026`), is kept
exactly as typed and marked **to fix** (`!` in the step list, a count in the header); it counts
as unanswered until it is corrected, and is never saved as a number.
"""


Sections = Sequence[tuple[str, Sequence[tuple[str, str]]]]
"""(title, [(keys, what they do), ...]) for each part of the app."""


def key_lines(rows: Sequence[tuple[str, str]], width: int | None = None) -> str:
    """Keys and what they do as two aligned columns of plain text: compact enough that the
    wizard's keys fit on an 80x24 screen (a Markdown table takes three times the room). With a
    *width*, a long description wraps under itself, not under the keys."""
    keys_width = max((len(keys) for keys, _ in rows), default=0)
    indent = keys_width + 2
    lines: list[str] = []
    for keys, what in rows:
        wrapped = [what]
        if width is not None and width - indent >= 20:
            wrapped = textwrap.wrap(what, width - indent) or [""]
        lines.append(f"{keys:<{keys_width}}  {wrapped[0]}")
        lines.extend(" " * indent + line for line in wrapped[1:])
    return "\n".join(lines)


class KeyList(Static):
    """One section's keys, wrapped to the width it is given."""

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__(plain(key_lines(rows)), classes="help-keys")
        self.rows = rows
        self._fitted_to = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to:
            self._fitted_to = event.size.width
            self.update(plain(key_lines(self.rows, self._fitted_to)))


class HelpBox(VerticalScroll):
    """Help's scroll box. A focus given to it or taken from it restyles all it holds (20 to 40 ms
    here): it takes the focus while empty (:meth:`HelpScreen.on_mount`), and gives it up with no
    restyle once help has closed (the box is on its way out with its screen, never drawn again)."""

    def watch_has_focus(self, has_focus: bool) -> None:
        if not has_focus and (not self.is_attached or self.screen not in self.app.screen_stack):
            return
        super().watch_has_focus(has_focus)


class HelpScreen(ModalScreen[None]):
    """The keys of each section first (made from the bindings themselves, so the help never
    disagrees with them), then how the tool works and how to type values."""

    BINDINGS = bindings("help")

    def __init__(self, sections: Sections) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield HelpBox(id="help-box")

    async def on_mount(self) -> None:
        box = self.query_one(HelpBox)
        # Textual's auto-focus has given the box the focus as it mounted, empty (a focus given
        # to it restyles all it holds, 20 ms); when the terminal is not focused it has not.
        box.focus()
        await box.mount_all(self._contents())

    def _contents(self) -> Iterator[Widget]:
        yield Markdown(INTRO, open_links=False)
        for title, rows in self.sections:
            yield Static(plain(title), classes="help-heading")
            yield KeyList(rows)
            if title in NOTES:
                yield Markdown(NOTES[title], open_links=False)
        closing = f"Press {key_of(self.app, 'help.close', 'Escape or F1')} to close this help."
        rest = "\n\n".join((ABOUT.rstrip(), NUMBERS.rstrip(), closing))
        yield Markdown(rest, open_links=False)

    def action_close(self) -> None:
        self.dismiss(None)
