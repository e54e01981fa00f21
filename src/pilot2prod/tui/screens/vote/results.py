"""The revealed vote, a question per row: the room's spread, whether it is split, the answer it
offers, what the plan says now, and what the scribe decided."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pilot2prod import vote
from pilot2prod.bank import Bank
from pilot2prod.plan import Plan
from pilot2prod.text import show_invisible

SPLIT_MARK = "⚠ split"
AGREED_MARK = "✓ agreed"
ONE_BALLOT_MARK = "· one"
NO_BALLOT_MARK = "· none"
MARK_WIDTH = 9
INDENT = " " * (2 + MARK_WIDTH + 1)


def row(
    bank: Bank, plan: Plan, found: vote.Vote, qid: str, *, current: bool = False, width: int = 0
) -> Content:
    """One question's result, in words first (the marks are words too, not only colours); the
    highlighted row is marked ▶, so it shows without colour too. Given the *width* it has,
    each part is wrapped under the prompt, not back at the left edge."""
    question = bank.question(qid)
    prompt = question.prompt if question else qid
    spread = vote.spread(found, qid)
    value = plan.get(question) if question else None
    now = vote.option_word(question, value) if question and isinstance(value, str) else "no answer"
    if not spread.ballots:
        mark, counts, says = NO_BALLOT_MARK, "Nobody answered this one.", ""
    else:
        mark = {"split": SPLIT_MARK, "one": ONE_BALLOT_MARK}.get(spread.agreement, AGREED_MARK)
        counts = vote.spread_words(question, spread) if question else ""
        skipped = found.count - spread.ballots
        if skipped:
            counts += f" ({skipped} of {found.count} ballots left it)"
        most = vote.option_word(question, spread.majority) if question and spread.majority else ""
        if not most:
            says = "No majority (a tie) · "
        elif spread.split:
            says = f"Most said: {most}, split · "
        elif spread.agreement == "one":
            says = f"One ballot says: {most} · "
        else:
            says = f"The room says: {most} · "
    outcome = found.outcomes.get(qid)
    if outcome is None:
        decided = ""
    elif outcome.decision == "accepted":
        decided = f" · accepted: {vote.option_word(question, outcome.value) if question else ''}"
    else:
        decided = " · kept the plan's answer"
    pointer = "▶ " if current else "  "
    room = width - len(INDENT) if width > len(INDENT) + 10 else 0
    return Content.assemble(
        (pointer, "bold"),
        (f"{mark:<{MARK_WIDTH}} ", "bold"),
        *_indented(Content.styled(show_invisible(prompt), "bold"), room),
        "\n" + INDENT,
        *_indented(Content(show_invisible(counts)), room),
        "\n" + INDENT,
        *_indented(Content(f"{says}the plan says: {now}{decided}"), room),
    )


def _indented(part: Content, room: int) -> list[Content | str]:
    """*part* wrapped in *room* columns (0: as it is), each line after the first indented."""
    if not room:
        return [part]
    lines: list[Content | str] = []
    for line in part.wrap(room):
        if lines:
            lines.append("\n" + INDENT)
        lines.append(line)
    return lines


class ResultsList(OptionList):
    """The revealed questions; the highlighted one is what Accept, Keep, F3 and F4 act on. A
    click only highlights: taking the room's answer is always a key (or a word) away."""

    def show(self, bank: Bank, plan: Plan, found: vote.Vote) -> None:
        self._shown = (bank, plan, found)
        at = self.highlighted
        self.clear_options()
        at = min(at or 0, len(found.questions) - 1)
        width = self.row_width()
        self.add_options(
            Option(row(bank, plan, found, qid, current=n == at, width=width), id=qid)
            for n, qid in enumerate(found.questions)
        )
        if found.questions:
            self.highlighted = at

    def row_width(self) -> int:
        """The columns a row has (room kept for a scrollbar, which may come); 0 before the
        list is laid out (rows are then wrapped by the list, and again once it has a size)."""
        width = self.content_region.width
        return max(width - self.styles.scrollbar_size_vertical, 0) if width else 0

    def on_resize(self) -> None:
        shown = getattr(self, "_shown", None)
        if shown is not None:
            self.show(*shown)

    @on(OptionList.OptionHighlighted)
    def _mark(self, event: OptionList.OptionHighlighted) -> None:
        shown = getattr(self, "_shown", None)
        if shown is None:
            return
        bank, plan, found = shown
        for n, qid in enumerate(found.questions):
            current = n == event.option_index
            marked = str(self.get_option_at_index(n).prompt).startswith("▶")
            if current != marked:
                prompt = row(bank, plan, found, qid, current=current, width=self.row_width())
                self.replace_option_prompt_at_index(n, prompt)

    @property
    def question_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
