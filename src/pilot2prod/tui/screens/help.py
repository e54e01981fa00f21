"""F1: the keys, and how the tool works, in a few lines."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

INTRO = """\
# pilot2prod

Answer the questions step by step. **Every answer is saved as you type** — there is nothing to
click. Plans are TOML files in the data directory (`pilot2prod path` shows where).

Most AI pilots never make it to production. The way through is to treat the pilot as the first
stage of production rather than an experiment: plan and budget for the whole road from the start,
build for scale, and invest in the people and processes early. The steps follow that road.

The dashboard (F2) rates each of the six reasons pilots stall as LOW, MEDIUM or HIGH from the
warning signs and the rest of the plan (unanswered counts as unknown, not safe), scores readiness
from the checklist (the weakest group counts), checks the budget against 2 to 5 times the pilot
cost, and gives a go / no-go verdict.
"""

NOTES = {
    "In the wizard": """\
In a table (repeatable list): **Enter** edits the highlighted row, **Insert** or the "Add row"
button adds one, **Delete** removes one (it asks first). No letter key acts on a table, so typing
there never changes a row. In a checklist item, the owner and the evidence are saved as you type,
with or without a status.

A plan can be open in two windows at once: their answers are merged as they are saved. An
answer changed in both keeps the later one; the other is listed under **Conflicts** (Ctrl+P,
then Conflicts), where you can pick. If saving fails, leaving or quitting asks what to do.

Keys that arrive together (fast typing, a slow connection) are handled in order, each in the
field the keys before it moved to. A paste is always text: control characters are dropped, and
lines pasted into a one-line field are joined.
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
| Month | `2027-02`, `Feb 2027`, `February 2027` |

Amounts are in the plan's currency (Plan basics); an amount in another currency is refused, never
converted.

Text that cannot be read, or that could mean two things (`1.234,50`, `03/04/2026`), is kept
exactly as typed and marked **to fix** (`!` in the step list, a count in the header); it counts
as unanswered until it is corrected, and is never saved as a number.
"""

CLOSING = "Press Escape or F1 to close this help."


def help_markdown(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """The help as Markdown: how the tool works, then each section's keys as a table (made
    from the bindings themselves, so it never disagrees with them), then how to type values."""
    parts = [INTRO.rstrip()]
    for title, rows in sections:
        table = ["| Key | Does |", "|---|---|"]
        table += [f"| {_cell(keys)} | {_cell(what)} |" for keys, what in rows]
        parts.append(f"## {title}\n\n" + "\n".join(table))
        if title in NOTES:
            parts.append(NOTES[title].rstrip())
        if title == "In the wizard":
            parts.append(NUMBERS.rstrip())
    parts.append(CLOSING)
    return "\n\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


class HelpScreen(ModalScreen[None]):
    """The help, with the keys of each *section* as (keys, what they do) rows."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        super().__init__()
        self.text = help_markdown(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(self.text, open_links=False)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)
