"""The dashboard: progress, readiness, stall risk, budget, verdict, and where to look next.

Every figure comes from :func:`pilot2prod.insight.assess`, which the Markdown export reads too,
so the two always agree. Levels are words (HIGH, MEDIUM, LOW), readable without colour.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from pilot2prod import insight
from pilot2prod.bank import Bank
from pilot2prod.plan import Plan, currency
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain, progress_bar
from pilot2prod.tui.widgets.keybar import KeyBar
from pilot2prod.values import format_number

Target = tuple[str, str]
"""(step id, question id) to jump to."""
JUMP_LISTS = ("dashboard-fix", "dashboard-next")
"""The lists of questions Enter jumps from, by id, the first one focused."""


class Figure(Horizontal):
    """One labelled figure; the value's widget is named after the label (tests read it)."""

    def __init__(
        self, label: str, value: str, bar: float | None = None, level: str = "", shown: str = ""
    ) -> None:
        super().__init__(classes="figure-row")
        self.label = label
        self.shown_label = shown or label
        self.value = value
        self.bar = bar
        self.level = level

    @classmethod
    def of(
        cls, figure: insight.Figure, bar: bool = False, level: str = "", shown: str = ""
    ) -> Figure:
        """The row of an insight figure: with a bar of its score when *bar* (and it has one),
        in its own level's colour unless *level* is given."""
        score = figure.score if bar else None
        return cls(figure.label, figure.text, score, level or figure.level, shown)

    def compose(self) -> ComposeResult:
        yield Label(plain(self.shown_label), classes="figure-label")
        classes = f"figure-value level-{self.level}" if self.level else "figure-value"
        if self.bar is None:
            classes += " -wraps"  # nothing beside it: a long value wraps in the room left
        yield Label(plain(self.value), name=self.label, classes=classes)
        if self.bar is not None:
            yield Label(plain(progress_bar(round(self.bar * 100), 20)), classes="figure-bar")


Capture = Callable[[str, Callable[[], Any]], None]
"""Asks for an action on a question (by id), then calls back (given by the wizard)."""


class QuestionList(OptionList):
    """A list of questions on the dashboard: Up and Down move through it, and past its first
    or last question scroll the dashboard (instead of wrapping round), so the arrows read the
    whole page wherever the focus is."""

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted >= self.option_count - 1:
            self.screen.query_one("#dashboard", VerticalScroll).scroll_down(animate=False)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted <= 0:
            self.screen.query_one("#dashboard", VerticalScroll).scroll_up(animate=False)
        else:
            super().action_cursor_up()


