"""The lines around a step's questions: the help for the question being answered, and a
stall reason's fix with its risk as the answers stand."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.widgets import Static

from pilot2prod.bank import Bank, Question, Step
from pilot2prod.plan import Plan
from pilot2prod.tui.render import plain
from pilot2prod.values import FORMATS


def help_parts(question: Question) -> tuple[str, str]:
    """What the line under the page says of *question*: its own help, and what follows it
    (the forms an answer may take, how a list is edited)."""
    forms = FORMATS.get(question.kind)
    tail = f"Accepts {forms}." if forms else ""
    if question.kind == "list":
        tail = (
            f"{tail} Type to add a row (Tab between its columns, Enter saves it); Enter "
            "edits the highlighted row, Delete removes it."
        ).strip()
    return (question.help or "").strip(), tail


def help_text(question: Question) -> str:
    """The line under the page for *question*: its help, and what follows it."""
    return " ".join(part for part in help_parts(question) if part)


def fitted_help(question: Question, width: int, rows: int) -> str:
    """:func:`help_text` as it fits *rows* rows of *width* cells (with its "ℹ "): whole when it
    fits, else the question's own help cut with "…" (at a word; within one when no word fits),
    so what follows it (a list's keys) still shows whole; it ends cut only when even that does
    not fit. A cut help is one paragraph."""
    own, tail = help_parts(question)
    text = help_text(question)

    def fits(text: str) -> bool:
        return len(plain(f"ℹ {text}").wrap(width)) <= rows

    def cut(start: str) -> str:  # (the start of its own help, then the rest)
        return f"{start}… {tail}".strip()

    if width <= 0 or rows <= 0 or fits(text):
        return text
    words = own.split()
    kept = _most(len(words) - 1, lambda kept: fits(cut(" ".join(words[:kept]))))
    if kept:
        return cut(" ".join(words[:kept]))
    flat = " ".join(words)
    return cut(flat[: _most(len(flat) - 1, lambda kept: fits(cut(flat[:kept])))])


def _most(most: int, fits: Callable[[int], bool]) -> int:
    """The largest number from 0 to *most* that *fits* (fitting is never lost by taking fewer),
    found in a few tries: each is a wrap of the help, and a Tab waits for them."""
    low, high = 0, max(0, most)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def fix_text(bank: Bank, plan: Plan, step: Step, capture: str = "F3") -> str:
    """A stall reason's fix, with its risk as the answers stand now; *capture* is the key that
    makes it an action."""
    from pilot2prod import insight  # deferred: the first steps of a plan do not need it

    risk = next((r for r in insight.stall_risks(bank, plan) if r.id == step.id), None)
    now = f"Risk now: {risk.level.upper()}. " if risk else ""
    return f"{now}What to do: {step.fix} ({capture} makes this an action.)"


class Note(Static):
    """A line that repaints only when its text changes, and hides when it has none."""

    _text: str | None = None

    def say(self, text: str, *, hide_empty: bool = True) -> None:
        if text != self._text:
            self._text = text
            self.update(plain(text))
        if hide_empty:
            self.display = bool(text)


class HelpLine(Note):
    """The help for the question being answered, in as many rows as the longest help of the
    step on screen takes: moving between its questions never changes the height of the page
    above it (which would move and repaint all of the page). A step with no help has none."""

    _step: tuple[Question, ...] = ()
    _question: Question | None = None
    _fitted: tuple[tuple[Question, ...], int] | None = None
    _rows = 0

    def show_for(self, question: Question | None, step: Iterable[Question] | None = None) -> None:
        """Show *question*'s help (None: no question); *step*: the questions of a new step."""
        if step is not None:
            self._step = tuple(step)
            self._fit()
        self._question = question
        text = "" if question is None else fitted_help(question, self._wrap_width(), self._room())
        self.say(f"ℹ {text}" if text else "", hide_empty=False)
        self.display = bool(text or self._rows)

    def on_resize(self) -> None:
        self._fit()  # (at another width the help wraps at other words)
        self.show_for(self._question)  # (and may fit whole, or no longer)

    def _wrap_width(self) -> int:
        # Before its first layout, at the width of the whole screen: the width it gets where
        # no step list is beside it (a session's first screen then has its rows at once, not a
        # layout later); Textual tells it its real width, and it fits again if that differs.
        return self.size.width or self.app.size.width - self.styles.gutter.width

    def _room(self) -> int:
        """The most rows its text may take (the stylesheet's max-height, less the border)."""
        most = self.styles.max_height
        if most is None or not most.is_cells:
            return self._rows
        return min(self._rows, int(most.value) - self.styles.gutter.height)

    def _fit(self) -> None:
        width = self._wrap_width()
        if width <= 0 or self._fitted == (self._step, width):
            return
        self._fitted = (self._step, width)
        helps = [plain(f"ℹ {text}") for text in map(help_text, self._step) if text]
        self._rows = max((len(content.wrap(width)) for content in helps), default=0)
        # (max-height still caps it: fewer rows on a short screen)
        self.styles.height = self._rows + self.styles.gutter.height if self._rows else None
        self.display = self.display or bool(self._rows)
