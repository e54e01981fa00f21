"""Review: every step with its answers and its gaps; Enter jumps there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pilot2prod import record
from pilot2prod.plan import (
    answer_text,
    currency,
    fix_of,
    is_answered,
    not_understood,
    progress,
    to_fix,
    visible_questions,
)
from pilot2prod.store import mark_checked, to_check
from pilot2prod.text import one_line
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession


class ReviewScreen(Screen[tuple[str, str | None] | None]):
    """Returns (step id, question id) to jump to, or None to go back."""

    BINDINGS = bindings("review")

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.targets: dict[str, tuple[str, str | None]] = {}
        self.copied_to_check = 0

    def compose(self) -> ComposeResult:
        bank, plan = self.session.bank, self.session.plan
        done = progress(bank, plan)
        fixes = len(to_fix(bank, plan))
        checks = to_check(bank, plan)
        self.copied_to_check = len(checks)
        yield Static(
            plain(
                # The counts first: the plan's name is the part a narrow window may cut.
                f" Review · {done.answered} of {done.total} answered · "
                f"{len(done.open_required)} required open"
                + (f" · {fixes} to fix" if fixes else "")
                + (f" · {len(checks)} copied to check" if checks else "")
                + f" · {plan.name}"
            ),
            id="review-header",
        )
        code = currency(bank, plan)
        copied: dict[str, list[str]] = {}
        for item in checks:
            copied.setdefault(item.question, []).append(item.source)
        options: list[Option] = []
        marks = record.assumptions(bank, plan)
        if marks:
            # What the room only assumed comes first: it is what to check before relying on it.
            heading = f"▸ Assumptions to validate  ({len(marks)})"
            options.append(Option(Content.styled(heading, "bold"), disabled=True))
            for mark in marks:
                question = bank.question(mark.question)
                if question is None:
                    continue
                key = f"a-{mark.question}"
                self.targets[key] = (bank.step_of(question.id).id, question.id)
                source = f" {one_line(f'(source: {mark.source})', 60)}" if mark.source else ""
                text = f"\u00a0\u00a0◆ {one_line(question.prompt, 60)}{source}"
                options.append(Option(plain(text), id=key))
        for phase in bank.phases:
            for step in phase.steps:
                questions = visible_questions(bank, plan, step)
                answered = sum(1 for q in questions if is_answered(q, plan.get(q)))
                title = bank.step_label(step)
                key = f"s-{step.id}"
                self.targets[key] = (step.id, None)
                heading = f"▸ {title}  ({answered}/{len(questions)})"
                options.append(Option(Content.styled(heading, "bold"), id=key))
                for question in questions:
                    value = plan.get(question)
                    fix = fix_of(bank, plan, question)
                    if fix is not None:
                        text = f"\u00a0\u00a0! {one_line(question.prompt, 44)}: to fix, "
                        text += one_line(f"“{fix.typed}”: {fix.problem}", 120)
                    elif is_answered(question, value):
                        text = f"\u00a0\u00a0✓ {one_line(question.prompt, 44)}: "
                        text += one_line(answer_text(question, value, code), 120)
                    else:
                        need = "required, open" if question.required else "open"
                        text = f"\u00a0\u00a0○ {one_line(question.prompt, 70)} — {need}"
                    qkey = f"q-{question.id}"
                    self.targets[qkey] = (step.id, question.id)
                    options.append(Option(plain(text), id=qkey))
                    if question.id in copied:
                        options.append(self._copied(copied[question.id], step.id, question.id))
        kept = not_understood(bank, plan)
        if kept:
            heading = f"▸ Kept, not understood by this bank  ({len(kept)})"
            options.append(Option(Content.styled(heading, "bold"), id="kept", disabled=True))
            options += [
                Option(plain(f"\u00a0\u00a0· {one_line(line, 120)}"), disabled=True)
                for line in kept
            ]
        yield OptionList(*options, id="review-list", markup=False)
        yield KeyBar()

    def _copied(self, sources: list[str], step_id: str, question_id: str) -> Option:
        """The line under an answer that holds texts copied from another plan."""
        key = f"c-{question_id}"
        self.targets[key] = (step_id, question_id)
        count = f" ({len(sources)} texts)" if len(sources) > 1 else ""
        line = f"copied from {one_line(sources[0], 50)}: check for client details{count}"
        return Option(plain(f"\u00a0\u00a0\u00a0\u00a0↳ {line}"), id=key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "checked":  # only when something copied is listed, in a window that edits
            return self.copied_to_check > 0 and not self.session.read_only
        return True

    async def action_checked(self) -> None:
        """X on a "copied from" line: its texts are checked, and the line goes; the list,
        made again, has the focus before the next key goes (one typed with X used to find
        nothing focused until the next frame)."""
        listed = self.query_one("#review-list", OptionList)
        at = listed.highlighted or 0
        key = listed.get_option_at_index(at).id if listed.highlighted is not None else None
        if not key or not key.startswith("c-"):
            self.notify("Highlight a “copied from” line first: X says its texts are checked")
            return
        qid = key.removeprefix("c-")
        self.session.edit_record(lambda plan: mark_checked(plan, qid))
        self.targets.clear()
        await self.recompose()
        self._highlight(at - 1)

    def _highlight(self, index: int) -> None:
        listed = self.query_one("#review-list", OptionList)
        listed.focus()
        listed.highlighted = index
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self.targets:
            self.dismiss(self.targets[event.option.id])

    def action_back(self) -> None:
        self.dismiss(None)
