"""The revealed vote, a question per row: the room's spread, whether it is split, the answer it
offers, what the plan says now, and what the scribe decided."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pilot2prod import vote
from pilot2prod.bank import Bank
from pilot2prod.plan import Plan
from pilot2prod.text import show_invisible

SPLIT_MARK = "⚠ split"
AGREED_MARK = "✓ agreed"


def row(bank: Bank, plan: Plan, found: vote.Vote, qid: str) -> Content:
    """One question's result, in words first (the marks are words too, not only colours)."""
    question = bank.question(qid)
    prompt = question.prompt if question else qid
    spread = vote.spread(found, qid)
    if not spread.ballots:
        mark, counts = "  no ballots", "Nobody answered this one."
    else:
        mark = SPLIT_MARK if spread.split else AGREED_MARK
        counts = vote.spread_words(question, spread) if question else ""
    offered = (
        vote.option_word(question, spread.majority)
        if question and spread.majority
        else "none (a tie)"
        if spread.ballots
        else "none"
    )
    value = plan.get(question) if question else None
    now = vote.option_word(question, value) if question and isinstance(value, str) else "no answer"
    outcome = found.outcomes.get(qid)
    if outcome is None:
        decided = ""
    elif outcome.decision == "accepted":
        decided = f" · accepted: {vote.option_word(question, outcome.value) if question else ''}"
    else:
        decided = " · kept the plan's answer"
    return Content.assemble(
        (f"{mark:<9} ", "bold"),
        (show_invisible(prompt), "bold"),
        "\n          ",
        show_invisible(counts),
        "\n          ",
        f"The room says: {offered} · the plan says: {now}{decided}",
    )


class ResultsList(OptionList):
    """The revealed questions; the highlighted one is what Accept, Keep, F3 and F4 act on."""

    def show(self, bank: Bank, plan: Plan, found: vote.Vote) -> None:
        at = self.highlighted
        self.clear_options()
        self.add_options(Option(row(bank, plan, found, qid), id=qid) for qid in found.questions)
        if found.questions:
            self.highlighted = min(at or 0, len(found.questions) - 1)

    @property
    def question_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
