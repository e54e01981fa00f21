"""SurenessDialog: how sure an answer is, and where it comes from. GradeDialog: the same key
(F8) on a readiness checklist item, where it grades the item's evidence."""

from __future__ import annotations

from pilot2prod import record
from pilot2prod.tui.dialogs.record import Record
from pilot2prod.tui.render import HINTS


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


class GradeDialog(Record):
    """How well a checklist item's status is shown: claimed (someone said so), documented (a
    document or link names it), demonstrated (tested, with the date), or not graded. Returns
    {"grade": ... or "", "document": ..., "tested_on": YYYY-MM-DD or ""}; a grade without
    what it needs is refused with one sentence, at the field to fill."""

    TITLE_TEXT = "How is this item shown?"
    CHOICES = {
        **{value: label for value, label in record.GRADES.items()},
        "": "Not graded",
    }
    CHOICES_LABEL = "Its evidence is"
    CHOICES_FIRST = True

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("document", "Document or link (needed when documented)", "e.g. wiki/load-test"),
            ("tested_on", "Date it was tested (needed when demonstrated)", HINTS["date"]),
        ]

    def submit(self) -> None:
        grade = self.chosen() or ""
        document = self.typed("document")
        tested_on, problem = record.read_tested_on(self.typed("tested_on"))
        if grade == "demonstrated" and problem:
            self.fail(problem, "tested_on")
            return
        if grade:
            problem = record.grade_problem(grade, document, tested_on)
            if problem:
                self.fail(problem, "document" if grade == "documented" else "tested_on")
                return
        self.dismiss({"grade": grade, "document": document, "tested_on": tested_on})