class DashboardScreen(Screen[Target | None]):
    BINDINGS = bindings("dashboard")
    AUTO_FOCUS = ""
    """The focus is given once the figures are in (:meth:`_rebuild`): Textual's own would give
    it to the empty scroll box first, and taking it back restyles every figure (20 ms)."""

    def __init__(
        self,
        bank: Bank,
        plan: Plan,
        capture: Capture | None = None,
        park: Capture | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.plan = plan
        self.capture = capture
        self.park = park
        self._rebuilding = asyncio.Lock()

    def money(self, value: float) -> str:
        return format_number(value, "money", currency(self.bank, self.plan))

    def compose(self) -> ComposeResult:
        yield Static(plain(f" Dashboard · {self.plan.name}"), id="dashboard-header")
        yield VerticalScroll(id="dashboard")
        yield KeyBar()

    async def on_screen_resume(self) -> None:
        """Shown (first, or again after help): the figures as the plan stands now."""
        await self.rebuild()

    async def rebuild(self) -> None:
        """Recompute everything from the plan as it is now (one rebuild at a time: coming
        back from a dialog and the dialog's own result may both ask for one)."""
        async with self._rebuilding:
            await self._rebuild()

    async def _rebuild(self) -> None:
        found = insight.assess(self.bank, self.plan, money=self.money)
        shown = found.figures
        ready, upcoming = found.readiness, found.next_questions
        widgets: list[Widget] = []

        def heading(text: str) -> None:
            widgets.append(Static(plain(text), classes="dashboard-heading"))

        heading("Overview")
        widgets.append(Figure.of(shown.progress, bar=True))
        widgets.append(Figure.of(shown.required_open))
        fixes = found.to_fix
        widgets.append(Figure.of(shown.to_fix))
        if shown.readiness is not None and shown.verdict is not None:
            widgets.append(Figure.of(shown.readiness, bar=True))
            widgets.append(Figure.of(shown.verdict))
        if ready is not None and ready.blockers:
            names = "; ".join(
                i.item.label + ("" if i.assessed else f" ({insight.NOT_ASSESSED})")
                for i in ready.blockers
            )
            widgets.append(Static(plain(f"Blocking go-live: {names}."), classes="dashboard-note"))
        if fixes:
            heading("To fix: kept as typed, not counted as answers (Enter jumps there)")
            widgets.append(
                QuestionList(
                    *(
                        Option(
                            plain(f"! {fix.question.prompt} — typed “{fix.typed}”: {fix.problem}"),
                            id=fix.question.id,
                        )
                        for fix in fixes
                    ),
                    id="dashboard-fix",
                    markup=False,
                )
            )

        if found.risks:
            heading("Questions that would lower the risk most (Enter jumps there)")
        if upcoming:
            widgets.append(
                QuestionList(
                    *(
                        Option(
                            plain(f"{n}. {item.question.prompt} — {item.why} ({item.risk.title})"),
                            id=item.question.id,
                        )
                        for n, item in enumerate(upcoming, start=1)
                    ),
                    id="dashboard-next",
                    markup=False,
                )
            )
        elif found.risks:
            widgets.append(Static("Nothing open feeds the risk ratings.", classes="dashboard-note"))

        if ready is not None:
            counts = "the weakest counts" if ready.rules.combine == "weakest" else "their average"
            heading(f"Readiness by group ({counts})")
        for group in shown.groups:
            widgets.append(Figure.of(group, bar=True, shown=group.title))
        if found.claims is not None and found.claims.counted:
            widgets.append(Figure(insight.CLAIMS_LABEL, found.claims.text))

        if found.risks:
            heading("Stall risk")
        for each, figure in zip(found.risks, shown.risks, strict=True):
            widgets.append(Figure.of(figure, shown=figure.title))
            why = "\n".join(f"• {reason}" for reason in each.reasons)
            if why:
                widgets.append(Static(plain(why), classes="dashboard-note"))
            if each.level != insight.LOW:
                widgets.append(Static(plain(f"What to do: {each.fix}"), classes="dashboard-fix"))
            if each.level == insight.HIGH and found.in_hand:
                in_hand = found.actions_on(each)
                text = (
                    "In hand: " + "; ".join(f"{a.what} ({a.owner}, due {a.due})" for a in in_hand)
                    if in_hand
                    else "In hand: no action with an owner and a due date yet "
                    f"({key_of(self.app, 'wizard.capture_action')} in the step)."
                )
                widgets.append(Static(plain(text), classes="dashboard-fix"))

        heading(f"Actions ({key_of(self.app, 'wizard.actions')} in the wizard lists them)")
        widgets.append(Figure.of(shown.open_actions))
        late = "high" if found.overdue else ""
        widgets.append(Figure.of(shown.overdue_actions, level=late))
        unowned = "medium" if found.unowned else ""
        widgets.append(Figure.of(shown.unowned_actions, level=unowned))
        for warning in found.warnings:
            widgets.append(Static(plain(f"⚠ {warning}"), classes="dashboard-note"))
        widgets.append(Figure.of(shown.parked))

        if found.assumptions:
            heading("Assumptions to validate (counted as weaker evidence)")
            lines = []
            for mark in found.assumptions:
                question = self.bank.question(mark.question)
                prompt = question.prompt if question else mark.question
                lines.append(f"• {prompt}" + (f" — source: {mark.source}" if mark.source else ""))
            widgets.append(Static(plain("\n".join(lines)), classes="dashboard-note"))

        if found.budget is not None:
            heading("Budget")
            for money in (shown.production_estimate, shown.planned_budget, shown.budget_position):
                if money is not None:
                    widgets.append(Figure.of(money))
            for warning in found.budget.warnings:
                widgets.append(Static(plain(f"⚠ {warning}"), classes="dashboard-note"))

        box = self.query_one("#dashboard", VerticalScroll)
        # Enter jumps from the first list of questions: answers to fix, else the next ones;
        # with none, the box takes the keys. A focus given to or taken from the box restyles
        # all it holds: the box gets it only while empty, and a list of the last build gives
        # it up before it goes (restyling itself alone).
        lists = [w for w in widgets if isinstance(w, OptionList) and w.id in JUMP_LISTS]
        if self.focused is not None and self.focused is not box:
            self.set_focus(None, scroll_visible=False)
        await box.remove_children()
        if not lists and self.focused is not box:
            box.has_focus = True  # (now, as Textual's auto-focus does: its Focus comes later)
            self.set_focus(box, scroll_visible=False)
        await box.mount_all(widgets)
        self.shown = dict(shown.rows())
        if lists:
            lists[0].focus()

    @on(OptionList.OptionSelected, "#dashboard-next, #dashboard-fix")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        qid = event.option.id
        if qid:
            self.dismiss((self.bank.step_of(qid).id, qid))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "capture":
            return self.capture is not None  # from home, or a read-only window: no actions
        if action == "park":
            return self.park is not None
        return True

    def _highlighted_question(self) -> str | None:
        """The question highlighted in the focused list (else in the first list)."""
        lists = [w for w in self.query(OptionList) if w.id in JUMP_LISTS]
        focused = self.focused if isinstance(self.focused, OptionList) else None
        source = focused or (lists[0] if lists else None)
        if source is None or source.highlighted is None:
            return None
        return source.get_option_at_index(source.highlighted).id

    def action_capture(self) -> None:
        """F3: an action on the highlighted question."""
        self._on_highlighted(
            self.capture, f"{key_of(self.app, 'dashboard.capture')} makes an action of it"
        )

    def action_park(self) -> None:
        """F4: park a point about the highlighted question."""
        self._on_highlighted(
            self.park, f"{key_of(self.app, 'dashboard.park')} parks a point about it"
        )

    def _on_highlighted(self, then: Capture | None, what: str) -> None:
        qid = self._highlighted_question()
        if then is None or qid is None:
            self.notify(f"Highlight a question in a list first: {what}.")
            return
        then(qid, self.rebuild)

    def action_page(self, direction: int) -> None:
        box = self.query_one("#dashboard", VerticalScroll)
        if direction > 0:
            box.scroll_page_down(animate=False)
        else:
            box.scroll_page_up(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
