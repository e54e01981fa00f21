"""F1: the keys, and how the tool works, in a few lines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
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

## In the wizard

| Key | Does |
|---|---|
| PageDown / PageUp | next / previous step (from anywhere, even inside a text box) |
| Tab / Shift+Tab | next / previous field |
| Enter | next field (in a one-line field) |
| Ctrl+G | go to any step or question by typing part of its title |
| Ctrl+R | review: every answer and every gap |
| Ctrl+O | preview the plan as a document, and export it to Markdown |
| F2 | dashboard: stall risk, readiness, budget, the go / no-go verdict |
| Ctrl+T | show or hide the step list |
| Escape | back to the list of plans |

In a table (repeatable list): **A** adds a row, **E** or **Enter** edits it, **Delete** removes
it. In a checklist item, pick the status, then type the owner and the evidence.

## On the list of plans

| Key | Does |
|---|---|
| N | new plan |
| Enter or O | open the selected plan where it was left |
| R / D | rename / duplicate (copy) |
| F2 | dashboard of the selected plan |
| Delete | move the plan to the trash folder (asks first) |
| E | export to Markdown |
| X | open the example plan |

## Everywhere

| Key | Does |
|---|---|
| F1 | this help |
| Ctrl+P | command palette (also: switch theme) |
| Ctrl+Q | save and quit |

Press Escape or F1 to close this help.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP, open_links=False)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)
