"""The wizard's header: the plan and where it stands, progress, saving, the workshop timer, and
a silent vote under way (its count of ballots, never what they say)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Static

from pilot2prod.tui.render import progress_bar, show_line

if TYPE_CHECKING:
    from pilot2prod.bank import Bank, Step
    from pilot2prod.plan import Plan


class PlanHeader(Horizontal):
    """Plan name and place, overall progress, and whether it is saved.

    Each figure is a reactive: setting it to what it already is does nothing, so typing
    repaints no part of the header whose text did not change. The defaults are values never
    shown, so the first real value always paints.
    """

    plan_name: var[str] = var("", init=False)
    where: var[str] = var("", init=False)
    percent: var[int] = var(-1, init=False)
    saved: var[str] = var("", init=False)
    fix: var[int] = var(-1, init=False)
    """Answers kept as typed that cannot be read."""
    conflicts: var[int] = var(-1, init=False)
    timer: var[str] = var("", init=False)
    """The workshop's time (empty: no workshop running)."""
    vote: var[str] = var("", init=False)
    """A silent vote under way: how many ballots are in (empty: none)."""

    def compose(self) -> ComposeResult:
        yield Static(id="header-where")
        yield Static(id="header-conflicts")
        yield Static(id="header-fix")
        yield Static(id="header-timer")
        yield Static(id="header-vote")
        yield Static(id="header-progress")
        yield Static(id="header-saved")

    def show_plan(self, bank: Bank, plan: Plan, step: Step, saved: str) -> None:
        """Bring every figure up to date with *plan* (only those that changed repaint)."""
        from pilot2prod.plan import progress, to_fix

        self.plan_name = plan.name
        self.where = bank.step_label(step, numbered=False)
        self.percent = progress(bank, plan).percent
        self.saved = saved
        self.fix = len(to_fix(bank, plan))
        self.conflicts = len(plan.conflicts)
        under_way = None
        if plan.votes:  # (the vote module loads only for a plan that has votes)
            from pilot2prod.vote import current

            under_way = current(plan)
        if under_way is None:
            self.vote = ""
        elif under_way.is_revealed:
            self.vote = "vote revealed"
        else:
            self.vote = f"vote: {under_way.count} in"

    def _put(self, part_id: str, text: str, shown: bool = True) -> None:
        part = self.query_one(f"#{part_id}", Static)
        show_line(part, text)
        part.display = shown

    def _show_place(self) -> None:
        self._put("header-where", f" {self.plan_name} · {self.where}")

    def watch_plan_name(self) -> None:
        self._show_place()

    def watch_where(self) -> None:
        self._show_place()

    def watch_percent(self, percent: int) -> None:
        self._put("header-progress", f" {progress_bar(percent)} {percent:>3}% ")

    def watch_saved(self, saved: str) -> None:
        self._put("header-saved", f" {saved} ")

    def watch_fix(self, fix: int) -> None:
        self._put("header-fix", f" ! {fix} to fix " if fix else "", bool(fix))

    def watch_conflicts(self, conflicts: int) -> None:
        word = "conflict" if conflicts == 1 else "conflicts"
        text = f" ⚠ {conflicts} {word} " if conflicts else ""
        self._put("header-conflicts", text, bool(conflicts))

    def watch_timer(self, text: str) -> None:
        self._put("header-timer", f" ⏱ {text} " if text else "", bool(text))

    def watch_vote(self, text: str) -> None:
        self._put("header-vote", f" ☐ {text} " if text else "", bool(text))
