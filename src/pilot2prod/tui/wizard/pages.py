"""The wizard's pages: one per step, built when first needed and, while the app is idle, for
the steps next to the one on screen, a field at a time."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, Self

from textual import on
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from pilot2prod.bank import Bank, Question, Step
from pilot2prod.plan import Plan, currency, is_visible
from pilot2prod.tui.compat import is_closing
from pilot2prod.tui.compat.layout import OneLayoutScreen
from pilot2prod.tui.compat.warm import warm
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields import QuestionField, make_field, rows_needed
from pilot2prod.tui.wizard.step_page import NextStep, StepPage

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession
    from pilot2prod.tui.wizard.editing import AnswerEditor


def field_as_planned(bank: Bank, plan: Plan, question: Question) -> QuestionField:
    """The field of *question* as *plan* stands: its answer or draft, the plan's currency, and
    what the workshop record says of it (how sure the answer is, a checklist item's grade),
    all there as it is built, so a page built and drawn ahead needs nothing added as it shows."""
    sure, graded = "", None
    if plan.sureness:  # (the workshop record, loaded only for a plan that has marks)
        from pilot2prod import record

        sure = record.sureness_line(plan, question.id)
        graded = record.grade(plan, question.id)
    return make_field(
        question,
        plan.get(question),
        draft=plan.draft(question),
        currency=currency(bank, plan),
        sureness=sure,
        graded=graded,
    )


class StepPages(ContentSwitcher):
    """Every page built so far, the one on screen shown. Pages are built by a step change or
    by the idle builder, never both at once (that would make two copies of a field)."""

    NEAR: ClassVar[tuple[int, ...]] = (1, -1)
    """Which pages the idle builder builds besides the one on screen (:meth:`build_more`) and
    then tells whether they scroll (:meth:`_expect_scrollbars`): the next step's, then the
    step before's, as offsets from the step on screen."""

    def __init__(self, bank: Bank, session: PlanSession, editor: AnswerEditor, *, id: str) -> None:
        super().__init__(id=id)
        self.bank = bank
        self.session = session
        self.editor = editor
        self.steps = list(bank.steps)
        self.read_only = session.read_only
        self.building = asyncio.Lock()
        self._changing = 0  # (step changes building their page now)

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        """A new layout of the pages repaints nothing itself: what it moves or resizes is
        repainted by the layout. (Textual also repaints the whole of a container whose size
        changed, or that a child was mounted in, a frame later: after a step change to a page
        seen before, with an introduction of another height, the whole page was written twice,
        the second time unchanged. Nothing of the pages' own shows: the page on screen covers
        them. A border or padding given to the pages themselves would need this repaint.)"""
        if layout and not regions:
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def watch_current(self, old: str | None, new: str | None) -> None:
        """(ContentSwitcher's, on every step change.) A page shown for the first time, told
        it scrolls by a page on screen of another size than the page leaving now (the
        terminal resized, a notice taking rows), is unsure. Restyles held while the page was
        hidden (:mod:`pilot2prod.tui.compat.layout`) are done as it shows, before focus and
        scrolling read its styles."""
        coming = next((p for p in self.children if p.id == new), None) if new else None
        going = next((p for p in self.children if p.id == old), None) if old else None
        if isinstance(coming, StepPage) and isinstance(going, StepPage):
            coming.unsure(going.container_size)
        super().watch_current(old, new)
        if isinstance(self.screen, OneLayoutScreen):  # (what was held, now shown: its style
            self.screen.restyle_held(shown_only=True)  # before anything reads it)

    def make_field(self, question: Question) -> QuestionField:
        """The field of *question*, as the plan stands now."""
        return field_as_planned(self.bank, self.session.plan, question)

    def shows(self, question: Question) -> bool:
        """Whether *question* is shown as the plan stands (a condition may hide it)."""
        return is_visible(self.bank, self.session.plan, question)

    @on(QuestionField.Changed)
    def _answer_changed(self, event: QuestionField.Changed) -> None:
        """An answer changed: the editor takes it; other questions may show or hide, and
        amounts are read again in a new currency. The message goes on to the screen only when
        what the screen shows beyond the field may have moved (``Change.standing``)."""
        change = self.editor.change(event.field.question, event.value, event.draft)
        if change is None or not (change.standing or change.visibility or change.currency):
            event.stop()  # (nothing the screen shows beyond the field has moved)
        if change is None:
            return
        if change.visibility:
            self.show_visible()
        if change.currency:
            code = currency(self.bank, self.session.plan)
            for field in self.query(QuestionField):
                field.set_currency(code)

    # --- The question being answered ---------------------------------------------------------

    answering: QuestionField | None = None
    """The question being answered: the field the focus was last in (None: the focus is
    outside the questions, on the step list or the end of the page)."""
    answered_last: QuestionField | None = None
    """The question the focus was last in, kept while the focus is outside the questions."""

    def focus_moved(self, widget: Widget) -> QuestionField | None:
        """The focus went to *widget* (anywhere on the screen): mark the question it is in as
        the one being answered; return that question's field."""
        field = next((a for a in widget.ancestors_with_self if isinstance(a, QuestionField)), None)
        if field is not self.answering:
            if self.answering is not None:
                self.answering.mark_current(False)
                self.answering.revealed = False
            self.answering = field
        if field is not None:
            field.mark_current(True)
            self.answered_last = field
        # Keep the focused widget in view (a question just jumped to is already shown from
        # its prompt down): now, in the frame that shows the focus, and again once laid out
        # (a new step's help may be taller than the last one's).
        if field is None or not field.revealed:
            self._keep_in_view(widget)
            self.call_after_refresh(self._keep_in_view, widget)
        return field

    def _keep_in_view(self, widget: Widget) -> None:
        """Scroll the page just enough to show *widget*, if it is focused and not in view.

        The page is laid out with the scroll: Textual draws a scroll alone that comes right
        after a layout as the whole screen again, and a scroll laid out as the page only."""
        if widget.has_focus and widget.is_attached and not self.screen.can_view_entire(widget):
            widget.scroll_visible(animate=False, immediate=True)
            self.refresh(repaint=False, layout=True)

    def focus_question(self, question_id: str | None) -> QuestionField | None:
        """Focus *question_id* on the page on screen (shown from its prompt down), or its
        first shown question; return the field focused."""
        fields = [f for f in self.current_fields() if f.display]
        target = next((f for f in fields if f.question.id == question_id), None)
        target = target or (fields[0] if fields else None)
        if target is not None:
            focused = target.focus_first()
            if question_id:
                target.reveal()
            # Marked now, in the frame that shows the page: Textual's focus event comes a
            # frame later (and marks it again, changing nothing).
            if focused is not None:
                self.focus_moved(focused)
        return target

    def current_question(self) -> str | None:
        """The id of the question being answered, if any."""
        field = self.answering
        return field.question.id if field is not None and field.is_attached else None

    def focus_last(self) -> None:
        """Focus the question the focus was last in, if it is on the page on screen, or else
        the page's first shown question."""
        field = self.answered_last
        self.focus_question(field.question.id if field is not None and field.is_attached else None)

    async def rebuild(self, question_ids: set[str]) -> None:
        """Rebuild the fields of built pages whose answers changed under them."""
        for qid in sorted(question_ids):
            try:
                old = self.query_one(f"#q-{qid}", QuestionField)
            except NoMatches:
                continue  # its page is not built yet: it will be built from the plan
            page = old.parent
            if not isinstance(page, Widget) or not page.is_attached or is_closing(page):
                continue
            had_focus = old.has_focus_within
            position = page.children.index(old)
            await old.remove()
            new = self.make_field(old.question)
            new.disabled = self.read_only
            later = page.children[position] if position < len(page.children) else None
            await page.mount(new, before=later)
            if isinstance(page, StepPage):
                page.unsure()
            if had_focus:
                new.focus_first()

    @property
    def page_on_screen(self) -> StepPage | None:
        page = self.visible_content
        return page if isinstance(page, StepPage) else None

    def ready_for_keys(self) -> bool:
        """Whether the page on screen has all its questions, and no step change is putting its
        page together. The first page of a session shows those that fit and gets the rest a
        moment later; a Tab typed before then at its last question would find nowhere to go,
        and the keys after it would land in that question. A step change waiting for its page
        (a mount, the idle builder holding the pages) may leave no message queued anywhere
        while its handler still runs: what waits for the app to settle waits for the page."""
        if self._changing:
            return False
        page = self.page_on_screen
        return page is None or page.ended or not page.is_attached

    def current_fields(self) -> list[QuestionField]:
        """The fields of the step on screen (other visited steps stay mounted, hidden)."""
        page = self.page_on_screen
        return page.fields if page is not None else []

    def show_visible(self) -> None:
        page = self.page_on_screen
        if page is not None:
            page.show_visible(self.shows)

    def _make(self, questions: Iterable[Question]) -> list[QuestionField]:
        fields = []
        for question in questions:
            field = self.make_field(question)
            field.display = self.shows(question)
            fields.append(field)
        return fields

    async def page(self, step: Step) -> StepPage:
        """The step's page, created empty (and hidden) when it does not exist yet."""
        page_id = f"page-{step.id}"
        for child in self.children:
            if child.id == page_id and isinstance(child, StepPage):
                return child
        page = StepPage(step, id=page_id)
        page.disabled = self.read_only
        page.display = False
        await self.mount(page)
        return page

    async def build(self, step: Step, at_most: int | None = None) -> StepPage:
        """A step's page with its fields; later visits only switch. A page the idle builder
        has started is completed here (up to *at_most* fields in all, when given: the idle
        builder adds the rest)."""
        self._changing += 1
        try:
            async with self.building:
                page = await self.page(step)
                missing = page.missing()
                if at_most is not None:
                    missing = missing[: max(0, at_most - len(page.fields))]
                await self._add(page, missing)
                return page
        finally:
            self._changing -= 1

    async def _add(self, page: StepPage, questions: list[Question]) -> None:
        """Build *questions*' fields on *page*, and its end with the last of them."""
        if not page.is_attached:
            return  # the wizard is closing: its pages are being taken down
        last = len(questions) == len(page.missing())
        end = next_button(self.steps, page.step) if last and not page.ended else None
        if questions or end is not None:
            await page.add(self._make(questions), end)

    async def build_more(self, index: int, more: Callable[[], bool] = lambda: False) -> bool:
        """Build a little more of the pages near step *index* (on screen); False when all are
        built. The page on screen is completed in one go, the others a field at a time, and
        another while *more* says so (time is left and no key waits), so a key never waits
        for more than one field."""
        async with self.building:  # (a step change may be building a page right now)
            if not self.is_attached:
                return False  # the wizard is closing
            for near in (index, *(index + offset for offset in self.NEAR)):
                if not 0 <= near < len(self.steps):
                    continue
                page = await self.page(self.steps[near])
                if not page.is_attached:
                    return False  # the wizard is closing
                missing = page.missing()
                if missing and near == index:
                    await self._add(page, missing)
                    # A question jumped to was brought to the top of a page too short to
                    # scroll that far: now that the page is whole, bring it there again.
                    for field in page.fields:
                        if field.revealed:  # (only the question being answered can be)
                            field.reveal()
                    return True
                for question in missing:
                    await self._add(page, [question])
                    if not (page.is_attached and more()):
                        break
                if missing:
                    return True
                if not page.ended:  # (a step with no questions)
                    await self._add(page, [])
                    return True
            return self._expect_scrollbars(index) or self._warm_near(index)

    def _expect_scrollbars(self, index: int) -> bool:
        """Tell one built page next to step *index* (on screen), never shown yet, whether it
        surely scrolls (:meth:`StepPage.expect_scrollbar`); False when none is left."""
        on_screen = self.page_on_screen
        if on_screen is None:
            return False
        for near in (index + offset for offset in self.NEAR):
            if 0 <= near < len(self.steps):
                page = self.get_child_by_id(f"page-{self.steps[near].id}", StepPage)
                if page.ended and page.expect_scrollbar(on_screen.container_size):
                    return True
        return False

    def _warm_near(self, index: int) -> bool:
        """Lay out and draw one built page next to step *index* (on screen) that was never
        shown (:func:`warm`), so that its first showing takes its layout and rows from there;
        False when none is left. Pages are as wide as each other; how tall the page will be
        is not known before its step shows (its introduction and help take other rows than
        this step's), so it is drawn as far down as the screen goes."""
        on_screen = self.page_on_screen
        if on_screen is None:
            return False
        size = Size(on_screen.outer_size.width, self.screen.size.height)
        for near in (index + offset for offset in self.NEAR):
            if 0 <= near < len(self.steps):
                page = self.get_child_by_id(f"page-{self.steps[near].id}", StepPage)
                if page.ended and not page.laid_out and page.warmed != size:
                    screen = self.screen
                    if isinstance(screen, OneLayoutScreen) and screen.restyle_held():
                        return True  # (restyled as it will show: laid out on the next turn,
                        # once what the restyle changes in its layout is known)
                    page.warmed = size
                    warm(screen, page, size)
                    return True
        return False


def next_button(steps: list[Step], step: Step) -> NextStep:
    """The button at the end of *step*'s page: on to the next step, or the review."""
    index = steps.index(step)
    if index + 1 < len(steps):
        label = f"Next step: {steps[index + 1].title} ›"
    else:
        label = "Last step done: review the plan ›"
    return NextStep(plain(label), id=f"next-{step.id}", classes="next-step", compact=True)


def pages_ready(screen: DOMNode) -> bool:
    """The wizard's ``ready_for_keys``: :meth:`StepPages.ready_for_keys` of its pages."""
    return screen.query_one(StepPages).ready_for_keys()


def freeze_garbage() -> None:
    """Move every object alive now out of the garbage collector's reach until unfrozen.

    A wizard keeps thousands of widgets alive for as long as it is open; a full collection
    walks all of them (100 ms or more, at random moments). Frozen, they are skipped.
    """
    gc.freeze()


def shown_instead(bank: Bank, plan: Plan, question: Question | None) -> Question | None:
    """*question*, or when a condition hides it, the question that shows it (the one to
    answer first), following conditions that hang on hidden questions."""
    for _ in range(10):
        if question is None or question.when is None or is_visible(bank, plan, question):
            break
        question = bank.question(question.when.question)
    return question


def fields_that_fit(step: Step, rows: int, focus_question: str | None = None) -> int:
    """How many of *step*'s questions *rows* rows can show (at least one, and at least as
    far as *focus_question*, the one to be answered)."""
    ids = [q.id for q in step.questions]
    if focus_question in ids:
        return max(fields_that_fit(step, rows), ids.index(focus_question) + 1)
    room = max(1, rows)
    count = used = 0
    for question in step.questions:
        if used >= room:
            break
        used += rows_needed(question)
        count += 1
    return max(1, count)
