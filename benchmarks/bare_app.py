"""The baseline: a bare Textual app (Header, Label, Input, Footer), what any app costs anyway.

The cursor does not blink, like pilot2prod's, so an idle screen writes nothing in both.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Label


class Bare(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("bare ready")
        yield Input(id="input")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False


if __name__ == "__main__":
    Bare().run()
