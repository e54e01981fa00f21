"""One step's page: its fields, then its end; and whether it scrolls, known before it is first
shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Self

from textual.containers import VerticalScroll
from textual.events import Resize
from textual.geometry import Region, Size
from textual.widgets import Button

from pilot2prod.bank import Question, Step
from pilot2prod.tui.compat.layout import OneLayoutScreen
from pilot2prod.tui.keys import shown
from pilot2prod.tui.render import keep_focus_in_view
from pilot2prod.tui.widgets.fields import QuestionField, rows_needed


class NextStep(Button):
    """The end of a step's page: Tab after the last question stops here, and Enter goes on
    (as PgDn does). Typing here goes nowhere, and says so."""

    @property
    def stray_key_notice(self) -> str:
        return f"End of this step: {shown(self.app, 'wizard.next_step', 'PgDn')} or Enter goes on."


class StepPage(VerticalScroll, can_focus=False):
    """One step's fields, then its :class:`NextStep`. Never focused itself: Tab goes from
    field to field, and a focused field scrolls itself into view (the mouse wheel still
    scrolls the page).

    The end comes with the step's last field: a page the first screen of a session shows in
    part (the questions that fit) gets it with the rest of its fields, a moment later, so the
    first question does not wait for a button nobody sees yet.
    """

    _height = 0
    _expected: Size | None = None
    """The page size :meth:`expect_scrollbar` measured the page for, if it did."""
    _on_screen = False
    """Whether the last layout put the page on screen (it is told by Show and Hide)."""
    _scroll_held = False
    """Whether :meth:`hold_scrollbar` keeps the page's scrollbar while it is on screen."""
    warmed: Size | None = None
    """The page size it was last laid out and drawn for while hidden, if it was
    (:func:`pilot2prod.tui.compat.warm.warm`)."""

    def __init__(self, step: Step, *, id: str) -> None:
        super().__init__(id=id, classes="step-page")
        self.step = step

    def expect_scrollbar(self, size: Size) -> bool:
        """Before the page is shown for the first time, tell it that its questions will
        overflow it when they are taller than the whole screen, at the width of *size* (the
        size of the page on screen: pages are as wide as each other). False when there is
        nothing to do (laid out before, told already, or answered).

        Textual decides a scrollbar from the last layout: a page laid out for the first time
        was drawn without one, full width, then laid out and drawn again a frame later with
        it, a column narrower (a first visit to a step of a new plan was written twice, 4 KB
        of 9 at 80x24). Told while the app is idle, the page is drawn once, with its
        scrollbar. How tall the page will be is not known before its step is shown (its
        introduction, fix and help take more or fewer rows than this step's), so only
        questions taller than the screen, which overflow whatever the step, are told of:
        what Textual's first layout would then find. A shorter page is left to Textual.

        Only a page with no answers yet is told: a text answer is wrapped, and a table with
        rows fitted, to their width once laid out, and the example plan's pages, told, were
        laid out and drawn more often, not less (11 KB written for its second step, 17 KB for
        its third, against 9 and 11). What telling it sets is what Textual's own check sets
        (the reactive, and the scrollbar's display). When it may no longer hold
        (:meth:`unsure`), Textual decides again, as for any page."""
        if self._expected is not None or self.laid_out or not size or not self.unanswered:
            return False
        if isinstance(self.screen, OneLayoutScreen) and self.screen.restyle_held():
            return True  # (restyled now, as it will show: measured on the next turn)
        self._expected = size
        height = self.arrange(size).total_region.height
        if height > self.screen.size.height:
            self._show_scrollbar(True)
        return True

    def hold_scrollbar(self, screen_height: int) -> bool:
        """For the first page of a session, shown with the questions that fit and given the
        rest a moment later: when all its step's questions, by the rows each kind takes
        (:func:`rows_needed`), are taller than the whole screen, it has a scrollbar from its
        first layout, kept while it stays on screen (Textual decides again once it has left).
        Without it the page was laid out full width when the questions shown first did not
        overflow it, then again, a column narrower, as the rest came (4 KB of a new plan's
        first screen at 80x24). As for :meth:`expect_scrollbar`, only a page with no answers
        yet, never laid out, is told; a shorter one is left to Textual."""
        if self.ended or self.laid_out or not self.unanswered:
            return False
        if sum(rows_needed(question) for question in self.step.questions) <= screen_height:
            return False
        self._scroll_held = True
        self.styles.overflow_y = "scroll"
        self._show_scrollbar(True)  # (before the first layout, which arranges the page by it)
        return True

    def unsure(self, size: Size | None = None) -> None:
        """What :meth:`expect_scrollbar` told the page may no longer hold (a question shown or
        hidden since, or the page on screen, of *size*, is not the size it was measured for:
        a resized terminal, or a notice taking rows): as for any page never laid out,
        Textual decides at its first layout."""
        if self._expected is None or self.laid_out or size == self._expected:
            return
        self._show_scrollbar(False)

    @property
    def unanswered(self) -> bool:
        """Whether none of the page's questions had an answer or a draft when built."""
        return all(f.initial in (None, "", [], {}) and not f.draft for f in self.fields)

    @property
    def laid_out(self) -> bool:
        """Whether the page was ever laid out (its size reads zero whenever it is hidden; the
        size of what it holds is kept)."""
        return bool(self.virtual_size)

    def _show_scrollbar(self, show: bool) -> None:
        if self.show_vertical_scrollbar != show:
            self.show_vertical_scrollbar = show
            self.vertical_scrollbar.display = show

    @property
    def fields(self) -> list[QuestionField]:
        return list(self.query_children(QuestionField))

    def missing(self) -> list[Question]:
        """The step's questions whose fields are not built yet, in order."""
        have = {child.id for child in self.children}
        return [q for q in self.step.questions if f"q-{q.id}" not in have]

    @property
    def ended(self) -> bool:
        """Whether the page has its end (it has every field then)."""
        return any(isinstance(child, NextStep) for child in self.children)

    async def add(self, fields: Iterable[QuestionField], end: NextStep | None = None) -> None:
        """Mount *fields* after those built, and the page's *end* after them when they are
        the last, in one go (one repaint)."""
        await self.mount_all([*fields, end] if end is not None else fields)

    def show_visible(self, visible: Callable[[Question], bool]) -> None:
        """Show the fields whose questions are visible as the plan stands, hide the others."""
        for field in self.fields:
            shown = visible(field.question)
            if field.display != shown:
                field.display = shown
                self.unsure()

    def on_show(self) -> None:
        self._on_screen = True

    def on_hide(self) -> None:
        self._on_screen = False
        if self._scroll_held:  # (Textual decides when it is shown again)
            self._scroll_held = False
            self.styles.overflow_y = "auto"

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        """A page hidden since the last layout asks for no layout: the fields built into it
        while the app is idle laid the whole screen out for nothing, each time (nothing of a
        hidden page is arranged). Showing it asks for a layout, which arranges all it holds;
        a page hidden now that was on screen still asks, to be taken off."""
        if layout and not self.display and not self._on_screen:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_resize(self, event: Resize) -> None:
        """Shorter (a notice took rows, the window shrank): the question being answered is
        kept in view. Taller (the window grew back): it shows whole again, where the smaller
        page could show only its box."""
        shorter = 0 < event.size.height < self._height
        taller = 0 < self._height < event.size.height
        self._height = event.size.height
        if not (shorter or taller):
            return
        focused = self.screen.focused
        field = next(
            (a for a in (focused.ancestors if focused else []) if isinstance(a, QuestionField)),
            None,
        )
        if field is not None and field.parent is self:
            field.keep_in_view()
        elif shorter:
            keep_focus_in_view(self)
