"""ParkDialog: a point for the parking lot."""

from __future__ import annotations

from pilot2prod.tui.dialogs.record import Record


class ParkDialog(Record):
    """A point for the parking lot: what, and who raised it. Returns a dict."""

    TITLE_TEXT = "Park a point"

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("text", "The point", "what to come back to"),
            ("raised_by", "Raised by", "a name"),
        ]

    def submit(self) -> None:
        point = self.typed("text")
        if not point:
            self.fail("say what the point is", "text")
            return
        self.dismiss({"text": point, "raised_by": self.typed("raised_by")})
