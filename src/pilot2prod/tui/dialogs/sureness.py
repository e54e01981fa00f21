"""SurenessDialog: how sure an answer is, and where it comes from."""

from __future__ import annotations

from pilot2prod.tui.dialogs.record import Record


class SurenessDialog(Record):
    """How sure an answer is: fact, estimate, assumption or not marked, and where it comes
    from. Returns {"level": ... or "", "source": ...}."""

    TITLE_TEXT = "How sure is this answer?"
    CHOICES = {"fact": "Fact", "estimate": "Estimate", "assumption": "Assumption", "": "Not marked"}
    CHOICES_LABEL = "It is"

    def fields(self) -> list[tuple[str, str, str]]:
        return [("source", "Source (who said it, or where it comes from)", "optional")]

    CHOICES_FIRST = True

    def submit(self) -> None:
        self.dismiss({"level": self.chosen() or "", "source": self.typed("source")})
