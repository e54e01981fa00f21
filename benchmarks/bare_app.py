"""The baseline: a bare Textual app with one focused Input (what a keystroke costs anyway)."""

from textual.app import App, ComposeResult
from textual.widgets import Input, Label


class Bare(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Label("bare ready")
        yield Input()


if __name__ == "__main__":
    Bare().run()
