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
NO_BALLOT_MARK = "· none"
MARK_WIDTH = 9
INDENT = " " * (2 + MARK_WIDTH + 1)


def row(bank: Bank, plan: Plan, found: vote.Vote, qid: str, *, current: bool = False) -> Content:
    """One question's result, in words first (the marks are words too, not only colours); the
    highlighted row is marked ▶, so it shows without colour too."""
    question = bank.question(qid)
    prompt = question.prompt if question else qid
    spread = vote.spread(found, qid)
    value = plan.get(question) if question else None
    now = vote.option_word(question, value) if question and isinstance(value, str) else "no answer"
    if not spread.ballots:
        mark, counts, says = NO_BALLOT_MARK, "Nobody answered this one.", ""
    else:
        mark = SPLIT_MARK if spread.split else AGREED_MARK
        counts = vote.spread_words(question, spread) if question else ""
        skipped = found.count - spread.ballots
        if skipped:
            counts += f" ({skipped} of {found.count} ballots left it)"
        most = vote.option_word(question, spread.majority) if question and spread.majority else ""
        if not most:
            says = "No majority (a tie) · "
        elif spread.split:
            says = f"Most said: {most}, split · "
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
    return Content.assemble(
        (pointer, "bold"),
        (f"{mark:<{MARK_WIDTH}} ", "bold"),
        (show_invisible(prompt), "bold"),
        "\n" + INDENT,
        show_invisible(counts),
        "\n" + INDENT,
        f"{says}the plan says: {now}{decided}",
    )


class ResultsList(OptionList):
    """The revealed questions; the highlighted one is what Accept, Keep, F3 and F4 act on. A
    click only highlights: taking the room's answer is always a key (or a word) away."""

    def show(self, bank: Bank, plan: Plan, found: vote.Vote) -> None:
        self._shown = (bank, plan, found)
        at = self.highlighted
        self.clear_options()
        at = min(at or 0, len(found.questions) - 1)
        self.add_options(
            Option(row(bank, plan, found, qid, current=n == at), id=qid)
            for n, qid in enumerate(found.questions)
        )
        if found.questions:
            self.highlighted = at

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
                self.replace_option_prompt_at_index(n, row(bank, plan, found, qid, current=current))

    @property
    def question_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
